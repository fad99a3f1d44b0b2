"""HTML pages for readers."""

from flask import Flask

from statusapp.markup import render_markdown
from statusapp.web import auth
from statusapp.web.views import bp


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(auth.bp)
    app.add_template_filter(render_markdown, "markdown")
