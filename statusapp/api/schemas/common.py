"""Field builders and path parameters that more than one resource uses."""

import marshmallow as ma
from marshmallow import fields, validate

from statusapp.services import InvalidValue
from statusapp.services.fields import LIMITS, NO_NUL, NOT_BLANK
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
# The same, named tag, where a language itself is the resource.
TAG_PARAMETER = {**LANG_PARAMETER, "name": "tag"}


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


def text(name: str, **kwargs) -> fields.String:
    """A text field that must not be blank, within the services' limit."""
    return fields.String(
        validate=[
            validate.Length(min=1, max=LIMITS[name]),
            validate.Regexp(NOT_BLANK, error="Must not be blank."),
        ],
        **kwargs,
    )


def optional_text(name: str, **kwargs) -> fields.String:
    """A text field that may be null or empty, within the services' limit."""
    return fields.String(
        allow_none=True,
        validate=[
            validate.Length(max=LIMITS[name]),
            validate.Regexp(NO_NUL, error="Must not contain NUL characters."),
        ],
        **kwargs,
    )
