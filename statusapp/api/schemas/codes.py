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
from statusapp.services.codes import HEADER_RULES, MAX_ITEMS
from statusapp.services.fields import (
    HEADER_NAME_PATTERN,
    LIMITS,
    URL_PATTERN,
    WHITE_SPACE,
)


def http_url(name: str, **kwargs) -> fields.String:
    """An absolute http or https URL within the services' limit for ``name``."""
    return fields.String(
        validate=[
            validate.Length(max=LIMITS[name]),
            validate.Regexp(URL_PATTERN, error="Must be an http or https URL."),
        ],
        **kwargs,
    )


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
    registry_status = fields.String(
        validate=validate.OneOf(REGISTRY_STATUSES),
        metadata={
            "description": (
                "Only codes of this registry status; unregistered lists the"
                " vendors' codes"
            )
        },
    )
    vendor = search_text(
        "vendor",
        metadata={
            "description": (
                "Only codes that this vendor uses unofficially, such as nginx"
                " or Cloudflare (any case)"
            )
        },
    )


class CodeListArgsSchema(PageArgsSchema, CodeFilterArgsSchema):
    """The filters, then the paging (marshmallow takes the last base's fields first)."""


# The header rule for OpenAPI: a field name, white space around it allowed.
HEADER_NAME_DOC_PATTERN = (
    rf"^[{WHITE_SPACE}]*{HEADER_NAME_PATTERN.pattern}[{WHITE_SPACE}]*$"
)


def _check_header_name(value: str) -> None:
    # As the services take it: stripped of surrounding white space.
    if not HEADER_NAME_PATTERN.fullmatch(value.strip()):
        raise ma.ValidationError("Must be a header field name, such as Retry-After.")


class ItemSchema(Representation):
    """One item of a code's list: every field required, no other field.

    An unknown field is named in a message of the item's own, escaped, rather
    than as an error's key: a key is the client's text, which may hold what
    no JSON answer can carry (a lone surrogate).
    """

    @ma.pre_load
    def _refuse_unknown_fields(self, data, **kwargs):
        if isinstance(data, dict):
            unknown = [key for key in data if key not in self.fields]
            if unknown:
                names = ", ".join(
                    key.encode("utf-8", "backslashreplace").decode("utf-8")
                    for key in unknown
                )
                raise ma.ValidationError(f"Unknown field: {names}.", "_schema")
        return data


class HeaderRuleSchema(ItemSchema):
    """A header field that a specification attaches to the status."""

    header = fields.String(
        validate=[validate.Length(min=1, max=LIMITS["header"]), _check_header_name],
        metadata={
            "description": "The field name, such as Retry-After",
            "pattern": HEADER_NAME_DOC_PATTERN,
        },
    )
    rule = fields.String(
        validate=validate.OneOf(HEADER_RULES),
        metadata={"description": "How strongly the specification asks for it"},
    )
    reference = text("reference", metadata={"description": "Where it says so"})
    reference_url = http_url("reference_url")


class UsageSchema(ItemSchema):
    """What a vendor means by the number, outside the registry."""

    vendor = text("vendor", metadata={"description": "Such as nginx or Cloudflare"})
    phrase = text("phrase", metadata={"description": "The vendor's reason phrase"})
    meaning = text("meaning", metadata={"description": "What it means, in English"})
    source_url = http_url(
        "source_url", metadata={"description": "The vendor's documentation"}
    )


def item_list(schema: type[ma.Schema], description: str) -> fields.List:
    """A list of at most MAX_ITEMS records of ``schema``."""
    return fields.List(
        fields.Nested(schema),
        validate=validate.Length(max=MAX_ITEMS),
        metadata={"description": description},
    )


HEADER_RULES_DESCRIPTION = (
    "The header fields the specifications attach to this status, each field"
    " once (names compared in any case)"
)
USAGES_DESCRIPTION = "Vendors' unofficial meanings of this number"


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
    header_rules = item_list(HeaderRuleSchema, HEADER_RULES_DESCRIPTION)
    usages = item_list(UsageSchema, USAGES_DESCRIPTION)
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
    reference_url = http_url("reference_url", allow_none=True)
    registry_status = fields.String(validate=validate.OneOf(REGISTRY_STATUSES))
    header_rules = item_list(HeaderRuleSchema, HEADER_RULES_DESCRIPTION)
    usages = item_list(UsageSchema, USAGES_DESCRIPTION)


class CodeCreateSchema(CodeFieldsSchema):
    code = fields.Integer(
        required=True,
        validate=validate.Range(CODE_RANGE.start, CODE_RANGE.stop - 1),
    )
    reason_phrase = text("reason_phrase", required=True)
