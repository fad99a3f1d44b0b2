"""A code's history pages, with a readable diff per change, and reverting a
change after a confirmation page that shows what the revert would restore."""

import math
import re
from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from statusapp.http_caching import revalidated
from statusapp.models import Revision
from statusapp.services import StaleVersion, codes, history, reverting
from statusapp.web.access import editor_required, me
from statusapp.web.diffs import FieldChange, compare, revision_changes
from statusapp.web.forms import ButtonForm

bp = Blueprint("history", __name__)

# Revisions on one page of a history; page 1 holds the newest.
PAGE_SIZE = 50
# ?page= as a page number: no sign, no leading zero, and few enough digits
# that the offset stays a small number for the database.
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")

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
    ("proposal", "create"): _l("%(who)s proposed a correction to the %(tag)s text"),
    ("proposal", "update"): _l(
        "%(who)s changed the correction proposed for the %(tag)s text"
    ),
    ("proposal", "delete"): _l(
        "%(who)s closed the correction proposed for the %(tag)s text"
    ),
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
@revalidated
def code_history(code: int):
    """List the changes to a code, its texts and notes, newest first, page by page."""
    asked = request.args.get("page", "1")
    page = int(asked) if PAGE_NUMBER.fullmatch(asked) else None
    result = history.code_history(code, page=page or 1, per_page=PAGE_SIZE)
    last = max(1, math.ceil(result.total / PAGE_SIZE))
    if page is None or page > last:
        abort(
            404,
            _("This history has no such page; its last is page %(last)s.", last=last),
        )
    # Read first and held, so that the revert rule below finds it in the session.
    record = codes.find_code(code)
    refusals = reverting.revert_refusals(code, result.items, me())
    entries = [
        Entry(revision, revision_changes(revision), refusals[revision.id] is None)
        for revision in result.items
    ]
    return render_template(
        "codes/history.html",
        code=code,
        record=record,
        entries=entries,
        page=page,
        last=last,
        reverted=reverted_links(code, result.items),
    )


def reverted_links(code: int, revisions: list[Revision]) -> dict[int, str]:
    """Return a link to each revision that one of ``revisions`` reverted.

    One on this page is linked by its anchor; one on an older page, by that
    page's address and the anchor.
    """
    targets = {r.reverts_id for r in revisions if r.reverts_id is not None}
    newer = history.newer_revisions(code, sorted(targets - {r.id for r in revisions}))
    links = {}
    for target in targets:
        address = ""
        if target in newer:
            page = newer[target] // PAGE_SIZE + 1
            address = url_for(".code_history", code=code, page=page)
        links[target] = f"{address}#revision-{target}"
    return links


def revision_link(code: int, revision_id: int) -> str:
    """Return the address of a revision on the page of the history that holds it."""
    newer = history.newer_revisions(code, [revision_id]).get(revision_id, 0)
    page = newer // PAGE_SIZE + 1
    address = url_for(".code_history", code=code, page=page if page > 1 else None)
    return f"{address}#revision-{revision_id}"


@bp.get("/revisions/<id:revision_id>/revert")
@editor_required
def confirm_revert(revision_id: int):
    """Show what reverting a revision would change, to confirm or cancel."""
    plan = reverting.preview(revision_id, me())
    revision = plan.revision
    if isinstance(plan.refusal, StaleVersion):
        # The reason comes from the services, which speak English for now.
        message = _(
            "Revision #%(id)s can no longer be reverted: %(reason)s.",
            id=revision_id,
            reason=plan.refusal,
        )
        flash(message, "error")
        return redirect(revision_link(revision.code, revision_id))
    if plan.refusal is not None:
        # Not allowed, or its code is gone: the answer a POST would get.
        raise plan.refusal
    fields = history.FIELDS[revision.entity]
    changes = compare(fields, plan.current, plan.after)
    return render_template(
        "codes/revert.html",
        entry=Entry(revision, changes, True),
        form=ButtonForm(),
        back=revision_link(revision.code, revision_id),
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
