"""Languages with their coverage figures; adding and changing one."""

import marshmallow as ma
from marshmallow import fields

from statusapp.api.schemas.common import Representation, language_tag, text


class CoverageSchema(Representation):
    reviewed = fields.Integer()
    draft = fields.Integer()
    outdated = fields.Integer()
    disputed = fields.Integer()
    missing = fields.Integer()
    total = fields.Integer(metadata={"description": "Codes in the catalogue"})


class LanguageSchema(Representation):
    tag = fields.String(metadata={"description": "BCP 47 language tag"})
    name = fields.String(metadata={"description": "Name in English"})
    native_name = fields.String(metadata={"description": "Name in the language"})
    enabled = fields.Boolean()
    is_source = fields.Boolean(
        metadata={"description": "The language every other one translates from"}
    )
    stats = fields.Nested(
        CoverageSchema,
        metadata={"description": "How many codes have each kind of text"},
    )
    version = fields.Integer()


def language_name(**kwargs) -> fields.String:
    return text("language_name", **kwargs)


class LanguageCreateSchema(ma.Schema):
    tag = language_tag("BCP 47 language tag, such as ja or pt-BR", required=True)
    name = language_name(required=True)
    native_name = language_name(required=True)
    enabled = fields.Boolean(load_default=True)


class LanguagePatchSchema(ma.Schema):
    name = language_name()
    native_name = language_name()
    enabled = fields.Boolean()
