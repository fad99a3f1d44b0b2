"""How much heavy exchange work one worker does at once.

Building an export that is not cached, and reading, comparing and applying an
import, take a worker's CPU for tens to hundreds of milliseconds each; under
the GIL, several at once slow every other request the worker serves. So each
worker process runs at most HEAVY_REQUESTS_PER_WORKER of them at a time (2 by
default). One more waits up to HEAVY_REQUEST_WAIT seconds for a turn, then
gives up with Busy, which the faces answer with 503 Service Unavailable and
Retry-After: the refusal is about the worker's load, not about the client,
which may well have sent only this one request, so it is not 429.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from flask_babel import gettext as _

from statusapp.extensions import per_worker
from statusapp.services.errors import Busy

# Seconds a refused request is told to wait: a build of a large export takes
# tens of milliseconds, so a turn is usually free well within one second.
RETRY_AFTER = 1


def slots() -> threading.BoundedSemaphore:
    """Return the worker's turns for heavy work, one semaphore per application."""
    return per_worker(
        "statusapp.heavy_work",
        lambda config: threading.BoundedSemaphore(
            int(config["HEAVY_REQUESTS_PER_WORKER"])
        ),
    )


@contextmanager
def turn_of(lock) -> Iterator[None]:
    """Hold ``lock``, waiting at most HEAVY_REQUEST_WAIT seconds; else raise Busy."""
    if not lock.acquire(timeout=float(current_app.config["HEAVY_REQUEST_WAIT"])):
        raise Busy(
            _(
                "The server is busy with other exports and imports; nothing was "
                "done. Try again in a moment."
            ),
            retry_after=RETRY_AFTER,
        )
    try:
        yield
    finally:
        lock.release()


def heavy_work():
    """Hold one of the worker's turns for heavy work; raise Busy if none comes."""
    return turn_of(slots())
