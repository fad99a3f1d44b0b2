"""Logs an operator can use, and the request id that ties a line to a request.

Every line carries the time (UTC, ISO 8601), the level, the logger's name and
the id of the request it was logged in ("-" outside a request), as text:

    2026-12-06T02:30:00.123Z INFO statusapp.services.saving [4f2a...] user ada
    updated translation 404/de

or, with LOG_FORMAT=json, as one JSON object per line, with any ``extra``
values beside the standard keys (time, level, logger, request_id, message,
and exception when there is a traceback).

The handler sits on the "statusapp" logger, which still propagates to the
root logger, so that pytest's caplog and any handler a host adds see the
records too (a host that also prints the root's records prints them twice).

Each request's id is the X-Request-ID it came with when that is well formed
(nginx's $request_id is), or a new one; RequestIds, the outermost WSGI layer
but for ProxyFix, sets it before the read cache or Flask runs, and adds it to
every response, those of the read cache included.
"""

import json
import logging
import logging.config
import os
import re
import sys
import traceback
from datetime import UTC, datetime

from flask import Flask, has_request_context, request

# The WSGI environ key that holds the request's id.
REQUEST_ID = "statusapp.request_id"
HEADER = "X-Request-ID"
WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{1,64}")
# A LogRecord's own attributes; whatever else it holds came as ``extra``.
RECORD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "request_id",
    "taskName",
}


def request_id() -> str | None:
    """Return the current request's id, or None outside a request."""
    if has_request_context():
        return request.environ.get(REQUEST_ID)
    return None


class RequestIds:
    """WSGI middleware: give each request an id and name it in the response."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        sent = environ.get("HTTP_X_REQUEST_ID")
        if sent and WELL_FORMED.fullmatch(sent):
            environ[REQUEST_ID] = sent
        else:
            # 128 random bits in 32 hex digits, as uuid4().hex has (less its
            # six fixed bits), in a seventh of its time: this runs on every read.
            environ[REQUEST_ID] = sent = os.urandom(16).hex()
        named = (HEADER, sent)

        def start(status, headers, exc_info=None):
            return start_response(status, [*headers, named], exc_info)

        return self.wsgi_app(environ, start)

    def __getattr__(self, name):
        # A transparent layer: app.wsgi_app.cache still names the read cache.
        return getattr(self.wsgi_app, name)


def _stamp_request_id(factory):
    def make_record(*args, **kwargs):
        record = factory(*args, **kwargs)
        record.request_id = request_id() or "-"
        return record

    make_record.stamps_request_id = True
    return make_record


def _utc_time(record: logging.LogRecord) -> str:
    moment = datetime.fromtimestamp(record.created, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class TextFormatter(logging.Formatter):
    """One line per record: time, level, logger, [request id], message."""

    def __init__(self):
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
        )

    def formatTime(self, record, datefmt=None):  # noqa: N802 (logging's name)
        return _utc_time(record)

    def format(self, record):
        record.__dict__.setdefault("request_id", "-")
        return super().format(record)


class JSONFormatter(logging.Formatter):
    """One JSON object per record, its traceback (if any) a member of it."""

    def format(self, record):
        line = {
            "time": _utc_time(record),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        for name, value in vars(record).items():
            if name not in RECORD_ATTRIBUTES and name not in line:
                line[name] = value
        if record.exc_info:
            line["exception"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


class StandardError(logging.StreamHandler):
    """A handler writing to whatever sys.stderr is when a record comes, so
    that a swapped stream (a test's capture, a reopened file) is followed."""

    def __init__(self):
        super().__init__()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):
        pass


FORMATTERS = {"text": TextFormatter, "json": JSONFormatter}
# The configuration in force, so that the many apps a test run makes set it once.
_configured: tuple | None = None


def configure(app: Flask) -> None:
    """Send the app's records to standard error as LOG_FORMAT says, at LOG_LEVEL."""
    global _configured
    wanted = (app.config["LOG_FORMAT"], app.config["LOG_LEVEL"])
    factory = logging.getLogRecordFactory()
    if not getattr(factory, "stamps_request_id", False):
        logging.setLogRecordFactory(_stamp_request_id(factory))
    if wanted == _configured:
        return
    log_format, level = wanted
    logging.config.dictConfig(
        {
            "version": 1,
            # Loggers made at import time (statusapp.web.auth...) keep working.
            "disable_existing_loggers": False,
            "formatters": {"statusapp": {"()": FORMATTERS[log_format]}},
            "handlers": {"statusapp": {"()": StandardError, "formatter": "statusapp"}},
            "loggers": {
                "statusapp": {
                    "level": level,
                    "handlers": ["statusapp"],
                    "propagate": True,
                }
            },
        }
    )
    _configured = wanted


def log_server_errors(response):
    """Log each 5xx with its request id (an exception's traceback is logged
    by Flask, on the "statusapp" logger, just before). A 503 is a warning: the
    app chose it (busy, or not ready), with Retry-After."""
    if response.status_code >= 500:
        level = logging.WARNING if response.status_code == 503 else logging.ERROR
        logging.getLogger("statusapp.errors").log(
            level,
            "%s %s answered %s",
            request.method,
            request.path,
            response.status_code,
            extra={"status": response.status_code},
        )
    return response


def register(app: Flask) -> None:
    """Configure logging and log every answer that is the server's fault."""
    configure(app)
    app.after_request(log_server_errors)
