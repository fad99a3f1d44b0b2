"""What an exchange file holds, and the checks every format's reader shares."""

import re
from dataclasses import dataclass, field

from statusapp.services.errors import InvalidValue
from statusapp.services.translations import clean_translation_fields

# Show this many problems of a malformed file; the rest are only counted.
MAX_ERRORS = 20
WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")


@dataclass
class ExportEntry:
    """One status code as an export shows it, translated or not."""

    code: int
    reason_phrase: str
    # The source-language text now, and its version; None when there is none.
    source_version: int | None
    source_text: str | None
    # The language's text at export; version 0 and status "missing" when
    # the code had no text in that language.
    version: int
    status: str
    title: str | None
    description: str | None


@dataclass
class ImportEntry:
    """A translated entry read from a file, checked against the limits."""

    code: int
    title: str | None
    description: str
    # The version the entry was exported at; 0 when it had no text then.
    version: int
    # Where the entry is in the file, for messages: "line 5", "entry 404 ...".
    where: str


@dataclass
class ParsedFile:
    """The checked entries of a whole file, and how many it left untranslated."""

    entries: list[ImportEntry] = field(default_factory=list)
    # Entries with an empty description: not translated, so not imported.
    untranslated: int = 0


class Problems:
    """The problems found in a file; raised together as one InvalidValue."""

    def __init__(self):
        self.messages: list[str] = []

    def add(self, message: str) -> None:
        """Note one problem, naming where it is."""
        self.messages.append(message)

    def __bool__(self) -> bool:
        return bool(self.messages)

    def raise_any(self) -> None:
        """Refuse the whole file if anything is wrong with it."""
        if not self.messages:
            return
        shown = self.messages[:MAX_ERRORS]
        if len(self.messages) > MAX_ERRORS:
            shown.append(f"... and {len(self.messages) - MAX_ERRORS} more problems.")
        raise InvalidValue({"file": shown})


def refuse(message: str):
    """Refuse the whole file for one problem that stops reading it."""
    raise InvalidValue("file", message)


def decode(data: bytes) -> str:
    """Return the file's text; refuse it unless it is UTF-8 without NUL."""
    if data.startswith(b"\xef\xbb\xbf"):  # the BOM spreadsheets write
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        refuse(
            f"line {line}: the file is not UTF-8 (byte 0x{data[exc.start]:02x}); "
            "save it as UTF-8 and try again."
        )
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        refuse(f"line {line}: the file contains a NUL character.")
    return text


def read_version(value: str, where: str, problems: Problems) -> int:
    """Return an exported version: a whole number, or empty for none (0)."""
    value = value.strip()
    if not value:
        return 0
    if not WHOLE_NUMBER.fullmatch(value):
        problems.add(f"{where}: the version {value!r} is not a whole number.")
        return 0
    return int(value)


def read_code(value: str, where: str, codes: set[int], problems: Problems):
    """Return the status code ``value`` names, or None after noting why not."""
    value = value.strip()
    if not WHOLE_NUMBER.fullmatch(value):
        problems.add(f"{where}: {value!r} is not a status code.")
        return None
    if int(value) not in codes:
        problems.add(f"{where}: {int(value)} is not a status code in the catalogue.")
        return None
    return int(value)


def add_entry(
    parsed: ParsedFile,
    problems: Problems,
    code: int,
    title: str | None,
    description: str | None,
    version: int,
    where: str,
) -> None:
    """Add an entry to ``parsed``, count it as not translated, or note why not."""
    if not (description or "").strip():
        parsed.untranslated += 1
        return
    try:
        clean = clean_translation_fields({"title": title, "description": description})
    except InvalidValue as exc:
        for name, messages in exc.errors.items():
            for message in messages:
                problems.add(f"{where}: the {name} {message[0].lower()}{message[1:]}")
        return
    parsed.entries.append(
        ImportEntry(code, clean["title"], clean["description"], version, where)
    )
