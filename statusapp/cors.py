"""Cross-origin access to the JSON API: reads from anywhere, writes from
CORS_ORIGINS.

Flask-CORS chooses its options by path only; here the choice also follows the
method of the request or, for a preflight, the method and headers it asks for
(Access-Control-Request-Method and -Headers). A read, GET or HEAD, gets
``Access-Control-Allow-Origin: *`` whatever its Origin, so one answer suits
every reader and statusapp.cached_reads may keep it; a preflight for a read
sending no header beyond READ_HEADERS gets the same. Anything else (a write, or
a read sending a bearer token) is allowed only to an origin in CORS_ORIGINS,
named back with ``Vary: Origin``; for any other origin the answer carries no
Access-Control-Allow-Origin, so the browser refuses to send the write, or to
show the page its answer. No answer allows credentials: the API takes bearer
tokens, which a page sends itself, never cookies.

/status/{code} (statusapp.status_endpoint) follows the same rules, with its
own headers: a page may send the X-Status-* option headers in a read, and
read every header the endpoint sends.

The hook runs before statusapp.http_caching finishes the response, so its 304,
and a copy the read cache keeps, carry the headers too, as do problem+json
errors, which a page has to read to know what went wrong.
"""

import re
from datetime import timedelta

from flask import Flask, Request, Response, request
from flask_cors.core import get_cors_options, set_cors_headers
from werkzeug.http import parse_list_header

from statusapp.api.base import API_PREFIX
from statusapp.services.status_responses import OPTION_HEADERS, SENT_HEADERS
from statusapp.status_endpoint import is_status_path

DOCS_PREFIX = f"{API_PREFIX}/docs"
READ_METHODS = ("GET", "HEAD")
# Request headers beyond the CORS-safelisted ones that a page may send.
READ_HEADERS = ("Accept", "Accept-Language", "If-None-Match")
WRITE_HEADERS = (*READ_HEADERS, "Authorization", "Content-Type", "If-Match")
# Response headers a page may read beyond the safelisted ones.
EXPOSED_HEADERS = (
    "Content-Language",
    "ETag",
    "Link",
    "Location",
    "Retry-After",
    "X-Request-ID",
)
# Chromium keeps a preflight's answer two hours at most; the rules change only
# with the configuration.
PREFLIGHT_MAX_AGE = timedelta(hours=2)
_READ_HEADER_NAMES = {name.lower() for name in READ_HEADERS}
STATUS_READ_HEADERS = (*READ_HEADERS, *OPTION_HEADERS.values())
STATUS_EXPOSED_HEADERS = tuple(sorted({*EXPOSED_HEADERS, *SENT_HEADERS}))
_STATUS_HEADER_NAMES = {name.lower() for name in STATUS_READ_HEADERS}


def in_api(path: str) -> bool:
    """Whether ``path`` is the API's, but for its HTML docs page and assets."""
    return path.startswith(f"{API_PREFIX}/") and not (
        path == DOCS_PREFIX or path.startswith(f"{DOCS_PREFIX}/")
    )


def public(req: Request, allowed: set[str] = _READ_HEADER_NAMES) -> bool:
    """Whether ``req`` is a read that any origin may make, or its preflight
    sending no header but the ``allowed`` ones (lowercased)."""
    if req.method != "OPTIONS":
        return req.method in READ_METHODS
    asked = req.headers.get("Access-Control-Request-Method")
    if asked is None:
        # An OPTIONS that is no preflight asks only what the Allow header says.
        return True
    headers = parse_list_header(req.headers.get("Access-Control-Request-Headers", ""))
    return asked in READ_METHODS and all(name.lower() in allowed for name in headers)


def register(app: Flask) -> None:
    """Add CORS headers to the API's answers, reads open and writes listed."""
    # Flask-CORS also reads CORS_* settings (CORS_ORIGINS among them) from the
    # config; every option that matters is given here, so they cannot widen it.
    common = {
        "expose_headers": EXPOSED_HEADERS,
        "max_age": PREFLIGHT_MAX_AGE,
        "supports_credentials": False,
        "allow_private_network": False,
    }
    open_reads = {
        "origins": "*",
        # "*" rather than the Origin sent: one answer for every reader.
        "send_wildcard": True,
        "always_send": True,
        "methods": (*READ_METHODS, "OPTIONS"),
        "allow_headers": READ_HEADERS,
    }
    reads = get_cors_options(app, common, open_reads)
    status_reads = get_cors_options(
        app,
        common,
        open_reads,
        {
            "expose_headers": STATUS_EXPOSED_HEADERS,
            "allow_headers": STATUS_READ_HEADERS,
        },
    )
    writes = get_cors_options(
        app,
        common,
        {
            # Escaped, since Flask-CORS takes a string holding "[" (an IPv6
            # origin) for a regex; anchored, as it matches only from the start.
            "origins": [
                re.compile(re.escape(origin) + r"\Z", re.IGNORECASE)
                for origin in app.config["CORS_ORIGINS"]
            ],
            "send_wildcard": False,
            # A request without Origin comes from no page: nothing to allow.
            "always_send": False,
            # Vary: Origin is set below, on refusals too.
            "vary_header": False,
            "methods": ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"),
            "allow_headers": WRITE_HEADERS,
        },
    )

    def add_cors_headers(response: Response) -> Response:
        if is_status_path(request.path):
            if public(request, _STATUS_HEADER_NAMES):
                return set_cors_headers(response, status_reads)
        elif not in_api(request.path):
            return response
        elif public(request):
            return set_cors_headers(response, reads)
        response.vary.add("Origin")
        return set_cors_headers(response, writes)

    app.after_request(add_cors_headers)
