"""A page on another origin reads the API from a real browser, and writes
through it only when that origin is listed in CORS_ORIGINS."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from statusapp.extensions import db

pytestmark = pytest.mark.browser

FETCH = """
async ([url, init]) => {
  try {
    const response = await fetch(url, init);
    return {status: response.status, etag: response.headers.get("ETag")};
  } catch (error) {
    return {error: error.name};
  }
}
"""


class Page(BaseHTTPRequestHandler):
    """An empty HTML page: somewhere for the browser to run a script from."""

    def do_GET(self):
        body = b"<!doctype html><title>Elsewhere</title>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


@pytest.fixture
def origins():
    """Two local origins serving a page: "editor", listed in CORS_ORIGINS, and
    "elsewhere", not listed."""
    servers = {
        name: ThreadingHTTPServer(("127.0.0.1", 0), Page)
        for name in ("editor", "elsewhere")
    }
    for server in servers.values():
        threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
    yield {
        name: f"http://127.0.0.1:{server.server_port}"
        for name, server in servers.items()
    }
    for server in servers.values():
        server.shutdown()
        server.server_close()


@pytest.fixture
def app(app_factory, db_url, origins):
    """The app with the "editor" origin in CORS_ORIGINS (live_server serves it)."""
    app = app_factory(db_url, CORS_ORIGINS=(origins["editor"],))
    yield app
    with app.app_context():
        db.engine.dispose()


def edit_404(page, live_server, headers: dict[str, str]) -> dict:
    """From the page open in ``page``, fetch a PATCH of 404's aliases."""
    init = {
        "method": "PATCH",
        "headers": {**headers, "Content-Type": "application/json"},
        "body": '{"aliases": ["Not Here"]}',
    }
    return page.evaluate(FETCH, [live_server("/api/v1/codes/404"), init])


@pytest.mark.parametrize("origin", ["editor", "elsewhere"])
def test_a_page_on_any_origin_reads_the_api_and_its_etag(
    page, live_server, origins, origin
):
    page.goto(origins[origin] + "/")
    url = live_server("/api/v1/codes/404")

    read = page.evaluate(FETCH, [url, {}])
    # If-None-Match is no safelisted header: this one is preflighted.
    again = page.evaluate(FETCH, [url, {"headers": {"If-None-Match": read["etag"]}}])

    assert read["status"] == 200
    assert read["etag"].startswith('"')
    assert again == {"status": 304, "etag": read["etag"]}


def test_a_write_from_an_unlisted_origin_is_refused_by_the_browser(
    page, live_server, origins, client, bearer
):
    before = client.get("/api/v1/codes/404")
    page.goto(origins["elsewhere"] + "/")

    written = edit_404(
        page, live_server, {**bearer("editor"), "If-Match": before.headers["ETag"]}
    )

    assert written == {"error": "TypeError"}
    after = client.get("/api/v1/codes/404")
    assert after.headers["ETag"] == before.headers["ETag"]
    assert after.json["aliases"] == before.json["aliases"]


def test_a_write_from_a_listed_origin_reaches_the_api(
    page, live_server, origins, client, bearer
):
    before = client.get("/api/v1/codes/404")
    page.goto(origins["editor"] + "/")

    anonymous = edit_404(page, live_server, {"If-Match": before.headers["ETag"]})
    written = edit_404(
        page, live_server, {**bearer("editor"), "If-Match": before.headers["ETag"]}
    )

    assert anonymous == {"status": 401, "etag": None}
    assert written["status"] == 200
    after = client.get("/api/v1/codes/404")
    assert after.json["aliases"] == ["Not Here"]
    # The page can read the new version's tag: its gzip copy's, as it took that.
    tag = after.headers["ETag"].strip('"')
    assert written["etag"].strip('"') in (tag, f"{tag}-gzip")
    assert tag != before.headers["ETag"].strip('"')
