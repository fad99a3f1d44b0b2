"""The rules every text field follows: its longest value, and how it is cleaned.

Nothing here touches the database, so the API schemas, the forms and the
services all check a field against the same limits and patterns.
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
    "language_name": 100,
}
# Text with a character that str.strip() keeps. The class is spelled out,
# not \s, so that Python and the JSON Schema regex dialect agree on it.
WHITE_SPACE = (
    r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a"
    r"\u2028\u2029\u202f\u205f\u3000"
)
# PostgreSQL text cannot hold NUL, so no text field may contain one.
NOT_BLANK = rf"^[{WHITE_SPACE}]*[^{WHITE_SPACE}\x00][^\x00]*$"
NO_NUL = r"^[^\x00]*$"
URL_PATTERN = re.compile(
    rf"^https?://[A-Za-z0-9.-]+(:[0-9]{{1,5}})?([/?#][^{WHITE_SPACE}\x00]*)?$"
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


def clean_text(
    errors: FieldErrors, name: str, value, *, limit: int, required: bool = True
) -> str | None:
    """Return ``value`` stripped, or None; note what is wrong with it in ``errors``.

    A value that is absent, blank after stripping, not text, longer than
    ``limit``, or holding a NUL character or a lone surrogate gets one message
    under ``name``.
    """
    if value is None:
        if required:
            errors[name] = [_("This field is required.")]
        return None
    if not isinstance(value, str):
        errors[name] = [_("Must be text.")]
        return None
    value = value.strip()
    if "\x00" in value:
        errors[name] = [_("Must not contain NUL characters.")]
    elif not is_storable_text(value):
        errors[name] = [_("Must be valid Unicode text, without lone surrogates.")]
    elif required and not value:
        errors[name] = [_("Must not be empty.")]
    elif len(value) > limit:
        errors[name] = [_("Must be at most %(limit)s characters.", limit=limit)]
    return value or None


def is_http_url(value: str) -> bool:
    """Whether ``value`` is an absolute http or https URL."""
    return URL_PATTERN.fullmatch(value) is not None
