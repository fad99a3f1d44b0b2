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

Exports are cached per worker until what they show changes (cache.py), and
building one or importing a file takes one of the worker's few turns for
heavy work, or raises Busy when none comes soon (capacity.py).
"""

from statusapp.services.errors import Busy
from statusapp.services.exchange.exporting import (
    ExportFile,
    export_entries,
    export_language,
)
from statusapp.services.exchange.formats import (
    FORMAT_OF_MEDIA_TYPE,
    FORMATS,
    MEDIA_TYPES,
    detect_format,
    sniff_format,
)
from statusapp.services.exchange.importing import (
    ImportItem,
    ImportReport,
    compare,
    import_file,
    read_file,
)

__all__ = [
    "Busy",
    "FORMATS",
    "FORMAT_OF_MEDIA_TYPE",
    "MEDIA_TYPES",
    "ExportFile",
    "ImportItem",
    "ImportReport",
    "compare",
    "detect_format",
    "export_entries",
    "export_language",
    "import_file",
    "read_file",
    "sniff_format",
]
