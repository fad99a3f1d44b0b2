"""Accounts: users and passwords, browser login sessions and API tokens."""

import hashlib
import secrets
import threading
from contextlib import contextmanager
from datetime import datetime, timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from statusapp.extensions import db, per_worker
from statusapp.models import ROLES, ApiToken, LoginSession, User, utcnow
from statusapp.models.accounts import USERNAME
from statusapp.services import housekeeping, login_limits
from statusapp.services.errors import Conflict, InvalidValue, NotFound
from statusapp.services.fields import is_storable_text
from statusapp.services.saving import commit

MIN_PASSWORD = 10


_hashers: dict[tuple, tuple[PasswordHasher, str]] = {}
_hashers_lock = threading.Lock()


def password_hasher() -> tuple[PasswordHasher, str]:
    """Return the argon2id hasher for the configured cost, and a dummy hash.

    The dummy hash is verified against when the username is unknown, so that
    a wrong username takes as long as a wrong password. It is made once per
    process, under a lock, so a first burst of logins makes it only once.
    argon2-cffi's defaults follow RFC 9106's low-memory profile; tests lower
    the cost through ARGON2_PARAMETERS to stay fast.
    """
    configured = current_app.config.get("ARGON2_PARAMETERS") or {}
    parameters = tuple(sorted(configured.items()))
    with _hashers_lock:
        if parameters not in _hashers:
            hasher = PasswordHasher(**dict(parameters))
            _hashers[parameters] = hasher, hasher.hash("statusapp-no-such-user")
        return _hashers[parameters]


@contextmanager
def _hashing_slot():
    """Hold one of the worker's PASSWORD_HASHING_SLOTS while hashing.

    Each argon2 computation takes its memory cost (64 MiB by default) for as
    long as it runs, so a burst of logins waits here instead of taking a
    worker's memory to that many times 64 MiB.
    """
    slots = per_worker(
        "statusapp.hashing_slots",
        lambda config: threading.BoundedSemaphore(config["PASSWORD_HASHING_SLOTS"]),
    )
    with slots:
        yield


def _hash(password: str) -> str:
    with _hashing_slot():
        return password_hasher()[0].hash(password)


def check_password_rules(password: str) -> str:
    """Return ``password`` if it is long enough and not too long, else raise."""
    if len(password) < MIN_PASSWORD:
        raise InvalidValue(
            "password",
            _("A password needs at least %(count)s characters.", count=MIN_PASSWORD),
        )
    if not is_storable_text(password):
        raise InvalidValue(
            "password", _("A password must be text without NUL or lone surrogates.")
        )
    if len(password) > 1024:
        raise InvalidValue(
            "password", _("A password may have at most 1024 characters.")
        )
    return password


def get_user(username: str) -> User:
    """Return the account named ``username``, or raise NotFound."""
    user = _find_user(username)
    if user is None:
        raise NotFound(_l("there is no user %(name)r", name=username))
    return user


def _find_user(username: str) -> User | None:
    # A name no account could have names no one, and is not looked up.
    if not isinstance(username, str) or not USERNAME.fullmatch(username):
        return None
    return db.session.scalar(sa.select(User).where(User.username == username))


def list_users() -> list[User]:
    """Return every account, by username."""
    return list(db.session.scalars(sa.select(User).order_by(User.username)))


def create_user(username: str, password: str, role: str) -> User:
    """Create an account; usernames are unique."""
    errors = {}
    if role not in ROLES:
        errors["role"] = [_("Must be editor or admin.")]
    try:
        check_password_rules(password)
    except InvalidValue as exc:
        errors.update(exc.errors)
    try:
        user = User(username=username, role=role or "editor")
    except ValueError:
        errors["username"] = [
            _(
                "A username is 2 to 40 letters, digits, '.', '_' or '-', starting "
                "with a letter or digit."
            )
        ]
    if errors:
        raise InvalidValue(errors)
    if _find_user(username) is not None:
        raise Conflict(_l("the username %(name)r is taken", name=username))
    user.password_hash = _hash(password)
    db.session.add(user)
    # Two requests creating the same name: the unique index decides.
    commit(f"the username {username!r} is taken")
    return user


