"""Reverting: undoing one revision, recorded as a new revision.

A revert writes through the same rules as the change it undoes: a restored
source text outdates the other languages again, and the permissions are the
ones statusapp.services.permissions gives for the kind of change.
"""

from statusapp.extensions import db
from statusapp.models import Note, Revision, StatusCode, Translation, User
from statusapp.services import history, translations
from statusapp.services.codes import get_code_record
from statusapp.services.permissions import require_editor, require_reverter
from statusapp.services.saving import commit, one_transaction, stale

RESTORED_MEANWHILE = "someone else restored this record at the same moment"


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
    current, restored = history.revert_plan(revision, record)
    entity = revision.entity
    note_author = record.author_id if entity == "note" and record else None
    require_reverter(user, revision, note_author)
    source_changed = False
    if revision.action == "delete":
        record = _recreate(revision, restored)
        if entity == "translation":
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
        if entity == "translation" and restored.keys() & {"title", "description"}:
            source_changed = translations.start_draft(
                record, user, current["description"]
            )
        after = history.snapshot(entity, record)
        new = history.record_change(entity, record, current, after, user, revision)
    if new is None:
        stale("the record already holds the values this revision replaced")
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
