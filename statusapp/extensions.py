"""Extension objects, created unbound and initialised by the app factory;
and per_worker, for state each worker process keeps for an application."""

import threading

from flask import current_app
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from statusapp.errors import PROBLEM_JSON, ProblemSchema

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ProblemApi(Api):
    """An Api whose documented errors are RFC 9457 problem details.

    The error handler itself lives in statusapp.errors, which serves browsers
    and API clients from one place.
    """

    ERROR_SCHEMA = ProblemSchema
    PROBLEM_CONTENT_TYPE = PROBLEM_JSON

    def _register_error_handlers(self):
        pass

    def _register_pagination_header(self):
        # smorest's X-Pagination header is unused: lists here send Link
        # (statusapp.api.document), and its schema would sit in the document.
        pass

    def _register_responses(self):
        previous = self.DEFAULT_RESPONSE_CONTENT_TYPE
        self.DEFAULT_RESPONSE_CONTENT_TYPE = self.PROBLEM_CONTENT_TYPE
        try:
            super()._register_responses()
        finally:
            self.DEFAULT_RESPONSE_CONTENT_TYPE = previous
        # Every answer carries X-Request-ID (statusapp.logs); the header's
        # component is registered by statusapp.api.document.
        request_id = self.spec.components.get_ref("header", "RequestId")
        for response in self.spec.components.responses_lazy.values():
            response.setdefault("headers", {})["X-Request-ID"] = request_id


db = SQLAlchemy(model_class=Base)
babel = Babel()
migrate = Migrate()
csrf = CSRFProtect()
api = ProblemApi()
login_manager = LoginManager()

_making = threading.Lock()


def per_worker(key: str, make):
    """Return this process's object ``key`` for the current application,
    made once by ``make(config)``, however many threads ask at once."""
    app = current_app._get_current_object()
    found = app.extensions.get(key)
    if found is None:
        with _making:
            found = app.extensions.get(key)
            if found is None:
                found = app.extensions[key] = make(app.config)
    return found
