"""Changing the catalogue: codes, translations and notes, each change a revision.

Every function here is one transaction: it validates, writes, records the
revision and commits, or raises a domain error and leaves nothing behind.
"""

import re

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from statusapp.extensions import db
from statusapp.models import (
    CODE_RANGE,
    REGISTRY_STATUSES,
    Note,
    Revision,
    StatusCode,
    Translation,
    User,
)
from statusapp.services import history
from statusapp.services.catalogue import is_language_tag
from statusapp.services.errors import (
    Conflict,
    InvalidValue,
    NotFound,
    PermissionDenied,
    StaleVersion,
)

MAX_TEXT = 20_000
# Longest value each text field takes.
LIMITS = {
    "reason_phrase": 100,
    "alias": 100,
    "reference": 200,
    "reference_url": 500,
    "title": 200,
    "description": MAX_TEXT,
    "body": MAX_TEXT,
}
# Text with a character that str.strip() keeps. The class is spelled out,
# not \s, so that Python and the JSON Schema regex dialect agree on it.
WHITE_SPACE = (
    r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a"
    r"\u2028\u2029\u202f\u205f\u3000"
)
# PostgreSQL text cannot hold NUL, so no text field may contain one.
NOT_BLANK = rf"^[{WHITE_SPACE}]*[^{WHITE_SPACE}\x00][^\x00]*$"
NO_NUL = r"^[^\x00]*$"
URL_PATTERN = re.compile(
    rf"^https?://[A-Za-z0-9.-]+(:[0-9]{{1,5}})?([/?#][^{WHITE_SPACE}\x00]*)?$"
)


# Who may do what -----------------------------------------------------------


def require_editor(user: User | None) -> User:
    if user is None or not user.is_active:
        raise PermissionDenied("log in as an editor to change the catalogue")
    return user


def require_admin(user: User | None) -> User:
    require_editor(user)
    if not user.is_admin:
        raise PermissionDenied("only admins may do this")
    return user


def can_change_note(user: User | None, note: Note) -> bool:
    return bool(
        user and user.is_active and (user.is_admin or note.author_id == user.id)
    )


# Rules for each field ------------------------------------------------------


def _text(errors, name, value, *, limit, required=True):
    if value is None:
        if required:
            errors[name] = [_("This field is required.")]
        return None
    if not isinstance(value, str):
        errors[name] = [_("Must be text.")]
        return None
    value = value.strip()
    if "\x00" in value:
        errors[name] = [_("Must not contain NUL characters.")]
    elif required and not value:
        errors[name] = [_("Must not be empty.")]
    elif len(value) > limit:
        errors[name] = [_("Must be at most %(limit)s characters.", limit=limit)]
    return value or None


def clean_code_fields(data: dict, *, partial: bool) -> dict:
    """Validate code fields; raise InvalidValue listing every bad field."""
    errors: dict[str, list[str]] = {}
    clean = {}
    if "code" in data or not partial:
        code = data.get("code")
        if (
            not isinstance(code, int)
            or isinstance(code, bool)
            or code not in CODE_RANGE
        ):
            errors["code"] = [_("A status code is a whole number from 100 to 599.")]
        clean["code"] = code
    if "reason_phrase" in data or not partial:
        clean["reason_phrase"] = _text(
            errors,
            "reason_phrase",
            data.get("reason_phrase"),
            limit=LIMITS["reason_phrase"],
        )
    if "aliases" in data or not partial:
        aliases = data.get("aliases") or []
        if not isinstance(aliases, list) or not all(
            isinstance(a, str) and a.strip() and len(a) <= LIMITS["alias"]
            for a in aliases
        ):
            errors["aliases"] = [
                _(
                    "Must be a list of phrases of 1 to %(limit)s characters.",
                    limit=LIMITS["alias"],
                )
            ]
        else:
            clean["aliases"] = list(dict.fromkeys(a.strip() for a in aliases))
    for name, limit in (("reference", 200), ("reference_url", 500)):
        if name in data:
            clean[name] = _text(errors, name, data[name], limit=limit, required=False)
    url = clean.get("reference_url")
    if url and "reference_url" not in errors and not URL_PATTERN.match(url):
        errors["reference_url"] = [_("Must be an http or https URL.")]
    if "registry_status" in data or not partial:
        status = data.get("registry_status", "unregistered" if not partial else None)
        if status not in REGISTRY_STATUSES:
            errors["registry_status"] = [
                _("Must be one of %(values)s.", values=", ".join(REGISTRY_STATUSES))
            ]
        clean["registry_status"] = status
    if errors:
        raise InvalidValue(errors)
    return clean


def clean_lang(value, *, field: str = "lang", required: bool = True) -> str | None:
    if value in (None, "") and not required:
        return None
    if not is_language_tag(value):
        raise InvalidValue(
            field, _("%(tag)r is not a BCP 47 language tag like zh-CN.", tag=value)
        )
    return value


# expected_version for a save that must create: nothing may exist yet.
NEW = 0


def commit():
    try:
        db.session.commit()
    except StaleDataError as exc:
        db.session.rollback()
        raise StaleVersion(
            "someone else saved a change first; reload and retry"
        ) from exc
    except IntegrityError as exc:
        # Two saves raced to create the same record; the other one won.
        db.session.rollback()
        raise Conflict("someone else created this at the same moment") from exc
    except BaseException:
        db.session.rollback()
        raise


