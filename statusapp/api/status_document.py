"""/status/{code} in the OpenAPI document, written out by hand.

The endpoint lives outside /api/v1 (statusapp.status_endpoint), so no
flask-smorest blueprint describes it; this names each method, each option as
a query parameter and as its header, and the headers an answer may carry.
"""

from werkzeug.routing import Map, Rule

from statusapp.api.schemas.common import LANGUAGE_TAG_SCHEMA
from statusapp.services import status_responses as rules

TAG = {
    "name": "status",
    "description": "A test endpoint: any status, with the headers and body the "
    "RFCs describe for it",
}
_CHOICE = r"[0-9]{3}(-[0-9]{3})?(:[0-9]{1,6}(\.[0-9]{1,6})?)?"
OPTIONS = {
    "sleep": (
        "Milliseconds to wait before answering; a worker lets only a few "
        "requests sleep at once, and answers one more with 503",
        {"type": "integer", "minimum": 0, "maximum": rules.MAX_SLEEP_MS},
    ),
    "retry_after": (
        "Retry-After where the code's rules name it: whole seconds, or date or "
        "date:SECONDS for an HTTP-date that many seconds ahead (default 60)",
        {
            "type": "string",
            "pattern": "^([0-9]{1,6}|date|date:[0-9]{1,6})$",
            "maxLength": 11,
        },
    ),
    "location": (
        "Location where the code's rules name it: a path on this site, starting "
        "with one /, with no backslash, space or control character",
        {
            "type": "string",
            "pattern": r"^/([!-\[\]-~][!-\[\]-~]*)?$",
            "maxLength": rules.MAX_LOCATION,
        },
    ),
    "body": (
        "none: send no body",
        {"type": "string", "enum": ["none"]},
    ),
}
# Headers an answer may carry, by the rules of its code.
SENT = {
    "Location": "3xx and 201: the location option, else the code's page here",
    "Retry-After": "429 and 503, and 413 with the retry_after option: seconds "
    "or an HTTP-date",
    "WWW-Authenticate": '401: Bearer realm="statusapp"',
    "Proxy-Authenticate": '407: Basic realm="statusapp"',
    "Allow": "405: the methods of this endpoint",
    "Upgrade": "426: HTTP/3.0",
    "Content-Range": "206: bytes 0-N/TOTAL, with that part as the body; 416: "
    "bytes */TOTAL",
    "ETag": "304: the tag of the representation",
    "Content-Language": "The language of the description in the body",
}


def _parameters() -> list[dict]:
    found = [
        {
            "name": "code",
            "in": "path",
            "required": True,
            "description": "A status code from 200 to 599 (1xx is refused with "
            "400, as WSGI cannot send one as a final answer); or a random choice "
            "among codes, ranges and weights: 200,500 or 500-504 or "
            "200:0.9,500:0.1, at most 100 codes",
            "schema": {
                "type": "string",
                "pattern": f"^{_CHOICE}(,{_CHOICE})*$",
                "maxLength": 2000,
            },
        },
        {
            "name": "lang",
            "in": "query",
            "required": False,
            "description": "Content language of the description",
            "schema": LANGUAGE_TAG_SCHEMA,
        },
    ]
    for name, (description, schema) in OPTIONS.items():
        header = rules.OPTION_HEADERS[name]
        found.append(
            {
                "name": name,
                "in": "query",
                "required": False,
                "description": description,
                "schema": schema,
            }
        )
        found.append(
            {
                "name": header,
                "in": "header",
                "required": False,
                "description": f"The {name} option, when the query has none",
                "schema": schema,
            }
        )
    return found


def _operation(spec, method: str, verb: str) -> dict:
    request_id = spec.components.get_ref("header", "RequestId")
    problem = {
        "application/problem+json": {
            "schema": spec.components.get_ref("schema", "Problem")
        }
    }
    sent = {
        name: {"description": description, "schema": {"type": "string"}}
        for name, description in SENT.items()
    }
    answer = {
        "headers": {**sent, "X-Request-ID": request_id},
        "content": {
            "application/json": {
                "schema": {"$ref": "#/components/schemas/StatusAnswer"}
            },
            "text/plain": {"schema": {"type": "string"}},
        },
    }
    return {
        "tags": [TAG["name"]],
        "summary": f"Answer {method} with the status asked for, as the RFCs describe "
        "it.",
        "description": "Every answer sets no cookie and carries "
        "Content-Security-Policy: sandbox, X-Content-Type-Options: nosniff and "
        "Cache-Control: no-store. No body for 204, 205, 304 or HEAD; JSON for "
        "a client preferring it, else plain text, never HTML.",
        "operationId": f"{verb}Status",
        "security": [],
        "responses": {
            "200": {"description": "The status asked for (here 200)", **answer},
            "400": {
                "description": "A 1xx was asked for, which WSGI cannot send",
                "headers": {"X-Request-ID": request_id},
                "content": problem,
            },
            "422": {
                "description": "An option or the code is malformed; errors names it",
                "headers": {"X-Request-ID": request_id},
                "content": problem,
            },
            "503": {
                "description": "Asked to sleep while every slot for sleeping is "
                "taken, or the status asked for",
                "headers": {
                    "Retry-After": spec.components.get_ref("header", "RetryAfter"),
                    "X-Request-ID": request_id,
                },
                "content": problem,
            },
            "default": {"description": "The status asked for", **answer},
        },
    }


VERBS = {
    "GET": "get",
    "HEAD": "head",
    "POST": "create",
    "PUT": "put",
    "PATCH": "update",
    "DELETE": "delete",
    "OPTIONS": "options",
}


def register(api) -> None:
    """Add /status/{code} with each of its methods to the API's document."""
    spec = api.spec
    spec.tag(TAG)
    spec.components.schema(
        "StatusAnswer",
        {
            "type": "object",
            "description": "The body of /status/{code} in JSON",
            "properties": {
                "code": {"type": "integer", "minimum": 200, "maximum": 599},
                "reason_phrase": {"type": "string"},
                "description": {
                    "type": ["string", "null"],
                    "description": "The catalogue's text, none for a code it lacks",
                },
                "choices": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "300 only: the representations to choose from",
                },
            },
            "required": ["code", "reason_phrase", "description"],
        },
    )
    # flask-smorest's plugin reads the path from a bound rule, as the
    # endpoint's own (statusapp.status_endpoint) is not made yet.
    rule = Rule("/status/<code>", endpoint="status.status", defaults={})
    Map([rule])
    spec.path(
        rule=rule,
        parameters=_parameters(),
        operations={
            method.lower(): _operation(spec, method, VERBS[method])
            for method in rules.METHODS
        },
    )
