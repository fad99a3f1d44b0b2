"""Read endpoints for status codes, their translations and classes."""

import math

from flask import request, url_for
from flask.views import MethodView

from statusapp import services
from statusapp.api.base import Blueprint
from statusapp.api.schemas import (
    CodeListArgsSchema,
    CodePageSchema,
    CodeSchema,
    LangArgsSchema,
    StatusClassSchema,
    TranslationSchema,
)
from statusapp.errors import PROBLEM_JSON

NOT_FOUND = {"schema": "Problem", "content_type": PROBLEM_JSON}

blp = Blueprint("codes", __name__, description="HTTP status codes and their texts")


def representation_tag(entry: services.LocalisedCode) -> dict:
    """Return what a code's ETag is derived from: every version it shows."""
    return {
        "code": entry.code,
        "version": entry.version,
        "translations": {t.lang: t.version for t in entry.translations},
        "notes": {str(n.id): n.version for n in entry.notes},
        "lang": entry.lang,
        "description_lang": entry.description_lang,
    }


@blp.route("/codes")
class Codes(MethodView):
    @blp.etag
    @blp.arguments(CodeListArgsSchema, location="query", as_kwargs=True)
    @blp.response(200, CodePageSchema)
    def get(self, class_number=None, q=None, lang=None, page=1, per_page=100):
        """List status codes in numeric order, filtered and paginated."""
        result = services.list_codes(
            class_number=class_number, q=q, lang=lang, page=page, per_page=per_page
        )
        return result, {"Link": pagination_links(result)}


def pagination_links(result: services.CodePage) -> str:
    """Return an RFC 8288 Link header value for the pages around this one."""
    last = max(1, math.ceil(result.total / result.per_page))
    pages = {"first": 1, "last": last}
    if result.page > 1:
        pages["prev"] = min(result.page - 1, last)
    if result.page < last:
        pages["next"] = result.page + 1
    args = request.args.to_dict()
    return ", ".join(
        f'<{url_for(request.endpoint, **{**args, "page": number})}>; rel="{rel}"'
        for rel, number in pages.items()
    )


@blp.route("/codes/<int:code>")
class Code(MethodView):
    @blp.etag
    @blp.arguments(LangArgsSchema, location="query", as_kwargs=True)
    @blp.response(200, CodeSchema)
    @blp.alt_response(404, description="No such code in the catalogue", **NOT_FOUND)
    def get(self, code, lang=None):
        """Show one status code with its translations and notes."""
        entry = services.get_code(code, lang)
        blp.set_etag(representation_tag(entry))
        return entry


@blp.route("/codes/<int:code>/translations")
class Translations(MethodView):
    @blp.etag
    @blp.response(200, TranslationSchema(many=True))
    @blp.alt_response(404, description="No such code in the catalogue", **NOT_FOUND)
    def get(self, code):
        """List a code's translations, one per language."""
        return services.get_code(code).translations


@blp.route("/codes/<int:code>/translations/<string:lang>")
class TranslationItem(MethodView):
    @blp.etag
    @blp.response(200, TranslationSchema)
    @blp.alt_response(
        404, description="No such code, or no text in that language", **NOT_FOUND
    )
    def get(self, code, lang):
        """Show a code's title and description in one language."""
        translation = services.get_translation(code, lang)
        blp.set_etag({"version": translation.version, "lang": lang, "code": code})
        return translation


@blp.route("/classes")
class Classes(MethodView):
    @blp.etag
    @blp.response(200, StatusClassSchema(many=True))
    def get(self):
        """List the five status classes with their names and sizes."""
        return services.list_classes()
