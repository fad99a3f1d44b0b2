"""Which language a reader gets: for the content, and for the interface.

They are separate choices. The content follows ``?lang=``, then the choice
saved by the language switcher (a cookie), then the browser's
Accept-Language, then the source language, Simplified Chinese. The
interface follows the same order without ``?lang=``: a link to a text in
another language, or saving one, changes what is read, never the menus
and messages around it.
"""

from collections.abc import Sequence

from flask import request

from statusapp.services.language_tags import is_language_tag, same_primary_language

LANGUAGE_COOKIE = "lang"
DEFAULT_LANGUAGE = "zh-CN"
# Interface translations that exist, by the language tag readers ask for.
INTERFACE_LOCALES = {"zh-CN": "zh_Hans_CN", "en": "en"}


def _match(tag: str | None, available: Sequence[str]) -> str | None:
    """Return the entry of ``available`` that ``tag`` names, ignoring case."""
    if not is_language_tag(tag):
        return None
    for known in available:
        if known.lower() == tag.lower():
            return known
    return None


def _primary_match(tag: str | None, available: Sequence[str]) -> str | None:
    """Like _match, but let ``zh-TW`` or ``zh`` find ``zh-CN`` too."""
    exact = _match(tag, available)
    if exact or not is_language_tag(tag):
        return exact
    return next((k for k in available if same_primary_language(k, tag)), None)


def choose(
    available: Sequence[str], *, loose: bool = False, from_url: bool = True
) -> str | None:
    """Return the reader's language among ``available``, or None if none fits.

    ``loose`` lets an asked-for language stand in for another with the same
    primary subtag, which suits the interface (zh-TW readers get zh-CN menus)
    but not content, where a reader asking for zh-TW text must not be told
    it is there. ``from_url`` lets ``?lang=`` decide first.
    """
    match = _primary_match if loose else _match
    asked = [request.cookies.get(LANGUAGE_COOKIE)]
    if from_url:
        asked.insert(0, request.args.get("lang"))
    for tag in asked:
        if found := match(tag, available):
            return found
    return request.accept_languages.best_match(available)


def content_language(available: Sequence[str], default: str) -> str:
    """Return the content language for this request among ``available``."""
    return choose(available) or default


def interface_language() -> str:
    """Return the language tag of the interface text for this request."""
    locales = list(INTERFACE_LOCALES)
    return choose(locales, loose=True, from_url=False) or DEFAULT_LANGUAGE


def document_locale() -> str:
    """Return the Babel locale for a document that is all content, such as
    a plain-text card: its few labels follow ``?lang=`` with the rest."""
    tag = choose(list(INTERFACE_LOCALES), loose=True) or DEFAULT_LANGUAGE
    return INTERFACE_LOCALES[tag]


def interface_locale() -> str:
    """Return the Babel locale name for this request's interface text."""
    return INTERFACE_LOCALES[interface_language()]