def end_sessions(user: User, *, tokens: bool = True) -> None:
    """End the user's browser sessions and, unless told not to, API tokens."""
    db.session.execute(sa.delete(LoginSession).where(LoginSession.user_id == user.id))
    if tokens:
        db.session.execute(sa.delete(ApiToken).where(ApiToken.user_id == user.id))


def set_password(username: str, password: str) -> User:
    """Change a password and end every session the user had."""
    user = get_user(username)
    check_password_rules(password)
    user.password_hash = _hash(password)
    end_sessions(user)
    commit()
    return user


def set_active(username: str, active: bool) -> User:
    """Activate or deactivate an account; deactivating ends its sessions."""
    user = get_user(username)
    user.active = active
    if not active:
        end_sessions(user)
    commit()
    return user


def set_role(username: str, role: str) -> User:
    """Make an account an editor or an admin."""
    user = get_user(username)
    if role not in ROLES:
        raise InvalidValue("role", _("Must be editor or admin."))
    user.role = role
    commit()
    return user


def authenticate(username: str, password: str) -> User | None:
    """Return the active user with these credentials, or None."""
    user = _find_user(username)
    hasher, dummy_hash = password_hasher()
    try:
        with _hashing_slot():
            hasher.verify(user.password_hash if user else dummy_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hash(password)
        commit()
    return user


def log_in(address: str | None, username: str, password: str) -> User | None:
    """Check a login from ``address`` within the failed-login limits.

    The attempt is counted before the password is checked and given back if
    it was right; TooManyAttempts is raised, with no check at all, once the
    address or the account has no attempts left. A successful login is also
    when this worker purges what has expired, now and then (housekeeping).
    """
    attempt = login_limits.begin(address, username)
    user = authenticate(username, password)
    if user is not None:
        login_limits.succeeded(attempt)
        housekeeping.purge_now_and_then()
    return user


# Browser sessions -------------------------------------------------------------


def start_login_session(user: User) -> str:
    """Open a new login session for ``user`` and return its id."""
    session = LoginSession(id=secrets.token_urlsafe(32), user=user)
    db.session.add(session)
    commit()
    user.login_session_id = session.id
    return session.id


def load_login_session(session_id: str) -> User | None:
    """Return the user behind a live login session, or None."""
    session = db.session.get(LoginSession, session_id)
    if session is None or not session.user.active:
        return None
    lifetime = current_app.permanent_session_lifetime
    if session.created_at + lifetime < utcnow():
        return None
    session.user.login_session_id = session.id
    return session.user


def end_login_session(user: User) -> None:
    """Log out: end every browser session of this user (tokens stay valid)."""
    end_sessions(user, tokens=False)
    commit()


# API tokens -----------------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User) -> tuple[str, datetime]:
    """Create an API token for ``user``; return it (shown once) and its expiry."""
    token = secrets.token_urlsafe(32)
    lifetime = timedelta(seconds=current_app.config["API_TOKEN_LIFETIME"])
    record = ApiToken(user=user, digest=_digest(token), expires_at=utcnow() + lifetime)
    db.session.add(record)
    commit()
    return token, record.expires_at


def user_for_token(token: str) -> tuple[User, ApiToken] | None:
    """Return the active user and token record behind a bearer token, or None."""
    record = db.session.scalar(
        sa.select(ApiToken).where(ApiToken.digest == _digest(token))
    )
    if record is None or record.expires_at <= utcnow() or not record.user.active:
        return None
    return record.user, record


def revoke_token(record: ApiToken) -> None:
    """End one API token."""
    db.session.delete(record)
    commit()
