"""SQLite tuned for concurrent writers: WAL, a busy timeout, writes that lock first.

In WAL mode readers never block and are never blocked; writers still take
turns. Each transaction that writes begins ``BEGIN IMMEDIATE`` just before
its first INSERT, UPDATE or DELETE: it takes the write lock before anything
else and waits up to SQLITE_BUSY_TIMEOUT_MS for its turn, so concurrent
writers queue instead of failing with "database is locked".

The sqlite3 driver begins that transaction (its legacy transaction control,
with the IMMEDIATE kind); reads before it run outside any transaction, each
on the latest commit, and never hold a lock. A transaction begun at its first
read instead would, in a request that writes, either hold the one write lock
for the whole request (a login's password check included, and a second
connection of the same request, as login_limits opens, would wait on its own
request) or be refused when it upgrades a snapshot that another writer has
since changed. What a request read before its first write is checked where it
matters: version numbers in the UPDATE (services.saving), and
services.translations.lock_texts, which writes first and reads again.

PostgreSQL needs none of this; its pool is sized in statusapp.config.
"""

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from statusapp.extensions import db


def register(app: Flask) -> None:
    """Tune the app's SQLite engines; other engines are left as they are."""
    with app.app_context():
        engines = list(db.engines.values())
    for engine in engines:
        if engine.dialect.name == "sqlite":
            _tune_sqlite(engine, int(app.config["SQLITE_BUSY_TIMEOUT_MS"]))


def in_memory(engine: Engine) -> bool:
    """Whether an SQLite engine's database lives in memory (no WAL there)."""
    url = engine.url
    return (
        url.database in (None, "", ":memory:")
        or url.query.get("mode") == "memory"
        or "mode=memory" in (url.database or "")
    )


def _tune_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    wal = not in_memory(engine)

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, connection_record):
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
            if wal:
                cursor.execute("PRAGMA journal_mode = WAL")
                # Safe in WAL: an application crash loses nothing, a power
                # cut at most the last commits, and the file stays sound.
                cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()
        dbapi_connection.isolation_level = "IMMEDIATE"
