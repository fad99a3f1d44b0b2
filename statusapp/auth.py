"""Who is asking: browser logins (Flask-Login over server-side sessions)."""

from flask import Flask, current_app, g, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import lazy_gettext as _l

from statusapp.extensions import limiter, login_manager
from statusapp.services import accounts


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie, made ``__Host-`` prefixed and Secure over HTTPS.

    The cookie holds only the login session id; the session itself lives in
    the login_session table, so ending it there ends it everywhere.
    """

    def get_cookie_name(self, app: Flask) -> str:
        name = super().get_cookie_name(app)
        return f"__Host-{name}" if request.is_secure else name

    def get_cookie_secure(self, app: Flask) -> bool:
        return request.is_secure or super().get_cookie_secure(app)

    def get_cookie_domain(self, app: Flask):
        # A __Host- cookie must not name a domain.
        return None if request.is_secure else super().get_cookie_domain(app)

    def get_cookie_path(self, app: Flask) -> str:
        return "/" if request.is_secure else super().get_cookie_path(app)


def _login_failed(response) -> bool:
    return g.get("login_failed", False)


def limit_login_failures(methods: list[str] | None = None):
    """Rate-limit failed logins, counted where a view sets ``g.login_failed``.

    Routes decorated with this share one count per client address, so failures
    at every login door together add up to LOGIN_FAILURE_LIMIT.
    """
    return limiter.shared_limit(
        lambda: current_app.config["LOGIN_FAILURE_LIMIT"],
        scope="login-failures",
        methods=methods,
        deduct_when=_login_failed,
        error_message="Too many failed logins from your address. "
        "Wait a while, then try again.",
    )


@login_manager.user_loader
def load_user(session_id: str):
    return accounts.load_login_session(session_id)


def register(app: Flask) -> None:
    app.session_interface = SessionInterface()
    login_manager.init_app(app)
    login_manager.login_view = "web.auth.login"
    # Translated when flashed (str() of the lazy text), in the reader's language.
    login_manager.login_message = _l("Log in to change the catalogue.")
    login_manager.localize_callback = str
    login_manager.login_message_category = "info"
    # Flask-Login's own cookie and session-hash checks are replaced by the
    # login_session table.
    login_manager.session_protection = None
