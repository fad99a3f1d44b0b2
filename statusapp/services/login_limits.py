"""Failed-login limits, per client address and per account.

Every login attempt is counted before its password is checked, atomically, in
storage that every worker and instance shares: the database by default, Redis
when LOGIN_LIMIT_STORAGE names one. An attempt that succeeds is given back,
so only failures add up. A burst of concurrent guesses therefore gets exactly
as many password checks as the limit allows, however many workers serve it.

The per-account limit is higher than the per-address one: one address at its
limit cannot lock the account's owner out, while many addresses guessing one
password still get stopped.
"""

import hashlib
import ipaddress
import math
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

import redis
import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.dialects import postgresql, sqlite

from statusapp.extensions import db
from statusapp.models import LoginThrottle
from statusapp.services.errors import TooManyAttempts

DATABASE = "database"
# Stale rows removed by each counted attempt, so the table stays small.
PRUNE_BATCH = 100


@dataclass(frozen=True)
class Attempt:
    """A counted login attempt, to give back if its password was right."""

    keys: tuple[str, ...]
    at: float
    # Tells this attempt from another made at the same moment (Redis).
    token: str


def _digest(scope: str, value: str) -> str:
    raw = value.encode("utf-8", "surrogatepass")
    return f"{scope}:{hashlib.sha256(raw).hexdigest()[:40]}"


def address_key(address: str | None) -> str:
    """Return the key an address counts under; IPv6 by its /64 network.

    One IPv6 subscriber holds a whole /64, so counting single addresses
    would give each attacker billions of allowances.
    """
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return _digest("address", address or "unknown")
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return _digest("address", str(parsed.ipv4_mapped))
        return _digest("address", str(ipaddress.ip_network(f"{parsed}/64", False)))
    return _digest("address", str(parsed))


def account_key(username: str) -> str:
    """Return the key a username counts under, whether or not it exists."""
    return _digest("account", username)


def begin(address: str | None, username: str) -> Attempt:
    """Count a login attempt before its password is checked.

    Raise TooManyAttempts, without counting, when the address or the account
    has already used its attempts in the current window.
    """
    config = current_app.config
    limits = {
        address_key(address): config["LOGIN_FAILURES_PER_ADDRESS"],
        account_key(username): config["LOGIN_FAILURES_PER_ACCOUNT"],
    }
    window = config["LOGIN_FAILURE_WINDOW"]
    now = time.time()
    token = secrets.token_hex(8)
    waits = _counter().take(limits, window, now, token)
    if waits:
        key, wait = max(waits.items(), key=lambda item: item[1])
        if key.startswith("address:"):
            message = _("Too many failed logins from your address.")
        else:
            message = _("Too many failed logins for this account.")
        raise TooManyAttempts(
            message + " " + _("Wait a while, then try again."),
            retry_after=max(1, math.ceil(wait)),
        )
    return Attempt(tuple(limits), now, token)


def succeeded(attempt: Attempt) -> None:
    """Give back an attempt whose password was right: it was no failure."""
    _counter().give_back(attempt)


def _counter():
    storage = current_app.config["LOGIN_LIMIT_STORAGE"]
    if storage == DATABASE:
        return DatabaseCounter()
    return _redis_counter(storage, current_app.config["LOGIN_LIMIT_KEY_PREFIX"])


class DatabaseCounter:
    """Attempt times in the login_throttle table, one row per key.

    Each call runs in a transaction of its own on a connection of its own,
    apart from the request's session. It first writes every key's row, which
    takes PostgreSQL's row locks (in key order, so two calls cannot deadlock)
    or SQLite's write lock; only then does it read the times it decides on.
    """

    def take(self, limits: dict, window: float, now: float, token: str) -> dict:
        """Add ``now`` to every key unless one is full; return what is full."""
        table = LoginThrottle.__table__
        with db.engine.connect() as conn:
            recent = {
                key: [t for t in times if t > now - window]
                for key, times in self._lock(conn, sorted(limits), now).items()
            }
            full = {
                key: min(times) + window - now
                for key, times in recent.items()
                if len(times) >= limits[key]
            }
            if full:
                conn.rollback()
                return full
            for key, times in recent.items():
                conn.execute(
                    sa.update(table)
                    .where(table.c.key == key)
                    .values(attempts=[*times, now], expires_at=_moment(now + window))
                )
            stale = (
                sa.select(table.c.key)
                .where(table.c.expires_at < _moment(now))
                .limit(PRUNE_BATCH)
                .with_for_update(skip_locked=True)
            )
            conn.execute(sa.delete(table).where(table.c.key.in_(stale)))
            conn.commit()
        return {}

    def give_back(self, attempt: Attempt) -> None:
        """Remove the attempt's time from every key."""
        table = LoginThrottle.__table__
        with db.engine.connect() as conn:
            held = self._lock(conn, sorted(attempt.keys), attempt.at)
            for key, times in held.items():
                if attempt.at in times:
                    times.remove(attempt.at)
                    conn.execute(
                        sa.update(table)
                        .where(table.c.key == key)
                        .values(attempts=times)
                    )
            conn.commit()

    @staticmethod
    def _lock(conn, keys: list[str], now: float) -> dict[str, list[float]]:
        table = LoginThrottle.__table__
        dialect = {"postgresql": postgresql, "sqlite": sqlite}[conn.dialect.name]
        insert = dialect.insert(table).values(
            [{"key": key, "attempts": [], "expires_at": _moment(now)} for key in keys]
        )
        conn.execute(
            insert.on_conflict_do_update(
                index_elements=[table.c.key], set_={"key": insert.excluded.key}
            )
        )
        rows = conn.execute(
            sa.select(table.c.key, table.c.attempts).where(table.c.key.in_(keys))
        )
        return {key: list(attempts) for key, attempts in rows}


def _moment(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


# KEYS are the keys; ARGV: now, window, this attempt's member, then each
# key's limit. Returns {} when counted, else each full key's wait in seconds.
TAKE = """
local now, window, member = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local full = {}
for i, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZCARD', key) >= tonumber(ARGV[3 + i]) then
    local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
    table.insert(full, key)
    table.insert(full, tostring(tonumber(oldest[2]) + window - now))
  end
end
if #full > 0 then return full end
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, member)
  redis.call('EXPIRE', key, math.ceil(window))
end
return full
"""


class RedisCounter:
    """Attempt times in one Redis sorted set per key, changed by one script."""

    def __init__(self, url: str, prefix: str):
        self.client = redis.Redis.from_url(url)
        self.prefix = prefix
        self.script = self.client.register_script(TAKE)

    def take(self, limits: dict, window: float, now: float, token: str) -> dict:
        keys = [self.prefix + key for key in limits]
        args = [repr(now), window, token, *limits.values()]
        reply = self.script(keys=keys, args=args)
        pairs = iter(reply)
        return {
            key.decode().removeprefix(self.prefix): float(wait)
            for key, wait in zip(pairs, pairs, strict=True)
        }

    def give_back(self, attempt: Attempt) -> None:
        with self.client.pipeline() as pipe:
            for key in attempt.keys:
                pipe.zrem(self.prefix + key, attempt.token)
            pipe.execute()


@cache
def _redis_counter(url: str, prefix: str) -> RedisCounter:
    return RedisCounter(url, prefix)
