"""The rules every text field follows: its longest value, and how it is cleaned.

Nothing here touches the database, so the API schemas, the forms, the
commands and the services all check a field against the same limits and
patterns, and the request boundary (statusapp.boundary) checks query and path
parameters by the same character rule.
"""

import re

from flask_babel import gettext as _

MAX_TEXT = 20_000
# Longest value each text field takes.
LIMITS = {
    "reason_phrase": 100,
    "alias": 100,
    "reference": 200,
    "reference_url": 500,
    "title": 200,
    "description": MAX_TEXT,
    "body": MAX_TEXT,
    "dispute_reason": 1000,
    "language_name": 100,
    # The parts of a code's header rules and vendors' usages.
    "header": 64,
    "vendor": 100,
    "phrase": 100,
    "meaning": 1000,
    "source_url": 500,
    # The search text, ?q=.
    "search": 200,
}
# Longest value of any other query or path parameter.
MAX_PARAMETER = 2000
# The fields whose text may run over several lines; every other text field,
# parameter and command-line value is one line.
MULTILINE = frozenset({"description", "body"})
# Text with a character that str.strip() keeps. The class is spelled out,
# not \s, so that Python and the JSON Schema regex dialect agree on it.
WHITE_SPACE = (
    r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a"
    r"\u2028\u2029\u202f\u205f\u3000"
)
# Characters no text holds: the C0 controls, DEL and the C1 controls (a
# terminal acts on them, a page shows nothing, PostgreSQL refuses NUL). A
# multi-line field keeps tab, line feed and carriage return; a one-line field
# keeps none of them, nor the Unicode line and paragraph separators.
CONTROLS = r"\x00-\x1f\x7f-\x9f"
REFUSED = {
    False: CONTROLS + r"\u2028\u2029",
    True: r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f",
}
_REFUSED = {lines: re.compile(f"[{chars}]") for lines, chars in REFUSED.items()}
# What splits a line: str.splitlines() splits at each of these.
LINE_BREAKS = frozenset("\n\x0b\x0c\r\x1c\x1d\x1e\x85\u2028\u2029")
# An HTTP field name: a token of RFC 9110, Section 5.6.2.
HEADER_NAME_PATTERN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
URL_PATTERN = re.compile(
    rf"^https?://[A-Za-z0-9.-]+(:[0-9]{{1,5}})?([/?#][^{WHITE_SPACE}{CONTROLS}]*)?$"
)

# A UTF-16 surrogate on its own is no character: it cannot be encoded as
# UTF-8, so a record holding one could be saved by some paths but never read.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")

FieldErrors = dict[str, list[str]]


def is_storable_text(value) -> bool:
    """Whether ``value`` is text every database and reader takes: no NUL, no lone
    surrogate."""
    return (
        isinstance(value, str)
        and "\x00" not in value
        and LONE_SURROGATE.search(value) is None
    )


def is_multiline(name: str) -> bool:
    """Whether the text field ``name`` may hold tabs and line breaks."""
    return name in MULTILINE


def text_pattern(name: str, *, required: bool) -> str:
    """The characters field ``name`` takes, as one ECMA-262 pattern for OpenAPI.

    It can be stricter than text_problem, never looser: surrounding white
    space that cleaning strips is allowed only in front, and a lone
    surrogate is left to text_problem, as a pattern that named surrogates
    would refuse every character beyond U+FFFF in JavaScript.
    """
    refused = REFUSED[is_multiline(name)]
    if not required:
        return rf"^[^{refused}]*$"
    return rf"^[{WHITE_SPACE}]*[^{WHITE_SPACE}{refused}][^{refused}]*$"


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """Say what keeps ``value`` out of a text field, or return None if nothing.

    The one character rule of every text that comes in: no NUL, no lone
    surrogate, no control character (C0, DEL, C1) and, unless ``multiline``,
    no line break or tab; a multi-line text may hold tab, CR and LF.
    """
    if "\x00" in value:
        return _("Must not contain NUL characters.")
    if LONE_SURROGATE.search(value):
        return _("Must be valid Unicode text, without lone surrogates.")
    found = _REFUSED[multiline].search(value)
    if found is None:
        return None
    if not multiline and (found[0] in LINE_BREAKS or found[0] == "\t"):
        return _("Must be one line, without line breaks or tabs.")
    return _(
        "Must not contain control characters such as %(char)s.",
        char=f"U+{ord(found[0]):04X}",
    )


def clean_text(
    errors: FieldErrors, name: str, value, *, limit: int, required: bool = True
) -> str | None:
    """Return ``value`` stripped, or None; note what is wrong with it in ``errors``.

    A value that is absent, blank after stripping, not text, longer than
    ``limit``, or holding a character text_problem refuses in field ``name``
    (a line break in a one-line field, a control character, NUL, a lone
    surrogate) gets one message under ``name``.
    """
    if value is None:
        if required:
            errors[name] = [_("This field is required.")]
        return None
    if not isinstance(value, str):
        errors[name] = [_("Must be text.")]
        return None
    value = value.strip()
    if problem := text_problem(value, multiline=is_multiline(name)):
        errors[name] = [problem]
    elif required and not value:
        errors[name] = [_("Must not be empty.")]
    elif len(value) > limit:
        errors[name] = [_("Must be at most %(limit)s characters.", limit=limit)]
    return value or None


def is_http_url(value: str) -> bool:
    """Whether ``value`` is an absolute http or https URL."""
    return URL_PATTERN.fullmatch(value) is not None
