"""Settings read from the environment, with safe defaults for each mode."""

import os
import re
import secrets
from datetime import timedelta

import click

from statusapp import resources


class ConfigError(click.ClickException, RuntimeError):
    """The environment does not describe a usable configuration.

    `flask` prints a ClickException as one line, and gunicorn, when it loads
    the app before forking, a RuntimeError: neither shows a traceback.
    """


def database_url(raw: str | None, instance_path: str) -> str:
    """Return an SQLAlchemy URL for DATABASE_URL, defaulting to SQLite."""
    if not raw:
        return "sqlite:///" + os.path.join(instance_path, "statusapp.sqlite3")
    # Hosting platforms hand out postgres:// URLs; psycopg 3 is the driver we ship.
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw.removeprefix(prefix)
    return raw


def from_environment(instance_path: str) -> dict:
    """Build the configuration mapping from environment variables."""
    env = os.environ.get("STATUSAPP_ENV", "production")
    if env not in {"production", "development"}:
        raise ConfigError(
            f"STATUSAPP_ENV must be 'production' or 'development', not {env!r}"
        )
    secret_key = os.environ.get("SECRET_KEY")
    if not secret_key:
        if env == "production":
            raise ConfigError(
                "SECRET_KEY is not set. Set it to a long random value, or set "
                "STATUSAPP_ENV=development to run with a key kept in instance/."
            )
        secret_key = development_key(instance_path)
    try:
        proxies = int(os.environ.get("PROXY_COUNT", "0"))
    except ValueError as exc:
        raise ConfigError("PROXY_COUNT must be a whole number of proxies") from exc
    if "RATELIMIT_STORAGE_URI" in os.environ:
        raise ConfigError(
            "RATELIMIT_STORAGE_URI is now LOGIN_LIMIT_STORAGE: leave it unset to "
            "count failed logins in the database, or set it to a redis:// URL."
        )
    storage = os.environ.get("LOGIN_LIMIT_STORAGE") or "database"
    if storage != "database" and not storage.startswith(("redis://", "rediss://")):
        raise ConfigError(
            f"LOGIN_LIMIT_STORAGE must be 'database' or a redis:// URL, not {storage!r}"
        )
    url = database_url(os.environ.get("DATABASE_URL"), instance_path)
    log_format = os.environ.get("LOG_FORMAT") or DEFAULTS["LOG_FORMAT"]
    if log_format not in LOG_FORMATS:
        raise ConfigError(f"LOG_FORMAT must be 'text' or 'json', not {log_format!r}")
    log_level = (os.environ.get("LOG_LEVEL") or DEFAULTS["LOG_LEVEL"]).upper()
    if log_level not in LOG_LEVELS:
        raise ConfigError(
            f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, "
            f"not {os.environ['LOG_LEVEL']!r}"
        )
    return {
        "LOG_FORMAT": log_format,
        "LOG_LEVEL": log_level,
        "PURGE_INTERVAL": _whole_number("PURGE_INTERVAL", DEFAULTS["PURGE_INTERVAL"]),
        "PUBLIC_URL": public_url(os.environ.get("PUBLIC_URL", "")),
        "CORS_ORIGINS": origins(os.environ.get("CORS_ORIGINS", "")),
        "LOGIN_LIMIT_STORAGE": storage,
        "ENV_NAME": env,
        "PROXY_COUNT": proxies,
        "READ_CACHE_BYTES": _whole_number(
            "READ_CACHE_BYTES", DEFAULTS["READ_CACHE_BYTES"]
        ),
        "SECRET_KEY": secret_key,
        "STATUS_SLEEP_SLOTS": _whole_number(
            "STATUS_SLEEP_SLOTS", DEFAULTS["STATUS_SLEEP_SLOTS"]
        ),
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(url),
    }


