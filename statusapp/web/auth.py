"""Logging in and out of the HTML interface."""

import logging

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from statusapp.auth import log_in
from statusapp.services import accounts
from statusapp.web.redirects import safe_next

bp = Blueprint("auth", __name__)
log = logging.getLogger(__name__)


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=40)])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(max=1024)]
    )


class LogoutForm(FlaskForm):
    """An empty form: logging out is a POST with a CSRF token."""


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in with a username and password."""
    form = LoginForm()
    if form.validate_on_submit():
        user = log_in(form.username.data, form.password.data, "form")
        if user is None:
            form.password.errors.append(_("Wrong username or password."))
        else:
            # A fresh cookie and a fresh login session id at every login.
            session.clear()
            accounts.start_login_session(user)
            login_user(user)
            flash(_("Logged in as %(name)s.", name=user.username), "success")
            return redirect(safe_next(request.args.get("next")))
    # A form whose content cannot be accepted is 422, as for every form here.
    status = 422 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    """Log out, ending every browser session of this account."""
    if not LogoutForm().validate_on_submit():
        flash(_("Your session form expired; try again."), "error")
        return redirect(url_for("web.catalogue.index"))
    accounts.end_login_session(current_user)
    log.info("logout by %r", current_user.username, extra={"event": "logout"})
    logout_user()
    session.clear()
    flash(_("Logged out."), "success")
    return redirect(url_for("web.catalogue.index"))
