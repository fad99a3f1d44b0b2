"""The answer of /status/{code} built from a code's facts and the options:
pure, data in and data out."""

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import http_date, parse_accept_header

from statusapp.registry import reason_phrase as registered_phrase
from statusapp.services.status_responses.options import DEFAULT_RETRY_AFTER, Options

METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
# The response headers the rules may send, for CORS to expose.
SENT_HEADERS = (
    "Allow",
    "Content-Language",
    "Content-Range",
    "ETag",
    "Location",
    "Proxy-Authenticate",
    "Retry-After",
    "Upgrade",
    "WWW-Authenticate",
)
WWW_AUTHENTICATE = 'Bearer realm="statusapp"'
PROXY_AUTHENTICATE = 'Basic realm="statusapp"'
UPGRADE = "HTTP/3.0"
# Statuses whose answers carry no content (RFC 9110, Sections 15.3.5, 15.3.6
# and 15.4.5).
NO_CONTENT = frozenset({204, 205, 304})
# ``may`` headers sent without their option.
SENT_UNASKED = frozenset({(429, "retry-after"), (503, "retry-after")})
JSON = "application/json"
TEXT = "text/plain; charset=utf-8"
# What every answer of the endpoint carries, errors included: it is a test
# fixture on the app's own origin, so it is sandboxed, never sniffed and
# never stored.
SAFETY_HEADERS = {
    "Content-Security-Policy": "sandbox",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}
# A reason phrase fit for the status line.
_PHRASE = re.compile(r"[\x20-\x7e]{1,100}")


@dataclass(frozen=True)
class CodeFacts:
    """What the catalogue says of a code; for an unknown one, the generic phrase."""

    code: int
    reason_phrase: str
    description: str | None = None
    description_lang: str | None = None
    header_rules: tuple[Mapping, ...] = ()
    # This app's page of the code: the default Location, a 300's first choice.
    page: str = "/"
    # A 300's other choices (the code's JSON, say).
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    """A finished answer: status line, headers and body bytes."""

    status: int
    status_line: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        """Return the value of header ``name``, or None."""
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


def media_type(accept: str | None) -> str:
    """Return the body's type for an Accept header: JSON if preferred, else text."""
    accepted = parse_accept_header(accept, MIMEAccept)
    best = accepted.best_match(["text/plain", JSON], default="text/plain")
    return JSON if best == JSON else TEXT


def status_line(facts: CodeFacts) -> str:
    """Return the status line: the catalogue's phrase when it is one line of
    ASCII, else the registry's."""
    phrase = facts.reason_phrase
    if not (phrase and _PHRASE.fullmatch(phrase)):
        phrase = registered_phrase(facts.code)
    return f"{facts.code} {phrase}"


def phrase_of(code: int, reason_phrase: str, aliases) -> str:
    """Return the phrase an answer names: the registry's, but for a number it
    marks "(Unused)", the name it is known by (418 I'm a teapot), if any."""
    if not reason_phrase.startswith("("):
        return reason_phrase
    known = next((a for a in aliases if isinstance(a, str) and a), None)
    return known or registered_phrase(code)


def representation(facts: CodeFacts, kind: str) -> bytes:
    """Return the body a GET of this status would carry in full."""
    choices = [facts.page, *facts.alternatives] if facts.code == 300 else []
    if kind == JSON:
        data = {
            "code": facts.code,
            "reason_phrase": facts.reason_phrase,
            "description": facts.description,
        }
        if choices:
            data["choices"] = choices
        return json.dumps(data, ensure_ascii=False).encode()
    lines = [f"{facts.code} {facts.reason_phrase}"]
    if facts.description:
        lines += ["", facts.description]
    if choices:
        lines += ["", *(f"- {choice}" for choice in choices)]
    return ("\n".join(lines) + "\n").encode()


def _retry_after_value(options: Options, now: datetime) -> str:
    seconds = options.retry_after
    if seconds is None:
        seconds = DEFAULT_RETRY_AFTER
    if options.retry_after_date:
        return http_date(now + timedelta(seconds=seconds))
    return str(seconds)


def _rule_headers(
    facts: CodeFacts, options: Options, full: bytes, now: datetime
) -> list[tuple[str, str]]:
    """Return the headers the code's rules send, in the rules' order."""
    given = {
        "location": options.location is not None,
        "retry-after": options.retry_after is not None,
    }
    values = {
        "location": lambda: options.location or facts.page,
        "retry-after": lambda: _retry_after_value(options, now),
        "www-authenticate": lambda: WWW_AUTHENTICATE,
        "proxy-authenticate": lambda: PROXY_AUTHENTICATE,
        "allow": lambda: ", ".join(METHODS),
        "upgrade": lambda: UPGRADE,
        "content-range": lambda: _content_range(facts.code, len(full)),
        "etag": lambda: '"' + hashlib.blake2b(full, digest_size=12).hexdigest() + '"',
    }
    sent: list[tuple[str, str]] = []
    seen = set()
    for rule in facts.header_rules:
        if not isinstance(rule, Mapping):
            continue
        name = rule.get("header")
        key = name.lower() if isinstance(name, str) else None
        if key not in values or key in seen:
            continue
        wanted = rule.get("rule")
        if wanted == "may":
            if not (given.get(key) or (facts.code, key) in SENT_UNASKED):
                continue
        elif wanted not in ("must", "should"):
            continue
        value = values[key]()
        if value is not None:
            seen.add(key)
            sent.append((name, value))
    return sent


def _content_range(code: int, total: int) -> str | None:
    if code == 206:
        return f"bytes 0-{_part_length(total) - 1}/{total}"
    if code == 416:
        return f"bytes */{total}"
    return None


def _part_length(total: int) -> int:
    return max(1, total // 2)


def build(
    facts: CodeFacts,
    options: Options,
    *,
    method: str = "GET",
    accept: str | None = None,
    now: datetime | None = None,
) -> Answer:
    """Build the answer to ``method`` for a final status (200 to 599)."""
    kind = media_type(accept)
    full = representation(facts, kind)
    headers = _rule_headers(facts, options, full, now or datetime.now(UTC))
    body = full
    if facts.code in NO_CONTENT:
        body = None
    elif facts.code == 206:
        body = full[: _part_length(len(full))]
    elif not options.body:
        body = b""
    if body:
        headers.append(("Content-Type", kind))
        if facts.description_lang and facts.description:
            headers.append(("Content-Language", facts.description_lang))
    if body is not None:
        # A HEAD gets the length a GET would (RFC 9110, Section 9.3.2).
        headers.append(("Content-Length", str(len(body))))
    headers.append(("Vary", "Accept, Accept-Language"))
    if method == "HEAD" or body is None:
        body = b""
    return Answer(facts.code, status_line(facts), tuple(headers), body)
