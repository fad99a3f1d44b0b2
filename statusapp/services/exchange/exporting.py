"""Exporting: one entry per status code, with the source text and the language's.

A built export is kept in the worker's cache (see cache.py) under its language,
its format and its generation: a marker that moves whenever anything the
export shows changes. A repeated export then costs the language's lookup and
the generation's query. A changed language is built again once, by one
request, in one of the worker's turns for heavy work (see capacity.py); the
requests for the same export meanwhile wait for that build.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from statusapp.extensions import db
from statusapp.models import Language, Revision, StatusCode, Translation
from statusapp.services.errors import InvalidValue
from statusapp.services.exchange import csv_format, po_format
from statusapp.services.exchange.cache import export_cache
from statusapp.services.exchange.capacity import heavy_work, turn_of
from statusapp.services.exchange.entries import ExportEntry
from statusapp.services.exchange.formats import FORMATS, MEDIA_TYPES
from statusapp.services.languages import get_language, source_language


@dataclass
class ExportFile:
    """An export as it is downloaded: its file name, media type and bytes."""

    filename: str
    media_type: str
    content: bytes
    # A strong validator: the same bytes, and only they, have this tag.
    etag: str = field(init=False)

    def __post_init__(self):
        self.etag = hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class Generation:
    """What an export of one language was built from, as cheap figures.

    Every write through the services records a revision, so the newest
    revision's id moves with each of them. ``flask seed`` writes rows without
    a revision, and a language's name changes without one; the rows' count
    and newest ``updated_at`` catch the first (a row seeded, even again after
    --reset, is new), the language's version the second.
    """

    language: str
    language_version: int
    source: str
    revision: int | None
    texts: int
    texts_changed: datetime | None
    codes: int
    codes_changed: datetime | None


def generation(language: Language, source: str) -> Generation:
    """Return the generation of what ``language``'s export shows, in one query."""
    in_export = Translation.lang.in_(sorted({language.tag, source}))

    def scalar(*columns, where=None):
        query = sa.select(*columns)
        return (query if where is None else query.where(where)).scalar_subquery()

    row = db.session.execute(
        sa.select(
            scalar(sa.func.max(Revision.id)),
            scalar(sa.func.count(Translation.code), where=in_export),
            scalar(sa.func.max(Translation.updated_at), where=in_export),
            scalar(sa.func.count(StatusCode.code)),
            scalar(sa.func.max(StatusCode.updated_at)),
        )
    ).one()
    return Generation(language.tag, language.version, source, *row)


def export_entries(tag: str) -> list[ExportEntry]:
    """Return one entry per status code with its texts in ``tag``."""
    return _entries(get_language(tag), source_language())


def _entries(language: Language, source: str) -> list[ExportEntry]:
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


def _build(language: Language, fmt: str, built: Generation) -> ExportFile:
    entries = _entries(language, built.source)
    if fmt == "csv":
        content = csv_format.write(entries)
    else:
        # The file's dates are those of what it shows, not of the build, so
        # that every worker builds the same bytes for the same generation.
        dates = (built.texts_changed, built.codes_changed, language.updated_at)
        content = po_format.write(language, entries, max(filter(None, dates)))
    return ExportFile(f"statusapp-{language.tag}.{fmt}", MEDIA_TYPES[fmt], content)


def export_language(tag: str, fmt: str) -> ExportFile:
    """Return one language's texts as an exchange file in ``fmt`` (csv or po).

    Raises Busy when the export must be built and the worker has no turn
    for it soon enough.
    """
    language = get_language(tag)
    if fmt not in FORMATS:
        raise InvalidValue("format", f"Must be one of {', '.join(FORMATS)}.")
    # Read before the texts are, so a build is never older than its key.
    current = generation(language, source_language())
    cache = export_cache()
    key = (language.tag, fmt)
    exported = cache.get(key, current)
    if exported is not None:
        return exported
    # One build of each export at a time: the requests that wait for it
    # take it from the cache, without a turn for heavy work of their own.
    with turn_of(cache.builder(key)):
        exported = cache.get(key, current)
        if exported is None:
            with heavy_work():
                exported = _build(language, fmt, current)
            cache.put(key, current, exported, len(exported.content))
    return exported
