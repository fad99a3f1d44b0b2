"""API authentication: HTTP Basic to obtain a token, Bearer tokens for writes.

The session cookie never authenticates the API, which is why the API can be
exempt from CSRF while every HTML form keeps its token.
"""

import functools
import logging

from flask import g, request

from statusapp.auth import log_in
from statusapp.errors import abort_problem
from statusapp.services import accounts, permissions

REALM = 'realm="statusapp"'
BEARER = {"bearerAuth": []}
BASIC = {"basicAuth": []}
log = logging.getLogger(__name__)


def register_security_schemes(api) -> None:
    api.spec.components.security_scheme(
        "bearerAuth",
        {"type": "http", "scheme": "bearer", "description": "From POST /api/v1/tokens"},
    )
    api.spec.components.security_scheme(
        "basicAuth", {"type": "http", "scheme": "basic"}
    )


def _challenge(scheme: str, detail: str, error: str | None = None):
    value = f"{scheme} {REALM}"
    if scheme == "Basic":
        value += ', charset="UTF-8"'
    if error:
        value += f', error="{error}"'
    abort_problem(401, detail, headers={"WWW-Authenticate": value})


def bearer_user():
    """Return the user behind the request's bearer token, or answer 401."""
    auth = request.authorization
    if auth is None or auth.type != "bearer" or not auth.token:
        _challenge(
            "Bearer",
            "Send Authorization: Bearer <token>; POST /api/v1/tokens gives one.",
        )
    found = accounts.user_for_token(auth.token)
    if found is None:
        _challenge("Bearer", "The token is unknown or expired.", "invalid_token")
    g.api_user, g.api_token = found
    # Bearer tokens authenticate writes and the token's own endpoints, never a
    # read, so one line each is the audit trail of who wrote, not noise.
    log.info(
        "token %s of %r used for %s %s",
        g.api_token.id,
        g.api_user.username,
        request.method,
        request.path,
        extra={"event": "token_used"},
    )
    return g.api_user


def token_required(role: str = "editor"):
    """Require a bearer token whose user has ``role``: 401, then 403."""
    check = permissions.require_admin if role == "admin" else permissions.require_editor

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            check(bearer_user())
            return view(*args, **kwargs)

        return wrapper

    return decorator


def basic_user():
    """Return the user named by HTTP Basic credentials, or answer 401."""
    auth = request.authorization
    if auth is None or auth.type != "basic":
        _challenge("Basic", "Send your username and password with HTTP Basic.")
    user = log_in(auth.username or "", auth.password or "", "API token")
    if user is None:
        _challenge("Basic", "Wrong username or password.")
    return user