def _stale(message: str = "someone else saved a change first; reload and retry"):
    """Raise StaleVersion with the session rolled back and expired.

    Callers can then read the record again and see what was saved meanwhile,
    which is what a conflict page shows.
    """
    db.session.rollback()
    raise StaleVersion(message)


def check_version(record, expected: int | None):
    if expected is not None and record.version != expected:
        _stale()


# Codes ----------------------------------------------------------------------


def get_code_record(code: int) -> StatusCode:
    record = db.session.get(StatusCode, code)
    if record is None:
        raise NotFound(f"{code} is not a status code in this catalogue")
    return record


def create_code(data: dict, user: User | None) -> StatusCode:
    """Add a status code (admins only); 409 when the code exists."""
    require_admin(user)
    clean = clean_code_fields(data, partial=False)
    if db.session.get(StatusCode, clean["code"]) is not None:
        raise Conflict(f"{clean['code']} is already in the catalogue")
    record = StatusCode(**clean)
    db.session.add(record)
    history.record_change("code", record, None, history.values("code", record), user)
    commit()
    return record


def update_code(
    code: int, data: dict, user: User | None, expected_version: int | None = None
) -> StatusCode:
    """Change a code's editable fields (editors)."""
    require_editor(user)
    record = get_code_record(code)
    check_version(record, expected_version)
    clean = clean_code_fields(data, partial=True)
    clean.pop("code", None)
    before = history.values("code", record)
    for name, value in clean.items():
        setattr(record, name, value)
    if history.record_change(
        "code", record, before, history.values("code", record), user
    ):
        commit()
    else:
        db.session.rollback()
    return record


def delete_code(code: int, user: User | None, expected_version: int | None = None):
    """Delete a code with its translations and notes (admins only)."""
    require_admin(user)
    record = get_code_record(code)
    check_version(record, expected_version)
    for translation in record.translations:
        history.record_deletion("translation", translation, user)
    for note in record.notes:
        history.record_deletion("note", note, user)
    history.record_deletion("code", record, user)
    db.session.delete(record)
    commit()


# Notes ------------------------------------------------------------------------


def clean_note_fields(data: dict, *, partial: bool) -> dict:
    errors: dict[str, list[str]] = {}
    clean = {}
    if "body" in data or not partial:
        clean["body"] = _text(errors, "body", data.get("body"), limit=LIMITS["body"])
    if "lang" in data:
        try:
            clean["lang"] = clean_lang(data["lang"], required=False)
        except InvalidValue as exc:
            errors.update(exc.errors)
    if errors:
        raise InvalidValue(errors)
    return clean


def get_note(note_id: int) -> Note:
    note = db.session.get(Note, note_id)
    if note is None:
        raise NotFound(f"there is no note {note_id}")
    return note


def add_note(code: int, data: dict, user: User | None) -> Note:
    """Add a Markdown note to a code (editors)."""
    require_editor(user)
    record = get_code_record(code)
    clean = clean_note_fields(data, partial=False)
    note = Note(code=record.code, author=user, **clean)
    db.session.add(note)
    db.session.flush()  # the revision names the note by its new id
    history.record_change("note", note, None, history.values("note", note), user)
    commit()
    return note


def check_note_owner(note: Note, user: User | None):
    require_editor(user)
    if not can_change_note(user, note):
        raise PermissionDenied("only the note's author or an admin may change it")


def update_note(
    note_id: int, data: dict, user: User | None, expected_version: int | None = None
) -> Note:
    """Change a note's text or language (its author or an admin)."""
    note = get_note(note_id)
    check_note_owner(note, user)
    check_version(note, expected_version)
    clean = clean_note_fields(data, partial=True)
    before = history.values("note", note)
    for name, value in clean.items():
        setattr(note, name, value)
    if history.record_change("note", note, before, history.values("note", note), user):
        commit()
    else:
        db.session.rollback()
    return note


def delete_note(note_id: int, user: User | None, expected_version: int | None = None):
    """Delete a note (its author or an admin)."""
    note = get_note(note_id)
    check_note_owner(note, user)
    check_version(note, expected_version)
    history.record_deletion("note", note, user)
    db.session.delete(note)
    commit()


# Reverting ----------------------------------------------------------------------


def revert(revision_id: int, user: User | None) -> Revision:
    """Restore the values a revision replaced, as a new revision (editors)."""
    from statusapp.services import translations

    require_editor(user)
    revision = history.get_revision(revision_id)
    record = history.find_record(revision)
    current, restored = history.revert_plan(revision, record)
    entity = revision.entity
    source_changed = False
    if revision.action == "delete":
        if entity == "code":
            require_admin(user)
        record = _recreate(revision, restored)
        if entity == "translation":
            source_changed = translations.text_written(record, user, None)
            restored = history.values(entity, record)
        if entity == "note":
            db.session.flush()
        new = history.record_change(entity, record, None, restored, user, revision)
    elif revision.action == "create":
        if entity == "code":
            require_admin(user)
        elif entity == "note":
            check_note_owner(record, user)
        new = history.record_change(entity, record, current, None, user, revision)
        db.session.delete(record)
    else:
        if entity == "note":
            check_note_owner(record, user)
        for name, value in restored.items():
            setattr(record, name, value)
        if entity == "translation" and restored.keys() & {"title", "description"}:
            source_changed = translations.text_written(
                record, user, current["description"]
            )
        after = history.values(entity, record)
        new = history.record_change(entity, record, current, after, user, revision)
    if new is None:
        _stale("the record already holds the values this revision replaced")
    if source_changed:
        translations.outdate_others(record, user)
    commit()
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
