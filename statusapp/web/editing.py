"""Forms for a code's fields and its translations; creating and deleting codes."""

from dataclasses import dataclass, field

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _

from statusapp.extensions import db
from statusapp.models import Revision, Translation
from statusapp.services import (
    Conflict,
    InvalidValue,
    NotFound,
    StaleVersion,
    codes,
    history,
    languages,
    translations,
)
from statusapp.services.language_tags import check_language_tag
from statusapp.services.saving import NEW
from statusapp.web.access import (
    admin_required,
    editor_required,
    language_or_404,
    me,
    render_form,
)
from statusapp.web.diffs import FieldChange, compare
from statusapp.web.forms import (
    CodeForm,
    DeleteForm,
    LanguageForm,
    NewCodeForm,
    TranslationForm,
)

bp = Blueprint("editing", __name__)


@dataclass
class EditConflict:
    """Someone saved the record after the form was loaded: what is saved now."""

    latest: Revision | None
    changes: list[FieldChange] = field(default_factory=list)
    gone: bool = False


def edit_conflict(entity: str, record, key: str, code: int, yours: dict):
    """Describe the saved version of ``record`` against the submitted values."""
    latest = next(
        (
            r
            for r in history.code_history(code)
            if r.entity == entity and r.entity_key == key
        ),
        None,
    )
    if record is None:
        return EditConflict(latest, compare(yours, {}, yours), gone=True)
    saved = history.snapshot(entity, record)
    # Only what the form edits: a text's review state is not on its form.
    names = [name for name in history.FIELDS[entity] if name in yours]
    return EditConflict(latest, compare(names, saved, yours))


def detail_url(code: int, lang: str | None = None) -> str:
    if lang in languages.enabled_tags():
        return url_for("web.code_detail", code=code, lang=lang)
    return url_for("web.code_detail", code=code, _anchor=f"translation-{lang}")


# A code's own fields -----------------------------------------------------------


@bp.route("/codes/<code:code>/edit", methods=["GET", "POST"])
@editor_required
def edit_code(code: int):
    """Change a code's reason phrase, other names, reference and registry status."""
    record = codes.get_code_record(code)
    form = CodeForm(obj=record)
    status = None
    conflict = None
    if form.validate_on_submit():
        before = record.version
        try:
            codes.update_code(code, form.code_data(), me(), form.version.data)
        except InvalidValue as exc:
            form.add_errors(exc.errors)
        except StaleVersion:
            record = codes.get_code_record(code)
            conflict = edit_conflict("code", record, str(code), code, form.code_data())
            form.version.data = record.version
            status = 409
        else:
            if record.version == before:
                flash(
                    _(
                        "Nothing changed in %(code)s: the form matched what is saved.",
                        code=code,
                    )
                )
            else:
                flash(
                    _(
                        "Saved your changes to %(code)s %(phrase)s.",
                        code=code,
                        phrase=record.reason_phrase,
                    )
                )
            return redirect(url_for("web.code_detail", code=code))
    return render_form(
        "codes/edit.html", form, status, record=record, conflict=conflict
    )


@bp.route("/codes/new", methods=["GET", "POST"])
@admin_required
def new_code():
    """Add a status code to the catalogue."""
    form = NewCodeForm()
    if form.validate_on_submit():
        try:
            record = codes.create_code(form.code_data(), me())
        except InvalidValue as exc:
            form.add_errors(exc.errors)
        except Conflict:
            taken = _("%(code)s is already in the catalogue.", code=form.code.data)
            form.add_errors({"code": [taken]})
        else:
            flash(
                _(
                    "Added %(code)s %(phrase)s.",
                    code=record.code,
                    phrase=record.reason_phrase,
                )
            )
            return redirect(url_for("web.code_detail", code=record.code))
    return render_form("codes/new.html", form)


@bp.route("/codes/<code:code>/delete", methods=["GET", "POST"])
@admin_required
def delete_code(code: int):
    """Delete a code with its translations and notes, after a confirmation."""
    record = codes.get_code_record(code)
    form = DeleteForm(obj=record)
    status = None
    stale = False
    if form.validate_on_submit():
        try:
            codes.delete_code(code, me(), form.version.data)
        except StaleVersion:
            record = codes.get_code_record(code)
            form.version.data = record.version
            stale, status = True, 409
        else:
            flash(_("Deleted %(code)s with its translations and notes.", code=code))
            return redirect(url_for("web.index"))
    return render_form("codes/delete.html", form, status, record=record, stale=stale)


# Translations -------------------------------------------------------------------


@bp.get("/codes/<code:code>/translations/new")
@editor_required
def new_translation(code: int):
    """Ask for the language of a new translation, then open its form."""
    record = codes.get_code_record(code)
    asked = "lang" in request.args
    form = LanguageForm(formdata=request.args if asked else None)
    if asked:
        try:
            tag = check_language_tag(form.lang.data.strip())
            tag = languages.get_language(tag).tag
        except InvalidValue as exc:
            form.add_errors(exc.errors)
        except NotFound:
            form.add_errors(
                {"lang": [_("That is not one of the catalogue's languages yet.")]}
            )
        else:
            return redirect(url_for(".edit_translation", code=code, lang=tag))
    return render_form(
        "codes/new_translation.html", form, 422 if asked else 200, record=record
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
        try:
            _saved, created = translations.save_translation(
                code, lang, form.translation_data(), me(), form.version.data
            )
        except InvalidValue as exc:
            form.add_errors(exc.errors)
        except (StaleVersion, Conflict):
            # Conflict: someone created this translation at the same moment.
            translation = db.session.get(Translation, (code, lang))
            conflict = edit_conflict(
                "translation",
                translation,
                f"{code}/{lang}",
                code,
                form.translation_data(),
            )
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
