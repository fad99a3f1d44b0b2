"""Exchange files as gettext PO, for translation tools such as Poedit.

Each status code has two entries. ``msgctxt "404"`` holds the description:
its msgid is the source-language text (or, for a code without one, the
reason phrase, as a translator comment says), its msgstr the translation.
``msgctxt "404|title"`` holds the title, with the source title or the reason
phrase as msgid. The description entry carries extracted comments; an import
reads back only ``#. version: N``, the version the text was exported at (0,
or no such comment, when there was no text). Outdated texts are marked fuzzy.
The header names the language (``Language: ja``), which an import checks.
"""

import io
import re
from datetime import UTC, datetime
from importlib import metadata

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, PoFileParser, write_po

from statusapp.models import Language
from statusapp.services.exchange.entries import (
    ExportEntry,
    ParsedFile,
    Problems,
    add_entry,
    read_code,
    read_version,
    refuse,
)

TITLE = "|title"
VERSION_COMMENT = re.compile(r"version:\s*(.*)")
CONTEXT = re.compile(r"([0-9]{1,9})(\|title)?")
# A line that is not a comment: a keyword and a quoted string, or a string
# continuing the one above.
# The header's Language line. Babel would parse its value as a locale and
# fails on tags it has no data for (zh-yue-HK), so the header's language is
# written and read here, as the BCP 47 tag, and Babel never sees it.
LANGUAGE_LINE = re.compile(r'^"Language:[ \t]*([^"\\]*?)[ \t]*\\n"[ \t]*$', re.M)
SYNTAX = re.compile(
    r'(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[[0-9]+\])?)[ \t]+)?"(?:[^"\\]|\\.)*"'
)


def _project_version() -> str:
    try:
        return metadata.version("statusapp")
    except metadata.PackageNotFoundError:
        return "dev"


