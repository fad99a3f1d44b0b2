"""Saving: the one commit path, and the version checks that guard it.

Every service that writes ends with ``commit()``, so that a lost race always
becomes a domain error (StaleVersion or Conflict) with the session rolled back,
never a database exception that reaches the user as a 500.

Each committed write is logged here, once, whatever face asked for it: one
line per revision (every change to a code, a translation or a note records
one) and per account or language created, changed or deleted, naming who,
what and which record, such as "user ada updated translation 404/de". Login
sessions, tokens and login counts are logged where logins happen instead.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from flask import g, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from statusapp.extensions import db
from statusapp.models import Language, Revision, User
from statusapp.services.errors import Conflict, StaleVersion

# expected_version for a save that must create: nothing may exist yet.
NEW = 0
STALE = _l("someone else saved a change first; reload and retry")
RACED = _l("someone else created this at the same moment")


@contextmanager
def one_transaction(conflict: str = RACED) -> Iterator[None]:
    """Run writes whose flushes may lose a race; roll back whatever goes wrong.

    A flush inside the block, whether explicit or an autoflush before a
    query, can find that another request saved first: that becomes
    StaleVersion (an update lost) or Conflict (the same record created).
    """
    try:
        yield
    except StaleDataError as exc:
        db.session.rollback()
        raise StaleVersion(STALE) from exc
    except IntegrityError as exc:
        # Two saves raced to create the same record; the other one won.
        db.session.rollback()
        raise Conflict(conflict) from exc
    except BaseException:
        db.session.rollback()
        raise


def commit(conflict: str = RACED) -> None:
    """Commit the session; turn a lost race into StaleVersion or Conflict."""
    with one_transaction(conflict):
        db.session.commit()


log = logging.getLogger(__name__)
# Where a session keeps what its flushes wrote until it commits or rolls back.
WRITTEN = "statusapp.written"
PAST = {"create": "created", "update": "updated", "delete": "deleted"}
# Columns a log names by what they mean; their values are never logged.
SHOWN_COLUMNS = {"password_hash": "password"}


def actor() -> str:
    """Name who is writing: the request's signed-in user, else where from."""
    if not has_request_context():
        return "command line"
    # What the request already loaded; a log line never costs a query.
    user = g.get("api_user") or g.get("_login_user")
    if user is not None and user.is_authenticated:
        return f"user {user.username}"
    return "anonymous"


def _name(record) -> str:
    if isinstance(record, User):
        return f"user {record.username}"
    return f"language {record.tag}"


def _changed_columns(record) -> str:
    state = sa.inspect(record)
    names = [
        SHOWN_COLUMNS.get(attr.key, attr.key)
        for attr in state.mapper.column_attrs
        if state.attrs[attr.key].history.has_changes()
    ]
    return ", ".join(sorted(names))


def _written(session) -> list[tuple[str, str, str]]:
    """Return (who, did, what) for each change a flush is about to write."""
    who = actor()
    found = []
    for record in session.new:
        if isinstance(record, Revision):
            author = f"user {record.author.username}" if record.author else who
            found.append(
                (author, PAST[record.action], f"{record.entity} {record.entity_key}")
            )
        elif isinstance(record, User | Language):
            found.append((who, "created", _name(record)))
    for record in session.dirty:
        if isinstance(record, User | Language) and session.is_modified(record):
            found.append(
                (who, "updated", f"{_name(record)} ({_changed_columns(record)})")
            )
    for record in session.deleted:
        if isinstance(record, User | Language):
            found.append((who, "deleted", _name(record)))
    return found


@sa.event.listens_for(db.session, "after_flush")
def _note_writes(session, flush_context) -> None:
    if log.isEnabledFor(logging.INFO):
        session.info.setdefault(WRITTEN, []).extend(_written(session))


@sa.event.listens_for(db.session, "after_commit")
def _log_writes(session) -> None:
    for who, did, what in session.info.pop(WRITTEN, ()):
        log.info(
            "%s %s %s",
            who,
            did,
            what,
            extra={"event": "write", "actor": who, "action": did, "record": what},
        )


@sa.event.listens_for(db.session, "after_rollback")
def _forget_writes(session) -> None:
    session.info.pop(WRITTEN, None)


def discard() -> None:
    """Forget the session's unsaved changes: nothing needed saving."""
    db.session.rollback()


def stale(message: str = STALE):
    """Raise StaleVersion with the session rolled back and expired.

    Callers can then read the record again and see what was saved meanwhile,
    which is what a conflict page shows.
    """
    db.session.rollback()
    raise StaleVersion(message)


def version_matches(record, expected: int | None) -> bool:
    """Whether ``record`` is at version ``expected``; None matches any version."""
    return expected is None or record.version == expected


def check_version(record, expected: int | None) -> None:
    """Raise StaleVersion unless ``record`` is at version ``expected`` (None: any)."""
    if not version_matches(record, expected):
        stale()
