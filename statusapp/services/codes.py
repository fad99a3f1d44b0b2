"""Status codes: adding, changing and deleting them, each change a revision.

Every function that writes is one transaction: it validates, writes, records
the revision and commits, or raises a domain error and leaves nothing behind.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from statusapp.extensions import db
from statusapp.models import CODE_RANGE, REGISTRY_STATUSES, StatusCode, User
from statusapp.services import history
from statusapp.services.errors import Conflict, InvalidValue, UnknownCode
from statusapp.services.fields import LIMITS, clean_text, is_http_url
from statusapp.services.permissions import require_admin, require_editor
from statusapp.services.saving import check_version, commit, discard


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
        clean["reason_phrase"] = clean_text(
            errors,
            "reason_phrase",
            data.get("reason_phrase"),
            limit=LIMITS["reason_phrase"],
        )
    if "aliases" in data or not partial:
        aliases = data.get("aliases") or []
        # Each alias follows the rule of every text field; a bad one is
        # reported for the list, which is the field the user sees.
        alias_errors: dict[str, list[str]] = {}
        phrases = [
            clean_text(alias_errors, "alias", alias, limit=LIMITS["alias"])
            for alias in (aliases if isinstance(aliases, list) else [None])
        ]
        if alias_errors:
            errors["aliases"] = [
                _(
                    "Must be a list of phrases of 1 to %(limit)s characters.",
                    limit=LIMITS["alias"],
                )
            ]
        else:
            clean["aliases"] = list(dict.fromkeys(phrases))
    for name in ("reference", "reference_url"):
        if name in data:
            clean[name] = clean_text(
                errors, name, data[name], limit=LIMITS[name], required=False
            )
    url = clean.get("reference_url")
    if url and "reference_url" not in errors and not is_http_url(url):
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


def find_code(code: int) -> StatusCode | None:
    """Return the record of ``code``, or None if the catalogue lacks it."""
    return db.session.get(StatusCode, code)


def get_code_record(code: int) -> StatusCode:
    """Return the record of ``code``, or raise NotFound."""
    record = find_code(code)
    if record is None:
        raise UnknownCode(code)
    return record


def create_code(data: dict, user: User | None) -> StatusCode:
    """Add a status code (admins only); Conflict when the code exists."""
    require_admin(user)
    clean = clean_code_fields(data, partial=False)
    if find_code(clean["code"]) is not None:
        raise Conflict(_l("%(code)s is already in the catalogue", code=clean["code"]))
    record = StatusCode(**clean)
    db.session.add(record)
    history.record_change("code", record, None, history.snapshot("code", record), user)
    commit(f"{clean['code']} was added at the same moment by someone else")
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
    before = history.snapshot("code", record)
    for name, value in clean.items():
        setattr(record, name, value)
    after = history.snapshot("code", record)
    if history.record_change("code", record, before, after, user):
        commit()
    else:
        discard()
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
