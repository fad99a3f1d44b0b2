"""One error model: problem+json for API clients, HTML pages for browsers."""

from flask import (
    Flask,
    current_app,
    g,
    jsonify,
    make_response,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from statusapp import services
from statusapp.http_caching import NotModifiedResponse
from statusapp.logs import request_id
from statusapp.registry import reason_phrase

PROBLEM_JSON = "application/problem+json"


class ProblemSchema(Schema):
    """An RFC 9457 problem details object: the body of every API error."""

    type = fields.String(
        required=True,
        metadata={
            "description": "URI naming the kind of problem: the page of its status "
            "code in this catalogue, such as https://status.example.org/codes/404 "
            "under the PUBLIC_URL setting, or /codes/404 when that is unset",
        },
    )
    title = fields.String(
        required=True, metadata={"description": "The status code's reason phrase"}
    )
    status = fields.Integer(required=True, metadata={"description": "HTTP status code"})
    detail = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "What went wrong this time"},
    )
    instance = fields.String(
        required=True, metadata={"description": "The request path"}
    )
    errors = fields.Dict(
        metadata={"description": "Messages for each invalid field or parameter"}
    )
    request_id = fields.String(
        metadata={
            "description": "The id of the request, as in its X-Request-ID "
            "response header; quote it when reporting a problem"
        }
    )


# Error pages for browsers speak the interface language; problem details stay
# English. The registry's phrases, as the pages' titles:
PAGE_TITLES = {
    400: _l("Bad Request"),
    401: _l("Unauthorized"),
    402: _l("Payment Required"),
    403: _l("Forbidden"),
    404: _l("Not Found"),
    405: _l("Method Not Allowed"),
    406: _l("Not Acceptable"),
    407: _l("Proxy Authentication Required"),
    408: _l("Request Timeout"),
    409: _l("Conflict"),
    410: _l("Gone"),
    411: _l("Length Required"),
    412: _l("Precondition Failed"),
    413: _l("Content Too Large"),
    414: _l("URI Too Long"),
    415: _l("Unsupported Media Type"),
    416: _l("Range Not Satisfiable"),
    417: _l("Expectation Failed"),
    421: _l("Misdirected Request"),
    422: _l("Unprocessable Content"),
    423: _l("Locked"),
    424: _l("Failed Dependency"),
    425: _l("Too Early"),
    426: _l("Upgrade Required"),
    428: _l("Precondition Required"),
    429: _l("Too Many Requests"),
    431: _l("Request Header Fields Too Large"),
    451: _l("Unavailable For Legal Reasons"),
    500: _l("Internal Server Error"),
    501: _l("Not Implemented"),
    502: _l("Bad Gateway"),
    503: _l("Service Unavailable"),
    504: _l("Gateway Timeout"),
    505: _l("HTTP Version Not Supported"),
    506: _l("Variant Also Negotiates"),
    507: _l("Insufficient Storage"),
    508: _l("Loop Detected"),
    510: _l("Not Extended"),
    511: _l("Network Authentication Required"),
}
# In place of Werkzeug's English default descriptions.
PAGE_DETAILS = {
    400: _l("The request could not be understood."),
    401: _l("You need to log in to see this page."),
    403: _l("You may not see this page."),
    404: _l(
        "There is no page at this address. Check it for typing mistakes, or "
        "search the codes."
    ),
    405: _l("This address does not accept that kind of request."),
    406: _l("This page cannot be sent in a form your browser accepts."),
    409: _l("The request conflicts with what is saved now."),
    410: _l("This page is gone for good."),
    412: _l("The page changed since you loaded it; reload it and try again."),
    413: _l("What you sent is too large."),
    415: _l("What you sent is in a format this address does not accept."),
    422: _l("What you sent could not be processed."),
    428: _l("This change must say which version it applies to."),
    429: _l("Too many attempts. Wait a moment and try again."),
    500: _l("Something went wrong on the server. Try again later."),
    503: _l("The site is unavailable for a moment. Try again later."),
}


class Problem(HTTPException):
    """An HTTP error raised by our own code, carrying problem details, and for
    an unknown code's page the ``nearest`` codes to link."""

    def __init__(
        self,
        code: int,
        detail: str | None = None,
        errors=None,
        headers=None,
        nearest: tuple[int, ...] = (),
    ):
        super().__init__(description=detail)
        self.code = code
        self.errors = errors
        self.extra_headers = headers or {}
        self.nearest = nearest


def abort_problem(code: int, detail: str | None = None, **kwargs):
    raise Problem(code, detail, **kwargs)


