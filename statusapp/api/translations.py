"""Translations: each code's text in one language, and its review state."""

from flask import g, request, url_for
from flask.views import MethodView

from statusapp.api.auth import token_required
from statusapp.api.base import PROBLEM, Blueprint, json_body, write_errors
from statusapp.api.schemas.common import LANG_PARAMETER
from statusapp.api.schemas.translations import (
    ProposalPutSchema,
    ProposalSchema,
    TranslationPutSchema,
    TranslationReviewSchema,
    TranslationSchema,
)
from statusapp.services import NotFound, catalogue, proposals, translations
from statusapp.services.saving import NEW

blp = Blueprint(
    "translations",
    __name__,
    description="Each code's texts in each language, and their review state",
)


def translation_tag(translation) -> dict:
    """Return what a translation's ETag is derived from: the text and the
    proposal shown with it."""
    proposal = translation.proposal
    return {
        "code": translation.code,
        "lang": translation.lang,
        "version": translation.version,
        "proposal": proposal.version if proposal else None,
    }


def proposal_tag(proposal) -> dict:
    """Return what a proposal's ETag is derived from."""
    return {"code": proposal.code, "lang": proposal.lang, "version": proposal.version}


@blp.route("/codes/<code:code>/translations")
class Translations(MethodView):
    @blp.etag
    @blp.response(200, TranslationSchema(many=True))
    @blp.alt_response(404, description="No such code in the catalogue", **PROBLEM)
    @blp.doc(operationId="listTranslations")
    def get(self, code):
        """List a code's translations, one per language."""
        return catalogue.get_code(code).translations


@blp.route(
    "/codes/<code:code>/translations/<string:lang>",
    parameters=[LANG_PARAMETER],
)
class TranslationItem(MethodView):
    @blp.etag
    @blp.response(200, TranslationSchema)
    @blp.alt_response(
        404, description="No such code, or no text in that language", **PROBLEM
    )
    @blp.doc(operationId="getTranslation")
    def get(self, code, lang):
        """Show a code's title and description in one language."""
        translation = catalogue.get_translation(code, lang)
        blp.set_etag(translation_tag(translation))
        return translation

    @token_required("editor")
    @json_body
    @blp.etag
    @blp.arguments(TranslationPutSchema)
    @blp.response(200, TranslationSchema)
    @blp.alt_response(201, schema=TranslationSchema, description="Created")
    @write_errors(blp, 404, 412, 428)
    @blp.doc(operationId="putTranslation")
    def put(self, data, code, lang):
        """Create or replace a code's title and description in one language."""
        try:
            checked = catalogue.get_translation(code, lang)
        except NotFound:
            catalogue.get_code(code)  # 404 for an unknown code
            blp.forbid_if_match_when_absent()
            expected = NEW
        else:
            blp.require_if_match(translation_tag(checked))
            expected = checked.version
        translation, created = translations.save_translation(
            code, lang, data, g.api_user, expected_version=expected
        )
        blp.set_etag(translation_tag(translation))
        if created:
            return (
                translation,
                201,
                {"Location": url_for(request.endpoint, code=code, lang=lang)},
            )
        return translation

    @token_required("editor")
    @json_body
    @blp.etag
    @blp.arguments(TranslationReviewSchema)
    @blp.response(200, TranslationSchema)
    @write_errors(blp, 404, 412, 428)
    @blp.doc(operationId="setTranslationStatus")
    def patch(self, data, code, lang):
        """Mark a text reviewed (not by its last author) or disputed, or confirm
        it as a draft."""
        checked = catalogue.get_translation(code, lang)
        reason = data.get("dispute_reason")
        translations.check_status_change(checked, data["status"], g.api_user, reason)
        blp.require_if_match(translation_tag(checked))
        translations.set_status(
            code,
            lang,
            data["status"],
            g.api_user,
            expected_version=checked.version,
            reason=reason,
        )
        translation = catalogue.get_translation(code, lang)
        blp.set_etag(translation_tag(translation))
        return translation

    @token_required("editor")
    @blp.etag
    @blp.response(204)
    @write_errors(blp, 404, 412, 428)
    @blp.doc(operationId="deleteTranslation")
    def delete(self, code, lang):
        """Remove a code's text in one language."""
        checked = catalogue.get_translation(code, lang)
        blp.require_if_match(translation_tag(checked))
        translations.delete_translation(
            code, lang, g.api_user, expected_version=checked.version
        )


