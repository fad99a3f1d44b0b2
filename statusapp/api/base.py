"""Pieces every API blueprint shares."""

import flask_smorest
from flask import g, request

from statusapp.errors import abort_problem

API_PREFIX = "/api/v1"
JSON_TYPES = ["application/json", "application/problem+json"]


class Blueprint(flask_smorest.Blueprint):
    """A smorest Blueprint that remembers the ETag behind a 304."""

    def _check_not_modified(self, etag):
        g.etag = etag
        super()._check_not_modified(etag)


def require_json_acceptable():
    """Answer 406 when the client's Accept header rules out JSON."""
    if request.path.startswith(API_PREFIX + "/docs"):
        return
    if "Accept" in request.headers and not request.accept_mimetypes.best_match(
        JSON_TYPES
    ):
        abort_problem(
            406,
            detail="This API speaks JSON only; accept application/json "
            "or application/problem+json.",
        )


def api_before_request():
    if request.path.startswith(API_PREFIX):
        return require_json_acceptable()
