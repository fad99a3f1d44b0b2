"""Status codes: listing, reading, adding, changing and deleting them."""

from flask import g, request, url_for
from flask.views import MethodView

from statusapp.api.auth import token_required
from statusapp.api.base import (
    PROBLEM,
    Blueprint,
    json_body,
    pagination_links,
    write_errors,
)
from statusapp.api.schemas.codes import (
    CodeCreateSchema,
    CodeFieldsSchema,
    CodeListArgsSchema,
    CodePageSchema,
    CodeSchema,
    LangArgsSchema,
    StatusClassSchema,
)
from statusapp.services import catalogue, languages
from statusapp.services.codes import create_code, delete_code, update_code

# Response headers of the reads, besides the ETag (statusapp.api.document).
LANGUAGE_HEADERS = {"Content-Language": "ContentLanguage"}
PAGE_HEADERS = {**LANGUAGE_HEADERS, "Link": "Link"}

blp = Blueprint("codes", __name__, description="HTTP status codes and their texts")


def content_language(asked: str | None) -> str | None:
    """Return ``?lang=``, else the best Accept-Language match, else None.

    Without either the API shows every language side by side and picks none.
    """
    lang = asked
    if lang is None and "Accept-Language" in request.headers:
        lang = request.accept_languages.best_match(languages.enabled_tags())
    g.api_content_language = lang
    return lang


@blp.after_request
def add_language_headers(response):
    if request.method in ("GET", "HEAD") and request.endpoint in (
        "codes.Codes",
        "codes.Code",
    ):
        response.vary.add("Accept-Language")
        if lang := g.get("api_content_language"):
            response.headers["Content-Language"] = lang
    return response


def representation_tag(entry: catalogue.LocalisedCode) -> dict:
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
    @blp.response(200, CodePageSchema, headers=PAGE_HEADERS)
    @blp.doc(operationId="listCodes")
    def get(
        self,
        class_number=None,
        q=None,
        registry_status=None,
        vendor=None,
        lang=None,
        page=1,
        per_page=100,
    ):
        """List status codes, filtered and paginated: in numeric order, or best
        match first when searching with ``q``."""
        result = catalogue.list_codes(
            class_number=class_number,
            q=q,
            registry_status=registry_status,
            vendor=vendor,
            lang=content_language(lang),
            page=page,
            per_page=per_page,
        )
        return result, {"Link": pagination_links(result)}

    @token_required("admin")
    @json_body
    @blp.etag
    @blp.arguments(CodeCreateSchema)
    @blp.response(201, CodeSchema)
    @write_errors(blp, 409)
    @blp.doc(operationId="createCode")
    def post(self, data):
        """Add a status code (admins)."""
        record = create_code(data, g.api_user)
        entry = catalogue.get_code(record.code)
        blp.set_etag(representation_tag(entry))
        return entry, {"Location": url_for("codes.Code", code=record.code)}


@blp.route("/codes/<code:code>")
class Code(MethodView):
    @blp.etag
    @blp.arguments(LangArgsSchema, location="query", as_kwargs=True)
    @blp.response(200, CodeSchema, headers=LANGUAGE_HEADERS)
    @blp.alt_response(404, description="No such code in the catalogue", **PROBLEM)
    @blp.doc(operationId="getCode")
    def get(self, code, lang=None):
        """Show one status code with its translations and notes."""
        entry = catalogue.get_code(code, content_language(lang))
        blp.set_etag(representation_tag(entry))
        return entry

    @token_required("editor")
    @json_body
    @blp.etag
    @blp.arguments(CodeFieldsSchema)
    @blp.response(200, CodeSchema)
    @write_errors(blp, 404, 412, 428)
    @blp.doc(operationId="updateCode")
    def patch(self, data, code):
        """Change a code's phrase, aliases, reference, registry status, header
        rules or vendors' usages."""
        checked = catalogue.get_code(code)
        blp.require_if_match(representation_tag(checked))
        # The version that If-Match named travels with the change, so that a
        # save in between cannot slip through.
        update_code(code, data, g.api_user, expected_version=checked.version)
        entry = catalogue.get_code(code)
        blp.set_etag(representation_tag(entry))
        return entry

    @token_required("admin")
    @blp.etag
    @blp.response(204)
    @write_errors(blp, 404, 412, 428)
    @blp.doc(operationId="deleteCode")
    def delete(self, code):
        """Delete a code with its translations and notes (admins)."""
        checked = catalogue.get_code(code)
        blp.require_if_match(representation_tag(checked))
        delete_code(code, g.api_user, expected_version=checked.version)


@blp.route("/classes")
class Classes(MethodView):
    @blp.etag
    @blp.response(200, StatusClassSchema(many=True))
    @blp.doc(operationId="listClasses")
    def get(self):
        """List the five status classes with their names and sizes."""
        return catalogue.list_classes()
