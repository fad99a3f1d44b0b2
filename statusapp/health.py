"""Health checks for load balancers and orchestrators: /healthz and /readyz.

/healthz answers 200 while the process can answer at all, touching nothing
else. /readyz answers 200 when the database is reachable with its schema at
the migrations' head, and Redis, if LOGIN_LIMIT_STORAGE names one, answers;
otherwise 503 problem+json naming what is not ready, with Retry-After.

Neither sets a cookie, counts against a limit, or is kept by any cache
(Cache-Control: no-store; statusapp.cached_reads passes them by).
"""

import logging

import redis
import sqlalchemy as sa
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Blueprint, Flask, current_app, g, jsonify

from statusapp.errors import abort_problem
from statusapp.extensions import db, per_worker

PATHS = frozenset({"/healthz", "/readyz"})
# Seconds a prober should wait before asking again.
RETRY_AFTER = 5
# Seconds /readyz waits for Redis before calling it unreachable.
REDIS_TIMEOUT = 1.0

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.before_request
def answer_json() -> None:
    # Probes are programs: a 503 is problem+json whatever they accept.
    g.json_only = True


def _answer(body: dict):
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
def healthz():
    """Say that the process is alive; nothing else is checked."""
    return _answer({"status": "alive"})


def _migration_heads(config) -> frozenset[str]:
    """The head revisions of the migrations this app was given, read once."""
    directory = current_app.extensions["migrate"].directory
    alembic = Config()
    alembic.set_main_option("script_location", directory)
    return frozenset(ScriptDirectory.from_config(alembic).get_heads())


def _redis_client(config) -> redis.Redis:
    return redis.Redis.from_url(
        config["LOGIN_LIMIT_STORAGE"],
        socket_connect_timeout=REDIS_TIMEOUT,
        socket_timeout=REDIS_TIMEOUT,
    )


def problems() -> list[str]:
    """Return a sentence for each thing that keeps the app from serving."""
    found = []
    heads = per_worker("statusapp.migration_heads", _migration_heads)
    try:
        with db.engine.connect() as conn:
            current = frozenset(MigrationContext.configure(conn).get_current_heads())
    except sa.exc.SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        log.warning("not ready: the database is unreachable: %s", reason)
        found.append("the database is unreachable")
    else:
        if current != heads:
            found.append(
                "the database schema is not at the migrations' head (database at "
                f"{', '.join(sorted(current)) or 'no revision'}, code at "
                f"{', '.join(sorted(heads))}): run flask db upgrade"
            )
    if current_app.config["LOGIN_LIMIT_STORAGE"].startswith(("redis://", "rediss://")):
        client = per_worker("statusapp.readiness_redis", _redis_client)
        try:
            client.ping()
        except redis.RedisError as exc:
            log.warning("not ready: Redis is unreachable: %s", exc)
            found.append("Redis (LOGIN_LIMIT_STORAGE) is unreachable")
    return found


@bp.get("/readyz")
def readyz():
    """Say whether the database, its migrations and Redis are ready."""
    if found := problems():
        abort_problem(
            503,
            "Not ready: " + "; ".join(found) + ".",
            headers={"Retry-After": str(RETRY_AFTER), "Cache-Control": "no-store"},
        )
    return _answer({"status": "ready"})


def register(app: Flask) -> None:
    app.register_blueprint(bp)
