"""The exports a worker built lately, kept while what they show is unchanged.

Each worker process holds its own cache, in memory: a worker that has not
built an export yet builds it once. An entry is a language's export in one
format, with the generation it was built at (see exporting.generation); each
keeps only the one it was last built at, and the least recently used entries
go once the cache holds more than EXPORT_CACHE_BYTES.
"""

import threading

from statusapp.extensions import per_worker
from statusapp.services.bounded import BoundedStore


class ExportCache:
    """Values by key, each valid for one generation, bounded by their size."""

    def __init__(self, max_bytes: int):
        self._store = BoundedStore(max_bytes)
        self._lock = threading.Lock()
        self._builders: dict = {}

    def get(self, key, generation):
        """Return the value kept for ``key`` at ``generation``, or None."""
        with self._lock:
            entry = self._store.get(key)
            if entry is None or entry[0] != generation:
                return None
            return entry[1]

    def put(self, key, generation, value, size: int) -> None:
        """Keep ``value`` (``size`` bytes) for ``key`` at ``generation``; the
        newest is kept even when it alone is larger than the bound."""
        with self._lock:
            self._store.put(key, (generation, value), size)

    def builder(self, key) -> threading.Lock:
        """Return the lock held while ``key``'s value is built, so that requests
        for the same value wait for one build instead of each making its own."""
        with self._lock:
            return self._builders.setdefault(key, threading.Lock())

    def clear(self) -> None:
        """Forget every value."""
        with self._lock:
            self._store.clear()


def export_cache() -> ExportCache:
    """Return the worker's export cache, one per application."""
    return per_worker(
        "statusapp.export_cache",
        lambda config: ExportCache(int(config["EXPORT_CACHE_BYTES"])),
    )
