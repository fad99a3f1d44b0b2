"""Housekeeping: removing what has expired, so the tables do not grow forever.

A login session ends PERMANENT_SESSION_LIFETIME after it began (see
accounts.load_login_session), an API token at its expires_at, and a row of
failed-login times (login_limits' database storage) when its window has
passed; Redis drops its counts itself. ``flask purge`` removes them at once;
each worker also does so after a successful login, at most once every
PURGE_INTERVAL seconds, so that a site without cron stays small.
"""

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app

from statusapp.extensions import db, per_worker
from statusapp.models import ApiToken, LoginSession, LoginThrottle, utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Purged:
    """How many expired rows of each kind a purge removed."""

    sessions: int
    tokens: int
    login_counts: int

    def __str__(self) -> str:
        return (
            f"Removed {_plural(self.sessions, 'expired session')}, "
            f"{_plural(self.tokens, 'expired token')}, "
            f"{_plural(self.login_counts, 'stale login count')}."
        )


def _plural(count: int, words: str) -> str:
    return f"{count} {words}{'' if count == 1 else 's'}"


def purge_expired(now: datetime | None = None) -> Purged:
    """Delete expired login sessions, expired API tokens and stale login counts.

    It runs in one transaction on a connection of its own, so that it never
    touches the unsaved work of the request or command that calls it.
    """
    now = now or utcnow()
    began_before = now - current_app.permanent_session_lifetime
    with db.engine.begin() as conn:
        sessions = conn.execute(
            sa.delete(LoginSession).where(LoginSession.created_at < began_before)
        ).rowcount
        tokens = conn.execute(
            sa.delete(ApiToken).where(ApiToken.expires_at <= now)
        ).rowcount
        counts = conn.execute(
            sa.delete(LoginThrottle).where(LoginThrottle.expires_at < now)
        ).rowcount
    purged = Purged(sessions, tokens, counts)
    log.info(
        "purge: %s",
        purged,
        extra={"sessions": sessions, "tokens": tokens, "login_counts": counts},
    )
    return purged


def _schedule(config) -> dict:
    return {"lock": threading.Lock(), "due": 0.0}


def purge_now_and_then() -> Purged | None:
    """Purge if this worker has not for PURGE_INTERVAL seconds; never raise.

    The next purge is due an interval from this one's start whether or not
    it worked, so a failing database is not asked again at every login; one
    thread purges while others go on at once.
    """
    schedule = per_worker("statusapp.purge_schedule", _schedule)
    now = time.monotonic()
    if now < schedule["due"] or not schedule["lock"].acquire(blocking=False):
        return None
    try:
        if now < schedule["due"]:
            return None  # another thread purged while this one looked
        schedule["due"] = now + current_app.config["PURGE_INTERVAL"]
        return purge_expired()
    except Exception:
        log.exception("the purge of expired sessions and tokens failed")
        return None
    finally:
        schedule["lock"].release()
