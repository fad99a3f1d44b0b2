"""Stored rows against the rules: text no reader can take, values no write allows.

The services refuse bad text on every write, and the models hand readers a
stand-in for text that cannot be encoded (statusapp.models.base). A row
written around both (by hand, by another program, by an older version) is
found here: each value is read as it is stored, past that stand-in, checked
for bytes that are not UTF-8 and JSON that is not a document of the right
shape, then held to the write rules of its subject (the clean_*_fields of
codes, translations, notes and languages; the text rule of statusapp.services.fields
for the fields no subject writes). One query per table.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from statusapp.extensions import db
from statusapp.models import (
    ClassName,
    Language,
    Note,
    Revision,
    StatusCode,
    Translation,
    User,
)
from statusapp.models.accounts import USERNAME
from statusapp.services.codes import ITEM_PARTS, clean_code_fields
from statusapp.services.errors import InvalidValue
from statusapp.services.fields import LIMITS, clean_text, is_storable_text
from statusapp.services.language_tags import check_language_tag
from statusapp.services.languages import clean_language_fields
from statusapp.services.notes import clean_note_fields
from statusapp.services.translations import clean_translation_fields

# What a revision records of each field.
CHANGE_KEYS = frozenset({"before", "after"})

Problems = dict[str, str]


@dataclass(frozen=True)
class Finding:
    """One stored value a reader or a write rule would refuse.

    ``key`` names the row within ``table`` (418, 404/en, a note's id) and is
    safe to print, as is ``problem``.
    """

    table: str
    key: str
    column: str
    problem: str


@dataclass(frozen=True)
class IntegrityReport:
    """Every finding, in table then key order, and how much was read."""

    findings: list[Finding]
    rows_read: int
    tables_read: int

    @property
    def clean(self) -> bool:
        """Whether no stored value breaks a rule."""
        return not self.findings

    @property
    def rows_affected(self) -> int:
        """How many rows have at least one finding."""
        return len({(f.table, f.key) for f in self.findings})


def shown(value: str) -> str:
    """Return ``value`` safe to print: each unprintable character as an escape."""
    if value.isprintable():
        return value
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in value)


def _stored(column: sa.Column, sqlite: bool):
    # Read past the column's type, which would hand back U+FFFD instead. SQLite
    # gives a BLOB's bytes as stored; PostgreSQL's text is always UTF-8 and
    # its json type keeps the document as it was written.
    return sa.cast(column, sa.LargeBinary if sqlite else sa.Text).label(column.key)


def _decoded(raw) -> tuple[object, str | None]:
    """Return a stored value as text, and what is wrong with its bytes if any."""
    if not isinstance(raw, bytes):
        return raw, None
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        problem = f"Not valid UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start}."
        return raw.decode("utf-8", "replace"), problem


def _json(text) -> tuple[object, str | None]:
    """Return a stored JSON document's value, or what keeps it from being read."""
    if text is None:
        return None, None
    try:
        return json.loads(text), None
    except (ValueError, RecursionError):
        return None, "Not a JSON document."


def _refused(clean: Callable, data: dict, **options) -> Problems:
    """Return the first message of each field the write rule ``clean`` refuses."""
    try:
        clean(data, **options)
    except InvalidValue as exc:
        return {field: messages[0] for field, messages in exc.errors.items()}
    return {}


def _text(
    name: str, value, *, limit: int, required: bool, rule: str | None = None
) -> Problems:
    """Hold a field no subject checks as a whole to the text rule of ``rule``
    (by default, of its own name: one line unless it is a multi-line field)."""
    errors: dict[str, list[str]] = {}
    rule = rule or name
    clean_text(errors, rule, value, limit=limit, required=required)
    return {name: errors[rule][0]} if errors else {}


def _tag(name: str, value) -> Problems:
    try:
        check_language_tag(value, name)
    except InvalidValue as exc:
        return {name: exc.errors[name][0]}
    return {}


def _length_of(model, name: str) -> int:
    return model.__table__.c[name].type.length


# Each table's check: its values by column in, the first problem of each
# column out. Write rules first, then what a reader needs beyond them.


def _language(values: dict) -> Problems:
    return _refused(clean_language_fields, values, partial=False)


def _class_name(values: dict) -> Problems:
    return _tag("lang", values["lang"]) | _text(
        "name", values["name"], limit=_length_of(ClassName, "name"), required=True
    )


def _aliases(stored) -> str | None:
    """Return what is wrong with stored aliases: the document, the list, an alias."""
    aliases, problem = _json(stored)
    if problem:
        return problem
    if not isinstance(aliases, list):
        return "Not a JSON list."
    refused = _refused(clean_code_fields, {"aliases": aliases}, partial=True)
    if not refused:
        return None
    # The rule speaks of the list; name the alias at fault, and why.
    for number, alias in enumerate(aliases, 1):
        if detail := _text("alias", alias, limit=LIMITS["alias"], required=True):
            return f"Alias {number}: {detail['alias']}"
    return refused["aliases"]


def _items(name: str, stored) -> str | None:
    """Return what is wrong with a stored list of header rules or usages."""
    items, problem = _json(stored)
    if problem:
        return problem
    if not isinstance(items, list):
        return "Not a JSON list."
    return _refused(clean_code_fields, {name: items}, partial=True).get(name)


def _status_code(values: dict) -> Problems:
    problems = _refused(
        clean_code_fields,
        {
            name: values[name]
            for name in ("reason_phrase", "reference", "reference_url")
        },
        partial=True,
    )
    if problem := _aliases(values["aliases"]):
        problems["aliases"] = problem
    for name in ITEM_PARTS:
        if problem := _items(name, values[name]):
            problems[name] = problem
    for name in ("extension", "source_heading"):
        problems |= _text(
            name, values[name], limit=_length_of(StatusCode, name), required=False
        )
    return problems


def _translation(values: dict) -> Problems:
    return (
        _tag("lang", values["lang"])
        | _refused(clean_translation_fields, values)
        | _text(
            "source_description",
            values["source_description"],
            limit=LIMITS["description"],
            required=False,
            rule="description",
        )
    )


def _note(values: dict) -> Problems:
    return _refused(clean_note_fields, values, partial=True)


def _strings(value):
    """Yield every string in a JSON value, keys included, however deep."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())


def _revision(values: dict) -> Problems:
    problems = _text(
        "entity_key",
        values["entity_key"],
        limit=_length_of(Revision, "entity_key"),
        required=True,
    )
    changes, problem = _json(values["changes"])
    if problem is None and not (
        isinstance(changes, dict)
        and all(
            isinstance(change, dict) and change.keys() <= CHANGE_KEYS
            for change in changes.values()
        )
    ):
        problem = 'Not a JSON object of fields, each {"before": ..., "after": ...}.'
    if problem is None and not all(map(is_storable_text, _strings(changes))):
        problem = "Holds text with a NUL character or a lone surrogate."
    if problem:
        problems["changes"] = problem
    return problems


def _user(values: dict) -> Problems:
    username = values["username"]
    if isinstance(username, str) and USERNAME.fullmatch(username):
        return {}
    return {
        "username": "Not a username: 2 to 40 letters, digits, '.', '_' or '-', "
        "starting with a letter or digit."
    }


@dataclass(frozen=True)
class _Table:
    model: type
    key: tuple[str, ...]
    # The columns read as stored text; JSON documents among them.
    text: tuple[str, ...]
    check: Callable[[dict], Problems]


TABLES = (
    _Table(Language, ("tag",), ("tag", "name", "native_name"), _language),
    _Table(ClassName, ("number", "lang"), ("lang", "name"), _class_name),
    _Table(
        StatusCode,
        ("code",),
        (
            "reason_phrase",
            "aliases",
            "reference",
            "reference_url",
            "header_rules",
            "usages",
            "extension",
            "source_heading",
        ),
        _status_code,
    ),
    _Table(
        Translation,
        ("code", "lang"),
        ("lang", "title", "description", "source_description"),
        _translation,
    ),
    _Table(Note, ("id",), ("lang", "body"), _note),
    _Table(Revision, ("id",), ("entity_key", "changes"), _revision),
    _Table(User, ("id",), ("username",), _user),
)


def _key(raw) -> str:
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "backslashreplace")
    return shown(str(raw))


def _findings(table: _Table, row) -> list[Finding]:
    values, problems = {}, {}
    for name in table.text:
        values[name], problem = _decoded(row[name])
        if problem:
            problems[name] = problem
    for name, problem in table.check(values).items():
        problems.setdefault(name, problem)
    if not problems:
        return []
    key = "/".join(_key(row[name]) for name in table.key)
    return [
        Finding(table.model.__tablename__, key, column, problems[column])
        for column in table.text
        if column in problems
    ]


def check_stored_rows() -> IntegrityReport:
    """Return every stored value a reader or a write rule would refuse."""
    sqlite = db.session.get_bind().dialect.name == "sqlite"
    findings: list[Finding] = []
    rows = 0
    for table in TABLES:
        columns = table.model.__table__.c
        statement = sa.select(
            *(columns[name] for name in table.key if name not in table.text),
            *(_stored(columns[name], sqlite) for name in table.text),
        ).order_by(*(columns[name] for name in table.key))
        for row in db.session.execute(statement).mappings():
            rows += 1
            findings.extend(_findings(table, row))
    return IntegrityReport(findings, rows, len(TABLES))
