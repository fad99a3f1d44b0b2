"""Fixtures: a fresh, seeded database per test on SQLite and, when
TEST_DATABASE_URL is set, on PostgreSQL too; the app, client and runner."""

import os
import shutil
import threading
import uuid
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from page_support import BROWSER_ACCEPT
from session_support import PASSWORD
from sqlalchemy.engine import make_url
from werkzeug.datastructures import Headers
from werkzeug.serving import make_server

from statusapp import create_app
from statusapp.config import database_url

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


class BrowserClient(FlaskClient):
    """A test client that asks for pages as a browser does: a request outside
    /api/ that names no Accept header gets a browser's. ``browser=False``
    sends the request as it is, with no Accept unless the test gives one."""

    def open(self, *args, browser: bool = True, **kwargs):
        path = args[0] if args and isinstance(args[0], str) else kwargs.get("path")
        page = isinstance(path, str) and not urlsplit(path).path.startswith("/api/")
        if browser and page:
            headers = Headers(kwargs.get("headers"))
            if "Accept" not in headers and "HTTP_ACCEPT" not in self.environ_base:
                headers["Accept"] = BROWSER_ACCEPT
            kwargs["headers"] = headers
        return super().open(*args, **kwargs)


def make_app(url: str, **overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": url,
        "SERVER_NAME": "statusapp.test",
        # Still argon2id, at a cost that keeps the suite fast.
        "ARGON2_PARAMETERS": {"time_cost": 1, "memory_cost": 1024, "parallelism": 1},
    }
    config.update(overrides)
    app = create_app(config)
    app.test_client_class = BrowserClient
    return app


class PostgresDatabases:
    """Creates and drops throwaway databases on the test server."""

    def __init__(self):
        self.base = make_url(database_url(os.environ["TEST_DATABASE_URL"], ""))
        self.admin = sa.create_engine(self.base, isolation_level="AUTOCOMMIT")

    def url(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def create(self, name: str, template: str | None = None) -> str:
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            suffix = f' TEMPLATE "{template}"' if template else ""
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"{suffix}')
        return self.url(name)

    def drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres():
    if "postgresql" not in BACKENDS:
        yield None
        return
    databases = PostgresDatabases()
    try:
        databases.admin.connect().close()
    except sa.exc.OperationalError as exc:
        pytest.fail(f"TEST_DATABASE_URL is set but PostgreSQL is unreachable: {exc}")
    yield databases
    databases.admin.dispose()


def _migrate_and_seed(url: str) -> None:
    app = make_app(url)
    result = app.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        from statusapp.extensions import db

        db.engine.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request):
    return request.param


@pytest.fixture(scope="session")
def seeded_template(backend, postgres, tmp_path_factory):
    """A migrated, seeded database that each test copies."""
    if backend == "sqlite":
        path = tmp_path_factory.mktemp("template") / "seeded.sqlite3"
        _migrate_and_seed(f"sqlite:///{path}")
        yield str(path)
        return
    # Unique per run, so that two runs against one server do not collide.
    name = f"statusapp_template_{uuid.uuid4().hex[:12]}"
    _migrate_and_seed(postgres.create(name))
    yield name
    postgres.drop(name)


@pytest.fixture
def empty_db_url(backend, postgres, tmp_path):
    """A URL for a database with nothing in it: no schema, no rows."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    name = f"statusapp_{uuid.uuid4().hex[:12]}"
    yield postgres.create(name)
    postgres.drop(name)


@pytest.fixture
def db_url(backend, postgres, seeded_template, tmp_path):
    """A URL for a fresh copy of the seeded database."""
    if backend == "sqlite":
        path = tmp_path / "statusapp.sqlite3"
        shutil.copy(seeded_template, path)
        yield f"sqlite:///{path}"
        return
    name = f"statusapp_{uuid.uuid4().hex[:12]}"
    yield postgres.create(name, template=seeded_template)
    postgres.drop(name)


@pytest.fixture
def app(db_url):
    app = make_app(db_url)
    yield app
    with app.app_context():
        from statusapp.extensions import db

        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def count_queries(app):
    """Collect the SQL statements a block of code sends to the database, or,
    with ``parameters=True``, the parameters sent with them."""
    from contextlib import contextmanager

    from statusapp.extensions import db

    @contextmanager
    def counter(parameters: bool = False):
        statements: list[str] = []

        def record(conn, cursor, statement, sent, *args):
            statements.append(repr(sent) if parameters else statement)

        with app.app_context():
            engine = db.engine
        sa.event.listen(engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            sa.event.remove(engine, "before_cursor_execute", record)

    return counter


@pytest.fixture
def app_factory():
    """Build an app for a database URL of the test's own choosing."""
    return make_app


@pytest.fixture
def users(app):
    """Two editors and an admin, all with the password PASSWORD."""
    from statusapp.services import accounts

    with app.app_context():
        for name, role in (("eddie", "editor"), ("erin", "editor"), ("ada", "admin")):
            accounts.create_user(name, PASSWORD, role)
    return {"editor": "eddie", "editor2": "erin", "admin": "ada"}


@pytest.fixture
def visitor(app, users):
    """Make a browser session that asks for English, logged in as users[who]
    unless who is None."""
    from html_support import Visitor

    def make(who: str | None = None):
        visit = Visitor(app, language="en")
        return visit.login(users[who]) if who else visit

    return make


@pytest.fixture
def japanese(app):
    """Add Japanese to the catalogue's languages, as an admin would."""
    from statusapp.extensions import db
    from statusapp.models import Language

    with app.app_context():
        db.session.add(Language(tag="ja", name="Japanese", native_name="日本語"))
        db.session.commit()
    return "ja"


@pytest.fixture
def bearer(client, users):
    """Return Authorization headers with a fresh API token for a user."""

    def headers(who: str = "editor") -> dict[str, str]:
        response = client.post("/api/v1/tokens", auth=(users[who], PASSWORD))
        assert response.status_code == 201, response.json
        return {"Authorization": f"Bearer {response.json['token']}"}

    return headers


@pytest.fixture
def password():
    """The password of every account the ``users`` fixture makes."""
    return PASSWORD


@pytest.fixture
def edited_file(app, client, users, japanese, tmp_path):
    """A ja export edited offline, while 500 changed in the catalogue."""
    from exchange_support import edit, export, save, text_of

    save(app, "erin", 404, "ja", "見つかりません。")
    save(app, "erin", 500, "ja", "サーバーエラー。")
    data = edit(
        export(client, "ja", "csv"),
        "csv",
        {
            404: {"description": "リソースが見つかりません。"},
            418: {"description": "私はティーポットです。"},
            500: {"description": "サーバー内部のエラーです。"},
        },
    )
    exported = text_of(client, 500, "ja").json["version"]
    save(app, "erin", 500, "ja", "内部サーバーエラー。")
    path = tmp_path / "ja.csv"
    path.write_bytes(data)
    now = text_of(client, 500, "ja").json["version"]
    return SimpleNamespace(path=path, exported=exported, now=now)


class LiveServer:
    def __init__(self, app):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        # A short poll interval keeps shutdown() quick at the end of each test.
        self.thread = threading.Thread(
            target=self.server.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
        )

    def __call__(self, path: str = "/") -> str:
        return self.url + path


@pytest.fixture
def live_server(app):
    """The app (make_app on a fresh seeded database) on a free local port."""
    # Requests arrive for 127.0.0.1:<port>, not for the test SERVER_NAME.
    app.config["SERVER_NAME"] = None
    live = LiveServer(app)
    live.thread.start()
    yield live
    live.server.shutdown()
    live.thread.join(timeout=5)