@blp.route(
    "/codes/<code:code>/translations/<string:lang>/proposal",
    parameters=[LANG_PARAMETER],
)
class ProposalItem(MethodView):
    @blp.etag
    @blp.response(200, ProposalSchema)
    @blp.alt_response(
        404, description="No such code or text, or no open proposal", **PROBLEM
    )
    @blp.doc(operationId="getProposal")
    def get(self, code, lang):
        """Show the correction proposed for a text, awaiting review."""
        proposal = open_proposal(code, lang)
        blp.set_etag(proposal_tag(proposal))
        return proposal

    @token_required("editor")
    @json_body
    @blp.etag
    @blp.arguments(ProposalPutSchema)
    @blp.response(200, ProposalSchema)
    @blp.alt_response(201, schema=ProposalSchema, description="Created")
    @write_errors(blp, 404, 412, 428)
    @blp.doc(operationId="putProposal")
    def put(self, data, code, lang):
        """Propose a corrected text, or replace the open proposal (editors).

        With dispute_reason, the text is marked disputed in the same change.
        """
        text = catalogue.get_translation(code, lang)
        if text.proposal is None:
            blp.forbid_if_match_when_absent()
            expected = NEW
        else:
            blp.require_if_match(proposal_tag(text.proposal))
            expected = text.proposal.version
        fields = {"title": data.get("title"), "description": data["description"]}
        _proposal, created = proposals.propose(
            code,
            text.lang,
            fields,
            g.api_user,
            expected_version=expected,
            reason=data.get("dispute_reason"),
        )
        proposal = open_proposal(code, lang)
        blp.set_etag(proposal_tag(proposal))
        if created:
            location = url_for(request.endpoint, code=code, lang=lang)
            return proposal, 201, {"Location": location}
        return proposal

    @token_required("editor")
    @blp.etag
    @blp.response(204)
    @write_errors(blp, 404, 412, 428)
    @blp.doc(operationId="rejectProposal")
    def delete(self, code, lang):
        """Reject the proposal; the text stays as it is (editors)."""
        checked = open_proposal(code, lang)
        blp.require_if_match(proposal_tag(checked))
        proposals.reject(code, checked.lang, g.api_user, checked.version)


@blp.route(
    "/codes/<code:code>/translations/<string:lang>/proposal/accept",
    parameters=[LANG_PARAMETER],
)
class ProposalAcceptance(MethodView):
    @token_required("editor")
    @blp.etag
    @blp.response(200, TranslationSchema)
    @write_errors(blp, 404, 412, 428)
    @blp.doc(operationId="acceptProposal")
    def post(self, code, lang):
        """Make the proposal the text, reviewed by you (not its author).

        If-Match takes the proposal's ETag. The answer is the text as it now
        stands; accepting a source-language text outdates the other languages.
        """
        checked = open_proposal(code, lang)
        blp.require_if_match(proposal_tag(checked))
        proposals.accept(code, checked.lang, g.api_user, checked.version)
        translation = catalogue.get_translation(code, lang)
        blp.set_etag(translation_tag(translation))
        return translation


def open_proposal(code: int, lang: str):
    """Return the open proposal for a text, or raise NotFound."""
    proposal = catalogue.get_translation(code, lang).proposal
    if proposal is None:
        raise NotFound(f"the {lang} text of {code} has no open proposal")
    return proposal
