"""The JSON API under /api/v1, built with flask-smorest."""

from flask import Flask

from statusapp.api import (
    codes,
    docs,
    document,
    exchange,
    history,
    languages,
    notes,
    status_document,
    tokens,
    translations,
)
from statusapp.api.auth import register_security_schemes
from statusapp.api.base import API_PREFIX, api_before_request
from statusapp.extensions import csrf

BLUEPRINTS = (codes, translations, languages, exchange, notes, history, tokens)


def register(app: Flask, api) -> None:
    """Register the API's blueprints, its security schemes and its docs page."""
    # Before the blueprints, whose operations refer to the header components.
    document.register(app, api)
    for module in BLUEPRINTS:
        # Bearer tokens, never cookies, authenticate API writes: no CSRF.
        csrf.exempt(module.blp)
        api.register_blueprint(module.blp, url_prefix=API_PREFIX)
    register_security_schemes(api)
    status_document.register(api)
    app.register_blueprint(docs.bp, url_prefix=API_PREFIX)
    app.before_request(api_before_request)
