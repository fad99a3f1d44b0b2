"""Exchange files as CSV: UTF-8, a header row, one row per status code.

The columns, in this order: code, reason_phrase, source_version, source_text,
version, status, title, description. An import needs code, version, title and
description, in any order; the other columns are there for the translator
and are not read back.
"""

import csv
import io

from statusapp.services.exchange.entries import (
    ExportEntry,
    ParsedFile,
    Problems,
    add_entry,
    read_code,
    read_version,
    refuse,
)

COLUMNS = (
    "code",
    "reason_phrase",
    "source_version",
    "source_text",
    "version",
    "status",
    "title",
    "description",
)
REQUIRED = ("code", "version", "title", "description")
OPTIONAL = tuple(name for name in COLUMNS if name not in REQUIRED)


def write(entries: list[ExportEntry]) -> bytes:
    """Return the entries as CSV with a header row, in UTF-8."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)  # RFC 4180: CRLF rows, quotes where needed
    writer.writerow(COLUMNS)
    for entry in entries:
        writer.writerow(
            [
                entry.code,
                entry.reason_phrase,
                "" if entry.source_version is None else entry.source_version,
                entry.source_text or "",
                entry.version,
                entry.status,
                entry.title or "",
                entry.description or "",
            ]
        )
    return out.getvalue().encode("utf-8")


def _check_header(row: list[str], line: int) -> list[str]:
    names = [cell.strip().lower() for cell in row]
    unknown = [name for name in names if name not in COLUMNS]
    missing = [name for name in REQUIRED if name not in names]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if unknown or missing or repeated:
        wrong = []
        if missing:
            wrong.append("it lacks " + ", ".join(missing))
        if unknown:
            wrong.append("it has unknown columns " + ", ".join(map(repr, unknown)))
        if repeated:
            wrong.append("it repeats " + ", ".join(repeated))
        refuse(
            f"line {line}: the header row must name the columns "
            f"{', '.join(REQUIRED)}, and may add {', '.join(OPTIONAL)}; "
            + "; ".join(wrong)
            + "."
        )
    return names


def read(text: str, codes: set[int]) -> ParsedFile:
    """Read a CSV exchange file; raise InvalidValue naming each bad line."""
    parsed = ParsedFile()
    problems = Problems()
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    first_line: dict[int, int] = {}
    start = 1
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue  # a blank line
            if header is None:
                header = _check_header(row, line)
                continue
            _read_row(row, header, line, codes, first_line, parsed, problems)
    except csv.Error as exc:
        problems.add(f"line {reader.line_num}: this is not valid CSV ({exc}).")
    if header is None and not problems:
        refuse(
            "the file is empty; it needs a header row naming "
            + ", ".join(COLUMNS)
            + "."
        )
    problems.raise_any()
    return parsed


def _read_row(row, header, line, codes, first_line, parsed, problems) -> None:
    where = f"line {line}"
    if len(row) != len(header):
        problems.add(
            f"{where}: {len(row)} fields, but the header names {len(header)} "
            "columns (a description with a line break or comma must be quoted)."
        )
        return
    values = dict(zip(header, row, strict=True))
    code = read_code(values["code"], where, codes, problems)
    if code is None:
        return
    if code in first_line:
        problems.add(
            f"{where}: {code} appears again (first on line {first_line[code]})."
        )
        return
    first_line[code] = line
    where = f"line {line} (code {code})"
    version = read_version(values["version"], where, problems)
    add_entry(
        parsed, problems, code, values["title"], values["description"], version, where
    )
