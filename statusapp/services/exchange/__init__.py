"""Exchange files: one language's texts out as CSV or PO for offline work, and in.

An export has one entry per status code, translated or not: the code, its
reason phrase, the source-language text and its version, and the language's
title, description and version at export. An import reads and checks the
whole file before it touches the database, and refuses it whole, naming the
line or entry at fault, when anything is wrong. It then compares each entry
with the database: ``new`` (no text yet), ``changed`` (the text differs and
the database still holds the version exported), ``conflicts`` (the database
text changed since the export, and differs from the file's) or unchanged.
Applying writes the new and changed texts in one transaction, each a draft
against the current source text with a revision by the importing user, and
leaves conflicts as they are.
"""

import hashlib
import json
from dataclasses import dataclass, field

import sqlalchemy as sa

from statusapp.extensions import db
from statusapp.models import StatusCode, Translation, User
from statusapp.services.errors import InvalidValue, StaleVersion
from statusapp.services.exchange import csv_format, po_format
from statusapp.services.exchange.entries import (
    ExportEntry,
    ImportEntry,
    ParsedFile,
    decode,
)
from statusapp.services.languages import get_language, source_language
from statusapp.services.permissions import require_editor
from statusapp.services.saving import commit, discard
from statusapp.services.translations import write_translation

FORMATS = ("csv", "po")
MEDIA_TYPES = {"csv": "text/csv", "po": "text/x-gettext-translation"}
# Media types and file name endings that name a format.
FORMAT_OF_MEDIA_TYPE = {
    "text/csv": "csv",
    "application/csv": "csv",
    "text/x-gettext-translation": "po",
    "text/x-po": "po",
    "text/x-gettext": "po",
    "application/x-po": "po",
    "application/x-gettext": "po",
}
FORMAT_OF_SUFFIX = {".csv": "csv", ".po": "po"}


def detect_format(filename: str | None = None, media_type: str | None = None):
    """Return the format a file name or media type names, or None."""
    name = (filename or "").lower()
    for suffix, fmt in FORMAT_OF_SUFFIX.items():
        if name.endswith(suffix):
            return fmt
    return FORMAT_OF_MEDIA_TYPE.get((media_type or "").lower())


def sniff_format(data: bytes) -> str | None:
    """Guess the format from the file's first line, when nothing else says."""
    for line in data.removeprefix(b"\xef\xbb\xbf")[:4096].splitlines():
        line = line.strip()
        if not line or line.startswith(b"#"):
            continue  # PO files open with comments
        if line.startswith((b"msgid", b"msgctxt")):
            return "po"
        if line.lower().startswith(b"code,") or b",code," in line.lower():
            return "csv"
        return None
    return None


# Export --------------------------------------------------------------------------


@dataclass
class ExportFile:
    filename: str
    media_type: str
    content: bytes


def export_entries(tag: str) -> list[ExportEntry]:
    """Return one entry per status code with its texts in ``tag``."""
    language = get_language(tag)
    source = source_language()
    texts = {
        (t.code, t.lang): t
        for t in db.session.scalars(
            sa.select(Translation).where(Translation.lang.in_({language.tag, source}))
        )
    }
    entries = []
    for code, phrase in db.session.execute(
        sa.select(StatusCode.code, StatusCode.reason_phrase).order_by(StatusCode.code)
    ):
        text = texts.get((code, language.tag))
        original = texts.get((code, source))
        entries.append(
            ExportEntry(
                code=code,
                reason_phrase=phrase,
                source_version=original.version if original else None,
                source_text=original.description if original else None,
                version=text.version if text else 0,
                status=text.status if text else "missing",
                title=text.title if text else None,
                description=text.description if text else None,
            )
        )
    return entries


def export_language(tag: str, fmt: str) -> ExportFile:
    """Return one language's texts as an exchange file in ``fmt`` (csv or po)."""
    language = get_language(tag)
    entries = export_entries(language.tag)
    if fmt == "csv":
        content = csv_format.write(entries)
    elif fmt == "po":
        content = po_format.write(language, entries)
    else:
        raise InvalidValue("format", f"Must be one of {', '.join(FORMATS)}.")
    return ExportFile(f"statusapp-{language.tag}.{fmt}", MEDIA_TYPES[fmt], content)


# Import --------------------------------------------------------------------------


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
    gives that preview, nothing is written and StaleVersion is raised.
    """
    if user is not None or not from_command_line:
        require_editor(user)
    language = get_language(tag)
    parsed = read_file(data, fmt, language.tag)
    texts = _texts(language.tag)
    report = compare(language.tag, parsed, texts, data)
    if expected is not None and expected != report.fingerprint:
        discard()
        raise StaleVersion(
            "the catalogue changed since the preview; check the new preview"
        )
    if dry_run:
        report.dry_run = True
        return report
    writes = report.new + report.changed
    # Load the source texts the new drafts are pinned to in one query.
    db.session.scalars(
        sa.select(Translation).where(
            Translation.lang == source_language(),
            Translation.code.in_([item.code for item in writes]),
        )
    ).all()
    for item in writes:
        clean = {"title": item.title, "description": item.description}
        write_translation(item.code, language.tag, texts.get(item.code), clean, user)
    commit()
    report.applied = len(writes)
    return report
