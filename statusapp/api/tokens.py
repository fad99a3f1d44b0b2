"""API tokens: trade HTTP Basic credentials for a bearer token, and revoke it."""

import logging

from flask import g, url_for

from statusapp.api.auth import BASIC, BEARER, basic_user, bearer_user
from statusapp.api.base import PROBLEM, Blueprint
from statusapp.api.schemas.tokens import TokenInfoSchema, TokenSchema
from statusapp.services import accounts

blp = Blueprint("tokens", __name__, description="Bearer tokens for the write API")
log = logging.getLogger(__name__)


@blp.route("/tokens", methods=["POST"])
@blp.doc(operationId="createToken", security=[BASIC])
@blp.response(201, TokenSchema)
@blp.alt_response(401, description="Missing or wrong credentials", **PROBLEM)
@blp.alt_response(429, description="Too many failed logins", **PROBLEM)
def create_token():
    """Create a bearer token for the user named by HTTP Basic credentials."""
    token, expires_at = accounts.issue_token(basic_user())
    headers = {"Location": url_for("tokens.current_token"), "Cache-Control": "no-store"}
    return {"token": token, "expires_at": expires_at}, headers


@blp.route("/tokens", methods=["GET"])
@blp.doc(operationId="getToken", security=[BEARER])
@blp.response(200, TokenInfoSchema)
@blp.alt_response(401, description="Missing, unknown or expired token", **PROBLEM)
def current_token():
    """Show who the token used belongs to and when it expires."""
    bearer_user()
    return g.api_token


@blp.route("/tokens", methods=["DELETE"])
@blp.doc(operationId="revokeToken", security=[BEARER])
@blp.response(204)
@blp.alt_response(401, description="Missing, unknown or expired token", **PROBLEM)
def revoke_token():
    """Revoke the token used for this request."""
    bearer_user()
    token_id = g.api_token.id
    accounts.revoke_token(g.api_token)
    log.info(
        "logout by %r: token %s revoked",
        g.api_user.username,
        token_id,
        extra={"event": "logout"},
    )
