"""A store of values bounded by their total size, least recently used out first.

The export cache and the read cache each keep one per worker, behind a lock of
their own; this class holds no lock.
"""

from collections import OrderedDict


class BoundedStore:
    """Values by key with their sizes, dropped oldest-used first past a bound."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict = OrderedDict()
        self.size = 0

    def get(self, key):
        """Return the value for ``key`` and mark it used, or None."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        self._entries.move_to_end(key)
        return entry[0]

    def put(self, key, value, size: int) -> None:
        """Keep ``value`` (``size`` bytes) for ``key``, then drop the least
        recently used until the bound holds; the newest value always stays,
        so that repeating the largest one does not rebuild it each time."""
        old = self._entries.pop(key, None)
        if old is not None:
            self.size -= old[1]
        self._entries[key] = (value, size)
        self.size += size
        while self.size > self.max_bytes and len(self._entries) > 1:
            _, (_, dropped) = self._entries.popitem(last=False)
            self.size -= dropped

    def clear(self) -> None:
        """Forget every value."""
        self._entries.clear()
        self.size = 0

    def __len__(self) -> int:
        return len(self._entries)
