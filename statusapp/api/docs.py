"""The interactive API reference at /api/v1/docs, served without a CDN."""

from pathlib import Path

import flask_swagger_ui
from flask import Blueprint, render_template, send_from_directory

SWAGGER_DIST = Path(flask_swagger_ui.__file__).resolve().parent / "dist"

bp = Blueprint("docs", __name__)


@bp.get("/docs")
def index():
    """Show the API reference: an introduction, then Swagger UI for the document."""
    return render_template("api/docs.html")


@bp.get("/docs/assets/<path:filename>")
def asset(filename):
    """Serve Swagger UI's own files from the flask-swagger-ui package."""
    return send_from_directory(SWAGGER_DIST, filename, max_age=86400)
