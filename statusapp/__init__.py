"""statusapp: a self-hosted, bilingual reference of HTTP status codes."""

import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from statusapp import (
    api,
    auth,
    boundary,
    cached_reads,
    cli,
    cors,
    database,
    errors,
    health,
    logs,
    resources,
    responses,
    routing,
    static_files,
    status_endpoint,
    web,
)
from statusapp import config as settings
from statusapp.api.base import JSONProvider
from statusapp.extensions import api as rest_api
from statusapp.extensions import babel, csrf, db, migrate
from statusapp.i18n import interface_locale


def create_app(config: dict | None = None) -> Flask:
    """Create the application; ``config`` overrides the environment (tests)."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=resources.TEMPLATES,
        static_folder=resources.STATIC,
    )
    app.config.from_mapping(settings.DEFAULTS)
    if config is None:
        app.config.from_mapping(settings.from_environment(app.instance_path))
    else:
        app.config.from_mapping(config)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith(
        f"sqlite:///{app.instance_path}"
    ):
        # The default database lives there; elsewhere the folder may be read-only.
        os.makedirs(app.instance_path, exist_ok=True)
    app.json = JSONProvider(app)
    logs.register(app)

    db.init_app(app)
    database.register(app)
    migrate.init_app(app, db, directory=str(resources.MIGRATIONS))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=interface_locale)
    rest_api.init_app(app)

    # The door check runs before every other hook, and holds bodies to the limit.
    boundary.register(app)
    routing.register(app, rest_api)
    auth.register(app)
    api.register(app, rest_api)
    cors.register(app)
    web.register(app)
    health.register(app)
    status_endpoint.register(app)
    static_files.register(app)
    errors.register(app)
    responses.register(app)
    cli.register(app)

    if app.config["READ_CACHE_BYTES"]:
        app.wsgi_app = cached_reads.CachedReads(app, app.wsgi_app)
    # Around the cache, so that its answers carry their own request's id.
    app.wsgi_app = logs.RequestIds(app.wsgi_app)
    # Outermost, so that the cache keys reads by the URL the client asked for.
    if proxies := app.config.get("PROXY_COUNT"):
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
    return app
