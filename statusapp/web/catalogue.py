"""Catalogue pages: the list of codes, one page per code, and short links.

Each of these URLs answers in three forms, chosen by Accept (see
``answer_form``): the HTML page for browsers; the JSON API's own answer for a
client that prefers JSON; plain text for terminals (curl's ``*/*``, no Accept
at all, or ``text/plain``).
"""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import (
    Blueprint,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from statusapp import errors, negotiation, plain_text
from statusapp.http_caching import revalidated
from statusapp.models import REGISTRY_STATUSES
from statusapp.services import UnknownCode, catalogue, languages, status_responses
from statusapp.services.fields import LIMITS
from statusapp.web.forms import REGISTRY_STATUS_NAMES

bp = Blueprint("catalogue", __name__)

HTML = "text/html"
JSON = "application/json"
TEXT = "text/plain"
# Accept values that name a page: a browser's.
PAGE_TYPES = ("text/html", "application/xhtml+xml")


def answer_form() -> str:
    """Return the media type to answer in: HTML, JSON or plain text.

    A client that names text/html (a browser) gets the page, unless it prefers
    JSON; one that names no page type gets plain text unless it prefers JSON,
    so ``curl host/404`` reads well as it is. An Accept that allows none of the
    three gets the page, as before there was a choice.
    """
    accept = request.accept_mimetypes
    if not accept:
        return TEXT
    names_page = any(value.lower() in PAGE_TYPES and q > 0 for value, q in accept)
    offered = [HTML, JSON, TEXT] if names_page else [TEXT, JSON]
    return accept.best_match(offered) or HTML


def api_answer(endpoint: str, **view_args):
    """Answer with the JSON API view ``endpoint`` within this request: the same
    body, ETag, 304 and Link as its own URL gives."""
    view = current_app.view_functions[endpoint]
    # flask-smorest finds its Api, and pagination_links the endpoint, through
    # the request's rule; the API's stands in for ours while its view runs.
    # Our own hooks and error handlers still answer for this URL.
    ours = request.url_rule
    request.url_rule = next(current_app.url_map.iter_rules(endpoint))
    try:
        return current_app.ensure_sync(view)(**view_args)
    finally:
        request.url_rule = ours


def plain(text: str, status: int = 200):
    """Return ``text`` as a text/plain; charset=utf-8 response."""
    response = make_response(text, status)
    response.mimetype = TEXT
    return response


def content_language() -> str:
    """Pick the content language: ?lang=, the saved choice, Accept-Language."""
    lang = negotiation.content_language(
        languages.enabled_tags(), languages.source_language()
    )
    g.content_language = lang
    return lang


@bp.app_context_processor
def language_names():
    return {
        "content_languages": languages.enabled_tags(),
        "language_name": languages.native_name,
    }


@bp.after_request
def add_negotiation_headers(response):
    # The answer follows Accept (its form), Accept-Language and the saved
    # choice, so a cache must keep one copy per value of each, whatever form
    # this one is; statusapp.web.switcher adds the last two to pages only.
    response.vary.update(("Accept", "Accept-Language", "Cookie"))
    if g.get("vary_fetch_mode"):
        response.vary.add("Sec-Fetch-Mode")
    if response.status_code < 400:
        # Error answers are interface text only, so they name no content
        # language; the JSON form names the one the API chose, if any.
        lang = g.get("content_language") or g.get("api_content_language")
        if lang:
            response.headers["Content-Language"] = lang
    return response


@bp.app_errorhandler(UnknownCode)
def unknown_code(error: UnknownCode):
    """Say the number is not in the catalogue, and link the nearest codes."""
    nearest = tuple(c for c in catalogue.neighbours(error.code) if c is not None)
    if errors.wants_json() or answer_form() != TEXT:
        return errors.handle_domain_error(error, nearest)
    addresses = [
        (code, url_for(".short_link", code=code, _external=True)) for code in nearest
    ]
    with force_locale(negotiation.document_locale()):
        text = plain_text.unknown_code(
            str(error), _("Nearest codes in this catalogue:"), addresses
        )
    return plain(text, 404)


def card_labels() -> dict[str, str]:
    """Name the parts of a plain-text card in the interface language."""
    return {
        "class": _("Class"),
        "registry_status": _("Registry status"),
        "reference": _("Reference"),
        "aliases": _("Also known as"),
        "notes": _("Notes"),
        "other_notes": _("Notes in other languages"),
        "no_description": _("No description yet."),
    }


def highlight(text: str, q: str) -> Markup:
    """Return ``text`` escaped, with each match of ``q`` (any case) in <mark>."""
    if not q or catalogue.search_class(q) is not None:
        return escape(text)
    pieces = re.split(f"({re.escape(q)})", text, flags=re.IGNORECASE)
    # split keeps the matches at the odd places.
    return Markup("").join(
        Markup("<mark>%s</mark>") % piece if i % 2 else escape(piece)
        for i, piece in enumerate(pieces)
    )


def is_navigation() -> bool:
    """Whether the browser is loading a page, not fetching part of one.

    Browsers send Sec-Fetch-Mode; a client that sends none is taken for a
    navigation, as a form's GET is.
    """
    return request.headers.get("Sec-Fetch-Mode", "navigate") == "navigate"


@bp.get("/")
@revalidated
def index():
    """List every code, grouped by class, with search and a class filter."""
    form = answer_form()
    if form == JSON:
        return api_answer("codes.Codes")
    lang = content_language()
    q = request.args.get("q", "").strip()
    class_number = request.args.get("class", type=int)
    if class_number not in range(1, 6):
        class_number = None
    registry_status = request.args.get("registry_status")
    if registry_status not in REGISTRY_STATUSES:
        registry_status = None
    vendor = request.args.get("vendor", "").strip()[: LIMITS["vendor"]] or None
    if form == HTML and q and catalogue.exact_code(q) is not None:
        # Enter on a code goes to its page; search-as-you-type (a fetch) still
        # lists, so that answer depends on the fetch mode too.
        g.vary_fetch_mode = True
        if is_navigation() and (code := catalogue.known_code(q)) is not None:
            args = {"lang": request.args["lang"]} if "lang" in request.args else {}
            return redirect(url_for(".code_detail", code=code, **args), 303)
    page = catalogue.list_codes(
        class_number=class_number,
        q=q or None,
        registry_status=registry_status,
        vendor=vendor,
        lang=lang,
    )
    if form == TEXT:
        with force_locale(negotiation.document_locale()):
            return plain(plain_text.code_list(page.items))
    groups: dict[int, list] = {}
    for entry in page.items:
        groups.setdefault(entry.class_number, []).append(entry)
    return render_template(
        "codes/index.html",
        lang=lang,
        q=q,
        class_number=class_number,
        registry_status=registry_status,
        registry_statuses=REGISTRY_STATUSES,
        vendor=vendor,
        vendors=catalogue.vendors(),
        groups=groups,
        classes=catalogue.list_classes(),
        total=page.total,
        highlight=highlight,
    )


@bp.get("/codes/<code:code>")
@revalidated
def code_detail(code: int):
    """Show one code in the chosen language, with its other languages and notes."""
    form = answer_form()
    if form == JSON:
        return api_answer("codes.Code", code=code)
    if form == TEXT:
        return plain(code_card(code))
    lang = content_language()
    entry = catalogue.get_code(code, lang)
    before, after = catalogue.neighbours(code)
    return render_template(
        "codes/detail.html",
        lang=lang,
        entry=entry,
        before=before,
        after=after,
        try_it=try_it(entry),
    )


@dataclass(frozen=True)
class TryIt:
    """A code's "Try it" box: its test URL, the lines that call it, and the
    raw answer /status/{code} gives a plain GET (None for a 1xx, which it
    cannot give)."""

    url: str
    curl: str
    fetch: str
    raw: str | None


def try_it(entry: catalogue.LocalisedCode) -> TryIt:
    """Show how /status/{code} answers for ``entry``, built by the same rules."""
    url = url_for("status.status", code=entry.code, _external=True)
    raw = None
    if not status_responses.interim_problem(entry.code):
        facts = status_responses.facts_of_entry(
            entry,
            url_for(".code_detail", code=entry.code),
            (url_for("codes.Code", code=entry.code),),
        )
        answer = status_responses.build(
            facts, status_responses.Options(), accept=status_responses.JSON
        )
        headers = [*answer.headers, *status_responses.SAFETY_HEADERS.items()]
        raw = "\n".join(
            [f"HTTP/1.1 {answer.status_line}", *(f"{k}: {v}" for k, v in headers)]
        )
        # A 206 body is a part, which may end inside a character.
        raw += "\n\n" + answer.body.decode("utf-8", "replace")
    return TryIt(
        url=url,
        curl=f"curl -si {url}",
        fetch=f'const response = await fetch("{url}");',
        raw=raw,
    )


@bp.get("/<code:code>")
def short_link(code: int):
    """Send a short link such as /404 on to the code's page, query and all.

    For a terminal the redirect carries the code's card, so that ``curl
    host/404`` prints it without following the redirect.
    """
    catalogue.require_code(code)
    target = url_for(".code_detail", code=code)
    if request.args:
        target += "?" + urlencode(list(request.args.items(multi=True)))
    response = redirect(target, 308)
    if answer_form() == TEXT:
        response.set_data(code_card(code))
        response.mimetype = TEXT
    return response


def code_card(code: int) -> str:
    """Return a code's plain-text card in the content language."""
    entry = catalogue.get_code(code, content_language())
    with force_locale(negotiation.document_locale()):
        status = str(REGISTRY_STATUS_NAMES.get(entry.registry_status, ""))
        return plain_text.code_card(entry, card_labels(), status)
