"""Editors' notes on codes."""

import marshmallow as ma
from marshmallow import fields

from statusapp.api.schemas.common import Representation, language_tag, text


class NoteSchema(Representation):
    id = fields.Integer(dump_only=True)
    code = fields.Integer(dump_only=True)
    lang = fields.String(allow_none=True)
    body = fields.String(metadata={"description": "Markdown source"})
    author_id = fields.Integer(dump_only=True, allow_none=True)
    version = fields.Integer(dump_only=True)
    created_at = fields.AwareDateTime(dump_only=True)
    updated_at = fields.AwareDateTime(dump_only=True)


class NoteCreateSchema(ma.Schema):
    body = text("body", required=True, metadata={"description": "Markdown"})
    lang = language_tag("The note's language, if any", allow_none=True)


class NotePatchSchema(ma.Schema):
    body = text("body", metadata={"description": "Markdown"})
    lang = language_tag("The note's language, if any", allow_none=True)
