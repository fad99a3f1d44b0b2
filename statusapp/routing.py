"""URL converters for the numbers in paths, bounded so that absurd ones are 404."""

from flask import Flask
from flask_smorest.spec.plugins import integerconverter2paramschema
from werkzeug.routing import IntegerConverter


class CodeConverter(IntegerConverter):
    """A status code's place: exactly three digits, 100 to 999.

    Wider than the codes HTTP defines (100 to 599) so that any three-digit
    number reaches its view, whose service names it unknown and points to the
    nearest codes, rather than a bare 404 from routing.
    """

    def __init__(self, url_map):
        super().__init__(url_map, fixed_digits=3, min=100, max=999)


class IdConverter(IntegerConverter):
    """A row id, within the range of the databases' integer columns."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=2**31 - 1)


def register(app: Flask, api) -> None:
    """Add the converters; call before any blueprint adds its routes."""
    for name, converter in (("code", CodeConverter), ("id", IdConverter)):
        app.url_map.converters[name] = converter
        api.register_converter(converter, integerconverter2paramschema)