def development_key(instance_path: str) -> str:
    """Return the key kept in ``instance_path``, making it on first use.

    Only the owner may read it (mode 600); it lets a restarted development
    server keep everyone's session.
    """
    path = os.path.join(instance_path, "secret_key")
    os.makedirs(instance_path, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        with open(path, encoding="ascii") as existing:
            return existing.read().strip()
    with os.fdopen(fd, "w", encoding="ascii") as created:
        created.write(secrets.token_hex(32) + "\n")
    return development_key(instance_path)


def public_url(raw: str) -> str:
    """Return PUBLIC_URL without its trailing slash, or "" when unset.

    It is where readers reach the app, such as https://status.example.org:
    the base of problem type URIs and of the OpenAPI document's server.
    """
    url = raw.strip().rstrip("/")
    if url and not url.startswith(("http://", "https://")):
        raise ConfigError(
            f"PUBLIC_URL must start with http:// or https://, not {raw!r}"
        )
    return url


def origins(raw: str) -> tuple[str, ...]:
    """Return the origins in CORS_ORIGINS, a space- or comma-separated list."""
    found = tuple(item.rstrip("/") for item in re.split(r"[\s,]+", raw) if item)
    for origin in found:
        if not re.fullmatch(r"https?://[^/?#*\s]+", origin):
            raise ConfigError(
                "CORS_ORIGINS lists origins, a scheme and a host with no path, such "
                f"as https://editor.example.org; {origin!r} is not one (and writes "
                "are never open to every origin)"
            )
    return found


def engine_options(url: str) -> dict:
    """Return the engine options for a database URL: a sized pool for PostgreSQL.

    Each gunicorn worker has its own pool; pool_size + max_overflow should
    cover its threads, and the server's max_connections every worker's pool.
    SQLite keeps SQLAlchemy's own pool (see statusapp.database).
    """
    options = dict(DEFAULTS["SQLALCHEMY_ENGINE_OPTIONS"])
    if url.startswith("postgresql"):
        options.update(
            pool_size=_whole_number("DATABASE_POOL_SIZE", POOL_SIZE),
            max_overflow=_whole_number("DATABASE_MAX_OVERFLOW", POOL_OVERFLOW),
            pool_timeout=POOL_TIMEOUT,
        )
    return options


def _whole_number(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number") from exc


# PostgreSQL connections each worker keeps open, the extra ones it may open
# under load (matched to gunicorn's --threads 4), and seconds a request waits
# for one before failing.
POOL_SIZE = 5
POOL_OVERFLOW = 5
POOL_TIMEOUT = 10


LOG_FORMATS = ("text", "json")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


DEFAULTS = {
    # One line per event on standard error: "text" for people, "json" (one
    # object per line) for a log collector; see statusapp.logs.
    "LOG_FORMAT": "text",
    "LOG_LEVEL": "INFO",
    # Seconds between the purges of expired sessions, tokens and login counts
    # that each worker runs after a successful login (statusapp.services.
    # housekeeping); `flask purge` runs one at once.
    "PURGE_INTERVAL": 3600,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    # Milliseconds an SQLite write waits for another to finish before failing.
    "SQLITE_BUSY_TIMEOUT_MS": 5000,
    # Request bodies beyond this get 413 Content Too Large.
    "MAX_CONTENT_LENGTH": 256 * 1024,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
    "API_TOKEN_LIFETIME": 7 * 24 * 3600,
    # Failed logins allowed in any LOGIN_FAILURE_WINDOW seconds; the account's
    # limit is higher, so one address cannot lock its owner out.
    "LOGIN_FAILURES_PER_ADDRESS": 10,
    "LOGIN_FAILURES_PER_ACCOUNT": 30,
    "LOGIN_FAILURE_WINDOW": 60,
    # "database", or a redis:// URL; either way every worker shares the counts.
    "LOGIN_LIMIT_STORAGE": "database",
    "LOGIN_LIMIT_KEY_PREFIX": "statusapp:login:",
    # argon2 computations one worker runs at once, each taking its memory cost.
    "PASSWORD_HASHING_SLOTS": 2,
    # Export builds and imports one worker runs at once; one more waits this
    # many seconds for a turn, then gets 503 with Retry-After.
    "HEAVY_REQUESTS_PER_WORKER": 2,
    "HEAVY_REQUEST_WAIT": 1.0,
    # Answers of /status/{code} that each worker lets sleep (?sleep=) at once;
    # one more is refused with 503 and Retry-After.
    # Half of deploy/gunicorn.conf.py's default four threads: sleepers never
    # hold all of a worker's threads.
    "STATUS_SLEEP_SLOTS": 2,
    # Bytes of built exports each worker keeps, least recently used out first.
    "EXPORT_CACHE_BYTES": 64 * 1024 * 1024,
    # Bytes of finished catalogue reads each worker keeps (0: none); no one
    # answer over an eighth of it is kept. See statusapp.cached_reads.
    "READ_CACHE_BYTES": 64 * 1024 * 1024,
    # Where readers reach the app (https://status.example.org), or "" for
    # path-only links: the base of problem types and the API's server URL.
    "PUBLIC_URL": "",
    # Origins whose pages may write through the API with a token; reads are
    # open to every origin.
    "CORS_ORIGINS": (),
    # flask-smorest
    "API_TITLE": "statusapp",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
    "SEED_FILE": str(resources.SEED_FILE),
}
