"""A code's card, the list of codes and an unknown code's answer, as plain text."""

from collections.abc import Iterable, Sequence
from typing import Protocol

from statusapp.plain_text.layout import (
    WIDTH,
    display_width,
    markdown_lines,
    pad,
    paragraph_lines,
    truncate,
    wrap,
)


class Code(Protocol):
    """What a card or a list line shows of a code (catalogue.LocalisedCode)."""

    code: int
    reason_phrase: str
    class_number: int
    class_name: str
    reference: str | None
    reference_url: str | None
    aliases: list[str] | None
    description: str | None
    text: object
    notes_by_language: tuple[Sequence, Sequence]


def local_title(entry: Code) -> str | None:
    """Return the code's title in the reader's language, if it says more than
    the reason phrase."""
    title = getattr(entry.text, "title", None)
    if title and title.strip() != entry.reason_phrase:
        return title.strip()
    return None


def facts(pairs: Iterable[tuple[str, str | list[str]]], width: int = WIDTH):
    """Return labelled lines, values aligned in one column after the labels;
    a list value gives one line each."""
    pairs = [(label, value) for label, value in pairs if value]
    column = max((display_width(label) for label, _ in pairs), default=0) + 2
    lines: list[str] = []
    for label, value in pairs:
        values = value if isinstance(value, list) else [value]
        first = pad(label, column)
        for item in values:
            lines.extend(wrap(item, width, " " * column, first))
            first = " " * column
    return lines


def code_card(entry: Code, labels: dict[str, str], status_name: str) -> str:
    """Return a code's card: number and phrase, facts, description and notes.

    ``labels`` names the parts in the interface language: class, reference,
    aliases, registry status, notes, other_notes (the languages of the notes
    not in the reader's) and ``no description``.
    """
    lines = [truncate(f"{entry.code} {entry.reason_phrase}", WIDTH)]
    if title := local_title(entry):
        lines.extend(wrap(title))
    lines.append("")
    reference = [entry.reference or "", entry.reference_url or ""]
    lines.extend(
        facts(
            [
                (labels["class"], f"{entry.class_number}xx {entry.class_name}"),
                (labels["registry_status"], status_name),
                (labels["reference"], [r for r in reference if r]),
                (labels["aliases"], list(entry.aliases or [])),
            ]
        )
    )
    lines.append("")
    if entry.description and entry.description.strip():
        lines.extend(paragraph_lines(entry.description))
    else:
        lines.append(labels["no_description"])
    mine, others = entry.notes_by_language
    if mine:
        lines.extend(["", labels["notes"]])
        for number, note in enumerate(mine, start=1):
            mark = f"{number}. "
            body = markdown_lines(note.body, indent=" " * (len(mark) + 2))
            body[0] = "  " + mark + body[0].lstrip()
            lines.extend(body)
    if others:
        tags = ", ".join(sorted({note.lang for note in others}))
        lines.extend(wrap(f"{labels['other_notes']}: {tags}", WIDTH, "  ", "  "))
    return "\n".join(lines) + "\n"


def code_line(entry: Code, phrase_width: int, width: int = WIDTH) -> str:
    """Return one line for the list: code, phrase, then the title or summary."""
    start = f"{entry.code}  {pad(entry.reason_phrase, phrase_width)}  "
    summary = local_title(entry)
    if summary is None and entry.description and entry.description.strip():
        summary = entry.description.strip().splitlines()[0].strip()
    if not summary:
        return truncate(start.rstrip(), width)
    room = width - display_width(start)
    if room < 10:
        return truncate(f"{entry.code}  {entry.reason_phrase}", width)
    return start + truncate(" ".join(summary.split()), room)


def code_list(entries: Sequence[Code]) -> str:
    """Return the list: one line per code, phrases in one column."""
    phrase_width = max((display_width(e.reason_phrase) for e in entries), default=0)
    return "".join(code_line(entry, phrase_width) + "\n" for entry in entries)


def unknown_code(message: str, heading: str, nearest: list[tuple[int, str]]) -> str:
    """Return the answer for a number not in the catalogue: the message and,
    under ``heading``, the nearest codes with their addresses."""
    lines = wrap(message)
    if nearest:
        lines.extend(["", *wrap(heading)])
        for code, address in nearest:
            lines.extend(wrap(address, WIDTH, "       ", f"  {code}  "))
    return "\n".join(lines) + "\n"
