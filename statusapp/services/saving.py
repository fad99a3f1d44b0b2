"""Saving: the one commit path, and the version checks that guard it.

Every service that writes ends with ``commit()``, so that a lost race always
becomes a domain error (StaleVersion or Conflict) with the session rolled back,
never a database exception that reaches the user as a 500.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from statusapp.extensions import db
from statusapp.services.errors import Conflict, StaleVersion

# expected_version for a save that must create: nothing may exist yet.
NEW = 0
STALE = "someone else saved a change first; reload and retry"
RACED = "someone else created this at the same moment"


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
