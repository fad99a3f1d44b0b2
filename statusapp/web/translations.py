"""A code's texts: the forms to write them, the review buttons, the dashboard."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, TextAreaField

from statusapp.http_caching import revalidated
from statusapp.models import Language, StatusCode, Translation
from statusapp.services import (
    Conflict,
    InvalidValue,
    NotFound,
    PermissionDenied,
    StaleVersion,
    codes,
    coverage,
    languages,
    permissions,
    translations,
)
from statusapp.services.fields import LIMITS
from statusapp.services.language_tags import check_language_tag
from statusapp.services.saving import NEW
from statusapp.web.access import editor_required, language_or_404, me, render_form
from statusapp.web.conflicts import edit_conflict
from statusapp.web.diffs import word_diff
from statusapp.web.forms import TRANSLATION_STATE_NAMES, BaseForm, VersionField
from statusapp.web.redirects import safe_next
from statusapp.web.switcher import ui_language_name

bp = Blueprint("translations", __name__)


class TranslationForm(BaseForm):
    title = StringField(
        _l("Title"),
        description=_l("The code's name in this language (optional)."),
        render_kw={"maxlength": LIMITS["title"], "autocomplete": "off"},
    )
    description = TextAreaField(
        _l("Description"), render_kw={"required": True, "rows": 10}
    )
    # 0 stands for "there was no translation when the form was loaded".
    version = VersionField()

    def translation_data(self) -> dict:
        return {"title": self.title.data, "description": self.description.data}


class LanguageForm(BaseForm):
    """Pick the language of a new translation (a GET form: no CSRF token).

    It offers the enabled languages the code has no text in yet; the view,
    not the field, judges what comes back, so that a tag from elsewhere is
    refused with a reason rather than "Not a valid choice".
    """

    class Meta:
        csrf = False

    lang = SelectField(
        _l("Language"),
        description=_l("The catalogue's languages that this code has no text in yet."),
        validate_choice=False,
    )

    def offer(self, offered: list[Language]) -> None:
        self.lang.choices = [
            (language.tag, language_label(language)) for language in offered
        ]


def language_label(language: Language) -> str:
    """Name a language in the interface language, then in itself if that differs."""
    name = ui_language_name(language.tag)
    if name == language.native_name:
        return name
    return _("%(name)s (%(native_name)s)", name=name, native_name=language.native_name)


def languages_without_text(record: StatusCode) -> list[Language]:
    """Return the enabled languages ``record`` has no text in, the source first."""
    written = record.translations_by_lang
    return [x for x in languages.enabled_languages() if x.tag not in written]


def chosen_language(value: str) -> Language:
    """Return the enabled language a new text was asked in, or raise InvalidValue."""
    tag = check_language_tag(value.strip())
    try:
        language = languages.get_language(tag)
    except NotFound:
        raise InvalidValue(
            "lang",
            _("%(tag)r is not one of the catalogue's languages.", tag=tag),
        ) from None
    if not language.enabled:
        raise InvalidValue(
            "lang",
            _(
                "%(language)s is disabled, so it takes no new texts; an admin "
                "can enable it on the languages page.",
                language=ui_language_name(language.tag),
            ),
        )
    return language


class StatusForm(BaseForm):
    """A review button: the state to give a text, and its version when shown."""

    status = HiddenField()
    version = VersionField()


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


def detail_url(code: int, lang: str | None = None) -> str:
    if lang in languages.enabled_tags():
        return url_for("web.catalogue.code_detail", code=code, lang=lang)
    return url_for(
        "web.catalogue.code_detail", code=code, _anchor=f"translation-{lang}"
    )


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
@revalidated
def dashboard():
    """Show each language's coverage and the texts that need work."""
    reports = coverage.language_reports(enabled_only=True)
    work = coverage.work_lists([report.tag for report in reports])
    return render_template(
        "translations/dashboard.html",
        reports=reports,
        work=work,
        states=("reviewed", "draft", "outdated", "disputed", "missing"),
    )


@bp.get("/codes/<code:code>/translations/new")
@editor_required
def new_translation(code: int):
    """Offer the languages a code has no text in, then open the chosen one's form."""
    record = codes.get_code_record(code)
    offered = languages_without_text(record)
    asked = "lang" in request.args
    form = LanguageForm(formdata=request.args if asked else None)
    form.offer(offered)
    if asked and form.validate():
        try:
            language = chosen_language(form.lang.data or "")
        except InvalidValue as exc:
            errors = exc.errors
            if not offered:  # no field is shown to mark: list them on top
                errors = {"": [m for messages in errors.values() for m in messages]}
            form.add_errors(errors)
        else:
            # A text written meanwhile opens in its edit form, not as an error.
            return redirect(url_for(".edit_translation", code=code, lang=language.tag))
    source = languages.source_language()
    written = [
        (ui_language_name(tag), detail_url(code, tag))
        for tag in sorted(record.translations_by_lang, key=lambda x: (x != source, x))
    ]
    return render_form(
        "codes/new_translation.html",
        form,
        422 if asked else 200,
        record=record,
        offered=offered,
        written=written,
    )


@bp.route("/codes/<code:code>/translations/<lang>/edit", methods=["GET", "POST"])
@editor_required
def edit_translation(code: int, lang: str):
    """Write or rewrite a code's title and description in one language."""
    lang = language_or_404(lang).tag
    record = codes.get_code_record(code)
    translation = record.translations_by_lang.get(lang)
    # NEW as the version: there was no translation when the form was loaded.
    form = TranslationForm(obj=translation, version=NEW)
    status = None
    conflict = None
    if form.validate_on_submit():
        data = form.translation_data()
        try:
            _saved, created = translations.save_translation(
                code, lang, data, me(), form.version.data
            )
        except InvalidValue as exc:
            form.add_errors(exc.errors)
        except (StaleVersion, Conflict):
            # Conflict: someone created this translation at the same moment.
            translation = translations.find_translation(code, lang)
            key = f"{code}/{lang}"
            conflict = edit_conflict("translation", translation, key, data)
            form.version.data = translation.version if translation else NEW
            status = 409
        else:
            if created:
                message = _("Added the %(tag)s text of %(code)s.", tag=lang, code=code)
            else:
                message = _("Saved the %(tag)s text of %(code)s.", tag=lang, code=code)
            flash(message)
            return redirect(detail_url(code, lang))
    return render_form(
        "codes/translation.html",
        form,
        status,
        record=record,
        tag=lang,
        translation=translation,
        conflict=conflict,
    )


@bp.post("/codes/<code:code>/translations/<lang>/status")
@editor_required
def set_status(code: int, lang: str):
    """Mark a text reviewed, or confirm that an outdated text still holds."""
    form = StatusForm()
    here = url_for("web.catalogue.code_detail", code=code, lang=lang)
    back = safe_next(request.form.get("next"), here)
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
