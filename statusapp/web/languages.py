"""The languages page: admins add languages and enable or disable them."""

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import StringField

from statusapp.http_caching import revalidated
from statusapp.services import Conflict, InvalidValue, coverage, languages
from statusapp.services.fields import LIMITS
from statusapp.web.access import admin_required, me, render_form
from statusapp.web.forms import BaseForm, ButtonForm, language_tag_field

bp = Blueprint("languages", __name__, url_prefix="/admin")


class NewLanguageForm(BaseForm):
    tag = language_tag_field(_l("A BCP 47 tag, such as ja, fr or pt-BR."))
    name = StringField(
        _l("Name in English"),
        render_kw={
            "required": True,
            "autocomplete": "off",
            "maxlength": LIMITS["language_name"],
        },
    )
    native_name = StringField(
        _l("Name in the language itself"),
        description=_l("Readers pick languages by this name, such as 日本語."),
        render_kw={
            "required": True,
            "autocomplete": "off",
            "maxlength": LIMITS["language_name"],
        },
    )

    def language_data(self) -> dict:
        return {
            "tag": self.tag.data or "",
            "name": self.name.data or "",
            "native_name": self.native_name.data or "",
        }


def languages_page(form: NewLanguageForm):
    return render_form(
        "admin/languages.html",
        form,
        reports=coverage.language_reports(),
    )


@bp.get("/languages")
@revalidated
@admin_required
def languages_list():
    """List every language with its coverage, with a form to add one."""
    return languages_page(NewLanguageForm())


@bp.post("/languages")
@admin_required
def add_language():
    """Add a language readers can pick and editors can translate into."""
    form = NewLanguageForm()
    if form.validate_on_submit():
        try:
            language = languages.add_language(form.language_data(), me())
        except InvalidValue as exc:
            form.add_errors(exc.errors)
        except Conflict as exc:
            form.add_errors({"tag": [str(exc)]})
        else:
            flash(_("Added %(name)s (%(tag)s).", name=language.name, tag=language.tag))
            return redirect(url_for(".languages_list"), 303)
    return languages_page(form)


@bp.post("/languages/<tag>/<any(enable, disable):action>")
@admin_required
def set_enabled(tag: str, action: str):
    """Offer a language to readers again, or hide it (its texts are kept)."""
    if not ButtonForm().validate_on_submit():
        flash(_("The form expired; try again."), "error")
        return redirect(url_for(".languages_list"), 303)
    try:
        language = languages.update_language(tag, {"enabled": action == "enable"}, me())
    except Conflict:
        flash(_("The source language cannot be disabled."), "error")
    else:
        if language.enabled:
            flash(_("%(name)s is offered to readers again.", name=language.name))
        else:
            flash(_("%(name)s is hidden from readers.", name=language.name))
    return redirect(url_for(".languages_list"), 303)
