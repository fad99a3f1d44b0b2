"""Catalogue reads answered from memory before Flask runs, and never stale.

Each worker keeps the finished answers to anonymous reads in a ReadCache
(statusapp.services.read_cache), stamped with the catalogue generation. A
request that may be answered from it (GET or HEAD, no credentials, no session
cookie, no body) is looked up by everything its answer depends on: the URL as
sent (scheme, host, script root, path, query) and the request headers that the
answer's Vary names. The content coding is picked from the copies kept, and
If-None-Match is compared as statusapp.http_caching compares it. Before the
lookup the worker reads the generation; a write committed before the request
began has moved it on, and the cache is dropped.

A miss goes to Flask as usual, carrying a Keeper with the generation read
before it. If the answer is one any shared cache may keep (200, an ETag,
``public``, no Set-Cookie, no ``Vary: *``), statusapp.http_caching hands it to
the keeper, which stores it with its gzip copy made once. Either way the
client gets the same status, headers and bytes; tests/test_read_cache.py
holds the two paths to that.

Only a lookup, the generation check and the header check of the request's
door run on a hit (statusapp.boundary refuses a header with a control
character; a hit's path and query were already let through for this key).
"""

import gzip
from dataclasses import dataclass

from flask import Flask, Response
from werkzeug.http import parse_etags, quote_etag, unquote_etag

from statusapp.boundary import HEADER_CONTROL
from statusapp.database import in_memory
from statusapp.extensions import db
from statusapp.health import PATHS as HEALTH_PATHS
from statusapp.http_caching import (
    READ_CACHE_KEEPER,
    accepted_codings,
    encoded_tag,
    tag_matching,
)
from statusapp.registry import reason_phrase
from statusapp.services.read_cache import (
    FileWatch,
    ReadCache,
    ServerWatch,
    SharedGeneration,
)
from statusapp.status_endpoint import is_status_path

READ_METHODS = ("GET", "HEAD")
# Set for each answer sent (the tag and length follow the coding; the server
# dates each response), so not kept with it.
NOT_KEPT = {"etag", "content-length", "content-encoding", "date"}
# What a 304 leaves out: Werkzeug's entity headers, but for Content-Language
# (see http_caching.NotModifiedResponse) and Expires; and the pages' Link,
# which the API's 304s, answered before paging, do not carry either.
NOT_IN_304 = {
    "allow",
    "link",
    "content-md5",
    "content-range",
    "content-type",
    "last-modified",
}
NOT_MODIFIED = f"304 {reason_phrase(304)}"
# The environ key of a request header, by its lowercased name.
ENVIRON_NAME = {}


def environ_name(header: str) -> str:
    """Return the WSGI environ key that holds request header ``header``."""
    name = header.lower()
    if name not in ENVIRON_NAME:
        ENVIRON_NAME[name] = "HTTP_" + name.upper().replace("-", "_")
    return ENVIRON_NAME[name]


@dataclass(frozen=True)
class KeptAnswer:
    """A finished 200 to a read: its headers, tag and body in each coding."""

    status: str
    headers: tuple[tuple[str, str], ...]
    headers_304: tuple[tuple[str, str], ...]
    tag: str
    weak: bool
    bodies: dict[str | None, bytes]

    @property
    def size(self) -> int:
        """Bytes this answer holds, near enough to bound a cache by."""
        return sum(len(body) for body in self.bodies.values()) + 64 * len(self.headers)

    def respond(self, environ, start_response):
        """Answer a request from this copy: 304, or 200 in the coding it prefers."""
        codings = accepted_codings(environ.get("HTTP_ACCEPT_ENCODING"))
        wanted = environ.get("HTTP_IF_NONE_MATCH")
        if wanted and (matched := tag_matching(self.tag, parse_etags(wanted), codings)):
            start_response(
                NOT_MODIFIED, [*self.headers_304, ("ETag", quote_etag(matched))]
            )
            return []
        head = environ["REQUEST_METHOD"] == "HEAD"
        coding = None
        if not head and codings and codings[0] in self.bodies:
            coding = codings[0]
        body = self.bodies[coding]
        headers = [
            *self.headers,
            ("ETag", quote_etag(encoded_tag(self.tag, coding), self.weak)),
            ("Content-Length", str(len(body))),
        ]
        if coding:
            headers.append(("Content-Encoding", coding))
        start_response(self.status, headers)
        return [] if head else [body]