class _Catalog(Catalog):
    """A Babel catalog that notes repeated entries."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.repeated = []

    def __setitem__(self, id, message):
        if id and self.get(id, message.context) is not None:
            self.repeated.append(message)
        try:
            super().__setitem__(id, message)
        except (ValueError, TypeError, LookupError) as exc:
            # Babel reads the header as it is added, and trusts its values.
            refuse(f"line {message.lineno}: the PO header is malformed ({exc}).")


def write(
    language: Language, entries: list[ExportEntry], changed: datetime | None = None
) -> bytes:
    """Return the entries as a PO file for ``language``, in UTF-8.

    ``changed`` is when the texts last changed, the file's creation and
    revision date (now, if not given).
    """
    dated = changed or datetime.now(UTC)
    catalog = _Catalog(
        locale=None,
        project="statusapp",
        version=_project_version(),
        language_team=f"{language.name} ({language.tag})",
        creation_date=dated,
        revision_date=dated,
        fuzzy=False,
        charset="utf-8",
        header_comment=(
            f"# statusapp: the HTTP status codes in {language.name} "
            f"({language.tag}).\n"
            "# Translate each msgstr. Keep each msgctxt and each "
            '"version:" comment:\n'
            "# they tell the import which text you started from, so that it\n"
            "# does not overwrite a change made in the catalogue meanwhile."
        ),
    )
    # Babel's placeholders would read as an address to write to.
    catalog.msgid_bugs_address = catalog.last_translator = ""
    for entry in entries:
        name = f"{entry.code} {entry.reason_phrase}"
        source = "none" if entry.source_version is None else entry.source_version
        catalog.add(
            entry.reason_phrase,
            entry.title or "",
            auto_comments=[f"The title of {name}"],
            context=f"{entry.code}{TITLE}",
        )
        catalog.add(
            entry.source_text or entry.reason_phrase,
            entry.description or "",
            auto_comments=[
                name,
                f"version: {entry.version}",
                f"status: {entry.status}",
                f"source version: {source}",
            ],
            user_comments=[]
            if entry.source_text
            else ["No source text yet: the msgid is the reason phrase."],
            flags=["fuzzy"] if entry.status == "outdated" else [],
            context=str(entry.code),
        )
    out = io.BytesIO()
    # Unwrapped: Babel's wrapping splits a line at spaces and hyphens, and on
    # a long line without any, as Chinese text is, it takes seconds. Each
    # line of a text still stands on a line of its own.
    write_po(out, catalog, width=0, ignore_obsolete=True)
    # The Language line goes where gettext tools put it: before Language-Team.
    return out.getvalue().replace(
        b'"Language-Team:',
        f'"Language: {language.tag}\\n"\n"Language-Team:'.encode(),
        1,
    )


def _check_syntax(text: str) -> None:
    problems = Problems()
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        line = line.strip()
        if line and not line.startswith("#") and not SYNTAX.fullmatch(line):
            shown = line if len(line) <= 40 else line[:40] + "..."
            problems.add(
                f"line {number}: {shown!r} is not a PO keyword and quoted string."
            )
    problems.raise_any()


def _parse(text: str) -> tuple[_Catalog, str]:
    """Return the catalog and the language its header names ('' for none)."""
    _check_syntax(text)
    named = ""
    if found := LANGUAGE_LINE.search(text):
        named = found[1]
        # An empty string in its place keeps every line number as it was.
        text = text[: found.start()] + '""' + text[found.end() :]
    catalog = _Catalog()
    try:
        PoFileParser(catalog, ignore_obsolete=True, abort_invalid=True).parse(
            io.StringIO(text, newline="")
        )
    except PoFileError as exc:
        message = str(exc).rsplit(" on ", 1)[0]
        refuse(f"line {exc.lineno + 1}: this is not a valid PO file ({message}).")
    return catalog, named


def _check_header(catalog: Catalog, named: str, tag: str) -> None:
    # Tools that follow gettext write ll_CC; the catalogue's tags are ll-CC.
    named = named.replace("_", "-")
    if not named:
        refuse(f"the PO header lacks the language; it must say Language: {tag}.")
    if named.lower() != tag.lower():
        refuse(f"the PO header says Language: {named}, but this import is into {tag}.")
    if catalog.charset.lower() not in ("utf-8", "utf8"):
        refuse(
            f"the PO header gives the charset {catalog.charset}; "
            "save the file as UTF-8 with charset=UTF-8."
        )


def read(text: str, codes: set[int], tag: str) -> ParsedFile:
    """Read a PO exchange file into ``tag``; raise InvalidValue naming bad entries."""
    catalog, named = _parse(text)
    _check_header(catalog, named, tag)
    problems = Problems()
    for message in catalog.repeated:
        problems.add(
            f"line {message.lineno}: a second entry for msgctxt {message.context!r}."
        )
    found: dict[tuple[int, bool], object] = {}
    for message in catalog:
        if not message.id:
            continue  # the header
        context = message.context
        if context is None:
            problems.add(
                f"line {message.lineno}: the entry has no msgctxt; each entry's "
                "msgctxt names its status code, such as 404 or 404|title."
            )
            continue
        where = f"entry {context} (line {message.lineno})"
        match = CONTEXT.fullmatch(context)
        if match is None:
            problems.add(
                f"{where}: msgctxt must be a status code, such as 404, or a code "
                "followed by |title."
            )
            continue
        code = read_code(match[1], where, codes, problems)
        if code is None:
            continue
        if message.pluralizable:
            problems.add(f"{where}: plural forms are not used here.")
            continue
        key = (code, bool(match[2]))
        if key in found:
            problems.add(
                f"{where}: a second entry for msgctxt {context!r} "
                f"(first on line {found[key].lineno})."
            )
            continue
        found[key] = message
    parsed = ParsedFile()
    for code in sorted({code for code, _ in found}):
        description = found.get((code, False))
        title = found.get((code, True))
        if description is None:
            parsed.untranslated += 1
            continue
        where = f"entry {code} (line {description.lineno})"
        add_entry(
            parsed,
            problems,
            code,
            title.string if title is not None else None,
            description.string,
            _version(description, where, problems),
            where,
        )
    problems.raise_any()
    return parsed


def _version(message, where: str, problems: Problems) -> int:
    versions = [
        match[1]
        for comment in message.auto_comments
        if (match := VERSION_COMMENT.fullmatch(comment.strip()))
    ]
    if len(set(versions)) > 1:
        problems.add(f"{where}: more than one version comment.")
        return 0
    return read_version(versions[0], where, problems) if versions else 0
