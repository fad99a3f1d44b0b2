"""Who is asking: browser logins (Flask-Login over server-side sessions)."""

import logging

from flask import Flask, current_app, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import lazy_gettext as _l

from statusapp.extensions import login_manager
from statusapp.models import User
from statusapp.services import TooManyAttempts, accounts
from statusapp.status_endpoint import is_status_path

log = logging.getLogger(__name__)


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie, made ``__Host-`` prefixed and Secure over HTTPS.

    The cookie holds only the login session id; the session itself lives in
    the login_session table, so ending it there ends it everywhere.
    """

    def open_session(self, app: Flask, request):
        # /status/ answers for any origin's pages: it neither reads a login
        # nor sets a cookie, even for a signed-in browser.
        if is_status_path(request.path):
            return self.make_null_session(app)
        return super().open_session(app, request)

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


def client_address() -> str | None:
    """Return the address a login attempt counts against.

    Behind a proxy that PROXY_COUNT does not declare, every client has the
    proxy's address, so one guesser would use up everyone's attempts; the
    first such request from each proxy says so in the log.
    """
    address = request.remote_addr
    if "X-Forwarded-For" in request.headers and not current_app.config.get(
        "PROXY_COUNT"
    ):
        warned = current_app.extensions.setdefault(
            "statusapp.undeclared_proxies", set()
        )
        if address not in warned:
            warned.add(address)
            log.warning(
                "requests from %s carry X-Forwarded-For but PROXY_COUNT is 0: "
                "every client behind that proxy shares one failed-login count; "
                "set PROXY_COUNT to the number of proxies in front",
                address,
            )
    return address


def log_in(username: str, password: str, how: str) -> User | None:
    """Check a login (``how``: "form" or "API token") within the limits,
    logging who tried from where and how it went, never the password."""
    address = client_address()
    # %r: a typed name shows its quotes and control characters escaped.
    shown = username[:80]
    try:
        user = accounts.log_in(address, username, password)
    except TooManyAttempts:
        log.warning(
            "failed login for %r from %s (%s): throttled, too many failures",
            shown,
            address,
            how,
            extra={"event": "login_failed", "throttled": True},
        )
        raise
    if user is None:
        log.warning(
            "failed login for %r from %s (%s)",
            shown,
            address,
            how,
            extra={"event": "login_failed", "throttled": False},
        )
    else:
        log.info(
            "login by %r from %s (%s)",
            user.username,
            address,
            how,
            extra={"event": "login"},
        )
    return user


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
    # No login here sets a remember-me cookie, so Flask-Login's hook that
    # refreshes one is dropped: it read the session on every request, which
    # made every response, the API's included, vary on Cookie.
    app.after_request_funcs[None].remove(login_manager._update_remember_cookie)
