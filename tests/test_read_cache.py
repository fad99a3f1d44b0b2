"""The read cache: the same answers as without it, fresh after every write,
and only the generation check on a hit.

Cross-process freshness (gunicorn workers, separate instances, flask commands)
is in test_read_freshness.py.
"""

import pytest
import sqlalchemy as sa
from read_support import CATALOGUE_READS
from session_support import log_in

from statusapp.extensions import db
from statusapp.models import CatalogueGeneration, Note, StatusCode, Translation

READS = [
    *CATALOGUE_READS,
    "/api/v1/codes/404?lang=en",
    "/api/v1/codes?per_page=500&lang=zh-CN",
    "/api/v1/codes?q=found",
]
ASKS = {
    "plain": {},
    "gzip": {"Accept-Encoding": "gzip"},
    "english": {"Accept-Language": "en", "Accept-Encoding": "gzip, br"},
    "cookie": {"Cookie": "lang=en"},
    "html": {"Accept": "text/html"},
}


@pytest.fixture
def uncached(app_factory, db_url):
    """The same app on the same database, with no read cache."""
    app = app_factory(db_url, READ_CACHE_BYTES=0)
    yield app.test_client()
    with app.app_context():
        db.engine.dispose()


def answer(response) -> tuple:
    """What a client sees: status, headers (in any order) and body; but for
    X-Request-ID, which names each request (tests/test_logs.py)."""
    assert "X-Request-ID" in response.headers
    headers = sorted(
        (k.lower(), v)
        for k, v in response.headers.items()
        if k.lower() != "x-request-id"
    )
    body = response.data
    if body and response.mimetype == "application/problem+json":
        problem = response.json
        assert problem.pop("request_id") == response.headers["X-Request-ID"]
        body = problem
    return response.status, headers, body


def generation(app) -> int:
    with app.app_context():
        return db.session.get(CatalogueGeneration, 1).value


@pytest.mark.parametrize("url", READS)
@pytest.mark.parametrize(
    ("ask", "method"),
    [*((a, "GET") for a in ASKS), ("plain", "HEAD"), ("gzip", "HEAD")],
)
def test_a_cached_answer_is_the_uncached_one_to_the_byte(
    client, uncached, url, ask, method
):
    headers = ASKS[ask]
    first = client.open(url, method=method, headers=headers)
    cached = client.open(url, method=method, headers=headers)
    fresh = uncached.open(url, method=method, headers=headers)

    assert answer(cached) == answer(first) == answer(fresh)
    if first.status_code != 200:
        # The API is JSON only: 406 for a client that rules it out.
        assert (first.status_code, ask, url[:5]) == (406, "html", "/api/")
        return
    # And the 304 for the copy the client now holds.
    held = {**headers, "If-None-Match": first.headers["ETag"]}
    cached_304 = client.open(url, method=method, headers=held)
    fresh_304 = uncached.open(url, method=method, headers=held)
    assert cached_304.status_code == 304
    assert answer(cached_304) == answer(fresh_304)


@pytest.mark.parametrize("url", ["/api/v1/codes/404", "/codes/404", "/"])
def test_a_hit_sends_no_sql_and_checks_the_generation_once(
    app, client, count_queries, monkeypatch, url
):
    client.get(url)
    watch = app.wsgi_app.watch
    checks = []
    real = watch.current
    monkeypatch.setattr(watch, "current", lambda: checks.append(1) or real())

    with count_queries() as statements:
        response = client.get(url)

    assert response.status_code == 200
    assert statements == []
    assert len(checks) == 1


