"""HTML pages: reading the catalogue, and editing it through forms.

Every page's blueprint is registered under one parent blueprint, "web", so
that an endpoint reads like the module that holds it (``web.codes.edit_code``
is statusapp.web.codes.edit_code) and cannot collide with the JSON API's
blueprints of the same names.
"""

from flask import Blueprint, Flask

from statusapp.markup import render_markdown
from statusapp.web import (
    access,
    admin,
    auth,
    catalogue,
    codes,
    exchange,
    history,
    languages,
    notes,
    proposals,
    switcher,
    translations,
)

PAGES = (
    catalogue,
    auth,
    codes,
    notes,
    history,
    admin,
    languages,
    switcher,
    translations,
    proposals,
    exchange,
)


def register(app: Flask) -> None:
    web = Blueprint("web", __name__)
    for module in PAGES:
        web.register_blueprint(module.bp)
    app.register_blueprint(web)
    access.register(app)
    app.add_template_filter(render_markdown, "markdown")
