"""Field builders, path parameters and paging that more than one resource uses."""

import marshmallow as ma
from marshmallow import fields, validate

from statusapp.services import InvalidValue
from statusapp.services.fields import (
    LIMITS,
    is_multiline,
    text_pattern,
    text_problem,
)
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


class TextRule(validate.Validator):
    """The services' character rule for the text field ``name``, which may be
    required not to be blank; checked on the text as the services strip it."""

    def __init__(self, name: str, *, required: bool):
        self.multiline = is_multiline(name)
        self.required = required

    def __call__(self, value: str) -> str:
        stripped = value.strip()
        problem = text_problem(stripped, multiline=self.multiline)
        if problem is None and self.required and not stripped:
            problem = "Must not be blank."
        if problem:
            raise ma.ValidationError(problem)
        return value


def _text_field(name: str, required: bool, kwargs) -> dict:
    """The validators and OpenAPI pattern of text field ``name``, with kwargs."""
    metadata = {
        "pattern": text_pattern(name, required=required),
        **kwargs.pop("metadata", {}),
    }
    return {
        "validate": [
            validate.Length(min=1 if required else None, max=LIMITS[name]),
            TextRule(name, required=required),
        ],
        "metadata": metadata,
        **kwargs,
    }


def text(name: str, **kwargs) -> fields.String:
    """A text field that must not be blank, within the services' limit and rule."""
    return fields.String(**_text_field(name, True, kwargs))


def optional_text(name: str, **kwargs) -> fields.String:
    """A text field that may be null or empty, within the services' limit and rule."""
    return fields.String(allow_none=True, **_text_field(name, False, kwargs))


def search_text(name: str, **kwargs) -> fields.String:
    """A query parameter of free text, within the services' limit and rule."""
    return fields.String(**_text_field(name, False, kwargs))


class PageArgsSchema(ma.Schema):
    """The query arguments of a paginated list."""

    page = fields.Integer(load_default=1, validate=validate.Range(1, 100_000))
    per_page = fields.Integer(load_default=100, validate=validate.Range(1, 500))


class Representation(ma.Schema):
    """A schema the API answers with: every field is in every answer, unless
    named in ``SOMETIMES``.

    ``required`` means nothing to dumping; it tells the OpenAPI document, and
    the clients generated from it, which fields a client can count on.
    """

    SOMETIMES: tuple[str, ...] = ()

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        field_obj.required = field_name not in self.SOMETIMES


class PageSchema(Representation):
    """One page of a list, with the size of the whole list.

    Each list declares ``items`` again with its own item schema; the field
    keeps its place, first, as a redeclared field does in marshmallow.
    """

    items = fields.List(fields.Raw())
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


def header_parameter(name: str, description: str) -> dict:
    """Return the OpenAPI description of an optional request header."""
    return {
        "name": name,
        "in": "header",
        "required": False,
        "description": description,
        "schema": {"type": "string"},
    }
