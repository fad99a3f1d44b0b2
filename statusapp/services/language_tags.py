"""The one language-tag rule: which tags are well formed, and their usual case.

Languages, translations, notes, ``?lang=``, the negotiation and the OpenAPI
document all take a tag through this module, so a tag that one of them
accepts is a tag that every one of them accepts.
"""

import re

from flask_babel import gettext as _

from statusapp.services.errors import InvalidValue

# RFC 5646 language tags, less the rarely used extensions and private use:
# language (with up to three extended subtags), script, region, variants.
# No named groups and only ECMA-262 syntax, so that the OpenAPI document can
# carry the same pattern.
LANGUAGE_TAG_PATTERN = (
    r"^([A-Za-z]{2,3}(-[A-Za-z]{3}){0,3}|[A-Za-z]{5,8})"
    r"(-[A-Za-z]{4})?"
    r"(-([A-Za-z]{2}|[0-9]{3}))?"
    r"(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$"
)
# Matched with fullmatch: a bare "$" would also accept a trailing newline.
_TAG = re.compile(LANGUAGE_TAG_PATTERN.removeprefix("^").removesuffix("$"))
# The length RFC 5646, Section 4.4.1 asks every implementation to support,
# and the width of the lang columns.
MAX_LANGUAGE_TAG = 35


def is_language_tag(value) -> bool:
    """Whether ``value`` is a well-formed language tag, in any letter case."""
    return (
        isinstance(value, str)
        and len(value) <= MAX_LANGUAGE_TAG
        and _TAG.fullmatch(value) is not None
    )


def check_language_tag(value, field: str = "lang") -> str:
    """Return ``value`` as given if it is a language tag, else raise InvalidValue."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(field, _("A language tag is required, such as ja or pt-BR."))
    if not is_language_tag(value):
        raise InvalidValue(
            field,
            _(
                "%(tag)r is not a BCP 47 language tag; write a language code, "
                "then optionally a script and a region, such as ja, pt-BR or "
                "zh-Hant-TW.",
                tag=value,
            ),
        )
    return value


def canonical_tag(value, field: str = "tag") -> str:
    """Return ``value`` stripped, in its conventional case (zh-hant-tw -> zh-Hant-TW).

    Raise InvalidValue, saying what is wrong, if it is not a language tag.
    """
    tag = check_language_tag(value.strip() if isinstance(value, str) else value, field)
    # RFC 5646, Section 2.1.1: scripts in title case, regions in capitals,
    # everything else in lower case.
    first, *rest = tag.split("-")
    parts = [first.lower()]
    for subtag in rest:
        if len(subtag) == 4 and subtag.isalpha():
            parts.append(subtag.title())
        elif len(subtag) == 2:
            parts.append(subtag.upper())
        else:
            parts.append(subtag.lower())
    return "-".join(parts)


def same_primary_language(a: str, b: str) -> bool:
    """Whether two tags share their first subtag (zh-TW and zh-CN do)."""
    return a.split("-")[0].lower() == b.split("-")[0].lower()
