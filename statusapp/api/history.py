"""History: every change to a code, its translations and notes; reverting one."""

from flask import g, url_for

from statusapp.api.auth import token_required
from statusapp.api.base import PROBLEM, Blueprint, pagination_links, write_errors
from statusapp.api.schemas.common import PageArgsSchema
from statusapp.api.schemas.history import RevisionPageSchema, RevisionSchema
from statusapp.services import history, reverting

blp = Blueprint("history", __name__, description="Revisions and reverts")


@blp.route("/codes/<code:code>/history")
@blp.etag
@blp.arguments(PageArgsSchema, location="query", as_kwargs=True)
@blp.response(200, RevisionPageSchema, headers={"Link": "Link"})
@blp.alt_response(404, description="No such code, and no history of one", **PROBLEM)
@blp.doc(operationId="listCodeHistory")
def code_history(code, page=1, per_page=100):
    """List the revisions of a code, its translations and notes, newest first."""
    result = history.code_history(code, page=page, per_page=per_page)
    return result, {"Link": pagination_links(result)}


@blp.route("/revisions/<id:revision_id>")
@blp.etag
@blp.response(200, RevisionSchema)
@blp.alt_response(404, description="No such revision", **PROBLEM)
@blp.doc(operationId="getRevision")
def revision(revision_id):
    """Show one revision."""
    return history.get_revision(revision_id)


@blp.route("/revisions/<id:revision_id>/revert", methods=["POST"])
@token_required("editor")
@blp.response(201, RevisionSchema)
@write_errors(blp, 404, 412)
@blp.doc(operationId="revertRevision")
def revert(revision_id):
    """Restore what a revision replaced, recorded as a new revision."""
    new = reverting.revert(revision_id, g.api_user)
    return new, {"Location": url_for("history.revision", revision_id=new.id)}
