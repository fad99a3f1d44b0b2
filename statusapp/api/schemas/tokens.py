"""Bearer tokens, and who a token belongs to."""

import marshmallow as ma
from marshmallow import fields


class TokenSchema(ma.Schema):
    token = fields.String(metadata={"description": "Send as Authorization: Bearer"})
    expires_at = fields.AwareDateTime()


class TokenInfoSchema(ma.Schema):
    username = fields.String(attribute="user.username")
    role = fields.String(attribute="user.role")
    created_at = fields.AwareDateTime()
    expires_at = fields.AwareDateTime()
