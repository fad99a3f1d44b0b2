"""The OpenAPI document's parts beyond the endpoints: servers, licence, headers.

Generated clients and linters read the document as a contract, so it names
every response header a client may act on; ``statusapp.api.base.Blueprint``
attaches them to the operations that send them.
"""

from flask import Flask

# Response header components, by the name operations refer to them with.
RESPONSE_HEADERS = {
    "ETag": {
        "description": "The version of this representation. Send it back in "
        "If-None-Match to revalidate (304 while unchanged), or in If-Match to "
        "change the resource (412 if it changed since).",
        "schema": {"type": "string"},
    },
    "Link": {
        "description": "RFC 8288 links to the first, last, prev and next pages: "
        '<URL>; rel="next", ...',
        "schema": {"type": "string"},
    },
    "Location": {
        "description": "The URL of the resource this request created",
        "schema": {"type": "string", "format": "uri-reference"},
    },
    "ContentLanguage": {
        "description": "The language of the top-level description, when ?lang= "
        "or Accept-Language chose one",
        "schema": {"type": "string"},
    },
    "RetryAfter": {
        "description": "Seconds to wait before trying again",
        "schema": {"type": "integer", "minimum": 0},
    },
    "RequestId": {
        "description": "The id of this request in the server's logs: the "
        "X-Request-ID sent, when it is 1 to 64 letters, digits, '.', '_' or '-', "
        "else a new one; quote it when reporting a problem",
        "schema": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,64}$"},
    },
}

DESCRIPTION = """\
A bilingual reference of HTTP status codes, seeded from MDN's Simplified \
Chinese list and checked against the IANA registry.

Reads are public and need no token. Every read has a strong `ETag`: send it \
back in `If-None-Match` to get 304 while nothing changed. Lists are paginated \
with `page` and `per_page` and carry an RFC 8288 `Link` header.

Writes take a bearer token from `POST /api/v1/tokens`, and changes to an \
existing resource take `If-Match` with its ETag: 428 without it, 412 when the \
resource changed since it was read.

Every error is an RFC 9457 problem (`application/problem+json`). Its `type` is \
the page of its status code in this catalogue, such as `/codes/404`, under the \
site's PUBLIC_URL when that is set, so it is the same behind every host name.
"""

LICENSE = {
    # The catalogue's texts come from MDN Web Docs, under its content licence.
    "name": "CC BY-SA 2.5 (texts from MDN Web Docs contributors)",
    "url": "https://creativecommons.org/licenses/by-sa/2.5/",
}


def register(app: Flask, api) -> None:
    """Add the servers, the licence, contact and the header components."""
    base = app.config["PUBLIC_URL"]
    api.spec.options["servers"] = [
        {
            "url": base or "/",
            "description": "This site" if base else "The site serving this document",
        }
    ]
    contact = {"name": "The editors of this catalogue"}
    if base:
        contact["url"] = base + "/"
    api.spec.options["info"] = {
        "description": DESCRIPTION,
        "license": LICENSE,
        "contact": contact,
    }
    for name, header in RESPONSE_HEADERS.items():
        # Every response names RequestId, the shared ones by a ready reference.
        api.spec.components.header(name, header, lazy=name != "RequestId")
