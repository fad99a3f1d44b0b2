"""The language switcher, and what templates need to mark interface text."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from babel import Locale, UnknownLocaleError
from flask import Blueprint, abort, redirect, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from statusapp.extensions import csrf
from statusapp.i18n import API_LOCALE, speaks_api_english
from statusapp.negotiation import LANGUAGE_COOKIE, interface_language
from statusapp.services import languages
from statusapp.web.forms import HEADER_RULE_NAMES, REGISTRY_STATUS_NAMES, ROLE_NAMES
from statusapp.web.redirects import safe_next

bp = Blueprint("switcher", __name__)

# A reader's choice lasts a year; choosing again replaces it.
COOKIE_MAX_AGE = 365 * 24 * 3600

# The content languages named in the interface language; Babel's CLDR names
# any other tag.
LANGUAGE_NAMES = {"zh-CN": _l("Chinese"), "en": _l("English")}


@bp.app_context_processor
def interface_language_tag():
    # Interface text inside a page whose <html lang> is the content language
    # is marked lang="{{ ui_lang }}"; it names the locale Babel translates to.
    return {"ui_lang": API_LOCALE if speaks_api_english() else interface_language()}


@bp.after_app_request
def vary_on_language(response):
    # Every page's text, interface or content, follows Accept-Language and
    # the saved choice, so a cache must keep one copy per value of each. The
    # API reads no cookie, and its 304s (no body, no type) are not pages.
    if speaks_api_english():
        return response
    if response.mimetype == "text/html" or response.status_code == 304:
        response.vary.update(("Accept-Language", "Cookie"))
    return response


@bp.app_template_global()
def ui_language_name(tag: str) -> str:
    """Name the language ``tag`` in the interface language."""
    if tag in LANGUAGE_NAMES:
        return str(LANGUAGE_NAMES[tag])
    try:
        return Locale.parse(tag, sep="-").get_display_name(get_locale()) or tag
    except (UnknownLocaleError, ValueError, TypeError):
        return tag


@bp.app_template_global()
def status_name(status: str) -> str:
    """Name a registry status in the interface language."""
    return str(REGISTRY_STATUS_NAMES.get(status, status))


@bp.app_template_global()
def role_name(role: str) -> str:
    """Name an account role in the interface language."""
    return str(ROLE_NAMES.get(role, role))


@bp.app_template_global()
def rule_name(rule: str) -> str:
    """Name a header rule's strength (must, should, may) in the interface language."""
    return str(HEADER_RULE_NAMES.get(rule, rule))


def _without_lang(target: str) -> str:
    """Drop ``lang=`` from a local URL, so that the saved choice takes effect."""
    _scheme, _netloc, path, query, fragment = urlsplit(target)
    pairs = parse_qsl(query, keep_blank_values=True)
    pairs = [(key, value) for key, value in pairs if key != "lang"]
    return urlunsplit(("", "", path, urlencode(pairs), fragment))


# Exempt from CSRF on purpose: a forged request can only change a reader's
# display language, while requiring a token would put a session cookie on
# every anonymous page, since every page carries this form.
@bp.post("/language")
@csrf.exempt
def choose():
    """Save the reader's language in a cookie and go back to the page."""
    lang = request.form.get("lang", "")
    available = languages.enabled_tags()
    if lang not in available:
        abort(
            400,
            _(
                "%(lang)s is not one of this site's languages (%(available)s).",
                lang=lang or "''",
                available=", ".join(available),
            ),
        )
    target = safe_next(request.form.get("next"))
    response = redirect(_without_lang(target), 303)
    response.set_cookie(
        LANGUAGE_COOKIE,
        lang,
        max_age=COOKIE_MAX_AGE,
        path="/",
        samesite="Lax",
        secure=request.is_secure,
    )
    return response