def wants_json() -> bool:
    # g.json_only: a view for programs only (statusapp.health), whatever Accept.
    if request.path.startswith("/api/") or g.get("json_only"):
        return True
    best = request.accept_mimetypes.best_match(
        ["text/html", "application/json", PROBLEM_JSON]
    )
    return best in ("application/json", PROBLEM_JSON)


def _details(error: HTTPException) -> tuple[str | None, dict | None, dict]:
    """Pull the detail, field errors and extra headers out of any HTTPException."""
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    detail = error.description
    errors = None
    if isinstance(error, Problem):
        errors = error.errors
        headers.update(error.extra_headers)
    data = getattr(error, "data", None) or {}
    if "messages" in data:  # webargs / flask-smorest validation failures
        # Flatten {"query": {"per_page": [...]}} to {"per_page": [...]}.
        errors = {}
        for location_errors in data["messages"].values():
            errors.update(location_errors)
        detail = "Some parameters are invalid: " + ", ".join(sorted(errors)) + "."
    elif (
        isinstance(error, RequestEntityTooLarge)
        and detail == error.__class__.description
    ):
        # Werkzeug's words name no number; a client can act on the limit.
        limit = current_app.config.get("MAX_CONTENT_LENGTH")
        if limit:
            detail = f"The body is over {limit} bytes, the most this server takes."
    headers.update(data.get("headers") or {})
    return detail, errors, headers


def page_text(error: HTTPException, detail: str | None) -> tuple[str, str | None]:
    """Return an error page's title and detail in the interface language."""
    title = PAGE_TITLES.get(error.code) or reason_phrase(error.code)
    data = getattr(error, "data", None) or {}
    if "messages" in data:
        names = sorted(name for where in data["messages"].values() for name in where)
        detail = _("Some parameters are invalid: %(names)s.", names=", ".join(names))
    elif error.description == type(error).description and error.code in PAGE_DETAILS:
        detail = PAGE_DETAILS[error.code]
    return str(title), None if detail is None else str(detail)


def problem_type(status: int) -> str:
    """Return the URI naming problems of this status: the code's page here.

    It is the same behind every host name: PUBLIC_URL's, or a path-only
    reference when PUBLIC_URL is unset (RFC 9457, Section 3.1.1).
    """
    if not 100 <= status <= 599:
        return "about:blank"
    path = url_for("web.catalogue.code_detail", code=status)
    if base := current_app.config["PUBLIC_URL"]:
        # PUBLIC_URL already names any prefix the app is mounted under.
        return base + path.removeprefix(request.script_root)
    return path


def handle_http_exception(error: HTTPException):
    if error.code == 304:
        # Not an error: the client's copy is current (RFC 9110, Section 15.4.5).
        # It repeats the 200's ETag; Cache-Control, Vary and Content-Language
        # are added by the hooks that add them to the 200.
        response = NotModifiedResponse()
        if g.get("etag"):
            response.set_etag(g.etag)
        return response
    detail, errors, headers = _details(error)
    title = reason_phrase(error.code)
    if wants_json():
        body = {
            "type": problem_type(error.code),
            "title": title,
            "status": error.code,
            "detail": detail,
            "instance": request.path,
        }
        if errors:
            body["errors"] = errors
        if rid := request_id():
            body["request_id"] = rid
        response = jsonify(body)
        response.status_code = error.code
        response.mimetype = PROBLEM_JSON
    else:
        title, detail = page_text(error, detail)
        page = render_template(
            "errors/error.html",
            status=error.code,
            title=title,
            detail=detail,
            nearest=getattr(error, "nearest", ()),
            request_id=request_id() if error.code >= 500 else None,
        )
        response = make_response(page, error.code)
    response.headers.update(headers)
    return response


DOMAIN_STATUS = (
    (services.NotFound, 404),
    (services.InvalidValue, 422),
    (services.Conflict, 409),
    (services.StaleVersion, 412),
    (services.PermissionDenied, 403),
    (services.TooManyAttempts, 429),
    (services.Busy, 503),
)


def handle_domain_error(error: services.DomainError, nearest: tuple[int, ...] = ()):
    status = next(
        (code for kind, code in DOMAIN_STATUS if isinstance(error, kind)), 422
    )
    headers = {}
    if retry_after := getattr(error, "retry_after", None):
        headers["Retry-After"] = str(retry_after)
    problem = Problem(
        status,
        str(error),
        errors=getattr(error, "errors", None),
        headers=headers,
        nearest=nearest,
    )
    return handle_http_exception(problem)


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(services.DomainError, handle_domain_error)
