"""Text laid out for terminals: display widths, wrapping, Markdown as lines.

Widths are display columns, not characters: a CJK character takes two
(unicodedata.east_asian_width W or F), a combining mark none. Descriptions are
stored as lines of plain text (one paragraph per line, bullets as items, as
templates/codes/_text.html shows them); notes are Markdown, read here through
the same renderer the pages use, so that links become their text and address.
"""

import unicodedata
from html.parser import HTMLParser

from statusapp.markup import render_markdown

# At most 79 columns, so that no terminal 80 wide wraps a line on its own.
WIDTH = 79
BULLETS = ("•", "-", "*", "·")
# Closing punctuation stays on the line of the text before it.
NO_LINE_START = set("，。、；：！？）」』》〉】,.;:!?)]}%")
ELLIPSIS = "…"


def char_width(char: str) -> int:
    """Return the columns ``char`` takes in a terminal: 0, 1 or 2."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Cf", "Mn"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Return the columns ``text`` takes in a terminal."""
    return sum(char_width(char) for char in text)


def pad(text: str, width: int) -> str:
    """Return ``text`` with spaces after it to fill ``width`` columns."""
    return text + " " * max(0, width - display_width(text))


def truncate(text: str, width: int) -> str:
    """Return ``text`` cut to ``width`` columns, ending in an ellipsis if cut."""
    if display_width(text) <= width:
        return text
    kept, used = [], 0
    for char in text:
        if used + char_width(char) > width - 1:
            break
        kept.append(char)
        used += char_width(char)
    return "".join(kept).rstrip() + ELLIPSIS


def _tokens(text: str) -> list[str]:
    """Split ``text`` into the units a line may break between: words, single
    wide characters (CJK breaks anywhere) and runs of spaces."""
    tokens: list[str] = []
    word = ""
    for char in " ".join(text.split()):
        if char == " " or char_width(char) == 2:
            if word:
                tokens.append(word)
                word = ""
            if char in NO_LINE_START and tokens and tokens[-1] != " ":
                tokens[-1] += char
            else:
                tokens.append(char)
        elif char in NO_LINE_START and not word and tokens and tokens[-1] != " ":
            tokens[-1] += char
        else:
            word += char
    if word:
        tokens.append(word)
    return tokens


def _head(token: str, room: int) -> tuple[str, str]:
    """Cut a token too wide for its line (a long address) where ``room``
    columns end; at least one character goes first, so that cutting ends."""
    used = 0
    for index, char in enumerate(token):
        used += char_width(char)
        if used > room and index:
            return token[:index], token[index:]
    return token, ""


def wrap(
    text: str, width: int = WIDTH, indent: str = "", first: str | None = None
) -> list[str]:
    """Return ``text`` as lines of at most ``width`` columns.

    The first line starts with ``first`` (``indent`` if None), the others with
    ``indent``; whitespace runs become one space.
    """
    lines: list[str] = []
    prefix = indent if first is None else first
    line, used = prefix, display_width(prefix)
    empty = True
    for token in _tokens(text):
        size = display_width(token)
        if token == " ":
            if not empty and used + 1 <= width:
                line, used = line + " ", used + 1
            continue
        if not empty and used + size > width:
            lines.append(line.rstrip())
            line, used, empty = indent, display_width(indent), True
        while size > width - used:
            head, token = _head(token, width - used)
            lines.append(line + head)
            line, used = indent, display_width(indent)
            size = display_width(token)
        line, used, empty = line + token, used + size, False
    if not empty or not lines:
        lines.append(line.rstrip())
    return lines


class _Blocks(HTMLParser):
    """Read the sanitised HTML of rendered Markdown into text blocks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str, bool]] = []
        self.lists: list[int | None] = []
        self.text: list[str] = []
        self.prefix = ""
        self.href: str | None = None
        self.link_text: list[str] = []
        self.pre = False

    def flush(self) -> None:
        text = "".join(self.text)
        if text.strip():
            self.blocks.append((self.prefix, text, self.pre))
        self.text, self.prefix = [], ""

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "h3", "h4", "pre", "blockquote", "li", "hr"):
            self.flush()
        if tag == "ul":
            self.lists.append(None)
        elif tag == "ol":
            self.lists.append(0)
        elif tag == "li" and self.lists:
            if self.lists[-1] is None:
                self.prefix = "- "
            else:
                self.lists[-1] += 1
                self.prefix = f"{self.lists[-1]}. "
        elif tag == "pre":
            self.pre = True
        elif tag == "br":
            self.text.append("\n" if self.pre else " ")
        elif tag == "a":
            self.href = dict(attrs).get("href")
            self.link_text = []

    def handle_endtag(self, tag):
        if tag == "a" and self.href:
            shown = "".join(self.link_text).strip()
            if self.href not in (shown, f"mailto:{shown}"):
                self.text.append(f" <{self.href}>")
            self.href = None
        elif tag in ("ul", "ol") and self.lists:
            self.flush()
            self.lists.pop()
        elif tag in ("p", "h3", "h4", "pre", "blockquote", "li"):
            self.flush()
            self.pre = self.pre and tag != "pre"

    def handle_data(self, data):
        self.text.append(data)
        if self.href is not None:
            self.link_text.append(data)


def markdown_lines(source: str, width: int = WIDTH, indent: str = "") -> list[str]:
    """Return Markdown ``source`` as wrapped plain text: no tags, no link syntax,
    a link's address after its text, a blank line between paragraphs."""
    reader = _Blocks()
    reader.feed(str(render_markdown(source)))
    reader.close()
    reader.flush()
    lines: list[str] = []
    item = False
    for prefix, text, pre in reader.blocks:
        # Paragraphs stand apart; the items of one list follow each other.
        if lines and not (item and prefix):
            lines.append("")
        item = bool(prefix)
        if pre:
            for row in text.strip("\n").splitlines():
                lines.extend(wrap(row, width, indent + "    ", indent + "    "))
            continue
        hanging = indent + " " * display_width(prefix)
        lines.extend(wrap(text, width, hanging, indent + prefix))
    return lines


def paragraph_lines(text: str, width: int = WIDTH, indent: str = "") -> list[str]:
    """Return a stored description as wrapped paragraphs, bullets hanging."""
    lines: list[str] = []
    for row in text.splitlines():
        row = row.strip()
        if not row:
            continue
        bullet = row.startswith(BULLETS)
        if lines and not bullet:
            lines.append("")
        if bullet:
            mark, rest = row[0], row[1:].strip()
            prefix = f"{indent}{mark} "
            lines.extend(wrap(rest, width, " " * display_width(prefix), prefix))
        else:
            lines.extend(wrap(row, width, indent))
    return lines
