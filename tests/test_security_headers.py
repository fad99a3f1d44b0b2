"""Every response carries the security headers; debug mode is off unless asked."""

import pytest
from session_support import HTTPS, log_in

from statusapp import create_app
from statusapp.extensions import db

HTTP = "http://statusapp.test"
ONE_YEAR = 365 * 24 * 3600
# Policies that keep the Referer from leaking full URLs to other sites.
PRIVATE_REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}

REQUESTS = [
    # (method, path, status, mimetype)
    ("GET", "/", 200, "text/html"),
    ("GET", "/codes/404", 200, "text/html"),
    ("GET", "/login", 200, "text/html"),
    ("GET", "/no-such-page", 404, "text/html"),
    ("GET", "/codes/999", 404, "text/html"),
    ("DELETE", "/", 405, "text/html"),
    ("POST", "/login", 400, "text/html"),  # no CSRF token
    ("OPTIONS", "/", 200, "text/html"),
    ("GET", "/static/style.css", 200, "text/css"),
    ("GET", "/api/v1/docs", 200, "text/html"),
    ("GET", "/api/v1/codes", 200, "application/json"),
    ("GET", "/api/v1/codes/404", 200, "application/json"),
    ("GET", "/api/v1/openapi.json", 200, "application/json"),
    ("GET", "/api/v1/codes/999", 404, "application/problem+json"),
    ("PATCH", "/api/v1/codes/404", 401, "application/problem+json"),
    ("POST", "/api/v1/tokens", 401, "application/problem+json"),
]


def csp_directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    directives = {}
    for directive in filter(None, (part.strip() for part in policy.split(";"))):
        name, *sources = directive.split()
        directives[name] = sources
    return directives


def assert_security_headers(response, secure: bool) -> None:
    csp = csp_directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    # No inline or evaluated script, whichever directive would allow it.
    for sources in csp.values():
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(sources)
    for name in ("script-src", "script-src-elem", "script-src-attr"):
        assert csp.get(name, ["'self'"]) == ["'self'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in PRIVATE_REFERRER_POLICIES
    hsts = response.headers.get("Strict-Transport-Security")
    if secure:
        directives = [part.strip() for part in hsts.split(";")]
        max_age = next(d[8:] for d in directives if d.startswith("max-age="))
        assert int(max_age) >= ONE_YEAR
    else:
        # Browsers ignore HSTS over plain HTTP; sending it there is a mistake.
        assert hsts is None


@pytest.mark.parametrize(("method", "path", "status", "mimetype"), REQUESTS)
def test_every_response_carries_security_headers(
    client, method, path, status, mimetype
):
    for base_url in (HTTP, HTTPS):
        response = client.open(path, method=method, base_url=base_url)
        assert (response.status_code, response.mimetype) == (status, mimetype)
        assert_security_headers(response, secure=base_url == HTTPS)


@pytest.mark.parametrize("base_url", [HTTP, HTTPS])
def test_rate_limited_and_server_error_responses_carry_them_too(
    app_factory, db_url, users, base_url
):
    app = app_factory(db_url, LOGIN_FAILURES_PER_ADDRESS=1, PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("kaboom: internal detail")

    client = app.test_client()
    refused = log_in(client, "eddie", "wrong password", base_url=base_url)
    assert refused.status_code == 422
    limited = log_in(client, "eddie", base_url=base_url)
    assert limited.status_code == 429
    assert_security_headers(limited, secure=base_url == HTTPS)

    failed = client.get("/boom", base_url=base_url)
    assert failed.status_code == 500
    assert_security_headers(failed, secure=base_url == HTTPS)
    body = failed.get_data(as_text=True)
    assert "kaboom" not in body and "Traceback" not in body
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize(
    ("env", "debug"),
    [
        ({"STATUSAPP_ENV": "production"}, False),
        ({"STATUSAPP_ENV": "development"}, False),
        ({"STATUSAPP_ENV": "development", "FLASK_DEBUG": "1"}, True),
    ],
)
def test_debug_mode_is_off_unless_asked_for(monkeypatch, db_url, env, debug):
    for name in ("FLASK_DEBUG", "STATUSAPP_ENV", "LOGIN_LIMIT_STORAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SECRET_KEY", "a long random production secret")
    monkeypatch.setenv("DATABASE_URL", db_url)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    app = create_app()
    assert app.debug is debug
    assert app.config.get("TESTING", False) is False
