"""What every response carries: security headers, the registered status line, and
the caching headers of statusapp.http_caching."""

from flask import Flask, g, request

from statusapp import http_caching
from statusapp.registry import reason_phrase

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)


def use_registered_reason_phrase(response):
    # Werkzeug prints pre-RFC 9110 phrases in capitals ("413 REQUEST ENTITY
    # TOO LARGE"); the status line should carry the registry's phrase, or,
    # for /status/{code}, the one its answer was built with.
    if response.status == g.get("status_line"):
        return response
    response.status = f"{response.status_code} {reason_phrase(response.status_code)}"
    return response


def add_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    if request.is_secure:
        headers.setdefault(
            "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
        )
    return response


def register(app: Flask) -> None:
    app.after_request(add_security_headers)
    app.after_request(use_registered_reason_phrase)
    http_caching.register(app)
