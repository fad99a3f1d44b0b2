"""CORS: the API's reads open to every origin, its writes to CORS_ORIGINS only,
and nothing for the HTML pages."""

import pytest

from statusapp.config import ConfigError, origins
from statusapp.extensions import db

ELSEWHERE = "http://elsewhere.test"
EDITOR = "http://editor.test"
EXPOSED = {
    "content-language",
    "etag",
    "link",
    "location",
    "retry-after",
    "x-request-id",
}
WRITE_HEADERS = "authorization, if-match, content-type"
WRITES = [
    ("PATCH", "/api/v1/codes/404"),
    ("POST", "/api/v1/codes"),
    ("DELETE", "/api/v1/codes/404"),
    ("PUT", "/api/v1/codes/404/translations/en"),
    ("POST", "/api/v1/tokens"),
]


@pytest.fixture
def configured(app_factory, db_url):
    """Return a client of the app on this test's database, with ``overrides``."""
    apps = []

    def client(**overrides):
        apps.append(app_factory(db_url, **overrides))
        return apps[-1].test_client()

    yield client
    for app in apps:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def editor(configured):
    """A client of the app with one origin, EDITOR, in CORS_ORIGINS."""
    return configured(CORS_ORIGINS=(EDITOR,))


def preflight(client, path, method, origin=ELSEWHERE, headers=""):
    asked = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers:
        asked["Access-Control-Request-Headers"] = headers
    return client.options(path, headers=asked)


def listed(header: str | None) -> set[str]:
    return {item.strip().lower() for item in (header or "").split(",") if item}


def cors_headers(response) -> dict[str, str]:
    return {
        name: value
        for name, value in response.headers.items()
        if name.lower().startswith("access-control-")
    }


@pytest.mark.parametrize(
    "url", ["/api/v1/codes/404", "/api/v1/codes?class=2", "/api/v1/openapi.json"]
)
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_read_from_any_origin_gets_a_star_and_the_exposed_headers(
    client, url, method
):
    response = client.open(url, method=method, headers={"Origin": ELSEWHERE})

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert listed(response.headers["Access-Control-Expose-Headers"]) == EXPOSED
    assert "Access-Control-Allow-Credentials" not in response.headers
    # The same answer for every origin, so caches need not tell them apart.
    assert "Origin" not in response.vary


def test_a_read_is_the_same_for_a_listed_origin_and_for_none(editor):
    answers = [
        cors_headers(editor.get("/api/v1/codes/404", headers=headers))
        for headers in ({"Origin": EDITOR}, {"Origin": ELSEWHERE}, {})
    ]

    assert answers[0]["Access-Control-Allow-Origin"] == "*"
    assert answers[0] == answers[1] == answers[2]


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_read_preflight_from_any_origin_allows_the_read_headers(client, method):
    response = preflight(
        client, "/api/v1/codes/404", method, headers="if-none-match, accept-language"
    )

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert listed(response.headers["Access-Control-Allow-Headers"]) == {
        "if-none-match",
        "accept-language",
    }
    assert method.lower() in listed(response.headers["Access-Control-Allow-Methods"])
    assert 600 <= int(response.headers["Access-Control-Max-Age"]) <= 86400
    assert "Access-Control-Allow-Credentials" not in response.headers


@pytest.mark.parametrize(("method", "path"), WRITES)
@pytest.mark.parametrize("listing", [(), (EDITOR,)])
def test_a_write_preflight_from_an_unlisted_origin_is_refused(
    configured, listing, method, path
):
    client = configured(CORS_ORIGINS=listing)
    response = preflight(client, path, method, headers=WRITE_HEADERS)

    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Access-Control-Allow-Methods" not in response.headers
    assert "Origin" in response.vary


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_a_write_preflight_from_a_listed_origin_is_allowed_without_credentials(
    editor, method, path
):
    response = preflight(editor, path, method, origin=EDITOR, headers=WRITE_HEADERS)

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == EDITOR
    assert listed(response.headers["Access-Control-Allow-Headers"]) == {
        "authorization",
        "if-match",
        "content-type",
    }
    assert method.lower() in listed(response.headers["Access-Control-Allow-Methods"])
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert int(response.headers["Access-Control-Max-Age"]) > 0
    assert "Origin" in response.vary


@pytest.mark.parametrize(("origin", "allowed"), [(EDITOR, True), (ELSEWHERE, False)])
def test_a_read_sending_a_token_needs_a_listed_origin(editor, origin, allowed):
    response = preflight(
        editor, "/api/v1/codes/404", "GET", origin=origin, headers="authorization"
    )

    assert response.headers.get("Access-Control-Allow-Origin") == (
        EDITOR if allowed else None
    )
    assert "Origin" in response.vary


