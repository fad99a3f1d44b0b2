"""Importing: read a whole file, compare it with the database, write what is new."""

import hashlib
import json
from dataclasses import dataclass, field

import sqlalchemy as sa

from statusapp.extensions import db
from statusapp.models import StatusCode, Translation, User
from statusapp.services.errors import InvalidValue, StaleVersion
from statusapp.services.exchange import csv_format, po_format
from statusapp.services.exchange.capacity import heavy_work
from statusapp.services.exchange.entries import ImportEntry, ParsedFile, decode
from statusapp.services.exchange.formats import FORMATS
from statusapp.services.languages import get_language
from statusapp.services.permissions import require_editor
from statusapp.services.saving import commit, discard
from statusapp.services.translations import lock_texts, write_translation


@dataclass
class ImportItem:
    """An entry of the file next to the database's text of the same code."""

    code: int
    title: str | None
    description: str
    # The version the file's text was exported at (0: there was none).
    version: int
    database_title: str | None = None
    database_description: str | None = None
    # The database's version now; None when it has no text.
    database_version: int | None = None


@dataclass
class ImportReport:
    """What an import would do, or did."""

    lang: str
    new: list[ImportItem] = field(default_factory=list)
    changed: list[ImportItem] = field(default_factory=list)
    conflicts: list[ImportItem] = field(default_factory=list)
    unchanged: int = 0
    # Entries with an empty description, left out.
    untranslated: int = 0
    dry_run: bool = False
    # How many texts were written: 0 for a preview (a dry run).
    applied: int = 0
    # Identifies this file's preview against this state of the database.
    fingerprint: str = ""


def read_file(data: bytes, fmt: str, tag: str) -> ParsedFile:
    """Parse and check a whole exchange file; raise InvalidValue if any is wrong."""
    if fmt not in FORMATS:
        raise InvalidValue("format", f"Must be one of {', '.join(FORMATS)}.")
    text = decode(data)
    codes = set(db.session.scalars(sa.select(StatusCode.code)))
    if fmt == "csv":
        return csv_format.read(text, codes)
    return po_format.read(text, codes, tag)


def _same_text(entry: ImportEntry, text: Translation) -> bool:
    return (entry.title, entry.description) == (
        (text.title or "").strip() or None,
        text.description.strip(),
    )


def _texts(tag: str) -> dict[int, Translation]:
    return {
        t.code: t
        for t in db.session.scalars(
            sa.select(Translation).where(Translation.lang == tag)
        )
    }


def compare(
    tag: str, parsed: ParsedFile, texts: dict[int, Translation], data: bytes
) -> ImportReport:
    """Sort the file's entries into new, changed, conflicts and unchanged."""
    report = ImportReport(lang=tag, untranslated=parsed.untranslated)
    for entry in sorted(parsed.entries, key=lambda e: e.code):
        item = ImportItem(entry.code, entry.title, entry.description, entry.version)
        text = texts.get(entry.code)
        if text is None:
            report.new.append(item)
            continue
        item.database_title = text.title
        item.database_description = text.description
        item.database_version = text.version
        if _same_text(entry, text):
            report.unchanged += 1
        elif text.version == entry.version:
            report.changed.append(item)
        else:
            report.conflicts.append(item)
    plan = {
        kind: [[i.code, i.database_version] for i in getattr(report, kind)]
        for kind in ("new", "changed", "conflicts")
    }
    plan["file"] = hashlib.sha256(data).hexdigest()
    plan["lang"] = tag
    report.fingerprint = hashlib.sha256(
        json.dumps(plan, sort_keys=True).encode()
    ).hexdigest()
    return report


def import_file(
    tag: str,
    data: bytes,
    fmt: str,
    user: User | None,
    *,
    dry_run: bool = False,
    expected: str | None = None,
    from_command_line: bool = False,
) -> ImportReport:
    """Preview an exchange file's changes to ``tag``, and apply them unless a dry run.

    Editors only, except from the command line, where ``user`` may be None
    and the revisions then have no author. ``expected`` is the fingerprint of
    a preview the user confirmed: when the database or the file no longer
    gives that preview, nothing is written and StaleVersion is raised. Busy
    when the worker is doing as much heavy work as it may (see capacity.py).
    """
    if user is not None or not from_command_line:
        require_editor(user)
    language = get_language(tag)
    # Reading, comparing and writing a whole file is the heavy part.
    with heavy_work():
        return _import(language.tag, data, fmt, user, dry_run, expected)


def _import(
    tag: str,
    data: bytes,
    fmt: str,
    user: User | None,
    dry_run: bool,
    expected: str | None,
) -> ImportReport:
    parsed = read_file(data, fmt, tag)
    texts = _texts(tag)
    report = compare(tag, parsed, texts, data)
    if expected is not None and expected != report.fingerprint:
        discard()
        raise StaleVersion(
            "the catalogue changed since the preview; check the new preview"
        )
    if dry_run:
        report.dry_run = True
        return report
    writes = report.new + report.changed
    # The source texts the new drafts are pinned to, locked and read at once.
    lock_texts([item.code for item in writes])
    for item in writes:
        clean = {"title": item.title, "description": item.description}
        write_translation(item.code, tag, texts.get(item.code), clean, user)
    commit()
    report.applied = len(writes)
    return report
