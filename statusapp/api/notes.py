"""Notes on codes: add, read, change and delete them."""

from flask import g, url_for
from flask.views import MethodView

from statusapp.api.auth import token_required
from statusapp.api.base import PROBLEM, Blueprint, json_body, write_errors
from statusapp.api.schemas.notes import NoteCreateSchema, NotePatchSchema, NoteSchema
from statusapp.services import notes, permissions

blp = Blueprint("notes", __name__, description="Editors' notes on codes")


def note_tag(note) -> dict:
    return {"note": note.id, "version": note.version}


@blp.route("/codes/<code:code>/notes")
class CodeNotes(MethodView):
    @token_required("editor")
    @json_body
    @blp.etag
    @blp.arguments(NoteCreateSchema)
    @blp.response(201, NoteSchema)
    @write_errors(blp, 404)
    @blp.doc(operationId="createNote")
    def post(self, data, code):
        """Add a Markdown note to a code."""
        note = notes.add_note(code, data, g.api_user)
        blp.set_etag(note_tag(note))
        return note, {"Location": url_for("notes.Note", note_id=note.id)}


@blp.route("/notes/<id:note_id>")
class Note(MethodView):
    @blp.etag
    @blp.response(200, NoteSchema)
    @blp.alt_response(404, description="No such note", **PROBLEM)
    @blp.doc(operationId="getNote")
    def get(self, note_id):
        """Show one note."""
        note = notes.get_note(note_id)
        blp.set_etag(note_tag(note))
        return note

    @token_required("editor")
    @json_body
    @blp.etag
    @blp.arguments(NotePatchSchema)
    @blp.response(200, NoteSchema)
    @write_errors(blp, 404, 412, 428)
    @blp.doc(operationId="updateNote")
    def patch(self, data, note_id):
        """Change a note (its author or an admin)."""
        note = notes.get_note(note_id)
        permissions.require_note_owner(g.api_user, note)
        blp.require_if_match(note_tag(note))
        note = notes.update_note(
            note_id, data, g.api_user, expected_version=note.version
        )
        blp.set_etag(note_tag(note))
        return note

    @token_required("editor")
    @blp.etag
    @blp.response(204)
    @write_errors(blp, 404, 412, 428)
    @blp.doc(operationId="deleteNote")
    def delete(self, note_id):
        """Delete a note (its author or an admin)."""
        note = notes.get_note(note_id)
        permissions.require_note_owner(g.api_user, note)
        blp.require_if_match(note_tag(note))
        notes.delete_note(note_id, g.api_user, expected_version=note.version)
