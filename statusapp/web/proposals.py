"""Disputing a text and proposing its correction; accepting or rejecting one."""

from flask import Blueprint, flash, redirect, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField

from statusapp.services import (
    InvalidValue,
    NotFound,
    PermissionDenied,
    StaleVersion,
    codes,
    permissions,
    proposals,
    translations,
)
from statusapp.services.fields import LIMITS
from statusapp.services.saving import NEW
from statusapp.web.access import editor_required, language_or_404, me, render_form
from statusapp.web.forms import BaseForm, VersionField
from statusapp.web.redirects import safe_next
from statusapp.web.switcher import ui_language_name
from statusapp.web.translations import detail_url

bp = Blueprint("proposals", __name__)


@bp.app_context_processor
def proposal_helpers():
    def can_accept(proposal) -> bool:
        return permissions.may_accept(me(), proposal)

    return {"can_accept": can_accept}


class ProposalForm(BaseForm):
    dispute_reason = StringField(
        _l("What is wrong with the current text"),
        description=_l(
            "Optional. Filling it in marks the current text disputed, for this "
            "reason, until the correction is accepted."
        ),
        render_kw={"maxlength": LIMITS["dispute_reason"], "autocomplete": "off"},
    )
    title = StringField(
        _l("Title"),
        description=_l("The code's name in this language (optional)."),
        render_kw={"maxlength": LIMITS["title"], "autocomplete": "off"},
    )
    description = TextAreaField(
        _l("Corrected description"), render_kw={"required": True, "rows": 10}
    )
    # The proposal's version, or 0 when there was none as the form was loaded.
    version = VersionField()

    def proposal_data(self) -> dict:
        return {"title": self.title.data, "description": self.description.data}


class DecisionForm(BaseForm):
    """Accept or reject the proposal at the version the editor saw."""

    version = VersionField()


@bp.route("/codes/<code:code>/translations/<lang>/proposal", methods=["GET", "POST"])
@editor_required
def propose(code: int, lang: str):
    """Offer a corrected text beside the current one, disputing it if need be."""
    lang = language_or_404(lang).tag
    record = codes.get_code_record(code)
    translation = translations.get_translation_record(code, lang)
    proposal = translation.proposal
    form = ProposalForm(obj=proposal or translation)
    if request.method == "GET":
        # The version is the proposal's, never the text's the form starts from.
        form.version.data = proposal.version if proposal else NEW
        form.dispute_reason.data = translation.dispute_reason
    if form.validate_on_submit():
        reason = form.dispute_reason.data or None
        try:
            proposals.propose(
                code,
                lang,
                form.proposal_data(),
                me(),
                expected_version=form.version.data,
                reason=reason,
            )
        except InvalidValue as exc:
            form.add_errors(exc.errors)
        except StaleVersion:
            form.add_errors(
                {
                    "version": [
                        _(
                            "Someone changed the proposal meanwhile; read it "
                            "again before you save yours."
                        )
                    ]
                }
            )
            current = translation.proposal
            form.version.data = current.version if current else NEW
        else:
            flash(
                _(
                    "Proposed a correction to the %(language)s text of %(code)s.",
                    language=ui_language_name(lang),
                    code=code,
                )
            )
            return redirect(detail_url(code, lang))
    return render_form(
        "codes/proposal.html",
        form,
        record=record,
        translation=translation,
        proposal=proposal,
    )


def _decide(code: int, lang: str, decide, done: str):
    form = DecisionForm()
    back = safe_next(request.form.get("next"), detail_url(code, lang))
    if not form.validate_on_submit():
        flash(_("The form expired; try again."), "error")
        return redirect(back, 303)
    try:
        decide(code, lang, me(), expected_version=form.version.data)
    except NotFound:
        flash(_("That proposal is no longer open."), "error")
    except StaleVersion:
        flash(_("Someone changed the proposal meanwhile; read it again."), "error")
    except PermissionDenied:
        flash(_("You proposed this text; another editor has to accept it."), "error")
    else:
        flash(done)
    return redirect(back, 303)


@bp.post("/codes/<code:code>/translations/<lang>/proposal/accept")
@editor_required
def accept(code: int, lang: str):
    """Make the proposal the text, reviewed by the editor who accepts it."""
    lang = language_or_404(lang).tag
    name = ui_language_name(lang)
    done = _(
        "The proposal is now the %(language)s text of %(code)s.",
        language=name,
        code=code,
    )
    return _decide(code, lang, proposals.accept, done)


@bp.post("/codes/<code:code>/translations/<lang>/proposal/reject")
@editor_required
def reject(code: int, lang: str):
    """Close the proposal; the text stays as it is."""
    lang = language_or_404(lang).tag
    done = _(
        "Rejected the proposal; the %(language)s text of %(code)s is unchanged.",
        language=ui_language_name(lang),
        code=code,
    )
    return _decide(code, lang, proposals.reject, done)