@pytest.mark.parametrize(
    ("write", "url", "shows"),
    [
        (
            lambda: db.session.execute(
                sa.update(StatusCode)
                .where(StatusCode.code == 404)
                .values(aliases=["Gone Fishing"], version=StatusCode.version + 1)
            ),
            "/api/v1/codes/404",
            b"Gone Fishing",
        ),
        (
            lambda: db.session.execute(
                sa.update(Translation)
                .where(Translation.code == 404, Translation.lang == "en")
                .values(
                    description="Rewritten by hand.", version=Translation.version + 1
                )
            ),
            "/codes/404?lang=en",
            b"Rewritten by hand.",
        ),
        (
            lambda: db.session.add(Note(code=404, body="A note from psql.")),
            "/codes/404",
            b"A note from psql.",
        ),
        (
            lambda: db.session.execute(
                sa.delete(StatusCode).where(StatusCode.code == 418)
            ),
            "/?class=4",
            b"/codes/451",
        ),
    ],
    ids=["code", "translation", "note", "deleted code"],
)
def test_any_committed_write_is_seen_by_the_next_read(app, client, write, url, shows):
    # Writes made straight through the database, not the services, as an
    # admin at a psql prompt would: the triggers still move the generation.
    before = client.get(url)
    assert client.get(url).headers["ETag"] == before.headers["ETag"]
    with app.app_context():
        write()
        db.session.commit()

    after = client.get(url)

    assert after.headers["ETag"] != before.headers["ETag"]
    assert shows in after.data
    if url == "/?class=4":
        assert b"/codes/418" in before.data and b"/codes/418" not in after.data


def test_a_write_rolled_back_moves_nothing(app, client):
    before = generation(app)
    with app.app_context():
        db.session.execute(
            sa.update(StatusCode).where(StatusCode.code == 404).values(aliases=["x"])
        )
        assert db.session.get(CatalogueGeneration, 1).value > before
        db.session.rollback()
    assert generation(app) == before


def test_writes_readers_never_see_leave_the_generation_alone(app, client, users):
    before = generation(app)
    # A login writes a session row and clears failed attempts; neither shows.
    assert log_in(client, users["editor"]).status_code == 302
    assert generation(app) == before


def test_renaming_an_account_moves_the_generation(app, users):
    from statusapp.models import User

    before = generation(app)
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == "eddie"))
        user.username = "edward"
        db.session.commit()
    assert generation(app) > before


# Every table is either watched by the generation's triggers or shows nothing
# to readers; a new table must be put on one side.
WATCHED = {
    "class_name",
    "language",
    "note",
    "revision",
    "status_code",
    "text_proposal",
    "translation",
    "user_account",
}
UNSEEN = {
    "alembic_version",
    "api_token",
    "catalogue_generation",
    "login_session",
    "login_throttle",
}


def test_every_table_is_watched_or_unseen(app):
    with app.app_context():
        tables = set(sa.inspect(db.engine).get_table_names())
        if db.engine.dialect.name == "sqlite":
            query = "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger'"
        else:
            query = (
                "SELECT DISTINCT event_object_table FROM information_schema.triggers"
            )
        triggered = set(db.session.scalars(sa.text(query)))
    assert tables == WATCHED | UNSEEN
    assert triggered == WATCHED


def test_signed_in_reads_are_neither_kept_nor_served_from_the_cache(app, client, users):
    anonymous = client.get("/codes/404")
    assert log_in(client, users["editor"]).status_code == 302

    mine = client.get("/codes/404")

    assert mine.headers["Cache-Control"] == "private, no-cache"
    assert "eddie" in mine.get_data(as_text=True)
    assert mine.headers["ETag"] != anonymous.headers["ETag"]
    kept = len(app.wsgi_app.cache)
    client.get("/codes/404")
    assert len(app.wsgi_app.cache) == kept


def test_bearer_reads_bypass_the_cache(app, client, bearer):
    client.get("/api/v1/codes/404")
    kept = len(app.wsgi_app.cache)

    response = client.get("/api/v1/codes/404", headers=bearer())

    assert response.headers["Cache-Control"] == "private, no-cache"
    assert len(app.wsgi_app.cache) == kept


