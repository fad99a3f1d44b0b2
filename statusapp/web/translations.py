"""The translation dashboard, and the review buttons on a code's texts."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from statusapp.models import Translation
from statusapp.services import (
    InvalidValue,
    NotFound,
    PermissionDenied,
    StaleVersion,
    coverage,
    languages,
    permissions,
    translations,
)
from statusapp.web.access import editor_required, me
from statusapp.web.diffs import word_diff
from statusapp.web.forms import TRANSLATION_STATE_NAMES, StatusForm

bp = Blueprint("translations", __name__)


def state_name(status: str) -> str:
    """Name a translation state in the interface language."""
    return str(TRANSLATION_STATE_NAMES.get(status, status))


def can_review(translation: Translation) -> bool:
    """Whether the current user may mark ``translation`` reviewed."""
    return permissions.may_review(me(), translation)


def source_diff(translation: Translation, source: Translation | None):
    """Mark up how the source text changed since ``translation`` was written."""
    if source is None or translation.source_description is None:
        return None
    if translation.source_description == source.description:
        return None
    return word_diff(translation.source_description, source.description)


@bp.app_context_processor
def workflow_helpers():
    return {
        "state_name": state_name,
        "can_review": can_review,
        "source_diff": source_diff,
        "source_lang": languages.source_language,
        "status_form": StatusForm,
    }


@bp.get("/translations")
def dashboard():
    """Show each language's coverage and the texts that need work."""
    reports = coverage.language_reports(enabled_only=True)
    work = coverage.work_lists([report.tag for report in reports])
    return render_template(
        "translations/dashboard.html",
        reports=reports,
        work=work,
        states=("reviewed", "draft", "outdated", "missing"),
    )


@bp.post("/codes/<code:code>/translations/<lang>/status")
@editor_required
def set_status(code: int, lang: str):
    """Mark a text reviewed, or confirm that an outdated text still holds."""
    form = StatusForm()
    back = request.form.get("next") or ""
    if not back.startswith("/") or back.startswith("//"):
        back = url_for("web.code_detail", code=code, lang=lang)
    if not form.validate_on_submit():
        flash(_("The form expired; try again."), "error")
        return redirect(back, 303)
    try:
        translations.set_status(
            code, lang, form.status.data, me(), expected_version=form.version.data
        )
    except NotFound:
        flash(_("That text no longer exists."), "error")
    except StaleVersion:
        flash(
            _("Someone changed the %(tag)s text meanwhile; read it again.", tag=lang),
            "error",
        )
    except PermissionDenied:
        flash(_("You wrote this text last; another editor has to review it."), "error")
    except InvalidValue:
        flash(_("That is not a state a text can be given."), "error")
    else:
        if form.status.data == "reviewed":
            flash(
                _("Marked the %(tag)s text of %(code)s reviewed.", tag=lang, code=code)
            )
        else:
            flash(
                _(
                    "Confirmed the %(tag)s text of %(code)s against the current "
                    "source text.",
                    tag=lang,
                    code=code,
                )
            )
    return redirect(back, 303)
