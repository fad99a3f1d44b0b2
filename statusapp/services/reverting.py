"""Reverting: undoing one revision, recorded as a new revision.

A revert writes through the same rules as the change it undoes: a restored
source text outdates the other languages again, and the permissions are the
ones statusapp.services.permissions gives for the kind of change.

Whether a revert would succeed is one rule, ``check_revert``: the revert
itself raises what it raises, and the pages that offer a revert ask
``revert_refusals`` or ``preview``, which answer from the same rule.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from statusapp.extensions import db
from statusapp.models import Note, Revision, StatusCode, Translation, User
from statusapp.services import history, translations
from statusapp.services.codes import find_code, get_code_record
from statusapp.services.errors import Conflict, DomainError, UnknownCode
from statusapp.services.permissions import require_editor, require_reverter
from statusapp.services.saving import commit, one_transaction, stale

RESTORED_MEANWHILE = _l("someone else restored this record at the same moment")
# The kinds of record a revert knows how to restore; a revision of any other
# kind is history only.
REVERTIBLE = ("code", "translation", "note")
# A text's own words; restoring them is writing the text anew.
TEXT_FIELDS = {"title", "description"}


def check_revert(
    revision: Revision, user: User | None, record, *, code_exists: bool = True
) -> tuple[dict | None, dict | None]:
    """Return the (current, restored) values that undo ``revision``, or raise why
    ``user`` may not revert it now.

    ``record`` is the record the revision is about as it stands now (None if
    it does not exist); ``code_exists`` says whether its code does. Raises
    PermissionDenied (not an editor, or not allowed this kind of change),
    StaleVersion (a later change stands in the way), UnknownCode (a text or
    note whose code was deleted since: the code has to come back first) or
    Conflict (a kind of record that is not reverted).
    """
    require_editor(user)
    if revision.entity not in REVERTIBLE:
        raise Conflict(
            _l(
                "a change to a %(entity)s is not reverted here",
                entity=revision.entity,
            )
        )
    current, restored = history.revert_plan(revision, record)
    note_author = record.author_id if revision.entity == "note" and record else None
    require_reverter(user, revision, note_author)
    if revision.action == "delete" and revision.entity != "code" and not code_exists:
        raise UnknownCode(revision.code)
    return current, restored


def _refusal(
    revision: Revision, user: User | None, record, *, code_exists: bool = True
) -> DomainError | None:
    """Return the error check_revert raises for ``revision``, or None if it passes."""
    try:
        check_revert(revision, user, record, code_exists=code_exists)
    except DomainError as exc:
        return exc
    return None


def revert_refusals(
    code: int, revisions: list[Revision], user: User | None
) -> dict[int, DomainError | None]:
    """Return why ``user`` could not revert each of ``code``'s ``revisions`` now,
    by revision id; None where the revert would succeed.

    The records of the code are read at once, so the number of queries does
    not grow with the revisions; readers cost none.
    """
    try:
        require_editor(user)
    except DomainError as exc:
        return dict.fromkeys((r.id for r in revisions), exc)
    record = find_code(code)
    records = {("code", str(code)): record}
    for text in db.session.scalars(
        sa.select(Translation).where(Translation.code == code)
    ):
        records["translation", history.entity_key("translation", text)] = text
    for note in db.session.scalars(sa.select(Note).where(Note.code == code)):
        records["note", history.entity_key("note", note)] = note
    return {
        r.id: _refusal(
            r,
            user,
            records.get((r.entity, r.entity_key)),
            code_exists=record is not None,
        )
        for r in revisions
    }


@dataclass
class RevertPreview:
    """What reverting a revision would do, or why it cannot be done now.

    ``current`` holds the record's recorded fields now and ``after`` those it
    would hold once reverted (None where there is no record, before or after).
    """

    revision: Revision
    current: dict | None
    after: dict | None
    refusal: DomainError | None


def preview(revision_id: int, user: User | None) -> RevertPreview:
    """Return what reverting a revision would change; NotFound if there is none."""
    revision = history.get_revision(revision_id)
    record = history.find_record(revision)
    exists = find_code(revision.code) is not None
    try:
        current, restored = check_revert(revision, user, record, code_exists=exists)
    except DomainError as exc:
        return RevertPreview(revision, None, None, exc)
    if revision.action == "create":
        return RevertPreview(revision, current, None, None)
    after = {**(current or {}), **restored}
    if _makes_draft(revision, restored):
        # Written as the revert writes it, on a copy the session never holds.
        lang = revision.entity_key.split("/", 1)[1]
        copy = Translation(code=revision.code, lang=lang, **after)
        translations.start_draft(copy, user, None)
        after = history.snapshot("translation", copy)
    return RevertPreview(revision, current, after, None)


def _makes_draft(revision: Revision, restored: dict) -> bool:
    """Whether the revert writes a text, which makes it a draft by the reverter."""
    if revision.entity != "translation" or revision.action == "create":
        return False
    return revision.action == "delete" or bool(restored.keys() & TEXT_FIELDS)


def revert(revision_id: int, user: User | None) -> Revision:
    """Restore the values a revision replaced, as a new revision (editors)."""
    # Restoring a deleted record inserts it again, and the insert may be
    # flushed early by a query; a second revert racing this one loses there.
    with one_transaction(RESTORED_MEANWHILE):
        return _revert(revision_id, user)


def _revert(revision_id: int, user: User | None) -> Revision:
    require_editor(user)
    revision = history.get_revision(revision_id)
    if revision.entity == "translation":
        translations.lock_texts([revision.code])
    record = history.find_record(revision)
    exists = find_code(revision.code) is not None
    current, restored = check_revert(revision, user, record, code_exists=exists)
    entity = revision.entity
    source_changed = False
    if revision.action == "delete":
        record = _recreate(revision, restored)
        if _makes_draft(revision, restored):
            source_changed = translations.start_draft(record, user, None)
            restored = history.snapshot(entity, record)
        if entity == "note":
            db.session.flush()
        new = history.record_change(entity, record, None, restored, user, revision)
    elif revision.action == "create":
        new = history.record_change(entity, record, current, None, user, revision)
        db.session.delete(record)
    else:
        for name, value in restored.items():
            setattr(record, name, value)
        if _makes_draft(revision, restored):
            source_changed = translations.start_draft(
                record, user, current["description"]
            )
        after = history.snapshot(entity, record)
        new = history.record_change(entity, record, current, after, user, revision)
    if new is None:
        stale(_l("the record already holds the values this revision replaced"))
    if source_changed:
        translations.outdate_others(record, user)
    commit(RESTORED_MEANWHILE)
    return new


def _recreate(revision: Revision, restored: dict):
    if revision.entity == "code":
        record = StatusCode(code=revision.code, **restored)
    elif revision.entity == "translation":
        get_code_record(revision.code)
        lang = revision.entity_key.split("/", 1)[1]
        record = Translation(code=revision.code, lang=lang, **restored)
    else:
        get_code_record(revision.code)
        record = Note(
            id=int(revision.entity_key),
            code=revision.code,
            author_id=history.note_author_id(int(revision.entity_key)),
            **restored,
        )
    db.session.add(record)
    return record
