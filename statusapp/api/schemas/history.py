"""Revisions: each change to a code, its translations and notes; pages of them."""

from marshmallow import fields

from statusapp.api.schemas.common import PageSchema, Representation


class RevisionSchema(Representation):
    id = fields.Integer()
    code = fields.Integer()
    entity = fields.String()
    entity_key = fields.String()
    action = fields.String()
    author = fields.String(attribute="author.username", allow_none=True)
    created_at = fields.AwareDateTime()
    changes = fields.Dict(
        keys=fields.String(),
        values=fields.Dict(),
        metadata={"description": "Each changed field's before and after values"},
    )
    reverts = fields.Integer(attribute="reverts_id", allow_none=True)


class RevisionPageSchema(PageSchema):
    items = fields.List(fields.Nested(RevisionSchema))
