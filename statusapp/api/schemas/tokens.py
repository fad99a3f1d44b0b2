"""Bearer tokens, and who a token belongs to."""

from marshmallow import fields

from statusapp.api.schemas.common import Representation


class TokenSchema(Representation):
    token = fields.String(metadata={"description": "Send as Authorization: Bearer"})
    expires_at = fields.AwareDateTime()


class TokenInfoSchema(Representation):
    username = fields.String(attribute="user.username")
    role = fields.String(attribute="user.role")
    created_at = fields.AwareDateTime()
    expires_at = fields.AwareDateTime()
