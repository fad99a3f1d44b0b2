"""Validators, Cache-Control, conditional GETs and gzip (RFC 9110, RFC 9111).

Every read of the catalogue carries a strong ETag and ``no-cache``: a cache may
keep it but asks each time, as an edit must show at once and the 304 that
answers an unchanged copy is cheap. The API's ETags come from flask-smorest
(statusapp.api.base); an HTML page marked ``revalidated`` gets one hashed from
its body. A representation sent gzip-coded is another representation, so its
ETag gains ``-gzip`` (RFC 9110, Section 8.8.3).
"""

import functools
import gzip
import hashlib

from flask import Flask, Response, g, request, session
from flask_login import current_user
from werkzeug.datastructures import ETags
from werkzeug.http import parse_accept_header, quote_etag, unquote_etag

from statusapp.registry import reason_phrase

API_PREFIX = "/api/"
# Where statusapp.cached_reads leaves, in a request's environ, the keeper that
# may store its finished answer.
READ_CACHE_KEEPER = "statusapp.read_cache.keeper"
# Smaller bodies gain too little from compression to pay for it.
MIN_COMPRESSED_SIZE = 1024
CODINGS = ("gzip",)
COMPRESSIBLE_TYPES = {
    "application/json",
    "application/problem+json",
    "application/javascript",
    "application/xml",
    "image/svg+xml",
}


class NotModifiedResponse(Response):
    """A 304 that keeps Content-Language, which Werkzeug strips from 304s.

    RFC 9110, Section 15.4.5 lets a 304 carry metadata that guides the update
    of a stored response; the language is part of what the copy is.
    """

    def __init__(self, headers=None):
        super().__init__(status=f"304 {reason_phrase(304)}", headers=headers)

    def get_wsgi_headers(self, environ):
        headers = super().get_wsgi_headers(environ)
        if "Content-Language" in self.headers:
            headers["Content-Language"] = self.headers["Content-Language"]
        return headers


def revalidated(view):
    """Mark a page as a catalogue read: ETag from its body, no-cache."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        g.revalidated_page = True
        return view(*args, **kwargs)

    return wrapper


@functools.lru_cache(maxsize=256)
def accepted_codings(accept_encoding: str | None) -> tuple[str, ...]:
    """Return the content codings of ours that an Accept-Encoding value
    accepts, the client's favourite first; its own entry beats ``*``."""
    accepted = parse_accept_header(accept_encoding)

    def quality(coding: str) -> float:
        named = [q for value, q in accepted if value.lower() == coding]
        if named:
            return max(named)
        return next((q for value, q in accepted if value == "*"), 0)

    ranked = sorted(CODINGS, key=quality, reverse=True)
    return tuple(coding for coding in ranked if quality(coding) > 0)


def chosen_coding() -> str | None:
    """Return the content coding this request prefers among ours, or None."""
    codings = accepted_codings(request.headers.get("Accept-Encoding"))
    return codings[0] if codings else None


def encoded_tag(tag: str, coding: str | None) -> str:
    """Return the (unquoted) ETag of ``tag``'s representation in ``coding``."""
    return f"{tag}-{coding}" if coding else tag


def tag_matching(tag: str, wanted: ETags, codings: tuple[str, ...]) -> str | None:
    """Return the tag in ``wanted`` (If-None-Match) that names ``tag``'s
    representations, for a client that accepts ``codings``.

    The comparison is weak (RFC 9110, Section 13.1.2): W/"x" matches "x", and
    "*" matches whatever exists. The client may hold the identity copy or one
    in a coding it accepts; either is current, and the 304 names the one it
    holds.
    """
    if not wanted:
        return None
    for candidate in (encoded_tag(tag, c) for c in [*codings, None]):
        if wanted.contains_weak(candidate):
            return candidate
    return None


def matching_tag(tag: str) -> str | None:
    """Return the tag in this request's If-None-Match that names ``tag``'s
    representations (see tag_matching)."""
    codings = accepted_codings(request.headers.get("Accept-Encoding"))
    return tag_matching(tag, request.if_none_match, codings)


