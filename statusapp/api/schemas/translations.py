"""A code's text in one language, its review state, and changing either."""

import marshmallow as ma
from marshmallow import fields, validate

from statusapp.api.schemas.common import Representation, optional_text, text
from statusapp.models import TRANSLATION_STATUSES
from statusapp.services.translations import SETTABLE_STATUSES


def username(user) -> str | None:
    return user.username if user else None


def status_field() -> fields.String:
    return fields.String(
        validate=validate.OneOf(TRANSLATION_STATUSES),
        metadata={
            "description": "draft: written, not yet reviewed; reviewed: checked "
            "by an editor other than its last author; outdated: the source text "
            "changed since; disputed: known to be wrong, for dispute_reason"
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


def dispute_reason_field() -> fields.String:
    return fields.String(
        allow_none=True,
        metadata={"description": "What is wrong with a disputed text; else null"},
    )


class TranslationTextSchema(Representation):
    title = fields.String(allow_none=True)
    description = fields.String()
    status = status_field()
    dispute_reason = dispute_reason_field()
    source_version = source_version_field()


class ProposalSchema(Representation):
    title = fields.String(allow_none=True)
    description = fields.String()
    author = fields.Function(
        lambda p: username(p.author),
        metadata={"type": ["string", "null"], "description": "Who proposed it"},
    )
    version = fields.Integer()
    updated_at = fields.AwareDateTime()


class TranslationSchema(Representation):
    code = fields.Integer()
    lang = fields.String()
    title = fields.String(allow_none=True)
    description = fields.String()
    status = status_field()
    dispute_reason = dispute_reason_field()
    proposal = fields.Nested(
        ProposalSchema,
        allow_none=True,
        metadata={
            "description": "A corrected text offered for review beside this one, "
            "or null"
        },
    )
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


class TranslationPutSchema(ma.Schema):
    title = optional_text("title")
    description = text("description", required=True)


class TranslationReviewSchema(ma.Schema):
    status = fields.String(
        required=True,
        validate=validate.OneOf(
            SETTABLE_STATUSES,
            error="Must be reviewed, draft or disputed; outdated is set by the "
            "catalogue.",
        ),
        metadata={
            "description": "reviewed, by an editor other than the last author; "
            "draft, to confirm an outdated text still holds or withdraw a "
            "dispute; or disputed, with a reason"
        },
    )
    dispute_reason = optional_text(
        "dispute_reason",
        metadata={"description": "Why the text is wrong; required for disputed"},
    )


class ProposalPutSchema(ma.Schema):
    title = optional_text("title")
    description = text("description", required=True)
    dispute_reason = optional_text(
        "dispute_reason",
        metadata={
            "description": "Why the current text is wrong: given, it marks the "
            "text disputed in the same change"
        },
    )
