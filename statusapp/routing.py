"""URL converters for the numbers in paths, bounded so that absurd ones are 404."""

from flask import Flask
from flask_smorest.spec.plugins import integerconverter2paramschema
from werkzeug.routing import IntegerConverter


class CodeConverter(IntegerConverter):
    """A status code: 100 to 599."""

    def __init__(self, url_map):
        super().__init__(url_map, min=100, max=599)


class IdConverter(IntegerConverter):
    """A row id, within the range of the databases' integer columns."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=2**31 - 1)


def register(app: Flask, api) -> None:
    """Add the converters; call before any blueprint adds its routes."""
    for name, converter in (("code", CodeConverter), ("id", IdConverter)):
        app.url_map.converters[name] = converter
        api.register_converter(converter, integerconverter2paramschema)
