"""Notes: editors' Markdown remarks on a code, each change a revision."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from statusapp.extensions import db
from statusapp.models import Note, User
from statusapp.services import history
from statusapp.services.codes import get_code_record
from statusapp.services.errors import InvalidValue, NotFound
from statusapp.services.fields import LIMITS, clean_text
from statusapp.services.language_tags import check_language_tag
from statusapp.services.permissions import require_editor, require_note_owner
from statusapp.services.saving import check_version, commit, discard


def clean_note_fields(data: dict, *, partial: bool) -> dict:
    """Validate a note's body and language; raise InvalidValue listing bad fields."""
    errors: dict[str, list[str]] = {}
    clean = {}
    if "body" in data or not partial:
        clean["body"] = clean_text(
            errors, "body", data.get("body"), limit=LIMITS["body"]
        )
    if "lang" in data:
        # A note may be in no particular language.
        lang = data["lang"]
        if lang in (None, ""):
            clean["lang"] = None
        else:
            try:
                clean["lang"] = check_language_tag(lang)
            except InvalidValue as exc:
                errors.update(exc.errors)
    if errors:
        raise InvalidValue(errors)
    return clean


def find_note(note_id: int) -> Note | None:
    """Return note ``note_id``, or None if there is none."""
    return db.session.get(Note, note_id)


def get_note(note_id: int) -> Note:
    """Return note ``note_id``, or raise NotFound."""
    note = find_note(note_id)
    if note is None:
        raise NotFound(_l("there is no note %(id)s", id=note_id))
    return note


def note_authors(code: int) -> dict[int, int | None]:
    """Return who wrote each of a code's notes, by note id."""
    return dict(
        db.session.execute(
            sa.select(Note.id, Note.author_id).where(Note.code == code)
        ).all()
    )


def add_note(code: int, data: dict, user: User | None) -> Note:
    """Add a Markdown note to a code (editors)."""
    require_editor(user)
    record = get_code_record(code)
    clean = clean_note_fields(data, partial=False)
    note = Note(code=record.code, author=user, **clean)
    db.session.add(note)
    db.session.flush()  # the revision names the note by its new id
    history.record_change("note", note, None, history.snapshot("note", note), user)
    commit()
    return note


def update_note(
    note_id: int, data: dict, user: User | None, expected_version: int | None = None
) -> Note:
    """Change a note's text or language (its author or an admin)."""
    note = get_note(note_id)
    require_note_owner(user, note)
    check_version(note, expected_version)
    clean = clean_note_fields(data, partial=True)
    before = history.snapshot("note", note)
    for name, value in clean.items():
        setattr(note, name, value)
    after = history.snapshot("note", note)
    if history.record_change("note", note, before, after, user):
        commit()
    else:
        discard()
    return note


def delete_note(note_id: int, user: User | None, expected_version: int | None = None):
    """Delete a note (its author or an admin)."""
    note = get_note(note_id)
    require_note_owner(user, note)
    check_version(note, expected_version)
    history.record_deletion("note", note, user)
    db.session.delete(note)
    commit()
