"""Languages: their translation coverage, and adding or disabling them."""

from flask import g, url_for
from flask.views import MethodView

from statusapp.api.auth import token_required
from statusapp.api.base import PROBLEM, Blueprint, json_body, write_errors
from statusapp.api.schemas.common import TAG_PARAMETER
from statusapp.api.schemas.languages import (
    LanguageCreateSchema,
    LanguagePatchSchema,
    LanguageSchema,
)
from statusapp.services import coverage, languages

blp = Blueprint(
    "languages", __name__, description="Languages and how far each is translated"
)


def language_tag(report) -> dict:
    """Return what a language's ETag is derived from: it and its figures."""
    return {"tag": report.tag, "version": report.version, "stats": vars(report.stats)}


@blp.route("/languages")
class Languages(MethodView):
    @blp.etag
    @blp.response(200, LanguageSchema(many=True))
    @blp.doc(operationId="listLanguages")
    def get(self):
        """List the languages, the source first, with their coverage figures."""
        return coverage.language_reports()

    @token_required("admin")
    @json_body
    @blp.etag
    @blp.arguments(LanguageCreateSchema)
    @blp.response(201, LanguageSchema)
    @write_errors(blp, 409)
    @blp.doc(operationId="createLanguage")
    def post(self, data):
        """Add a language (admins)."""
        language = languages.add_language(data, g.api_user)
        report = coverage.language_report(language.tag)
        blp.set_etag(language_tag(report))
        return report, {"Location": url_for("languages.Language", tag=language.tag)}


@blp.route("/languages/<string:tag>", parameters=[TAG_PARAMETER])
class Language(MethodView):
    @blp.etag
    @blp.response(200, LanguageSchema)
    @blp.alt_response(404, description="No such language", **PROBLEM)
    @blp.doc(operationId="getLanguage")
    def get(self, tag):
        """Show one language with its coverage figures."""
        report = coverage.language_report(tag)
        blp.set_etag(language_tag(report))
        return report

    @token_required("admin")
    @json_body
    @blp.etag
    @blp.arguments(LanguagePatchSchema)
    @blp.response(200, LanguageSchema)
    @write_errors(blp, 404, 409, 412, 428)
    @blp.doc(operationId="updateLanguage")
    def patch(self, data, tag):
        """Rename, enable or disable a language (admins; not the source)."""
        checked = coverage.language_report(tag)
        blp.require_if_match(language_tag(checked))
        languages.update_language(
            tag, data, g.api_user, expected_version=checked.version
        )
        report = coverage.language_report(tag)
        blp.set_etag(language_tag(report))
        return report