def signed_in() -> bool:
    """Whether the response depends on who asks: a bearer token or a login."""
    if request.path.startswith(API_PREFIX):
        return request.authorization is not None
    return current_user.is_authenticated or session.modified


def negotiates_coding(response: Response) -> bool:
    """Whether this response's coding follows Accept-Encoding, so it varies on it.

    That holds for every text-like body, small or not, so that the 200 and the
    304 of one resource name the same Vary.
    """
    mimetype = response.mimetype or ""
    if not (mimetype.startswith("text/") or mimetype in COMPRESSIBLE_TYPES):
        return False
    if response.status_code in (204, 206, 304) or response.status_code < 200:
        return False
    if response.direct_passthrough or not response.is_sequence:
        return False
    return not (
        "Content-Encoding" in response.headers or "Content-Range" in response.headers
    )


def worth_compressing(response: Response) -> bool:
    """Whether to gzip this response for a client that accepts it."""
    cache_control = response.cache_control
    # no-store marks a secret (a token); gzip beside reflected input leaks it
    # (BREACH), as it would a CSRF token on a page for a signed-in user.
    if cache_control.no_store or cache_control.no_transform:
        return False
    # HTML under /api/ too: the API's reference page carries the site header.
    if response.mimetype == "text/html":
        if signed_in() or session.get("csrf_token"):
            return False
    return len(response.get_data()) >= MIN_COMPRESSED_SIZE


def not_modified(response: Response, tag: str) -> Response:
    """Return the 304 for ``response``, with the headers a 200 would carry."""
    answer = NotModifiedResponse(headers=response.headers)
    for name in ("Content-Type", "Content-Length", "Content-Encoding"):
        answer.headers.pop(name, None)
    answer.set_etag(tag)
    return answer


def finish_response(response: Response) -> Response:
    """Give reads their validator and Cache-Control; compress; answer 304."""
    if g.get("exact_answer"):
        # /status/{code} sends what it built (statusapp.status_endpoint).
        return response
    read = request.method in ("GET", "HEAD") and response.status_code in (200, 304)
    if read and g.get("revalidated_page") and response.status_code == 200:
        if "ETag" not in response.headers:
            body = response.get_data()
            response.set_etag(hashlib.blake2b(body, digest_size=16).hexdigest())
    if read and "ETag" in response.headers and "Cache-Control" not in response.headers:
        # no-cache: a cache may keep the copy but must ask each time, since an
        # edit must show at once and the 304 that usually answers is cheap.
        # A page for a signed-in user shows their name and edit buttons.
        if signed_in():
            response.cache_control.private = True
        else:
            response.cache_control.public = True
        response.cache_control.no_cache = True
    if response.status_code == 304 and read:
        if request.path.startswith(API_PREFIX) or g.get("revalidated_page"):
            response.vary.add("Accept-Encoding")
        return response
    compressible = False
    if negotiates_coding(response):
        response.vary.add("Accept-Encoding")
        compressible = worth_compressing(response)
    kept = None
    if read and (keeper := request.environ.get(READ_CACHE_KEEPER)) is not None:
        kept = keeper.keep(response, compressible)
    coding = None
    if compressible and request.method != "HEAD":
        coding = chosen_coding()
    tag, weak = unquote_etag(response.headers.get("ETag"))
    if tag is not None and coding:
        response.headers["ETag"] = quote_etag(encoded_tag(tag, coding), weak)
    if read and tag is not None and (matched := matching_tag(tag)):
        return not_modified(response, matched)
    if coding == "gzip":
        # The read cache made the gzip copy already when it kept the answer.
        coded = kept.bodies.get(coding) if kept else None
        response.set_data(coded or gzip.compress(response.get_data(), mtime=0))
        response.headers["Content-Encoding"] = "gzip"
    return response


def register(app: Flask) -> None:
    hooks = app.after_request_funcs.setdefault(None, [])
    # Hooks run in reverse order of registration: first in the list runs last,
    # after every other hook has set its headers, as signing and compressing
    # the finished response must.
    hooks.insert(0, finish_response)
