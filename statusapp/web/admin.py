"""The admin pages: accounts (list, create, deactivate, reactivate) and the
registry check."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice

from statusapp.models import ROLES
from statusapp.services import Conflict, InvalidValue, accounts
from statusapp.services.registry_check import check_registry
from statusapp.web.access import admin_required, me, render_form
from statusapp.web.forms import ROLE_NAMES, BaseForm, ButtonForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


class UserForm(BaseForm):
    username = StringField(
        _l("Username"),
        description=_l("2 to 40 letters, digits, '.', '_' or '-'."),
        render_kw={"required": True, "autocomplete": "off", "maxlength": 40},
    )
    password = PasswordField(
        _l("Password"),
        description=_l("At least 10 characters. Give it to the person privately."),
        render_kw={"required": True, "autocomplete": "new-password"},
    )
    role = SelectField(
        _l("Role"), choices=[SelectChoice(r, ROLE_NAMES.get(r, r)) for r in ROLES]
    )


def users_page(form: UserForm, status: int | None = None):
    return render_form(
        "admin/users.html",
        form,
        status,
        users=accounts.list_users(),
    )


@bp.get("/users")
@admin_required
def users():
    """List every account, with a form to create one."""
    return users_page(UserForm())


@bp.post("/users")
@admin_required
def create_user():
    """Create an editor or admin account."""
    form = UserForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                form.username.data.strip(), form.password.data, form.role.data
            )
        except InvalidValue as exc:
            form.add_errors(exc.errors)
        except Conflict:
            form.add_errors({"username": [_("That username is taken.")]})
        else:
            if user.role == "admin":
                message = _("Created the admin account %(name)s.", name=user.username)
            else:
                message = _("Created the editor account %(name)s.", name=user.username)
            flash(message)
            return redirect(url_for(".users"))
    return users_page(form)


@bp.post("/users/<username>/<any(activate, deactivate):action>")
@admin_required
def set_active(username: str, action: str):
    """Deactivate an account (ending its sessions and tokens) or reactivate it."""
    if not ButtonForm().validate_on_submit():
        flash(_("The form expired; try again."), "error")
    elif username == me().username:
        flash(_("You cannot deactivate your own account."), "error")
    else:
        user = accounts.set_active(username, action == "activate")
        if user.active:
            message = _("%(name)s is active again.", name=user.username)
        else:
            message = _(
                "%(name)s is deactivated; its sessions ended.", name=user.username
            )
        flash(message)
    return redirect(url_for(".users"))


@bp.get("/registry")
@admin_required
def registry():
    """Show how the database differs from the shipped IANA registry table."""
    return render_template("admin/registry.html", report=check_registry())
