"""/status/{code}: every code, every method, its options, its safety, its limits."""

import http.client
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from statusapp.extensions import db
from statusapp.models import StatusCode
from statusapp.services.status_responses import METHODS, OPTION_HEADERS, SENT_HEADERS

# The rules the specifications attach to these statuses; the fixture stores
# them, so the walk below checks them whatever the seed holds.
RULES = {
    201: [("Location", "should")],
    206: [("Content-Range", "must")],
    300: [("Location", "should")],
    301: [("Location", "should")],
    302: [("Location", "should")],
    303: [("Location", "should")],
    304: [("ETag", "should")],
    307: [("Location", "should")],
    308: [("Location", "should")],
    401: [("WWW-Authenticate", "must")],
    405: [("Allow", "must")],
    407: [("Proxy-Authenticate", "must")],
    413: [("Retry-After", "may")],
    416: [("Content-Range", "should")],
    426: [("Upgrade", "must")],
    429: [("Retry-After", "may")],
    503: [("Retry-After", "may")],
    # Names nothing can fill, and a rule that is none: skipped, never a crash.
    200: [("X-Not-A-Header", "must"), ("Location", "sometimes")],
}
SAFETY = {
    "Content-Security-Policy": "sandbox",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    "Access-Control-Allow-Origin": "*",
}
FILLED = {
    "location",
    "retry-after",
    "www-authenticate",
    "proxy-authenticate",
    "allow",
    "upgrade",
    "content-range",
    "etag",
}
NO_CONTENT = {204, 205, 304}
# Methods whose answers any origin may read (OPTIONS that is no preflight asks
# only what Allow says).
READS = {"GET", "HEAD", "OPTIONS"}


def store_rules(app, rules: dict[int, list[tuple[str, str]]]) -> None:
    with app.app_context():
        for code, pairs in rules.items():
            db.session.get(StatusCode, code).header_rules = [
                {
                    "header": header,
                    "rule": kind,
                    "reference": "RFC 9110",
                    "reference_url": "https://www.rfc-editor.org/rfc/rfc9110",
                }
                for header, kind in pairs
            ]
        db.session.commit()


@pytest.fixture
def ruled(app):
    store_rules(app, RULES)
    return app


def catalogue_rules(app) -> dict[int, list[dict]]:
    """Every code in the catalogue with the rules it holds."""
    with app.app_context():
        return {
            row.code: list(row.header_rules or [])
            for row in db.session.scalars(db.select(StatusCode))
        }


def expected_headers(code: int, rules: list[dict]) -> set[str]:
    """The headers the rules send without options (lowercased)."""
    sent = set()
    for rule in rules:
        name = str(rule.get("header", "")).lower()
        if name not in FILLED:
            continue
        if rule.get("rule") in ("must", "should") or (
            rule.get("rule") == "may" and code in (429, 503) and name == "retry-after"
        ):
            sent.add(name)
    if code == 304:
        sent.discard("content-range")
    return sent


def test_every_code_answers_every_method_as_its_rules_say(ruled, client):
    listed = client.get("/api/v1/codes?per_page=500").json["items"]
    codes = [item["code"] for item in listed]
    rules = catalogue_rules(ruled)
    assert set(codes) == set(rules)
    assert len(codes) > 50

    for code in codes:
        wanted = expected_headers(code, rules[code])
        for method in METHODS:
            response = client.open(f"/status/{code}", method=method, browser=False)
            where = f"{method} /status/{code}"
            for name, value in SAFETY.items():
                if name.startswith("Access-Control-") and method not in READS:
                    # Writes are shared only with CORS_ORIGINS, as the API's.
                    value = None
                assert response.headers.get(name) == value, where
            assert "Set-Cookie" not in response.headers, where
            if code < 200:
                assert response.status_code == 400, where
                assert response.mimetype == "application/problem+json", where
                if method != "HEAD":
                    assert response.json["errors"]["code"], where
                continue
            assert response.status_code == code, where
            sent = {name.lower() for name in response.headers.keys()} & FILLED
            assert sent == wanted, where
            if code in NO_CONTENT or method == "HEAD":
                assert response.data == b"", where
            else:
                assert response.data, where
                assert response.mimetype == "text/plain", where
            if method == "HEAD" and code not in NO_CONTENT:
                get = client.get(f"/status/{code}", browser=False)
                length = response.headers["Content-Length"]
                assert length == get.headers["Content-Length"], where


