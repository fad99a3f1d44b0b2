"""Revisions: recording every change, and reading a code's history.

Reverting a revision, which writes through the other subjects, is
statusapp.services.reverting; this module only plans what a revert restores.
"""

import copy
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import aliased, selectinload

from statusapp.extensions import db
from statusapp.models import Note, Revision, StatusCode, TextProposal, Translation, User
from statusapp.services.errors import NotFound, StaleVersion, UnknownCode

# The fields a revision records for each kind of record.
FIELDS = {
    "code": (
        "reason_phrase",
        "aliases",
        "reference",
        "reference_url",
        "registry_status",
        "header_rules",
        "usages",
    ),
    "translation": ("title", "description", "status", "dispute_reason"),
    "note": ("body", "lang"),
    "proposal": ("title", "description"),
}


def snapshot(entity: str, record) -> dict:
    """Return the fields a revision records of ``record``, as plain values."""
    result = {name: getattr(record, name) for name in FIELDS[entity]}
    # Copies, so that a later change to the record cannot reach the snapshot.
    if "aliases" in result:
        result["aliases"] = list(result["aliases"])
    for name in ("header_rules", "usages"):
        if name in result:
            result[name] = copy.deepcopy(result[name])
    return result


def entity_key(entity: str, record) -> str:
    """Return how a revision names ``record``: 404, 404/en or a note's id."""
    if entity == "code":
        return str(record.code)
    if entity in ("translation", "proposal"):
        return f"{record.code}/{record.lang}"
    return str(record.id)


def record_change(
    entity: str,
    record,
    before: dict | None,
    after: dict | None,
    author: User | None,
    reverts: Revision | None = None,
) -> Revision | None:
    """Add a revision for a change to ``record``; return None if nothing changed."""
    if before is not None and after is not None:
        action = "update"
        changes = {
            name: {"before": before[name], "after": after[name]}
            for name in after
            if before[name] != after[name]
        }
        if not changes:
            return None
    elif after is not None:
        action = "create"
        changes = {name: {"after": value} for name, value in after.items()}
    else:
        action = "delete"
        changes = {name: {"before": value} for name, value in before.items()}
    revision = Revision(
        code=record.code,
        entity=entity,
        entity_key=entity_key(entity, record),
        action=action,
        changes=changes,
        author=author,
        reverts_id=reverts.id if reverts else None,
    )
    db.session.add(revision)
    return revision


def record_deletion(entity: str, record, author: User | None) -> Revision | None:
    """Add a revision for deleting ``record``, keeping all its values."""
    return record_change(entity, record, snapshot(entity, record), None, author)


@dataclass
class RevisionPage:
    """One page of a code's history, with the size of the whole history."""

    items: list[Revision]
    total: int
    page: int
    per_page: int


def code_history(
    code: int, *, page: int = 1, per_page: int | None = None
) -> RevisionPage:
    """Return one page of the revisions of a code, its texts and notes, newest first.

    Without ``per_page`` the page holds the whole history. A page past the
    end is empty; NotFound is for a code that neither exists nor ever did.
    """
    of_code = Revision.code == code
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(Revision).where(of_code)
    )
    if not total and db.session.get(StatusCode, code) is None:
        raise UnknownCode(code)
    query = (
        sa.select(Revision)
        .where(of_code)
        .order_by(Revision.id.desc())
        .options(selectinload(Revision.author))
    )
    if per_page is not None:
        query = query.limit(per_page).offset((page - 1) * per_page)
    items = list(db.session.scalars(query))
    return RevisionPage(items, total, page, per_page or total)


def newer_revisions(code: int, revision_ids: list[int]) -> dict[int, int]:
    """Return how many revisions of ``code`` are newer than each of ``revision_ids``.

    A page of the history uses it to find the page that holds a revision.
    """
    if not revision_ids:
        return {}
    newer = aliased(Revision)
    count = (
        sa.select(sa.func.count())
        .where(newer.code == code, newer.id > Revision.id)
        .scalar_subquery()
    )
    rows = db.session.execute(
        sa.select(Revision.id, count).where(
            Revision.code == code, Revision.id.in_(revision_ids)
        )
    )
    return {revision_id: n for revision_id, n in rows}


def latest_revision(entity: str, record_key: str) -> Revision | None:
    """Return the newest revision of one record (``entity_key`` names it)."""
    return db.session.scalar(
        sa.select(Revision)
        .where(Revision.entity == entity, Revision.entity_key == record_key)
        .order_by(Revision.id.desc())
        .limit(1)
        .options(selectinload(Revision.author))
    )


def note_author_id(note_id: int) -> int | None:
    """Return who wrote a note, from the revision that created it."""
    return db.session.scalar(
        sa.select(Revision.author_id).where(
            Revision.entity == "note",
            Revision.entity_key == str(note_id),
            Revision.action == "create",
        )
    )


def get_revision(revision_id: int) -> Revision:
    """Return one revision, or raise NotFound."""
    revision = db.session.get(Revision, revision_id)
    if revision is None:
        raise NotFound(_l("there is no revision %(id)s", id=revision_id))
    return revision


def find_record(revision: Revision):
    """Return the record a revision is about, or None if it does not exist now."""
    if revision.entity == "code":
        return db.session.get(StatusCode, revision.code)
    if revision.entity in ("translation", "proposal"):
        lang = revision.entity_key.split("/", 1)[1]
        model = Translation if revision.entity == "translation" else TextProposal
        return db.session.get(model, (revision.code, lang))
    return db.session.get(Note, int(revision.entity_key))


def revert_plan(revision: Revision, record) -> tuple[dict | None, dict | None]:
    """Return the (expected current, restored) values that undo ``revision``.

    Raises StaleVersion when the record no longer holds what the revision
    left, so that the revert would undo someone else's later change.
    """
    changes = revision.changes
    left = {n: c["after"] for n, c in changes.items() if "after" in c}
    restored = {n: c["before"] for n, c in changes.items() if "before" in c}
    if revision.action == "delete":
        if record is not None:
            raise StaleVersion(_l("the record was created again since this revision"))
        return None, restored
    if record is None:
        raise StaleVersion(_l("the record was deleted since this revision"))
    current = snapshot(revision.entity, record)
    if any(current[name] != value for name, value in left.items()):
        raise StaleVersion(
            _l(
                "the record changed since this revision; reverting it would "
                "undo a later change"
            )
        )
    return current, (restored if revision.action == "update" else None)
