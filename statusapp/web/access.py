"""Who may open the editing pages, and what the templates may show them."""

from functools import wraps

from flask import Flask, abort, current_app, render_template
from flask_babel import gettext as _
from flask_login import current_user

from statusapp.models import Language, User
from statusapp.services import NotFound, languages, permissions


def me() -> User | None:
    """Return the logged-in User itself (not the proxy), or None."""
    if not current_user.is_authenticated:
        return None
    return current_user._get_current_object()


def is_editor() -> bool:
    """Whether the current user may change the catalogue."""
    return permissions.is_editor(me())


def is_admin() -> bool:
    """Whether the current user may manage codes, languages and accounts."""
    return permissions.is_admin(me())


def editor_required(view):
    """Send anonymous visitors to the login page; let editors and admins in."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not is_editor():
            return current_app.login_manager.unauthorized()
        return view(*args, **kwargs)

    return wrapped


def admin_required(view):
    """Send anonymous visitors to the login page; answer editors with 403."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not is_editor():
            return current_app.login_manager.unauthorized()
        if not is_admin():
            abort(403, _("Only admins may do this."))
        return view(*args, **kwargs)

    return wrapped


def can_change_note(note) -> bool:
    return permissions.may_change_note(me(), note.author_id)


def language_or_404(tag: str) -> Language:
    """Return the language ``tag`` names, or answer 404."""
    try:
        return languages.get_language(tag)
    except NotFound:
        abort(404, _("%(tag)r is not one of the catalogue's languages.", tag=tag))


def render_form(template: str, form, status: int | None = None, **context):
    """Render a form page: 200 when first shown, 422 when a submission failed."""
    if status is None:
        status = 422 if form.is_submitted() else 200
    return render_template(template, form=form, **context), status


def register(app: Flask) -> None:
    @app.context_processor
    def access_helpers():
        return {
            "is_editor": is_editor,
            "is_admin": is_admin,
            "can_change_note": can_change_note,
        }