def shareable(response: Response) -> bool:
    """Whether any shared cache could keep ``response`` as it is."""
    cache_control = response.cache_control
    return (
        response.status_code == 200
        and "ETag" in response.headers
        and cache_control.public
        and not (cache_control.private or cache_control.no_store)
        and "Set-Cookie" not in response.headers
        and "Content-Encoding" not in response.headers
        and "*" not in response.vary
        and response.is_sequence
        and not response.direct_passthrough
    )


class Keeper:
    """What a missed read needs to store its answer: where, under what."""

    def __init__(self, cache: ReadCache, generation: int, key: tuple, environ):
        self.cache = cache
        self.generation = generation
        self.key = key
        self.environ = environ

    def keep(self, response: Response, compressible: bool) -> KeptAnswer | None:
        """Store ``response`` if it can be shared, with a gzip copy if
        ``compressible``, and return the answer kept; called by http_caching
        before it codes the body."""
        if not shareable(response):
            return None
        body = response.get_data()
        bodies = {None: body}
        if compressible:
            bodies["gzip"] = gzip.compress(body, mtime=0)
        tag, weak = unquote_etag(response.headers["ETag"])
        headers = tuple(
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in NOT_KEPT
        )
        answer = KeptAnswer(
            status=response.status,
            headers=headers,
            headers_304=tuple(h for h in headers if h[0].lower() not in NOT_IN_304),
            tag=tag,
            weak=weak,
            bodies=bodies,
        )
        names = tuple(
            environ_name(name)
            for name in sorted(response.vary)
            if name.lower() != "accept-encoding"
        )
        variant = tuple(self.environ.get(name) for name in names)
        self.cache.keep(self.generation, self.key, names, variant, answer, answer.size)
        return answer


class CachedReads:
    """WSGI middleware: answer anonymous catalogue reads from the read cache."""

    def __init__(self, app: Flask, wsgi_app):
        self.wsgi_app = wsgi_app
        self.cache = ReadCache(int(app.config["READ_CACHE_BYTES"]))
        self.private_cookies = tuple(
            f"{name}=" for name in (app.config["SESSION_COOKIE_NAME"],)
        )
        with app.app_context():
            engine = db.engine
        if engine.dialect.name != "sqlite":
            self.watch = ServerWatch(engine)
        elif in_memory(engine):
            self.watch = SharedGeneration(engine)
        else:
            self.watch = FileWatch(engine)

    def anonymous_read(self, environ) -> bool:
        """Whether a request may be answered from the cache: a plain read by
        someone not signed in, sending no body; not a health check, which
        must not wait on the database's generation, nor /status/, whose
        answers are made afresh each time."""
        if environ["REQUEST_METHOD"] not in READ_METHODS:
            return False
        path = environ.get("PATH_INFO", "")
        if path in HEALTH_PATHS or is_status_path(path):
            return False
        if "HTTP_AUTHORIZATION" in environ or "HTTP_TRANSFER_ENCODING" in environ:
            return False
        if environ.get("CONTENT_LENGTH", "0") not in ("", "0"):
            return False
        cookie = environ.get("HTTP_COOKIE")
        return not (cookie and any(c in cookie for c in self.private_cookies))

    def __call__(self, environ, start_response):
        if not self.anonymous_read(environ):
            return self.wsgi_app(environ, start_response)
        try:
            generation = self.watch.current()
        except self.watch.errors:
            # Flask answers as it can without the database, 503 or 500.
            return self.wsgi_app(environ, start_response)
        key = (
            environ["wsgi.url_scheme"],
            environ.get("HTTP_HOST"),
            environ.get("SERVER_NAME"),
            environ.get("SERVER_PORT"),
            environ.get("SCRIPT_NAME"),
            environ.get("PATH_INFO"),
            environ.get("QUERY_STRING"),
        )
        found = self.cache.find(
            generation, key, lambda names: tuple(environ.get(n) for n in names)
        )
        if found is not None and not malformed_header(environ):
            return found.respond(environ, start_response)
        environ[READ_CACHE_KEEPER] = Keeper(self.cache, generation, key, environ)
        return self.wsgi_app(environ, start_response)


def malformed_header(environ) -> bool:
    """Whether a request header holds a control character, which the door
    refuses (statusapp.boundary)."""
    return any(
        HEADER_CONTROL.search(value)
        for name, value in environ.items()
        if name.startswith("HTTP_") and isinstance(value, str)
    )
