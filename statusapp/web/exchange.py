"""Importing a language's exchange file: upload, preview, confirm."""

import base64
import binascii

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField

from statusapp.services import (
    Conflict,
    InvalidValue,
    StaleVersion,
    exchange,
)
from statusapp.web.access import editor_required, language_or_404, me, render_form
from statusapp.web.diffs import word_diff
from statusapp.web.forms import BaseForm

bp = Blueprint("exchange", __name__)


class ImportForm(BaseForm):
    file = FileField(
        _l("File"),
        description=_l(
            "A CSV or PO file exported above and edited, in UTF-8. Nothing is "
            "saved until you confirm the preview."
        ),
        validators=[FileRequired(_l("Choose a file to import."))],
        render_kw={"accept": ".csv,.po,text/csv,text/x-gettext-translation"},
    )


class ConfirmImportForm(BaseForm):
    """The previewed file, carried exactly, with the preview it gave."""

    # Base64, because browsers turn every line break in a submitted value
    # into CRLF, which would change the file.
    content = HiddenField()
    format = HiddenField()
    fingerprint = HiddenField()


def export_links(tag: str) -> dict[str, str]:
    return {
        fmt: url_for("exchange.Export", tag=tag, format=fmt) for fmt in exchange.FORMATS
    }


def after_import_url(tag: str) -> str:
    if "web.translations.dashboard" in current_app.view_functions:
        return url_for("web.translations.dashboard", _anchor=f"work-{tag}")
    return url_for("web.catalogue.index")


def show_preview(language, report, data: bytes, fmt: str, status: int = 200):
    form = ConfirmImportForm(
        formdata=None,
        content=base64.urlsafe_b64encode(data).decode("ascii"),
        format=fmt,
        fingerprint=report.fingerprint,
    )
    return (
        render_template(
            "translations/preview.html",
            language=language,
            report=report,
            form=form,
            word_diff=word_diff,
            stale=status == 409,
        ),
        status,
    )


@bp.route("/translations/<tag>/import", methods=["GET", "POST"])
@editor_required
def import_file(tag: str):
    """Upload a CSV or PO file and preview what importing it would change."""
    language = language_or_404(tag)
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read()
        fmt = exchange.detect_format(
            upload.filename, upload.mimetype
        ) or exchange.sniff_format(data)
        if fmt is None:
            form.add_errors({"file": [_("Name the file .csv or .po.")]})
        else:
            try:
                report = exchange.import_file(
                    language.tag, data, fmt, me(), dry_run=True
                )
            except InvalidValue as exc:
                form.add_errors({"file": [m for ms in exc.errors.values() for m in ms]})
            else:
                return show_preview(language, report, data, fmt)
    return render_form(
        "translations/import.html",
        form,
        language=language,
        exports=export_links(language.tag),
    )


@bp.post("/translations/<tag>/import/confirm")
@editor_required
def confirm_import(tag: str):
    """Apply exactly the previewed import, or show the new preview if it changed."""
    language = language_or_404(tag)
    form = ConfirmImportForm()
    again = url_for(".import_file", tag=language.tag)
    try:
        data = base64.urlsafe_b64decode(form.content.data or "")
    except (binascii.Error, ValueError):
        data = None
    if not form.validate_on_submit() or not data:
        flash(_("The form expired; upload the file again."), "error")
        return redirect(again, 303)
    fmt = form.format.data
    try:
        report = exchange.import_file(
            language.tag, data, fmt, me(), expected=form.fingerprint.data
        )
    except InvalidValue:
        flash(_("The file could not be read; upload it again."), "error")
        return redirect(again, 303)
    except (StaleVersion, Conflict):
        report = exchange.import_file(language.tag, data, fmt, me(), dry_run=True)
        return show_preview(language, report, data, fmt, 409)
    message = ngettext(
        "Imported %(num)d text into %(language)s as a draft.",
        "Imported %(num)d texts into %(language)s as drafts.",
        report.applied,
        language=language.native_name,
    )
    if report.conflicts:
        message += " " + ngettext(
            "%(num)d conflict was left as it is.",
            "%(num)d conflicts were left as they are.",
            len(report.conflicts),
        )
    flash(message)
    return redirect(after_import_url(language.tag), 303)
