"""The read cache: answers to catalogue reads, kept while the catalogue stands still.

The catalogue generation (models.CatalogueGeneration) is a number that
database triggers move on inside every transaction that writes anything a
reader sees, whoever writes it. A worker reads it before each cached answer,
through a watch (FileWatch for SQLite, ServerWatch for PostgreSQL), and keeps
answers only for the generation it last read: once a write has committed, the
next read in any worker of any instance on the same database finds another
number and drops what it kept. There is no
expiry time; nothing but a write makes an answer old.

What an answer is, and what keys it, is the caller's business
(statusapp.cached_reads keeps finished HTTP responses); this module only
stamps, bounds and drops.
"""

import os
import threading
from types import SimpleNamespace

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from statusapp.services.bounded import BoundedStore

READ_GENERATION = "SELECT value FROM catalogue_generation WHERE id = 1"


class _Connections:
    """Connections of a watch's own, outside the pool, in autocommit, so that a
    check waits for no pooled connection and holds no transaction open."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.errors = engine.dialect.loaded_dbapi.Error

    def open(self, holder) -> None:
        fairy = self.engine.raw_connection()
        connection = fairy.dbapi_connection
        # Out of the pool for good: closing it closes the connection.
        fairy.detach()
        if self.engine.dialect.name != "sqlite":
            connection.rollback()  # whatever the pool's ping began
            connection.autocommit = True
        holder.connection = connection
        holder.cursor = connection.cursor()
        holder.pid = os.getpid()

    def close(self, holder) -> None:
        try:
            holder.connection.close()
        except self.errors:
            pass
        holder.pid = None

    def use(self, holder, read):
        """Run ``read(cursor)`` on ``holder``'s connection, opened in this
        process; reconnect once if the connection has gone."""
        if getattr(holder, "pid", None) != os.getpid():
            # A forked worker must not share its parent's connection.
            self.open(holder)
        try:
            return read(holder.cursor)
        except self.errors:
            self.close(holder)
            self.open(holder)
            return read(holder.cursor)


class FileWatch:
    """Read an SQLite database's generation, a microsecond when nothing changed.

    Each thread keeps a connection, and asks it ``PRAGMA data_version``, which
    changes only when another connection has committed; only then is the
    generation row read again.
    """

    def __init__(self, engine: Engine):
        self._connections = _Connections(engine)
        self.errors = self._connections.errors
        self._local = threading.local()

    def current(self) -> int:
        """Return the generation as committed now; raise the driver's error if
        the database cannot be read twice running."""
        return self._connections.use(self._local, self._read)

    def _read(self, cursor) -> int:
        local = self._local
        cursor.execute("PRAGMA data_version")
        version = cursor.fetchone()[0]
        if version != getattr(local, "data_version", None):
            # data_version first, then the row: a commit in between is read
            # now and seen again as a changed data_version next time.
            cursor.execute(READ_GENERATION)
            local.generation = cursor.fetchone()[0]
            local.data_version = version
        return local.generation


class ServerWatch:
    """Read a database server's generation, sharing reads between threads.

    Each read is a round trip, so a worker runs one at a time, on a connection
    of its own, and one read answers every request that arrived before it
    began: what it reads was committed before then, so it is at least as new
    as what those requests must see. A request that arrives while a read is
    under way waits for the next one.
    """

    def __init__(self, engine: Engine):
        self._connections = _Connections(engine)
        self.errors = self._connections.errors
        # One connection, used by one read at a time.
        self._link = SimpleNamespace()
        self._turn = threading.Condition()
        self._begun = 0
        self._running = False
        self._last: tuple[int, int] | None = None  # (read number, generation)

    def current(self) -> int:
        """Return the generation as committed now, or as read by a read that
        began after this call; raise the driver's error if it cannot be read."""
        with self._turn:
            wanted = self._begun + 1
            while True:
                if self._last is not None and self._last[0] >= wanted:
                    return self._last[1]
                if not self._running:
                    self._running = True
                    self._begun += 1
                    number = self._begun
                    break
                self._turn.wait()
        value = None
        try:
            value = self._connections.use(self._link, self._read)
            return value
        finally:
            with self._turn:
                self._running = False
                if value is not None:
                    self._last = (number, value)
                self._turn.notify_all()

    @staticmethod
    def _read(cursor) -> int:
        cursor.execute(READ_GENERATION)
        return cursor.fetchone()[0]


class SharedGeneration:
    """The generation read through the app's own connection, for an in-memory
    SQLite database, which no second connection can open."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.errors = engine.dialect.loaded_dbapi.Error

    def current(self) -> int:
        """Return the generation as committed now."""
        with self.engine.connect() as connection:
            return connection.scalar(sa.text(READ_GENERATION))


class ReadCache:
    """Answers by key, all of one generation, bounded in bytes.

    ``find`` and ``keep`` take the generation their caller read before it
    asked for or built anything. A find with another generation than the kept
    one starts over at it; an answer is kept only under the generation the
    cache holds, so one built by a request that began before a write never
    joins the answers that follow it. Each key also records the names whose
    values pick among its answers, so that a lookup knows what to ask the
    request for.
    """

    # Keys whose variant names are remembered; beyond this they are forgotten
    # and learnt again from the next answer kept.
    MAX_KEYS = 4096

    def __init__(self, max_bytes: int, max_entry_bytes: int | None = None):
        self.max_entry_bytes = max_entry_bytes or max(max_bytes // 8, 1)
        self.generation: int | None = None
        self._answers = BoundedStore(max_bytes)
        self._variants: dict = {}
        self._lock = threading.Lock()

    def _start(self, generation: int) -> None:
        """Drop every answer, and keep answers for ``generation`` from now on."""
        self.generation = generation
        self._answers.clear()
        self._variants.clear()

    def find(self, generation: int, key, variant_of):
        """Return the answer kept for ``key`` at ``generation``, or None.

        ``variant_of`` turns the names the key's answers vary on into the
        values this request has for them. A generation other than the kept
        one, newer or (after a database was restored) older, drops them all.
        """
        with self._lock:
            if generation != self.generation:
                self._start(generation)
                return None
            names = self._variants.get(key)
            if names is None:
                return None
            return self._answers.get((key, variant_of(names)))

    def keep(self, generation: int, key, names: tuple, variant, answer, size: int):
        """Keep ``answer`` (``size`` bytes) for ``key`` and ``variant``, whose
        values are those of ``names``; too big an answer is not kept."""
        if size > self.max_entry_bytes:
            return
        with self._lock:
            if generation != self.generation:
                # Read before a newer generation was seen: maybe stale.
                return
            # Should a key's answers come to vary on other names, the copies
            # kept under the old ones are never found again and age out.
            if len(self._variants) >= self.MAX_KEYS and key not in self._variants:
                self._variants.clear()
            self._variants[key] = names
            self._answers.put((key, variant), answer, size)

    def __len__(self) -> int:
        return len(self._answers)

    @property
    def size(self) -> int:
        """The bytes of the answers kept, as their keepers counted them."""
        return self._answers.size
