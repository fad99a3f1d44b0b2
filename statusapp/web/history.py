"""A code's history page, with a readable diff and a revert button per change."""

from dataclasses import dataclass

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from statusapp.models import Revision
from statusapp.services import (
    StaleVersion,
    codes,
    history,
    notes,
    permissions,
    reverting,
)
from statusapp.web.access import editor_required, me
from statusapp.web.diffs import FieldChange, revision_changes
from statusapp.web.forms import ButtonForm

bp = Blueprint("history", __name__)

# One whole sentence per kind of change, so that each language can order it.
HEADLINES = {
    ("code", "create"): _l("%(who)s added the code %(code)s"),
    ("code", "update"): _l("%(who)s changed the code %(code)s"),
    ("code", "delete"): _l("%(who)s deleted the code %(code)s"),
    ("translation", "create"): _l("%(who)s added the %(tag)s text"),
    ("translation", "update"): _l("%(who)s changed the %(tag)s text"),
    ("translation", "delete"): _l("%(who)s deleted the %(tag)s text"),
    ("note", "create"): _l("%(who)s added note #%(note)s"),
    ("note", "update"): _l("%(who)s changed note #%(note)s"),
    ("note", "delete"): _l("%(who)s deleted note #%(note)s"),
}


@dataclass
class Entry:
    """One revision as the history page shows it."""

    revision: Revision
    changes: list[FieldChange]
    can_revert: bool

    @property
    def headline(self) -> str:
        """Who did what, such as "eddie changed the en text"."""
        revision = self.revision
        who = revision.author.username if revision.author else None
        return HEADLINES[revision.entity, revision.action] % {
            "who": who or _("An unknown editor"),
            "code": revision.code,
            "tag": revision.entity_key.split("/", 1)[-1],
            "note": revision.entity_key,
        }


@bp.get("/codes/<code:code>/history")
def code_history(code: int):
    """List every change to a code, its texts and notes, newest first."""
    user = me()
    note_authors = notes.note_authors(code)
    entries = []
    for revision in history.code_history(code):
        # Who wrote a note now decides who may undo a change to it.
        author_id = None
        if revision.entity == "note":
            author_id = note_authors.get(int(revision.entity_key))
        may_revert = permissions.may_revert(user, revision, author_id)
        entries.append(Entry(revision, revision_changes(revision), may_revert))
    return render_template(
        "codes/history.html",
        code=code,
        record=codes.find_code(code),
        entries=entries,
        form=ButtonForm(),
    )


@bp.post("/revisions/<id:revision_id>/revert")
@editor_required
def revert(revision_id: int):
    """Undo one revision, recorded as a new revision."""
    revision = history.get_revision(revision_id)
    code = revision.code
    if not ButtonForm().validate_on_submit():
        flash(_("The form expired; try the revert again."), "error")
    else:
        try:
            new = reverting.revert(revision_id, me())
        except StaleVersion as exc:
            # The reason comes from the services, which speak English for now.
            message = _(
                "Revision #%(id)s was not reverted: %(reason)s.",
                id=revision_id,
                reason=exc,
            )
            flash(message, "error")
        else:
            flash(
                _(
                    "Reverted revision #%(id)s as revision #%(new)s.",
                    id=revision_id,
                    new=new.id,
                )
            )
    return redirect(url_for(".code_history", code=code))
