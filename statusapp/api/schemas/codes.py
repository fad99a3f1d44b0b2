"""Status codes, pages of them and the five classes; the list's query."""

import marshmallow as ma
from marshmallow import fields, validate

from statusapp.api.schemas.common import (
    PageArgsSchema,
    PageSchema,
    Representation,
    language_tag,
    optional_text,
    search_text,
    text,
)
from statusapp.api.schemas.notes import NoteSchema
from statusapp.api.schemas.translations import TranslationTextSchema
from statusapp.models import CODE_RANGE, REGISTRY_STATUSES
from statusapp.services.fields import LIMITS, URL_PATTERN


class LangArgsSchema(ma.Schema):
    lang = language_tag("Content language for the top-level description")


class CodeFilterArgsSchema(LangArgsSchema):
    class_number = fields.Integer(
        data_key="class",
        validate=validate.Range(1, 5),
        metadata={"description": "Status class, 1 to 5 (1xx to 5xx)"},
    )
    q = search_text(
        "search",
        metadata={
            "description": (
                "Text to find in codes, phrases and descriptions, best match first:"
                " the code itself, codes that begin with the digits, codes that"
                " hold them, phrases, aliases and titles, then descriptions; a"
                " class such as 4xx lists that class in code order"
            )
        },
    )


class CodeListArgsSchema(PageArgsSchema, CodeFilterArgsSchema):
    """The filters, then the paging (marshmallow takes the last base's fields first)."""


class CodeSummarySchema(Representation):
    SOMETIMES = ("description", "description_lang")

    code = fields.Integer()
    reason_phrase = fields.String()
    class_number = fields.Integer(data_key="class")
    class_name = fields.String()
    reference = fields.String(allow_none=True)
    reference_url = fields.String(allow_none=True)
    registry_status = fields.String(validate=validate.OneOf(REGISTRY_STATUSES))
    aliases = fields.List(fields.String())
    extension = fields.String(allow_none=True)
    translations = fields.Dict(
        keys=fields.String(),
        values=fields.Nested(TranslationTextSchema),
        attribute="translations_by_lang",
        metadata={"description": "Title and description keyed by language tag"},
    )
    description = fields.String(
        metadata={"description": "Text in the language asked for with ?lang="}
    )
    description_lang = fields.String(
        metadata={"description": "Language of description, when it is a fallback"}
    )
    version = fields.Integer()
    updated_at = fields.AwareDateTime()

    @ma.post_dump
    def _drop_unasked_description(self, data, **kwargs):
        if data.get("description") is None:
            data.pop("description", None)
            data.pop("description_lang", None)
        return data


class CodeSchema(CodeSummarySchema):
    source_heading = fields.String(
        allow_none=True,
        metadata={"description": "The heading as the source page printed it"},
    )
    notes = fields.List(fields.Nested(NoteSchema))
    created_at = fields.AwareDateTime()


class CodePageSchema(PageSchema):
    items = fields.List(fields.Nested(CodeSummarySchema))


class StatusClassSchema(Representation):
    number = fields.Integer(data_key="class")
    range = fields.String()
    name = fields.String()
    names = fields.Dict(keys=fields.String(), values=fields.String())
    count = fields.Integer()


class CodeFieldsSchema(ma.Schema):
    reason_phrase = text("reason_phrase")
    aliases = fields.List(text("alias"))
    reference = optional_text("reference")
    reference_url = fields.String(
        allow_none=True,
        validate=[
            validate.Length(max=LIMITS["reference_url"]),
            validate.Regexp(URL_PATTERN, error="Must be an http or https URL."),
        ],
    )
    registry_status = fields.String(validate=validate.OneOf(REGISTRY_STATUSES))


class CodeCreateSchema(CodeFieldsSchema):
    code = fields.Integer(
        required=True,
        validate=validate.Range(CODE_RANGE.start, CODE_RANGE.stop - 1),
    )
    reason_phrase = text("reason_phrase", required=True)
