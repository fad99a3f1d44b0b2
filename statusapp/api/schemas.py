"""Marshmallow schemas: the shapes of the JSON API, documented in OpenAPI."""

import marshmallow as ma
from marshmallow import fields, validate

from statusapp.models import CODE_RANGE, REGISTRY_STATUSES, TRANSLATION_STATUSES
from statusapp.services import InvalidValue
from statusapp.services.fields import LIMITS, NO_NUL, NOT_BLANK, URL_PATTERN
from statusapp.services.language_tags import (
    LANGUAGE_TAG_PATTERN,
    MAX_LANGUAGE_TAG,
    check_language_tag,
)

# A language tag as the OpenAPI document states the services' rule.
LANGUAGE_TAG_SCHEMA = {
    "type": "string",
    "pattern": LANGUAGE_TAG_PATTERN,
    "maxLength": MAX_LANGUAGE_TAG,
}
# The lang path parameter, for the OpenAPI document.
LANG_PARAMETER = {
    "in": "path",
    "name": "lang",
    "required": True,
    "schema": LANGUAGE_TAG_SCHEMA,
    "description": "BCP 47 language tag, such as zh-CN or en",
}


def _check_language_tag(value: str) -> None:
    try:
        check_language_tag(value)
    except InvalidValue as exc:
        raise ma.ValidationError(str(exc)) from exc


def language_tag(description: str, **kwargs) -> fields.String:
    """A language tag field, checked by the services' one rule."""
    return fields.String(
        validate=_check_language_tag,
        metadata={
            "description": description,
            "pattern": LANGUAGE_TAG_PATTERN,
            "maxLength": MAX_LANGUAGE_TAG,
        },
        **kwargs,
    )


class LangArgsSchema(ma.Schema):
    lang = language_tag("Content language for the top-level description")


class CodeListArgsSchema(LangArgsSchema):
    class_number = fields.Integer(
        data_key="class",
        validate=validate.Range(1, 5),
        metadata={"description": "Status class, 1 to 5 (1xx to 5xx)"},
    )
    q = fields.String(
        validate=[
            validate.Length(max=200),
            validate.Regexp(NO_NUL, error="Must not contain NUL characters."),
        ],
        metadata={"description": "Text to find in codes, phrases and descriptions"},
    )
    page = fields.Integer(load_default=1, validate=validate.Range(1, 100_000))
    per_page = fields.Integer(load_default=100, validate=validate.Range(1, 500))


def username(user) -> str | None:
    return user.username if user else None


def status_field() -> fields.String:
    return fields.String(
        validate=validate.OneOf(TRANSLATION_STATUSES),
        metadata={
            "description": "draft: written, not yet reviewed; reviewed: checked "
            "by an editor other than its last author; outdated: the source text "
            "changed since"
        },
    )


def source_version_field() -> fields.Integer:
    return fields.Integer(
        allow_none=True,
        metadata={
            "description": "Version of the source-language text this text was "
            "written from; null for the source language itself"
        },
    )


class TranslationTextSchema(ma.Schema):
    title = fields.String(allow_none=True)
    description = fields.String()
    status = status_field()
    source_version = source_version_field()


class TranslationSchema(ma.Schema):
    code = fields.Integer()
    lang = fields.String()
    title = fields.String(allow_none=True)
    description = fields.String()
    status = status_field()
    source_version = source_version_field()
    updated_by = fields.Function(
        lambda t: username(t.updated_by),
        metadata={"type": ["string", "null"], "description": "Last author"},
    )
    reviewed_by = fields.Function(
        lambda t: username(t.reviewed_by),
        metadata={"type": ["string", "null"], "description": "Who reviewed it"},
    )
    version = fields.Integer()
    updated_at = fields.AwareDateTime()


