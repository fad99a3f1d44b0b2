"""/healthz and /readyz: what a load balancer or orchestrator probes."""

import pytest
import sqlalchemy as sa
from session_support import log_in

from statusapp.extensions import db

PROBES = ["/healthz", "/readyz"]


def dispose(app):
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize(
    ("path", "status"), [("/healthz", "alive"), ("/readyz", "ready")]
)
def test_a_ready_app_answers_200_uncached_and_without_cookies(
    client, count_queries, path, status
):
    with count_queries() as statements:
        response = client.get(path, headers={"Accept": "application/json"})

    assert response.status_code == 200
    assert response.json == {"status": status}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    # Probes come every few seconds: /healthz must not touch the database.
    assert (statements == []) is (path == "/healthz")
    again = client.get(path)
    assert again.headers["X-Request-ID"] != response.headers["X-Request-ID"]


def _drop_migrations(conn):
    conn.execute(sa.text("DROP TABLE alembic_version"))


def _behind_head(conn):
    conn.execute(sa.text("UPDATE alembic_version SET version_num = 'an_old_one'"))


@pytest.mark.parametrize(
    ("spoil", "named"),
    [(_drop_migrations, "no revision"), (_behind_head, "an_old_one")],
)
def test_readyz_is_503_while_the_schema_is_not_at_head(
    app_factory, db_url, spoil, named
):
    app = app_factory(db_url)
    with app.app_context(), db.engine.begin() as conn:
        spoil(conn)
    client = app.test_client()

    ready = client.get("/readyz")
    alive = client.get("/healthz")

    assert ready.status_code == 503
    assert ready.mimetype == "application/problem+json"
    assert "migrations' head" in ready.json["detail"]
    assert named in ready.json["detail"]
    assert ready.json["request_id"] == ready.headers["X-Request-ID"]
    assert int(ready.headers["Retry-After"]) > 0
    assert ready.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in ready.headers
    assert alive.status_code == 200
    dispose(app)


def test_readyz_is_503_when_the_database_is_unreachable(app_factory, backend):
    if backend == "sqlite":
        url = "sqlite:////nonexistent-directory/statusapp.sqlite3"
    else:
        url = "postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=1"
    app = app_factory(url, READ_CACHE_BYTES=0)
    client = app.test_client()

    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert "database is unreachable" in ready.json["detail"]


@pytest.mark.parametrize(
    ("storage", "status"),
    [("redis://127.0.0.1:6379/15", 200), ("redis://127.0.0.1:1/0", 503)],
)
def test_readyz_checks_redis_when_login_counts_live_there(
    app_factory, db_url, storage, status
):
    app = app_factory(db_url, LOGIN_LIMIT_STORAGE=storage)

    response = app.test_client().get("/readyz")

    assert response.status_code == status
    if status == 503:
        assert "Redis" in response.json["detail"]
    dispose(app)


def test_probes_use_up_no_login_attempts(app_factory, db_url, users):
    app = app_factory(db_url, LOGIN_FAILURES_PER_ADDRESS=2)
    client = app.test_client()
    for _ in range(5):
        for path in PROBES:
            assert client.get(path).status_code == 200

    # Both failed-login attempts are still there to use, then the limit holds.
    assert [log_in(client, "eddie", "wrong").status_code for _ in range(3)] == [
        422,
        422,
        429,
    ]
    dispose(app)
