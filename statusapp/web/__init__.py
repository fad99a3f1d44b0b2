"""HTML pages: reading the catalogue, and editing it through forms."""

from flask import Flask

from statusapp.markup import render_markdown
from statusapp.web import (
    access,
    admin,
    auth,
    editing,
    exchange,
    history,
    language,
    languages,
    notes,
    translations,
)
from statusapp.web.views import bp


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(auth.bp)
    for module in (
        editing,
        notes,
        history,
        admin,
        languages,
        language,
        translations,
        exchange,
    ):
        app.register_blueprint(module.bp)
    access.register(app)
    app.add_template_filter(render_markdown, "markdown")
