"""Who may do what: edit, administer, change a note, review a text, revert.

Each rule is written once, as a ``may_...`` answer for pages that decide what
to offer, and a ``require_...`` check that raises PermissionDenied for the
services that do the work.
"""

from flask_babel import lazy_gettext as _l

from statusapp.models import Note, Revision, TextProposal, Translation, User
from statusapp.services.errors import PermissionDenied

ADMINS_ONLY = _l("only admins may do this")
NOTE_OWNERS_ONLY = _l("only the note's author or an admin may change it")
NOT_YOUR_OWN_TEXT = _l("you wrote this text last; another editor has to review it")
NOT_YOUR_OWN_PROPOSAL = _l("you proposed this text; another editor has to accept it")


def is_editor(user: User | None) -> bool:
    """Whether ``user`` may change the catalogue (editors and admins)."""
    return user is not None and user.is_active


def is_admin(user: User | None) -> bool:
    """Whether ``user`` may manage codes, languages and accounts."""
    return is_editor(user) and user.is_admin


def require_editor(user: User | None) -> User:
    """Return ``user`` if it may change the catalogue, else raise PermissionDenied."""
    if not is_editor(user):
        raise PermissionDenied(_l("log in as an editor to change the catalogue"))
    return user


def require_admin(user: User | None) -> User:
    """Return ``user`` if it is an active admin, else raise PermissionDenied."""
    require_editor(user)
    if not user.is_admin:
        raise PermissionDenied(ADMINS_ONLY)
    return user


def may_change_note(user: User | None, author_id: int | None) -> bool:
    """Whether ``user`` may change a note written by ``author_id``."""
    return is_editor(user) and (user.is_admin or author_id == user.id)


def require_note_owner(user: User | None, note: Note) -> User:
    """Raise PermissionDenied unless ``user`` wrote ``note`` or is an admin."""
    require_editor(user)
    if not may_change_note(user, note.author_id):
        raise PermissionDenied(NOTE_OWNERS_ONLY)
    return user


def is_last_author(translation: Translation, user: User) -> bool:
    """Whether ``user`` wrote the text last, and so may not review it."""
    return translation.updated_by_id == user.id


def may_review(user: User | None, translation: Translation) -> bool:
    """Whether ``user`` may mark ``translation`` reviewed now.

    A disputed text is known to be wrong: it is corrected (by an edit or an
    accepted proposal) or its dispute withdrawn, never simply reviewed.
    """
    return (
        is_editor(user)
        and translation.status not in ("reviewed", "disputed")
        and not is_last_author(translation, user)
    )


def may_accept(user: User | None, proposal: TextProposal) -> bool:
    """Whether ``user`` may accept ``proposal``: an editor who did not write it."""
    return is_editor(user) and proposal.author_id != user.id


def require_acceptor(user: User | None, proposal: TextProposal) -> User:
    """Raise PermissionDenied unless ``user`` may accept ``proposal``."""
    require_editor(user)
    if proposal.author_id == user.id:
        raise PermissionDenied(NOT_YOUR_OWN_PROPOSAL)
    return user


def require_reviewer(user: User | None, translation: Translation) -> User:
    """Raise PermissionDenied if ``user`` wrote ``translation`` last."""
    require_editor(user)
    if is_last_author(translation, user):
        raise PermissionDenied(NOT_YOUR_OWN_TEXT)
    return user


def require_reverter(
    user: User | None, revision: Revision, note_author_id: int | None = None
) -> User:
    """Raise PermissionDenied unless ``user`` may undo ``revision``.

    Editors revert changes to texts and to a code's fields; adding or
    deleting a code is undone by admins only, and a note's text by its
    author or an admin. ``note_author_id`` is who wrote the note now.
    """
    require_editor(user)
    if revision.entity == "code" and revision.action != "update":
        require_admin(user)
    if revision.entity == "note" and revision.action != "delete":
        if not may_change_note(user, note_author_id):
            raise PermissionDenied(NOTE_OWNERS_ONLY)
    return user


def may_revert(
    user: User | None, revision: Revision, note_author_id: int | None = None
) -> bool:
    """Whether ``user`` may undo ``revision`` (see require_reverter)."""
    try:
        require_reverter(user, revision, note_author_id)
    except PermissionDenied:
        return False
    return True
