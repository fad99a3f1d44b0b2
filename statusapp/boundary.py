"""The door of every request: its headers, path, query and body size, checked
before any view, service or database sees them.

Query and path parameters follow the character rule of the text fields
(statusapp.services.fields.text_problem), as one line: UTF-8 as sent (Werkzeug
would quietly read a byte that is not as U+FFFD), no NUL, no control
character, no line break, within MAX_PARAMETER characters, or the field's own
limit for ``q``. A query parameter that breaks it is 422, a path parameter 400,
each naming the parameter; an id that is not a number never matches its route,
so stays the plain 404. A header holding a control character is 400, as
gunicorn answers for one itself; Authorization must also be ASCII, as both its
schemes here are. A body over MAX_CONTENT_LENGTH is 413 however it is framed:
see BoundedStream.
"""

import re
from urllib.parse import unquote_to_bytes

import flask
from flask import Flask, request
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.utils import cached_property
from werkzeug.wsgi import LimitedStream, get_input_stream

from statusapp.errors import abort_problem
from statusapp.services.fields import LIMITS, MAX_PARAMETER, text_problem

# RFC 9110, Section 5.5: a field value holds visible ASCII, space, tab and
# obs-text (bytes 0x80-0xff, often UTF-8), and no other control character.
HEADER_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
# Basic and Bearer credentials are token68, which is ASCII; Werkzeug fails on
# Basic credentials that are not.
ASCII_HEADERS = ("Authorization",)
# Query parameters with a field's own limit.
PARAMETER_LIMITS = {"q": LIMITS["search"]}


class BoundedStream(LimitedStream):
    """A request body read up to MAX_CONTENT_LENGTH where the server ends the
    stream (``wsgi.input_terminated``: gunicorn for every request, Werkzeug's
    server for a chunked one), so that a chunked body, which has no length,
    is held to the limit as it is read.

    Werkzeug's LimitedStream stops at the limit without a word when the whole
    body is read at once, so a chunked body over it came in cut short and
    read as malformed (400) instead of 413; and reading on from a body of
    exactly the limit was 413. Here, at the limit, one more byte tells the
    two apart: a body that goes on is 413, one that ends there is whole.
    """

    def __init__(self, stream, limit: int):
        super().__init__(stream, limit, is_max=True)

    def on_exhausted(self) -> None:
        if self._stream.read(1):
            raise RequestEntityTooLarge()

    def readall(self) -> bytes:
        data = super().readall()
        if self.is_exhausted:
            self.on_exhausted()
        return data


class Request(flask.Request):
    """Flask's request, whose body is a BoundedStream where the server ends it."""

    @cached_property
    def stream(self):
        if self.shallow:
            raise RuntimeError(
                "This request was created with 'shallow=True', reading"
                " from the input stream is disabled."
            )
        limit = self.max_content_length
        if limit is None or "wsgi.input_terminated" not in self.environ:
            return get_input_stream(self.environ, max_content_length=limit)
        if self.content_length is not None and self.content_length > limit:
            raise RequestEntityTooLarge()
        return BoundedStream(self.environ["wsgi.input"], limit)


def _decoded(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _shown(name: str) -> str:
    """A parameter's name as a problem can show it: controls escaped."""
    return repr(name)[1:-1] if text_problem(name) else name


def parameter_problem(name: str, value: str | None) -> str | None:
    """Say what keeps a query or path parameter's value out, or return None.

    ``value`` is None when its bytes are not UTF-8.
    """
    if value is None:
        return _("Must be valid UTF-8 text.")
    if problem := text_problem(value):
        return problem
    limit = PARAMETER_LIMITS.get(name, MAX_PARAMETER)
    if len(value) > limit:
        return _("Must be at most %(limit)s characters.", limit=limit)
    return None


def query_problems() -> dict[str, list[str]]:
    """Check each query parameter, name and value, in the bytes that were sent."""
    problems: dict[str, list[str]] = {}
    raw = request.environ.get("QUERY_STRING", "").encode("latin-1", "replace")
    for part in raw.split(b"&"):  # as Werkzeug splits it
        if not part:
            continue
        raw_name, _equals, raw_value = part.partition(b"=")
        name_bytes = unquote_to_bytes(raw_name.replace(b"+", b" "))
        name = _decoded(name_bytes)
        shown = _shown(name_bytes.decode("utf-8", "replace"))
        value = _decoded(unquote_to_bytes(raw_value.replace(b"+", b" ")))
        problem = parameter_problem("", name) or parameter_problem(shown, value)
        if problem:
            problems.setdefault(shown, [problem])
    return problems


def path_problems() -> dict[str, list[str]]:
    """Check the text parameters of the matched route."""
    texts = {k: v for k, v in (request.view_args or {}).items() if isinstance(v, str)}
    if not texts:
        return {}
    # Werkzeug reads bytes that are not UTF-8 as U+FFFD; PATH_INFO keeps them.
    raw = request.environ.get("PATH_INFO", "").encode("latin-1", "replace")
    as_sent = _decoded(raw) is not None
    problems = {}
    for name, value in texts.items():
        if not as_sent and "\ufffd" in value:
            problems[name] = [parameter_problem(name, None)]
        elif problem := parameter_problem(name, value):
            problems[name] = [problem]
    return problems


def header_problem() -> tuple[str, str] | None:
    """Return the first malformed header's name and what is wrong with it."""
    for name, value in request.headers.items():
        if HEADER_CONTROL.search(value):
            return name, _(
                "The %(name)s header must not contain control characters.", name=name
            )
    for name in ASCII_HEADERS:
        if not request.headers.get(name, "").isascii():
            return name, _("The %(name)s header must be ASCII text.", name=name)
    return None


def _refuse(status: int, problems: dict[str, list[str]]):
    names = ", ".join(sorted(problems))
    detail = _("Some parameters are invalid: %(names)s.", names=names)
    abort_problem(status, detail, errors=problems)


def check_request() -> None:
    """Answer 400 or 422, naming what is wrong, for a request that breaks the rule."""
    if found := header_problem():
        name, message = found
        abort_problem(400, message, errors={name: [message]})
    if problems := path_problems():
        _refuse(400, problems)
    if problems := query_problems():
        _refuse(422, problems)


def register(app: Flask) -> None:
    """Check every request at the door, before the views' own hooks."""
    app.request_class = Request
    app.before_request(check_request)
