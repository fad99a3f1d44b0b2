"""The JSON API under /api/v1, built with flask-smorest."""

from flask import Flask


def register(app: Flask, api) -> None:
    from statusapp.api import codes, docs
    from statusapp.api.base import API_PREFIX, api_before_request

    api.register_blueprint(codes.blp, url_prefix=API_PREFIX)
    app.register_blueprint(docs.bp, url_prefix=API_PREFIX)
    app.before_request(api_before_request)
