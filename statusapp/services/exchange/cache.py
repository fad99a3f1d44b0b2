"""The exports a worker built lately, kept while what they show is unchanged.

Each worker process holds its own cache, in memory: a worker that has not
built an export yet builds it once. An entry is a language's export in one
format, with the generation it was built at (see exporting.generation); each
keeps only the one it was last built at, and the least recently used entries
go once the cache holds more than EXPORT_CACHE_BYTES.
"""

import threading
from collections import OrderedDict

from statusapp.extensions import per_worker


class ExportCache:
    """Values by key, each valid for one generation, bounded by their size."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._builders: dict = {}

    def get(self, key, generation):
        """Return the value kept for ``key`` at ``generation``, or None."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != generation:
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key, generation, value, size: int) -> None:
        """Keep ``value`` (``size`` bytes) for ``key`` at ``generation``.

        The newest value is kept even when it alone is larger than the bound,
        so that repeating the largest export does not rebuild it each time.
        """
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old[2]
            self._entries[key] = (generation, value, size)
            self._bytes += size
            while self._bytes > self.max_bytes and len(self._entries) > 1:
                _, (_, _, dropped) = self._entries.popitem(last=False)
                self._bytes -= dropped

    def builder(self, key) -> threading.Lock:
        """Return the lock held while ``key``'s value is built, so that requests
        for the same value wait for one build instead of each making its own."""
        with self._lock:
            return self._builders.setdefault(key, threading.Lock())

    def clear(self) -> None:
        """Forget every value."""
        with self._lock:
            self._entries.clear()
            self._bytes = 0


def export_cache() -> ExportCache:
    """Return the worker's export cache, one per application."""
    return per_worker(
        "statusapp.export_cache",
        lambda config: ExportCache(int(config["EXPORT_CACHE_BYTES"])),
    )
