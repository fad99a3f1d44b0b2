"""Pieces every API blueprint shares: negotiation, bodies, preconditions, paging."""

import functools
import math
from typing import Protocol

import flask_smorest
from flask import after_this_request, current_app, g, request, url_for
from flask.json.provider import DefaultJSONProvider
from flask_smorest.exceptions import NotModified, PreconditionFailed
from flask_smorest.utils import resolve_schema_instance
from werkzeug.exceptions import BadRequest

from statusapp.api.schemas.common import header_parameter
from statusapp.errors import PROBLEM_JSON, abort_problem
from statusapp.http_caching import CODINGS, encoded_tag, matching_tag

API_PREFIX = "/api/v1"
JSON_TYPES = ["application/json", PROBLEM_JSON]
PROBLEM = {"schema": "Problem", "content_type": PROBLEM_JSON}
OPTIONAL_IF_MATCH = header_parameter(
    "If-Match", "The ETag of the current version; required when replacing"
)


class NestedTooDeep(BadRequest):
    """A JSON body nested deeper than the parser's stack allows."""

    description = "The body is nested too deeply to be read as JSON."


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, with schema field order kept and Chinese written as itself.

    A body nested thousands of levels deep is refused as invalid JSON rather
    than exhausting the parser's recursion.
    """

    sort_keys = False
    ensure_ascii = False

    def loads(self, s, **kwargs):
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise NestedTooDeep() from None


class Blueprint(flask_smorest.Blueprint):
    """A smorest Blueprint with this API's precondition rules.

    smorest would answer 428 before the view runs; here the view checks
    If-Match itself (see ``require_if_match``) once it knows the resource
    exists and the caller may change it, so that 401, 403 and 404 win over
    428, as RFC 9110, Section 13.2.1 asks.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._prepare_doc_cbks.append(self._prepare_shared_doc)

    @staticmethod
    def _prepare_shared_doc(doc, doc_info, **kwargs):
        """Add to an operation's description what every operation here shares.

        Each may answer 406 (see ``require_json_acceptable``); it is public
        unless a decorator names a security scheme; and the responses name
        the headers they carry: ETag where smorest adds it, Location on 201,
        Retry-After on 429 and 503, X-Request-ID on every one.
        """
        responses = doc.setdefault("responses", {})
        responses.setdefault(406, "NOT_ACCEPTABLE")
        for status, response in responses.items():
            if not isinstance(response, dict):
                continue  # a reference to a shared response
            headers = response.setdefault("headers", {})
            if headers.get("ETag") == "ETAG":
                headers["ETag"] = "ETag"  # ours, not smorest's ETAG component
            if int(status) == 201:
                headers["Location"] = "Location"
            if int(status) in (429, 503):
                headers["Retry-After"] = "RetryAfter"
            headers["X-Request-ID"] = "RequestId"
            if not headers:
                del response["headers"]
        doc.setdefault("security", [])
        return doc

    def _check_not_modified(self, etag):
        # smorest compares If-None-Match strongly; RFC 9110, Section 13.1.2
        # asks for the weak comparison, and the gzip copy's tag counts too.
        g.etag = etag
        if request.method in self.METHODS_CHECKING_NOT_MODIFIED:
            if matched := matching_tag(etag):
                g.etag = matched
                raise NotModified

    def _check_precondition(self):
        pass

    def _verify_check_etag(self):
        # Views call require_if_match explicitly; a PUT that creates has
        # nothing to check, which smorest would warn about.
        pass

    def _prepare_etag_doc(self, doc, doc_info, *, method, **kwargs):
        doc = super()._prepare_etag_doc(doc, doc_info, method=method, **kwargs)
        if method.upper() == "PUT":
            # A PUT that creates has no version to match, so If-Match is
            # required only when the resource exists.
            doc["parameters"] = [
                OPTIONAL_IF_MATCH if p == "IF_MATCH" else p
                for p in doc.get("parameters", [])
            ]
        return doc

    def require_if_match(self, etag_data) -> None:
        """Answer 428 without If-Match, 412 when it names another version."""
        if not request.if_match:
            abort_problem(
                428,
                "Send If-Match with the ETag from a GET of this resource, so that "
                "you cannot overwrite a change you have not seen.",
            )
        if request.if_match.star_tag:
            # "*" matches any version, which would skip the lost-update check.
            abort_problem(
                428,
                "If-Match: * names no version; send the ETag from a GET of this "
                "resource, so that you cannot overwrite a change you have not seen.",
            )
        self.check_etag(etag_data)

    def check_etag(self, etag_data, etag_schema=None):
        """Answer 412 unless If-Match names this version, compared strongly.

        The tag of the gzip copy names the same version: a client that read
        the resource compressed may send back the ETag it was given. W/ tags
        never match (RFC 9110, Section 13.1.1).
        """
        if etag_schema is not None:
            etag_data = resolve_schema_instance(etag_schema).dump(etag_data)
        current = self._generate_etag(etag_data)
        names = [current, *(encoded_tag(current, coding) for coding in CODINGS)]
        if not any(request.if_match.contains(name) for name in names):
            raise PreconditionFailed

    def forbid_if_match_when_absent(self) -> None:
        """A PUT that creates: no If-Match can match a resource that is absent."""
        if request.if_match:
            abort_problem(412, "If-Match names a version, but there is none yet.")


