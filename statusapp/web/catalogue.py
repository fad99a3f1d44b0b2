"""Catalogue pages: the list of codes and one page per code."""

from flask import Blueprint, g, render_template, request

from statusapp import negotiation
from statusapp.http_caching import revalidated
from statusapp.services import catalogue, languages

bp = Blueprint("catalogue", __name__)


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
def add_language_headers(response):
    if response.mimetype == "text/html":
        # Error pages are interface text only, so they name no content
        # language. Vary: Accept-Language, Cookie is added app-wide by
        # statusapp.web.switcher.
        if "content_language" in g and response.status_code < 400:
            response.headers["Content-Language"] = g.content_language
    return response


@bp.get("/")
@revalidated
def index():
    """List every code, grouped by class, with search and a class filter."""
    lang = content_language()
    q = request.args.get("q", "").strip()
    class_number = request.args.get("class", type=int)
    if class_number not in range(1, 6):
        class_number = None
    page = catalogue.list_codes(class_number=class_number, q=q or None, lang=lang)
    groups: dict[int, list] = {}
    for entry in page.items:
        groups.setdefault(entry.class_number, []).append(entry)
    return render_template(
        "codes/index.html",
        lang=lang,
        q=q,
        class_number=class_number,
        groups=groups,
        classes=catalogue.list_classes(),
        total=page.total,
    )


@bp.get("/codes/<code:code>")
@revalidated
def code_detail(code: int):
    """Show one code in the chosen language, with its other languages and notes."""
    lang = content_language()
    entry = catalogue.get_code(code, lang)
    before, after = catalogue.neighbours(code)
    return render_template(
        "codes/detail.html", lang=lang, entry=entry, before=before, after=after
    )
