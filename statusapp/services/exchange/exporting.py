"""Exporting: one entry per status code, with the source text and the language's."""

from dataclasses import dataclass

import sqlalchemy as sa

from statusapp.extensions import db
from statusapp.models import StatusCode, Translation
from statusapp.services.errors import InvalidValue
from statusapp.services.exchange import csv_format, po_format
from statusapp.services.exchange.entries import ExportEntry
from statusapp.services.exchange.formats import FORMATS, MEDIA_TYPES
from statusapp.services.languages import get_language, source_language


@dataclass
class ExportFile:
    """An export as it is downloaded: its file name, media type and bytes."""

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