@pytest.mark.parametrize("origin", [EDITOR, "HTTP://Editor.TEST"])
def test_the_listed_origin_is_compared_without_case(editor, origin):
    response = preflight(
        editor, "/api/v1/codes/404", "PATCH", origin=origin, headers="authorization"
    )

    assert response.headers["Access-Control-Allow-Origin"] == origin


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        ("http://[::1]:8000", True),
        ("http://1:8000", False),
        ("http://[::1]:8000.evil.test", False),
        ("http://[::1]:80000", False),
    ],
)
def test_a_listed_origin_is_matched_as_written_not_as_a_pattern(
    configured, origin, allowed
):
    client = configured(CORS_ORIGINS=("http://[::1]:8000",))
    response = preflight(client, "/api/v1/codes/404", "PATCH", origin)

    assert ("Access-Control-Allow-Origin" in response.headers) is allowed


@pytest.mark.parametrize("origin", [EDITOR, ELSEWHERE])
def test_a_write_answers_only_a_listed_origin(editor, origin):
    response = editor.patch(
        "/api/v1/codes/404", json={"aliases": []}, headers={"Origin": origin}
    )

    # No token: the listed page can read why, the other cannot.
    assert response.status_code == 401
    assert response.headers.get("Access-Control-Allow-Origin") == (
        origin if origin == EDITOR else None
    )
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert "Origin" in response.vary


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/"),
        ("GET", "/codes/404"),
        ("GET", "/login"),
        ("GET", "/no-such-page"),
        ("OPTIONS", "/codes/404"),
        ("GET", "/static/style.css"),
        ("GET", "/api/v1/docs"),
    ],
)
def test_pages_outside_the_api_carry_no_cors_headers(editor, method, url):
    headers = {"Origin": EDITOR, "Access-Control-Request-Method": "GET"}
    response = editor.open(url, method=method, headers=headers)

    assert response.status_code in (200, 404)
    assert cors_headers(response) == {}


@pytest.mark.parametrize(
    ("url", "status"),
    [("/api/v1/codes/999", 404), ("/api/v1/codes?per_page=many", 422)],
)
def test_an_error_to_a_cross_origin_read_can_be_read(client, url, status):
    response = client.get(url, headers={"Origin": ELSEWHERE})

    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_a_listed_page_told_to_wait_can_read_retry_after(configured):
    client = configured(CORS_ORIGINS=(EDITOR,), LOGIN_FAILURES_PER_ADDRESS=1)
    headers = {"Origin": EDITOR}

    for _ in range(2):
        response = client.post("/api/v1/tokens", auth=("ada", "no"), headers=headers)

    assert response.status_code == 429
    assert response.headers["Access-Control-Allow-Origin"] == EDITOR
    assert "retry-after" in listed(response.headers["Access-Control-Expose-Headers"])
    assert "Retry-After" in response.headers


@pytest.mark.parametrize("cache_bytes", [0, 64 * 1024 * 1024])
def test_a_304_to_a_cross_origin_read_carries_the_cors_headers(configured, cache_bytes):
    client = configured(READ_CACHE_BYTES=cache_bytes)
    first = client.get("/api/v1/codes/404", headers={"Origin": ELSEWHERE})

    again = client.get(
        "/api/v1/codes/404",
        headers={"Origin": ELSEWHERE, "If-None-Match": first.headers["ETag"]},
    )

    assert again.status_code == 304
    assert cors_headers(again) == {
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Expose-Headers": first.headers["Access-Control-Expose-Headers"],
    }


def test_a_read_answered_from_the_cache_carries_the_cors_headers(
    app, client, count_queries
):
    assert app.config["READ_CACHE_BYTES"] > 0
    # Kept from a request that sent no Origin: the answer is the same.
    kept = client.get("/api/v1/codes/404")

    with count_queries() as statements:
        hit = client.get("/api/v1/codes/404", headers={"Origin": ELSEWHERE})

    assert statements == []
    assert hit.status_code == 200
    assert cors_headers(hit) == cors_headers(kept)
    assert hit.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ()),
        ("https://editor.example.org", ("https://editor.example.org",)),
        (
            " https://a.example.org/, http://localhost:5173\thttp://[::1]:8000 ",
            ("https://a.example.org", "http://localhost:5173", "http://[::1]:8000"),
        ),
    ],
)
def test_cors_origins_are_read_as_a_list_of_origins(raw, expected):
    assert origins(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "*",
        "https://a.example.org *",
        "editor.example.org",
        "ftp://a.example",
        "https://a.example.org/editor",
        "https://*.example.org",
    ],
)
def test_cors_origins_refuse_a_wildcard_or_what_is_no_web_origin(raw):
    with pytest.raises(ConfigError, match="CORS_ORIGINS"):
        origins(raw)
