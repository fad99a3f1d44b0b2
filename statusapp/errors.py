"""One error model: problem+json for API clients, HTML pages for browsers."""

from flask import (
    Flask,
    Response,
    g,
    jsonify,
    make_response,
    render_template,
    request,
    url_for,
)
from werkzeug.exceptions import HTTPException

from statusapp import services
from statusapp.registry import reason_phrase

PROBLEM_JSON = "application/problem+json"


class Problem(HTTPException):
    """An HTTP error raised by our own code, carrying problem details."""

    def __init__(self, code: int, detail: str | None = None, errors=None, headers=None):
        super().__init__(description=detail)
        self.code = code
        self.errors = errors
        self.extra_headers = headers or {}


def abort_problem(code: int, detail: str | None = None, **kwargs):
    raise Problem(code, detail, **kwargs)


def wants_json() -> bool:
    if request.path.startswith("/api/"):
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
    headers.update(data.get("headers") or {})
    return detail, errors, headers


def handle_http_exception(error: HTTPException):
    if error.code == 304:
        # Not an error: the client's copy is current (RFC 9110, Section 15.4.5).
        response = Response(status=304)
        if g.get("etag"):
            response.set_etag(g.etag)
        return response
    detail, errors, headers = _details(error)
    title = reason_phrase(error.code)
    if wants_json():
        body = {
            "type": url_for("web.code_detail", code=error.code, _external=True)
            if 100 <= error.code <= 599
            else "about:blank",
            "title": title,
            "status": error.code,
            "detail": detail,
            "instance": request.path,
        }
        if errors:
            body["errors"] = errors
        response = jsonify(body)
        response.status_code = error.code
        response.mimetype = PROBLEM_JSON
    else:
        page = render_template(
            "errors/error.html", status=error.code, title=title, detail=detail
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
)


def handle_domain_error(error: services.DomainError):
    status = next(
        (code for kind, code in DOMAIN_STATUS if isinstance(error, kind)), 422
    )
    return handle_http_exception(
        Problem(status, str(error), errors=getattr(error, "errors", None))
    )


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(services.DomainError, handle_domain_error)
