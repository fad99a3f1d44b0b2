"""The options of /status/{code}: query parameters, or their X-Status-* headers."""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import gettext as _

from statusapp.services.errors import InvalidValue

# Each option's query parameter and the request header that stands for it;
# the parameter wins when both are sent.
OPTION_HEADERS = {
    "sleep": "X-Status-Sleep",
    "retry_after": "X-Status-Retry-After",
    "location": "X-Status-Location",
    "body": "X-Status-Body",
}
MAX_SLEEP_MS = 30_000
MAX_RETRY_AFTER = 86_400
# Seconds of Retry-After when the option does not say.
DEFAULT_RETRY_AFTER = 60
MAX_LOCATION = 2000
_SLEEP = re.compile(r"[0-9]{1,5}")
_SECONDS = re.compile(r"[0-9]{1,6}")
# A path on this app: one "/" then visible ASCII, no backslash, so that no
# browser reads it as another host ("//host", "/\\host").
_LOCATION = re.compile(r"/(?![/\\])[\x21-\x5b\x5d-\x7e]*")


@dataclass(frozen=True)
class Options:
    """What the client asked of the answer beyond its status."""

    sleep: int = 0
    retry_after: int | None = None
    retry_after_date: bool = False
    location: str | None = None
    body: bool = True


def parse_options(query: Mapping[str, str], headers: Mapping[str, str]) -> Options:
    """Read the options from the query, or else from their X-Status-* headers;
    raise InvalidValue naming each one that is malformed."""
    found: dict[str, tuple[str, str]] = {}
    for name, header in OPTION_HEADERS.items():
        if name in query:
            found[name] = (name, query[name])
        elif header in headers:
            found[name] = (header, headers[header])
    errors: dict[str, list[str]] = {}
    values: dict = {}
    for name, (shown, raw) in found.items():
        try:
            values.update(_READERS[name](raw))
        except ValueError as problem:
            errors[shown] = [str(problem)]
    if errors:
        raise InvalidValue(errors)
    return Options(**values)


def _sleep(raw: str) -> dict:
    if not _SLEEP.fullmatch(raw) or int(raw) > MAX_SLEEP_MS:
        raise ValueError(
            _(
                "Give a whole number of milliseconds from 0 to %(limit)s.",
                limit=MAX_SLEEP_MS,
            )
        )
    return {"sleep": int(raw)}


def _retry_after(raw: str) -> dict:
    dated = raw == "date" or raw.startswith("date:")
    number = "" if raw == "date" else raw.removeprefix("date:")
    if raw == "date":
        seconds = DEFAULT_RETRY_AFTER
    elif _SECONDS.fullmatch(number) and int(number) <= MAX_RETRY_AFTER:
        seconds = int(number)
    else:
        raise ValueError(
            _(
                "Give whole seconds from 0 to %(limit)s, or date or date:SECONDS "
                "for an HTTP-date that many seconds ahead.",
                limit=MAX_RETRY_AFTER,
            )
        )
    return {"retry_after": seconds, "retry_after_date": dated}


def _location(raw: str) -> dict:
    if len(raw) > MAX_LOCATION or not _LOCATION.fullmatch(raw):
        raise ValueError(
            _(
                "Give a path on this site: it starts with one /, holds no "
                "backslash, space or control character, and is at most "
                "%(limit)s characters.",
                limit=MAX_LOCATION,
            )
        )
    return {"location": raw}


def _body(raw: str) -> dict:
    if raw != "none":
        raise ValueError(_("The only value is none, which sends no body."))
    return {"body": False}


_READERS = {
    "sleep": _sleep,
    "retry_after": _retry_after,
    "location": _location,
    "body": _body,
}