class NoteSchema(ma.Schema):
    id = fields.Integer(dump_only=True)
    code = fields.Integer(dump_only=True)
    lang = fields.String(allow_none=True)
    body = fields.String(metadata={"description": "Markdown source"})
    author_id = fields.Integer(dump_only=True, allow_none=True)
    version = fields.Integer(dump_only=True)
    created_at = fields.AwareDateTime(dump_only=True)
    updated_at = fields.AwareDateTime(dump_only=True)


class CodeSummarySchema(ma.Schema):
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


class CodePageSchema(ma.Schema):
    items = fields.List(fields.Nested(CodeSummarySchema))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class StatusClassSchema(ma.Schema):
    number = fields.Integer(data_key="class")
    range = fields.String()
    name = fields.String()
    names = fields.Dict(keys=fields.String(), values=fields.String())
    count = fields.Integer()


class TokenSchema(ma.Schema):
    token = fields.String(metadata={"description": "Send as Authorization: Bearer"})
    expires_at = fields.AwareDateTime()


class TokenInfoSchema(ma.Schema):
    username = fields.String(attribute="user.username")
    role = fields.String(attribute="user.role")
    created_at = fields.AwareDateTime()
    expires_at = fields.AwareDateTime()


# Request bodies. The limits and patterns are the services' own, repeated
# here only so that the OpenAPI document tells clients what will be accepted.


def text(name: str, **kwargs) -> fields.String:
    return fields.String(
        validate=[
            validate.Length(min=1, max=LIMITS[name]),
            validate.Regexp(NOT_BLANK, error="Must not be blank."),
        ],
        **kwargs,
    )


def optional_text(name: str, **kwargs) -> fields.String:
    return fields.String(
        allow_none=True,
        validate=[
            validate.Length(max=LIMITS[name]),
            validate.Regexp(NO_NUL, error="Must not contain NUL characters."),
        ],
        **kwargs,
    )


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


class TranslationPutSchema(ma.Schema):
    title = optional_text("title")
    description = text("description", required=True)


class TranslationStatusSchema(ma.Schema):
    status = fields.String(
        required=True,
        validate=validate.OneOf(
            ("reviewed", "draft"),
            error="Must be reviewed or draft; outdated is set by the catalogue.",
        ),
        metadata={
            "description": "reviewed, by an editor other than the last author; "
            "or draft, to confirm an outdated text still holds"
        },
    )


class LanguageSchema(ma.Schema):
    tag = fields.String(metadata={"description": "BCP 47 language tag"})
    name = fields.String(metadata={"description": "Name in English"})
    native_name = fields.String(metadata={"description": "Name in the language"})
    enabled = fields.Boolean()
    is_source = fields.Boolean(
        metadata={"description": "The language every other one translates from"}
    )
    stats = fields.Nested(
        "CoverageSchema",
        metadata={"description": "How many codes have each kind of text"},
    )
    version = fields.Integer()


class CoverageSchema(ma.Schema):
    reviewed = fields.Integer()
    draft = fields.Integer()
    outdated = fields.Integer()
    missing = fields.Integer()
    total = fields.Integer(metadata={"description": "Codes in the catalogue"})


def language_name(**kwargs) -> fields.String:
    return fields.String(
        validate=[
            validate.Length(min=1, max=LIMITS["language_name"]),
            validate.Regexp(NOT_BLANK, error="Must not be blank."),
        ],
        **kwargs,
    )


class LanguageCreateSchema(ma.Schema):
    tag = language_tag("BCP 47 language tag, such as ja or pt-BR", required=True)
    name = language_name(required=True)
    native_name = language_name(required=True)
    enabled = fields.Boolean(load_default=True)


class LanguagePatchSchema(ma.Schema):
    name = language_name()
    native_name = language_name()
    enabled = fields.Boolean()


class NoteCreateSchema(ma.Schema):
    body = text("body", required=True, metadata={"description": "Markdown"})
    lang = language_tag("The note's language, if any", allow_none=True)


class NotePatchSchema(ma.Schema):
    body = text("body", metadata={"description": "Markdown"})
    lang = language_tag("The note's language, if any", allow_none=True)


class RevisionSchema(ma.Schema):
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
