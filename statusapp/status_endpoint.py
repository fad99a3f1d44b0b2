"""/status/{code}: a test endpoint answering any status as the RFCs describe it.

The rules live in statusapp.services.status_responses; this face reads the
request, and keeps the answer safe on the app's own origin: no session is
opened (statusapp.auth), no CSRF check or cookie, no read cache
(statusapp.cached_reads) and no validators or 304 (statusapp.http_caching);
every answer, errors included, is sandboxed, not sniffed and not stored, and
its errors are problem+json whatever the client accepts.
"""

import random

from flask import Blueprint, Flask, Response, g, request, url_for

from statusapp import negotiation
from statusapp.errors import abort_problem
from statusapp.extensions import csrf
from statusapp.services import languages, status_responses

PREFIX = "/status/"

bp = Blueprint("status", __name__)
# Nothing here acts on a session; and a client must be free to POST anything.
csrf.exempt(bp)
_random = random.SystemRandom()


def is_status_path(path: str) -> bool:
    """Whether ``path`` (relative to the app) is one of this endpoint's."""
    return path.startswith(PREFIX)


@bp.url_value_preprocessor
def answer_as_built(endpoint, values) -> None:
    # Before every before_request hook, so that the door's refusals are
    # problem+json too.
    g.json_only = True
    g.exact_answer = True


@bp.after_request
def add_safety_headers(response: Response) -> Response:
    response.headers.update(status_responses.SAFETY_HEADERS)
    return response


def preflight() -> bool:
    """Whether this OPTIONS is a CORS preflight, not a test of OPTIONS."""
    return (
        request.method == "OPTIONS"
        and "Origin" in request.headers
        and "Access-Control-Request-Method" in request.headers
    )


@bp.route(f"{PREFIX}<code>", methods=status_responses.METHODS)
def status(code: str):
    """Answer with the status asked for, its headers and body as the RFCs say."""
    if preflight():
        # statusapp.cors adds what the browser asked about.
        response = Response(status=204)
        response.headers["Allow"] = ", ".join(status_responses.METHODS)
        del response.headers["Content-Type"]
        return response
    chosen = status_responses.choose(status_responses.parse_choices(code), _random)
    if problem := status_responses.interim_problem(chosen):
        abort_problem(400, problem, errors={"code": [problem]})
    options = status_responses.parse_options(request.args, request.headers)
    status_responses.pause(options.sleep)
    lang = negotiation.content_language(
        languages.enabled_tags(), languages.source_language()
    )
    facts = status_responses.facts_of(
        chosen,
        lang,
        page=url_for("web.catalogue.code_detail", code=chosen),
        alternatives=(url_for("codes.Code", code=chosen),),
    )
    answer = status_responses.build(
        facts, options, method=request.method, accept=request.headers.get("Accept")
    )
    response = Response(answer.body)
    response.headers.clear()
    response.headers.extend(answer.headers)
    response.status = g.status_line = answer.status_line
    return response


def register(app: Flask) -> None:
    app.register_blueprint(bp)
