"""Forms for editors' notes: add, edit (with a Markdown preview) and delete."""

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import StringField, SubmitField, TextAreaField

from statusapp.markup import render_markdown
from statusapp.models import Note
from statusapp.services import InvalidValue, StaleVersion, codes, notes
from statusapp.services.language_tags import MAX_LANGUAGE_TAG
from statusapp.web.access import can_change_note, editor_required, me, render_form
from statusapp.web.conflicts import edit_conflict
from statusapp.web.forms import BaseForm, DeleteForm, VersionField

bp = Blueprint("notes", __name__)


class NoteForm(BaseForm):
    body = TextAreaField(
        _l("Note"),
        description=_l(
            "Markdown: **bold**, *italic*, [links](https://example.com), lists. "
            "Scripts and raw HTML are removed."
        ),
        render_kw={"required": True, "rows": 8},
    )
    lang = StringField(
        _l("Language of the note"),
        description=_l(
            "A BCP 47 tag such as en or zh-CN; leave empty if it does not matter."
        ),
        render_kw={"autocomplete": "off", "maxlength": MAX_LANGUAGE_TAG},
    )
    save = SubmitField(_l("Save note"))
    preview = SubmitField(_l("Preview"))

    def note_data(self) -> dict:
        return {"body": self.body.data, "lang": self.lang.data or None}


class EditNoteForm(NoteForm):
    version = VersionField()


def note_url(note: Note) -> str:
    return url_for(
        "web.catalogue.code_detail", code=note.code, _anchor=f"note-{note.id}"
    )


def changeable_note(note_id: int) -> Note:
    """Return the note if the current user may change it, else answer 403."""
    note = notes.get_note(note_id)
    if not can_change_note(note):
        abort(403, _("Only the note's author or an admin may change it."))
    return note


def preview_of(form) -> str:
    return render_markdown(form.body.data or "")


@bp.route("/codes/<code:code>/notes/new", methods=["GET", "POST"])
@editor_required
def new_note(code: int):
    """Add a Markdown note to a code, with a preview before saving."""
    record = codes.get_code_record(code)
    form = NoteForm(lang=request.args.get("lang"))
    preview = None
    if form.validate_on_submit():
        if form.preview.data:
            preview = preview_of(form)
            return render_form(
                "notes/edit.html", form, 200, record=record, preview=preview
            )
        try:
            note = notes.add_note(code, form.note_data(), me())
        except InvalidValue as exc:
            form.add_errors(exc.errors)
        else:
            flash(_("Added your note to %(code)s.", code=code))
            return redirect(note_url(note))
    return render_form("notes/edit.html", form, record=record, preview=preview)


@bp.route("/notes/<id:note_id>/edit", methods=["GET", "POST"])
@editor_required
def edit_note(note_id: int):
    """Change a note's text or language (its author or an admin)."""
    note = changeable_note(note_id)
    record = note.status_code
    form = EditNoteForm(obj=note)
    status = None
    preview = conflict = None
    if form.validate_on_submit():
        if form.preview.data:
            preview = preview_of(form)
            return render_form(
                "notes/edit.html", form, 200, record=record, note=note, preview=preview
            )
        try:
            notes.update_note(note_id, form.note_data(), me(), form.version.data)
        except InvalidValue as exc:
            form.add_errors(exc.errors)
        except StaleVersion:
            note = notes.find_note(note_id)
            conflict = edit_conflict("note", note, str(note_id), form.note_data())
            form.version.data = note.version if note else None
            status = 409
        else:
            flash(_("Saved your note."))
            return redirect(note_url(note))
    return render_form(
        "notes/edit.html",
        form,
        status,
        record=record,
        note=note,
        preview=preview,
        conflict=conflict,
    )


@bp.route("/notes/<id:note_id>/delete", methods=["GET", "POST"])
@editor_required
def delete_note(note_id: int):
    """Delete a note after a confirmation (its author or an admin)."""
    note = changeable_note(note_id)
    form = DeleteForm(obj=note)
    status = None
    stale = False
    if form.validate_on_submit():
        code = note.code
        try:
            notes.delete_note(note_id, me(), form.version.data)
        except StaleVersion:
            note = notes.get_note(note_id)
            form.version.data = note.version
            stale, status = True, 409
        else:
            flash(_("Deleted the note on %(code)s.", code=code))
            return redirect(url_for("web.catalogue.code_detail", code=code))
    return render_form("notes/delete.html", form, status, note=note, stale=stale)