@pytest.mark.parametrize(
    ("code", "header", "value"),
    [
        (201, "Location", "/codes/201"),
        (302, "Location", "/codes/302"),
        (401, "WWW-Authenticate", 'Bearer realm="statusapp"'),
        (405, "Allow", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"),
        (407, "Proxy-Authenticate", 'Basic realm="statusapp"'),
        (426, "Upgrade", "HTTP/3.0"),
        (429, "Retry-After", "60"),
        (503, "Retry-After", "60"),
    ],
)
def test_the_header_values(ruled, client, code, header, value):
    response = client.get(f"/status/{code}")
    assert response.headers[header] == value
    assert header.lower() in response.headers["Access-Control-Expose-Headers"].lower()


def test_a_code_the_catalogue_lacks_still_answers_with_a_generic_body(client):
    response = client.get("/status/299", headers={"Accept": "application/json"})
    assert response.status == "299 Success"
    assert response.json == {
        "code": 299,
        "reason_phrase": "Success",
        "description": None,
    }
    assert "Content-Language" not in response.headers


@pytest.mark.parametrize(
    ("accept", "lang", "mimetype"),
    [
        ("application/json", "en", "application/json"),
        ("text/html", "en", "text/plain"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", "zh-CN", "text/plain"),
        ("application/json", "zh-CN", "application/json"),
    ],
)
def test_the_body_is_negotiated_never_html(client, accept, lang, mimetype):
    response = client.get(
        "/status/404", headers={"Accept": accept, "Accept-Language": lang}
    )
    assert response.status == "404 Not Found"
    assert response.mimetype == mimetype
    assert response.headers["Content-Language"] == lang
    text = client.get(f"/api/v1/codes/404/translations/{lang}").json["description"]
    if mimetype == "application/json":
        assert response.json == {
            "code": 404,
            "reason_phrase": "Not Found",
            "description": text,
        }
    else:
        assert text in response.get_data(as_text=True)


def test_206_and_416_describe_their_ranges(ruled, client):
    partial = client.get("/status/206", headers={"Accept": "application/json"})
    first, total = partial.headers["Content-Range"].removeprefix("bytes 0-").split("/")
    assert int(first) + 1 == len(partial.data) == int(total) // 2
    whole = client.get("/status/200", headers={"Accept": "application/json"})
    assert partial.data.startswith(b'{"code": 206, "reason_phrase": "Partial Content"')
    assert int(total) > len(whole.data) // 2
    refused = client.get("/status/416")
    assert refused.headers["Content-Range"] == f"bytes */{len(refused.data)}"


def test_300_lists_its_choices(ruled, client):
    response = client.get("/status/300", headers={"Accept": "application/json"})
    assert response.json["choices"] == ["/codes/300", "/api/v1/codes/300"]
    assert response.headers["Location"] == "/codes/300"


def test_304_names_a_tag_and_no_body(ruled, client):
    response = client.get("/status/304", headers={"If-None-Match": "*"})
    assert response.status_code == 304
    assert response.headers["ETag"].startswith('"')
    assert response.data == b""


@pytest.mark.parametrize(
    ("query", "headers"),
    [
        ("?retry_after=7&location=/codes/404&sleep=1", {}),
        (
            "",
            {
                "X-Status-Retry-After": "7",
                "X-Status-Location": "/codes/404",
                "X-Status-Sleep": "1",
            },
        ),
    ],
)
def test_options_as_parameters_or_headers(ruled, client, query, headers):
    slow = client.get(f"/status/413{query}", headers=headers)
    assert slow.headers["Retry-After"] == "7"
    moved = client.get(f"/status/302{query}", headers=headers)
    assert moved.headers["Location"] == "/codes/404"


def test_body_none_as_parameter_or_header(client):
    for response in (
        client.get("/status/500?body=none"),
        client.get("/status/500", headers={"X-Status-Body": "none"}),
    ):
        assert response.status_code == 500
        assert response.data == b""
        assert response.headers["Content-Length"] == "0"


def test_a_dated_retry_after(ruled, client):
    response = client.get("/status/503?retry_after=date:120")
    assert response.headers["Retry-After"].endswith(" GMT")


def test_sleep_waits(client):
    started = time.monotonic()
    assert client.get("/status/200?sleep=200").status_code == 200
    assert time.monotonic() - started >= 0.2


def test_a_random_choice_returns_only_listed_codes(client):
    seen = {
        client.get("/status/200:0,404:1,500-501,418:0").status_code for _ in range(60)
    }
    assert seen <= {404, 500, 501}
    assert len(seen) > 1


@pytest.mark.parametrize(
    ("url", "headers", "status", "named"),
    [
        ("/status/200?location=https://evil.example/", {}, 422, "location"),
        ("/status/200?location=//evil.example/", {}, 422, "location"),
        ("/status/200?location=/%5Cevil.example", {}, 422, "location"),
        ("/status/200?location=/a%0d%0aSet-Cookie:%20x=1", {}, 422, "location"),
        ("/status/200", {"X-Status-Location": "//evil.example"}, 422, None),
        ("/status/200?sleep=1e9", {}, 422, "sleep"),
        ("/status/200?sleep=1000000000", {}, 422, "sleep"),
        ("/status/200", {"X-Status-Sleep": "99999"}, 422, "X-Status-Sleep"),
        ("/status/200?retry_after=tomorrow", {}, 422, "retry_after"),
        ("/status/200?body=yes", {}, 422, "body"),
        ("/status/" + ",".join(["200"] * 101), {}, 422, "code"),
        ("/status/" + ",".join(["200"] * 10_000), {}, 400, "code"),
        ("/status/100-599", {}, 422, "code"),
        ("/status/200:abc,500", {}, 422, "code"),
        ("/status/200:-1,500:0", {}, 422, "code"),
        ("/status/200:0", {}, 422, "code"),
        ("/status/600", {}, 422, "code"),
        ("/status/abc", {}, 422, "code"),
        ("/status/100", {"Expect": "100-continue"}, 400, "code"),
        ("/status/101", {"Upgrade": "websocket"}, 400, "code"),
        ("/status/103", {}, 400, "code"),
    ],
)
def test_malformed_or_malicious_options_are_refused(
    client, url, headers, status, named
):
    response = client.get(url, headers=headers)
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    if named is None:
        named = next(iter(headers))
    assert named in response.json["errors"]
    for name, value in SAFETY.items():
        assert response.headers[name] == value
    assert "Location" not in response.headers


def test_no_option_sets_an_arbitrary_header(client):
    response = client.get(
        "/status/200?Set-Cookie=a=1&header=X-Evil:1&X-Evil=1",
        headers={"X-Status-Header": "X-Evil: 1"},
    )
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert "X-Evil" not in response.headers


def test_a_signed_in_browser_gets_no_cookie_and_no_csrf_check(app, visitor, users):
    browser = visitor("editor")
    assert browser.get("/codes/404").status_code == 200
    for method in METHODS:
        response = browser.client.open("/status/201", method=method)
        assert response.status_code == 201, method
        assert "Set-Cookie" not in response.headers
        assert "Cookie" not in response.headers.get("Vary", "")
    assert browser.get("/codes/404").status_code == 200  # still signed in


def test_the_session_is_not_even_read(app, visitor, users, monkeypatch):
    browser = visitor("editor")
    opened = []
    real = app.session_interface.open_session

    def spy(a, request):
        session = real(a, request)
        opened.append((request.path, bool(session)))
        return session

    monkeypatch.setattr(app.session_interface, "open_session", spy)
    browser.client.post("/status/200")
    browser.get("/codes/404")
    assert opened == [("/status/200", False), ("/codes/404", True)]


def test_the_read_cache_and_validators_stay_out(app, client, monkeypatch):
    watch = app.wsgi_app.watch
    checks = []
    real = watch.current
    monkeypatch.setattr(watch, "current", lambda: checks.append(1) or real())
    first = client.get("/status/200", headers={"Accept-Encoding": "gzip"})
    second = client.get("/status/200", headers={"If-None-Match": "*"})
    assert checks == []
    assert second.status_code == 200
    assert "ETag" not in first.headers
    assert "Content-Encoding" not in first.headers


def test_a_preflight_for_a_read_with_options_is_allowed(client):
    response = client.options(
        "/status/503",
        headers={
            "Origin": "https://elsewhere.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "x-status-sleep, x-status-retry-after",
        },
    )
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    allowed = response.headers["Access-Control-Allow-Headers"].lower()
    assert "x-status-sleep" in allowed and "x-status-retry-after" in allowed
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_options_without_a_preflight_is_a_test_like_any_other(client):
    response = client.options("/status/404")
    assert response.status_code == 404
    assert response.data


def test_a_write_from_another_origin_is_not_shared(client):
    response = client.post(
        "/status/201", headers={"Origin": "https://elsewhere.example"}
    )
    assert response.status_code == 201
    assert "Access-Control-Allow-Origin" not in response.headers


def raw_get(host: str, port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_a_real_client_sees_retry_after_on_429(live_server):
    host, port = live_server.server.server_address[:2]
    # Stored as the specs have it, whatever the seed holds.
    store_rules(live_server.app, {429: [("Retry-After", "may")]})
    status, headers, body = raw_get(host, port, "/status/429")
    assert status == 429
    assert headers["Retry-After"] == "60"
    assert "Set-Cookie" not in headers
    if curl := shutil.which("curl"):
        shown = subprocess.run(
            [curl, "-si", live_server("/status/429")],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
        assert shown.startswith("HTTP/1.1 429 Too Many Requests")
        assert "\nRetry-After: 60\n" in shown  # text=True reads CRLF as \n


def test_a_full_sleeping_pool_refuses_at_once_and_the_rest_keeps_serving(
    app, live_server
):
    app.config["STATUS_SLEEP_SLOTS"] = 2
    host, port = live_server.server.server_address[:2]
    with ThreadPoolExecutor(max_workers=2) as pool:
        sleepers = [
            pool.submit(raw_get, host, port, "/status/200?sleep=3000") for _ in range(2)
        ]
        # Both sleepers hold their slots once the pool has none free.
        deadline = time.monotonic() + 5
        slots = None
        while time.monotonic() < deadline:
            slots = app.extensions.get("statusapp.status_sleep")
            if slots is not None and slots._value == 0:
                break
            time.sleep(0.02)
        assert slots is not None and slots._value == 0

        started = time.monotonic()
        status, headers, body = raw_get(host, port, "/status/200?sleep=10")
        assert status == 503
        assert headers["Retry-After"] == "1"
        assert headers["Content-Type"] == "application/problem+json"
        assert b"slow answers" in body
        status, _headers, _body = raw_get(host, port, "/codes/404")
        assert status == 200
        assert time.monotonic() - started < 1.5
        assert [s.result()[0] for s in sleepers] == [200, 200]
    assert raw_get(host, port, "/status/200?sleep=10")[0] == 200


def test_the_document_describes_every_method_option_and_header(client):
    spec = client.get("/api/v1/openapi.json").json
    path = spec["paths"]["/status/{code}"]
    assert {method.upper() for method in path if method != "parameters"} == set(METHODS)
    parameters = {(p["in"], p["name"]) for p in path["parameters"]}
    assert ("path", "code") in parameters
    for name, header in OPTION_HEADERS.items():
        assert {("query", name), ("header", header)} <= parameters
    for method in METHODS:
        responses = path[method.lower()]["responses"]
        assert set(SENT_HEADERS) <= set(responses["default"]["headers"])
        assert {"400", "422", "503"} <= set(responses)
    answer = spec["components"]["schemas"]["StatusAnswer"]
    body = client.get("/status/404", headers={"Accept": "application/json"}).json
    assert set(answer["required"]) <= set(body) <= set(answer["properties"])


def test_418_is_a_teapot(client):
    response = client.get("/status/418", headers={"Accept": "application/json"})
    assert response.status == "418 I'm a teapot"
    assert response.json["reason_phrase"] == "I'm a teapot"
