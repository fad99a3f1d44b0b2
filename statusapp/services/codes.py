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
from statusapp.services.fields import (
    HEADER_NAME_PATTERN,
    LIMITS,
    clean_text,
    is_http_url,
)
from statusapp.services.permissions import require_admin, require_editor
from statusapp.services.saving import check_version, commit, discard

# A code's two lists of small records, each item's parts in the order the
# edit form writes them on a line: which header fields the specifications
# attach to the status, and what vendors mean by the number.
ITEM_PARTS = {
    "header_rules": ("header", "rule", "reference", "reference_url"),
    "usages": ("vendor", "phrase", "meaning", "source_url"),
}
# How strongly a specification asks for a header field, as in RFC 2119.
HEADER_RULES = ("must", "should", "may")
# The most items either list holds.
MAX_ITEMS = 20
# The longest value of each part: a rule is one of HEADER_RULES, the others
# are text fields of fields.LIMITS.
PART_LIMITS = {
    **{
        part: LIMITS[part]
        for parts in ITEM_PARTS.values()
        for part in parts
        if part != "rule"
    },
    "rule": max(map(len, HEADER_RULES)),
}
# One thing wrong in a list: its item (counted from 1; None for the whole
# list), the part of the item (None for the whole item) and the message.
ItemProblem = tuple[int | None, str | None, str]


def _clean_item(kind: str, item) -> tuple[dict, list[tuple[str | None, str]]]:
    parts = ITEM_PARTS[kind]
    if not isinstance(item, dict) or not set(item) <= set(parts):
        keys = ", ".join(parts)
        return {}, [(None, _("Must be an object with %(keys)s.", keys=keys))]
    errors: dict[str, list[str]] = {}
    clean = {
        part: clean_text(errors, part, item.get(part), limit=PART_LIMITS[part])
        for part in parts
    }
    header = clean.get("header")
    if "header" in clean and "header" not in errors:
        if not HEADER_NAME_PATTERN.fullmatch(header):
            errors["header"] = [
                _(
                    "Must be a header field name such as Retry-After, without"
                    " spaces or separators."
                )
            ]
    if "rule" in clean and "rule" not in errors and clean["rule"] not in HEADER_RULES:
        errors["rule"] = [
            _("Must be one of %(values)s.", values=", ".join(HEADER_RULES))
        ]
    for part in ("reference_url", "source_url"):
        if part in clean and part not in errors and not is_http_url(clean[part]):
            errors[part] = [_("Must be an http or https URL.")]
    problems = [(part, message) for part in parts for message in errors.get(part, [])]
    return clean, problems


def clean_items(kind: str, value) -> tuple[list[dict], list[ItemProblem]]:
    """Return the list ``kind`` ("header_rules" or "usages") cleaned, with what is
    wrong with it: each item's parts are text within their limits, a header is
    an HTTP field name listed once, a rule is must, should or may, and each
    URL is http or https; at most MAX_ITEMS items."""
    if value is None:
        return [], []
    if not isinstance(value, list):
        return [], [(None, None, _("Must be a list."))]
    if len(value) > MAX_ITEMS:
        message = _("Must hold at most %(limit)s items.", limit=MAX_ITEMS)
        return [], [(None, None, message)]
    items: list[dict] = []
    problems: list[ItemProblem] = []
    headers: set[str] = set()
    for number, item in enumerate(value, start=1):
        clean, found = _clean_item(kind, item)
        problems += [(number, part, message) for part, message in found]
        header = clean.get("header")
        if kind == "header_rules" and header and not found:
            if header.lower() in headers:
                message = _("%(header)s is listed already.", header=header)
                problems.append((number, "header", message))
            headers.add(header.lower())
        items.append(clean)
    return items, problems


def item_problem_text(problem: ItemProblem, where: str) -> str:
    """Return ``problem`` as one message, its item named by ``where`` (such as
    "Item 2" or "Line 3") and its part by name; a whole list's, as it is."""
    number, part, message = problem
    if number is None:
        return message
    if part is None:
        return _("%(where)s: %(problem)s", where=where, problem=message)
    return _(
        "%(where)s, %(part)s: %(problem)s", where=where, part=part, problem=message
    )


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
    for kind in ITEM_PARTS:
        if kind in data or not partial:
            items, problems = clean_items(kind, data.get(kind))
            if problems:
                errors[kind] = [
                    item_problem_text(p, _("Item %(number)s", number=p[0]))
                    for p in problems
                ]
            else:
                clean[kind] = items
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