def test_a_bad_header_is_refused_even_when_the_answer_is_kept(client):
    assert client.get("/api/v1/codes/404").status_code == 200

    response = client.get("/api/v1/codes/404", headers={"X-Note": "a\x01b"})

    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"


def test_the_cache_is_bounded_and_drops_the_least_recently_used(app_factory, db_url):
    app = app_factory(db_url, READ_CACHE_BYTES=24 * 1024)
    client = app.test_client()
    with app.app_context():
        engine = db.engine
    statements = []
    sa.event.listen(engine, "before_cursor_execute", lambda *a: statements.append(1))

    def costs(url: str) -> int:
        statements.clear()
        assert client.get(url).status_code == 200
        return len(statements)

    # The 500-code list is bigger than an eighth of the bound: never kept.
    costs("/api/v1/codes?per_page=500")
    assert costs("/api/v1/codes?per_page=500") > 0
    codes = (200, 201, 204, 301, 302, 304, 400, 401, 403, 404, 500, 503)
    for code in codes:
        costs(f"/api/v1/codes/{code}")
    assert costs("/api/v1/codes/503") == 0
    assert costs("/api/v1/codes/200") > 0
    assert app.wsgi_app.cache.size <= 24 * 1024
    engine.dispose()


def test_a_kept_api_answer_is_not_given_to_a_client_that_rules_json_out(client):
    assert client.get("/api/v1/codes/404").status_code == 200
    assert client.get("/api/v1/codes/404").status_code == 200

    response = client.get("/api/v1/codes/404", headers={"Accept": "text/html"})

    assert response.status_code == 406
    assert "Accept" in response.headers["Vary"]


@pytest.mark.parametrize(
    "url", ["/api/v1/codes/404?lang=en", "/codes/404", "/api/v1/codes/404/history"]
)
def test_a_first_read_costs_the_same_queries_however_big_the_catalogue(
    app, client, users, count_queries, url
):
    from statusapp.models import Language, User

    def grow(languages: range, codes: range) -> None:
        with app.app_context():
            editor = db.session.scalar(sa.select(User).where(User.username == "eddie"))
            for n in languages:
                tag = f"x-lang{n}"
                db.session.add(Language(tag=tag, name=f"Test {n}", native_name=tag))
                db.session.add(
                    Translation(
                        code=404, lang=tag, description=f"Text {n}.", updated_by=editor
                    )
                )
                db.session.add(Note(code=404, body=f"Note {n}.", author=editor))
            for code in codes:
                db.session.add(
                    StatusCode(
                        code=code,
                        reason_phrase=f"Made up {code}",
                        registry_status="unregistered",
                    )
                )
            db.session.commit()

    # One of each first, so that the smaller read loads authors too.
    grow(range(1), range(531, 532))
    with count_queries() as small:
        assert client.get(url).status_code == 200
    grow(range(1, 8), range(532, 560))
    with count_queries() as big:
        response = client.get(url)

    assert response.status_code == 200
    assert b"Text 7." in response.data or "history" in url
    assert len(big) == len(small), (small, big)


def test_reads_do_not_wait_for_a_writer_and_see_its_write_once_committed(app, client):
    before = client.get("/api/v1/codes/404")
    with app.app_context():
        # A second connection, as another worker's, holds its write open: on
        # PostgreSQL the generation row is locked, on SQLite the write lock.
        writer = db.engine.connect()
        writer.execute(
            sa.update(StatusCode)
            .where(StatusCode.code == 404)
            .values(aliases=["Still Writing"], version=StatusCode.version + 1)
        )
        try:
            during = client.get("/api/v1/codes/404")
            assert during.status_code == 200
            assert during.headers["ETag"] == before.headers["ETag"]
            assert b"Still Writing" not in during.data
            writer.commit()
        finally:
            writer.close()

    after = client.get("/api/v1/codes/404")
    assert after.headers["ETag"] != before.headers["ETag"]
    assert b"Still Writing" in after.data