# Problems every write may answer, and those particular to some endpoints.
WRITE_ERRORS = {
    400: "The body is not a JSON object",
    401: "No valid bearer token",
    403: "The token's user may not do this",
    413: "The body is too large",
    415: "The body is not application/json",
    404: "Nothing there: no such code, translation, note or revision",
    409: "The code is already in the catalogue",
    412: "The resource is not in the state the request expects",
    428: "If-Match is missing",
}
COMMON_WRITE_ERRORS = (400, 401, 403, 413, 415)


def write_errors(blp: flask_smorest.Blueprint, *extra: int):
    """Document the problem responses a write endpoint can give."""

    def decorator(view):
        for status in (*COMMON_WRITE_ERRORS, *extra):
            view = blp.alt_response(
                status, description=WRITE_ERRORS[status], **PROBLEM
            )(view)
        return blp.doc(security=[{"bearerAuth": []}])(view)

    return decorator


class Page(Protocol):
    """What a service's page of a list tells: its place and the list's size."""

    total: int
    page: int
    per_page: int


def pagination_links(result: Page) -> str:
    """Return an RFC 8288 Link header value for the pages around this one."""
    last = max(1, math.ceil(result.total / result.per_page))
    pages = {"first": 1, "last": last}
    if result.page > 1:
        pages["prev"] = min(result.page - 1, last)
    if result.page < last:
        pages["next"] = result.page + 1
    args = {**request.args.to_dict(), **(request.view_args or {})}
    return ", ".join(
        f'<{url_for(request.endpoint, **{**args, "page": number})}>; rel="{rel}"'
        for rel, number in pages.items()
    )


def vary_on_accept(response):
    response.vary.add("Accept")
    return response


def require_json_acceptable():
    """Answer 406 when the client's Accept header rules out JSON.

    A view class may list other media types it answers in ``media_types``.
    """
    if request.path.startswith(API_PREFIX + "/docs"):
        return
    # The same URL is 406 for a client that rules these types out, so no
    # cache may hand its answer, 200 or 406, to a client that asks otherwise.
    after_this_request(vary_on_accept)
    view = current_app.view_functions.get(request.endpoint)
    offered = getattr(getattr(view, "view_class", None), "media_types", JSON_TYPES)
    if "Accept" in request.headers and not request.accept_mimetypes.best_match(offered):
        if offered == JSON_TYPES:
            detail = (
                "This API speaks JSON only; accept application/json "
                "or application/problem+json."
            )
        else:
            detail = "Accept one of " + ", ".join(offered) + "."
        abort_problem(406, detail=detail)


def require_json_object():
    """Check a request body is a JSON object: 415, 400 or 413 otherwise."""
    if request.mimetype != "application/json":
        headers = (
            {"Accept-Patch": "application/json"} if request.method == "PATCH" else {}
        )
        abort_problem(
            415,
            "Send the body as application/json"
            + (f", not {request.mimetype}." if request.mimetype else "."),
            headers=headers,
        )
    try:
        body = request.get_json()
    except NestedTooDeep as exc:
        abort_problem(400, exc.description)
    except BadRequest:
        abort_problem(400, "The body is not valid JSON.")
    if not isinstance(body, dict):
        kind = {list: "an array", str: "a string", bool: "a boolean"}.get(
            type(body), "a number" if isinstance(body, int | float) else "null"
        )
        abort_problem(400, f"The body must be a JSON object, not {kind}.")


def json_body(view):
    """Check the body's media type and JSON syntax before schema validation."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        require_json_object()
        return view(*args, **kwargs)

    return wrapper


def api_before_request():
    if request.path.startswith(API_PREFIX):
        return require_json_acceptable()
