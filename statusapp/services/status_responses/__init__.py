"""What /status/{code} answers: any status as the RFCs describe it, as data.

The answer follows the code's ``header_rules`` in the catalogue, not a switch
per code: each ``must`` and ``should`` header is sent, and a ``may`` header
when the client gives its option (Retry-After, Location), but for 429 and 503,
which send Retry-After unasked, as clients of a rate limit or an outage look
for it. A header name this module cannot fill, or a rule that is not must,
should or may, is skipped. The values:

  Location            the ``location`` option, else the code's page here
  Retry-After         the ``retry_after`` option, else 60 (seconds); ``date``
                      or ``date:N`` sends an HTTP-date that many seconds ahead
  WWW-Authenticate    Bearer realm="statusapp"
  Proxy-Authenticate  Basic realm="statusapp"
  Allow               the endpoint's methods
  Upgrade             HTTP/3.0, RFC 9110's own example of a 426
  Content-Range       206: ``bytes 0-N/TOTAL`` with the first half of the
                      representation as the body; 416: ``bytes */TOTAL``
  ETag                a strong tag of the representation (304 names it)

Bodies: none for 204, 205 and 304, or with ``body=none`` (but for 206, whose
part is the answer). HEAD gets a GET's headers, Content-Length included, and
no body (RFC 9110, Section 9.3.2). Otherwise the body is JSON for a client
preferring application/json, else text/plain, never HTML: code, reason phrase
and the description in the reader's language, and, for 300, the choices.

choices (which code), options (the query and X-Status-* headers) and answer
(status, headers, body) are pure: data in, data out, no request and no
database. Here, ``facts_of`` reads the catalogue, and ``pause`` sleeps in one
of the worker's STATUS_SLEEP_SLOTS, refusing with Busy (503) when all are
taken.
"""

import threading
import time

from flask_babel import gettext as _

from statusapp.extensions import per_worker
from statusapp.registry import reason_phrase as registered_phrase
from statusapp.services import catalogue
from statusapp.services.errors import Busy, UnknownCode
from statusapp.services.status_responses.answer import (
    JSON,
    METHODS,
    SAFETY_HEADERS,
    SENT_HEADERS,
    TEXT,
    Answer,
    CodeFacts,
    build,
    media_type,
    phrase_of,
    representation,
    status_line,
)
from statusapp.services.status_responses.choices import (
    MAX_CHOICES,
    choose,
    interim_problem,
    parse_choices,
)
from statusapp.services.status_responses.options import (
    MAX_LOCATION,
    MAX_RETRY_AFTER,
    MAX_SLEEP_MS,
    OPTION_HEADERS,
    Options,
    parse_options,
)

__all__ = [
    "JSON",
    "MAX_CHOICES",
    "MAX_LOCATION",
    "MAX_RETRY_AFTER",
    "MAX_SLEEP_MS",
    "METHODS",
    "OPTION_HEADERS",
    "SAFETY_HEADERS",
    "SENT_HEADERS",
    "TEXT",
    "Answer",
    "CodeFacts",
    "Options",
    "build",
    "choose",
    "facts_of",
    "facts_of_entry",
    "interim_problem",
    "media_type",
    "parse_choices",
    "parse_options",
    "pause",
    "phrase_of",
    "representation",
    "sleep_slots",
    "status_line",
]

# Seconds a request refused a sleeping slot is told to wait.
BUSY_RETRY_AFTER = 1


def facts_of(
    code: int, lang: str | None, page: str, alternatives: tuple[str, ...] = ()
) -> CodeFacts:
    """Return what the catalogue says of ``code`` in ``lang``; for a code it
    does not hold, the registry's generic phrase and no text."""
    try:
        entry = catalogue.get_code(code, lang, workflow=False)
    except UnknownCode:
        return CodeFacts(code, registered_phrase(code), page=page)
    return facts_of_entry(entry, page, alternatives)


def facts_of_entry(
    entry: catalogue.LocalisedCode, page: str, alternatives: tuple[str, ...] = ()
) -> CodeFacts:
    """Return the facts of a code a reader already holds (its page's "Try it")."""
    return CodeFacts(
        entry.code,
        phrase_of(entry.code, entry.reason_phrase, entry.aliases or ()),
        entry.description,
        entry.description_lang,
        tuple(entry.header_rules or ()),
        page,
        alternatives,
    )


def sleep_slots() -> threading.BoundedSemaphore:
    """Return the worker's slots for sleeping answers, one set per application."""
    return per_worker(
        "statusapp.status_sleep",
        lambda config: threading.BoundedSemaphore(int(config["STATUS_SLEEP_SLOTS"])),
    )


def pause(milliseconds: int) -> None:
    """Sleep ``milliseconds`` in one of the worker's slots; raise Busy at once
    when every slot is taken, so that sleepers never hold the whole worker."""
    if milliseconds <= 0:
        return
    slots = sleep_slots()
    if not slots.acquire(blocking=False):
        raise Busy(
            _(
                "Every slot for slow answers is taken; nothing was slept. Try "
                "again in a moment, or without sleep."
            ),
            retry_after=BUSY_RETRY_AFTER,
        )
    try:
        time.sleep(milliseconds / 1000)
    finally:
        slots.release()
