"""One door for every text: fields, parameters, headers and files pass one rule.

The rule (statusapp.services.fields): valid Unicode, no NUL, no control
characters (C0, DEL, C1) except tab and line breaks in a multi-line field,
each field within its limit. A field that breaks it is 422 naming the field,
a query parameter 422 naming the parameter, a path parameter 400, a header
400; nothing is written, and a refused parameter never reaches the database.
"""

import http.client
import io
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time

import pytest
from exchange_support import CSV_GOOD, CSV_HEADER, PO_HEADER, send
from form_support import snapshot
from html_support import ENGLISH, parse, revision_count

from statusapp.errors import PROBLEM_JSON

READERS = [
    "/api/v1/codes/418",
    "/api/v1/codes/418/translations",
    "/api/v1/languages",
    "/codes/418",
]


def readers(client) -> list[bytes]:
    return [client.get(url).get_data() for url in READERS]


@pytest.fixture
def database_parameters(count_queries):
    """Collect the parameters of every statement sent while the block runs."""
    return lambda: count_queries(parameters=True)


# JSON fields ---------------------------------------------------------------------

JSON_FIELDS = [
    # method, url, body, the field in error
    ("patch", "/api/v1/codes/418", {"reason_phrase": "Tea\x1bpot"}, "reason_phrase"),
    ("patch", "/api/v1/codes/418", {"reason_phrase": "Tea\npot"}, "reason_phrase"),
    ("patch", "/api/v1/codes/418", {"aliases": ["Tea\tpot"]}, "aliases"),
    ("patch", "/api/v1/codes/418", {"aliases": ["Tea\x85pot"]}, "aliases"),
    ("patch", "/api/v1/codes/418", {"reference": "RFC\x7f2324"}, "reference"),
    (
        "patch",
        "/api/v1/codes/418",
        {"reference_url": "https://example.com/\x1b"},
        "reference_url",
    ),
    (
        "put",
        "/api/v1/codes/418/translations/en",
        {"title": "Short\nand stout", "description": "A teapot."},
        "title",
    ),
    (
        "put",
        "/api/v1/codes/418/translations/en",
        {"description": "Short\x0cand stout."},
        "description",
    ),
    (
        "put",
        "/api/v1/codes/418/translations/en",
        {"description": "Short and \x9bstout."},
        "description",
    ),
    ("post", "/api/v1/codes/418/notes", {"body": "\x1b[31mRed\x1b[0m"}, "body"),
    (
        "post",
        "/api/v1/languages",
        {"tag": "tlh", "name": "Kling\x1bon", "native_name": "tlhIngan Hol"},
        "name",
    ),
    (
        "patch",
        "/api/v1/languages/en",
        {"native_name": "Eng\u2028lish"},
        "native_name",
    ),
]


@pytest.mark.parametrize(("method", "url", "body", "field"), JSON_FIELDS)
def test_a_control_character_in_a_json_field_is_refused_naming_it(
    client, bearer, method, url, body, field
):
    headers = {**bearer("admin"), "Content-Type": "application/json"}
    if method != "post":
        headers["If-Match"] = client.get(url).headers["ETag"]
    before = readers(client)

    response = getattr(client, method)(url, data=json.dumps(body), headers=headers)

    assert response.status_code == 422, response.json
    assert response.mimetype == PROBLEM_JSON
    assert field in response.json["errors"], response.json
    assert readers(client) == before


@pytest.mark.parametrize(
    ("url", "body", "field", "stored"),
    [
        (
            "/api/v1/codes/418/translations/ja",
            {"description": "Line one,\r\n\tline two."},
            "description",
            "Line one,\r\n\tline two.",
        ),
        (
            "/api/v1/codes/418/notes",
            {"body": "- one\n\t- two"},
            "body",
            "- one\n\t- two",
        ),
    ],
)
def test_a_multi_line_field_keeps_its_tabs_and_line_breaks(
    client, bearer, japanese, url, body, field, stored
):
    method = client.put if "translations" in url else client.post

    response = method(url, json=body, headers=bearer("admin"))

    assert response.status_code == 201, response.json
    assert response.json[field] == stored


# HTML forms -------------------------------------------------------------------

FORM_FIELDS = [
    # who, form page, changed fields, the field in error, part of its message
    (
        "editor",
        "/codes/404/edit",
        {"reason_phrase": "Not\x1bFound"},
        "reason_phrase",
        "control",
    ),
    (
        "editor",
        "/codes/404/edit",
        {"reference": "RFC 9110\x07"},
        "reference",
        "control",
    ),
    # A vertical tab once split one alias into two, silently.
    (
        "editor",
        "/codes/404/edit",
        {"aliases": "Gone\x0bMissing"},
        "aliases",
        "one line",
    ),
    (
        "editor",
        "/codes/404/edit",
        {"aliases": "Gone\u2028Missing"},
        "aliases",
        "one line",
    ),
    (
        "editor",
        "/codes/404/translations/en/edit",
        {"title": "Not\tFound"},
        "title",
        "one line",
    ),
    (
        "editor",
        "/codes/404/translations/en/edit",
        {"description": "Nothing\x1b here."},
        "description",
        "control",
    ),
    (
        "editor",
        "/codes/404/notes/new",
        {"body": "\x07Ding.", "save": "y"},
        "body",
        "control",
    ),
    (
        "admin",
        "/admin/languages",
        {"tag": "tlh", "name": "Kling\x1bon", "native_name": "tlhIngan Hol"},
        "name",
        "control",
    ),
]


@pytest.mark.parametrize(("who", "url", "changes", "name", "message"), FORM_FIELDS)
def test_a_control_character_in_a_form_field_is_refused_on_that_field(
    app, visitor, who, url, changes, name, message
):
    session = visitor(who)
    form = {} if url == "/admin/languages" else session.form_values(url)
    form.update(changes)
    before = snapshot(app), revision_count(app)

    response = session.post(url, form, headers=ENGLISH)

    assert response.status_code == 422
    errors = parse(response).find(id=f"{name}-errors")
    assert errors is not None, response.get_data(as_text=True)
    assert message in errors.text
    assert (snapshot(app), revision_count(app)) == before


# Query parameters -------------------------------------------------------------

API_QUERIES = [
    ("/api/v1/codes?q=tea%1Bpot", "q"),
    ("/api/v1/codes?q=tea%0A", "q"),
    ("/api/v1/codes?q=tea%7F", "q"),
    ("/api/v1/codes?q=tea%C2%85", "q"),
    # Bytes that are not UTF-8: Werkzeug would read them as U+FFFD.
    ("/api/v1/codes?q=tea%FF", "q"),
    ("/api/v1/codes?q=%ED%A0%80", "q"),  # an encoded surrogate
    ("/api/v1/codes?q=%C0%80", "q"),  # an overlong NUL
    ("/api/v1/codes?q=" + "x" * 201, "q"),
    ("/api/v1/codes/404?utm=%1B", "utm"),
    ("/api/v1/codes/404?x%00y=1", "x\\x00y"),
    ("/api/v1/languages/en/export?format=csv&q=%FF", "q"),
]


@pytest.mark.parametrize(("url", "name"), API_QUERIES)
def test_a_bad_query_parameter_is_422_naming_it_and_never_queried(
    client, database_parameters, url, name
):
    with database_parameters() as sent:
        response = client.get(url)

    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM_JSON
    assert name in response.json["errors"], response.json
    assert name in response.json["detail"]
    assert sent == []


PAGE_QUERIES = [
    ("/?q=tea%1Bpot", "q", "tea\x1bpot"),
    ("/?q=tea%FF", "q", "tea\ufffd"),
    ("/?lang=en%00", "lang", "en\x00"),
    ("/codes/404?lang=en%0A", "lang", "en\n"),
    ("/login?next=/%09/evil.example", "next", "\t/evil"),
]


@pytest.mark.parametrize(("url", "name", "value"), PAGE_QUERIES)
def test_a_bad_query_parameter_gets_a_422_page_naming_it(
    client, database_parameters, url, name, value
):
    with database_parameters() as sent:
        response = client.get(url, headers=ENGLISH)

    assert response.status_code == 422
    assert response.mimetype == "text/html"
    detail = parse(response).find("p", class_="detail").text
    assert f"Some parameters are invalid: {name}." in detail
    assert not any(value in parameters for parameters in sent)


def test_good_query_parameters_still_work(client):
    assert client.get("/api/v1/codes?q=%E8%8C%B6&lang=en").status_code == 200
    assert client.get("/?q=tea+pot&lang=en").status_code == 200
    assert client.get("/codes/418?lang=en").status_code == 200


# Path parameters --------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url", "who", "name", "char"),
    [
        ("get", "/api/v1/languages/e%1Bn", None, "tag", "\x1b"),
        ("get", "/api/v1/languages/e%00n/export", None, "tag", "\x00"),
        ("get", "/api/v1/codes/404/translations/en%0A", None, "lang", "\n"),
        ("put", "/api/v1/codes/404/translations/e%7Fn", "admin", "lang", "\x7f"),
        ("get", "/codes/404/translations/e%1Bn/edit", "editor", "lang", "\x1b"),
        ("get", "/translations/e%C2%9Bn/import", "editor", "tag", "\x9b"),
        ("post", "/admin/users/a%1Bb/deactivate", "admin", "username", "\x1b"),
    ],
)
def test_a_control_character_in_a_path_parameter_is_400_naming_it(
    client, bearer, visitor, database_parameters, method, url, who, name, char
):
    if url.startswith("/api/"):
        headers = bearer(who) if who else {}
        kwargs = {"json": {"description": "x"}} if method == "put" else {}
        with database_parameters() as sent:
            response = getattr(client, method)(url, headers=headers, **kwargs)
    else:
        session = visitor(who)
        with database_parameters() as sent:
            response = getattr(session, method)(url, headers=ENGLISH)

    assert response.status_code == 400, response.get_data(as_text=True)
    if url.startswith("/api/"):
        assert response.mimetype == PROBLEM_JSON
        assert name in response.json["errors"]
    else:
        detail = parse(response).find("p", class_="detail").text
        assert f"Some parameters are invalid: {name}." in detail
    assert not any(repr(char)[1:-1] in parameters for parameters in sent)


def test_a_path_that_is_not_utf8_is_400_naming_the_parameter(client):
    # A server hands the path over as it came, in bytes (PEP 3333): the test
    # client would decode %FF before the app sees it, a server does not.
    response = client.get(
        "/api/v1/languages/e%FFn",
        environ_overrides={"PATH_INFO": "/api/v1/languages/e\xffn"},
    )

    assert response.status_code == 400
    assert response.mimetype == PROBLEM_JSON
    assert "tag" in response.json["errors"]


def test_a_malformed_id_is_still_the_plain_404(client):
    for url in ("/api/v1/codes/4%1B4", "/api/v1/notes/1%00", "/codes/%FF"):
        assert client.get(url).status_code == 404


# Headers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "header", "value"),
    [
        ("/api/v1/codes/404", "Accept-Language", "en\x00"),
        ("/api/v1/codes/404", "If-None-Match", '"abc"\x1b'),
        ("/api/v1/codes/404", "Authorization", "Bearer \x01"),
        ("/api/v1/codes/404", "Accept", "application/json\x7f"),
        ("/codes/404", "Cookie", "lang=en\x08"),
        ("/codes/404", "Accept-Language", "zh\x1b"),
    ],
)
def test_a_control_character_in_a_header_is_400_naming_it(
    app, database_parameters, url, header, value
):
    # Without a cookie jar, which would put its own Cookie header.
    client = app.test_client(use_cookies=False)
    with database_parameters() as sent:
        response = client.get(url, headers={header: value})

    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert header in text
    if url.startswith("/api/"):
        assert response.mimetype == PROBLEM_JSON
        assert sent == []


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("Accept-Language", "\xff\xfe;q=x, *;q=-1, en;q=1e999"),
        ("Accept-Language", ";;;,,," + "a" * 4000),
        ("If-None-Match", 'W/"\xff", "'),
        ("If-Match", "\xff"),
        ("Authorization", "Basic \xff\xff"),
        ("Authorization", "Basic /w=="),  # base64 of a byte that is not UTF-8
        ("Authorization", "Bearer \xe9"),
        ("Authorization", "Negotiate a=b, c"),
        ("Content-Type", "\xff/\xfe; charset=\xff"),
        ("Cookie", "lang=\xff; session=\xff"),
        ("Host", "\xff bad host"),
        ("Tab", "a\tb"),
    ],
)
def test_header_garbage_is_ignored_or_a_4xx(client, header, value):
    for url in ("/api/v1/codes/404", "/codes/404", "/api/v1/tokens"):
        method = client.post if url.endswith("tokens") else client.get
        response = method(url, headers={header: value})
        assert response.status_code < 500, (url, response.get_data(as_text=True))
        assert response.status_code in (200, 400, 401, 404), url


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("X-Forwarded-For", "not an address, \xff"),
        ("X-Forwarded-Host", "\xff bad host/x?y"),
        ("X-Forwarded-Proto", "java\xffscript"),
    ],
)
def test_forwarded_garbage_behind_a_proxy_is_ignored(
    app_factory, db_url, header, value
):
    client = app_factory(db_url, PROXY_COUNT=1).test_client()

    found = client.get("/api/v1/codes/404", headers={header: value})
    missing = client.get("/api/v1/codes/999", headers={header: value})
    login = client.post("/api/v1/tokens", headers={header: value}, auth=("x", "y"))

    assert found.status_code == 200
    assert missing.status_code == 404
    assert login.status_code == 401
    assert "bad host" not in missing.get_data(as_text=True)


# Uploaded files ---------------------------------------------------------------

FILES = [
    # format, file, what the problem says
    (
        "csv",
        CSV_HEADER + CSV_GOOD + "410,1,Gone\x1b,Gone.\r\n",
        "line 3 (code 410): the title must not contain control characters",
    ),
    (
        "csv",
        CSV_HEADER + CSV_GOOD + '410,1,"Gone,\r\nfor good",Gone.\r\n',
        "line 3 (code 410): the title must be one line",
    ),
    (
        "csv",
        CSV_HEADER + CSV_GOOD + "410,1,,Gone\x85 for good.\r\n",
        "line 3 (code 410): the description must not contain control characters",
    ),
    (
        "po",
        PO_HEADER + 'msgctxt "410"\nmsgid "x"\nmsgstr "Gone\x1b."\n',
        "entry 410 (line 12): the description must not contain control characters",
    ),
    (
        "po",
        PO_HEADER + 'msgctxt "410|title"\nmsgid "x"\nmsgstr "Go\\nne"\n'
        'msgctxt "410"\nmsgid "x"\nmsgstr "Gone."\n',
        "the title must be one line",
    ),
]


@pytest.mark.parametrize(("fmt", "body", "message"), FILES)
def test_a_control_character_in_an_uploaded_file_is_refused_naming_the_line(
    app, client, bearer, fmt, body, message
):
    before = snapshot(app), revision_count(app)

    response = send(client, bearer("editor"), "en", body.encode(), fmt)

    assert response.status_code == 422, response.json
    assert any(message in problem for problem in response.json["errors"]["file"]), (
        response.json
    )
    assert (snapshot(app), revision_count(app)) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xed\xa0\x80", "line 3: the file is not UTF-8"),  # an encoded surrogate
        (b"\xc0\x80", "line 3: the file is not UTF-8"),  # an overlong NUL
        (b"\xff", "line 3: the file is not UTF-8"),
        (b"\x00", "line 3: the file contains a NUL character"),
    ],
)
def test_bytes_that_are_not_text_in_an_uploaded_file_are_refused(
    client, bearer, data, message
):
    body = (CSV_HEADER + CSV_GOOD + "410,1,,Gone").encode() + data + b".\r\n"

    response = send(client, bearer("editor"), "en", body, "csv", dry_run="true")

    assert response.status_code == 422
    assert response.json["errors"]["file"][0].startswith(message)


def test_a_byte_order_mark_is_not_part_of_the_file(client, bearer):
    body = b"\xef\xbb\xbf" + (CSV_HEADER + CSV_GOOD).encode()

    response = send(client, bearer("editor"), "en", body, "csv", dry_run="true")

    assert response.status_code == 200, response.json
    report = response.json
    assert [
        i["code"] for i in report["new"] + report["changed"] + report["conflicts"]
    ] == [404]


# Bodies over the limit --------------------------------------------------------

MIB = 1024 * 1024
# A PATCH body of exactly ``size`` bytes: the JSON object, padded with spaces.
PREFIX = b'{"reference": "Sent in chunks."'


def patch_body(size: int) -> bytes:
    return PREFIX + b" " * (size - len(PREFIX) - 1) + b"}"


def chunked(client, method: str, url: str, body: bytes, headers: dict):
    """Send ``body`` as a server hands a chunked one on: with no length, in a
    stream the server ends (``wsgi.input_terminated``), as gunicorn and
    Werkzeug's server do."""
    return client.open(
        url,
        method=method,
        data=body,
        headers={**headers, "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )


def code_418(client) -> bytes:
    return client.get("/api/v1/codes/418").get_data()


def test_a_chunked_json_body_over_the_limit_is_413(app, client, bearer):
    limit = app.config["MAX_CONTENT_LENGTH"]
    headers = {**bearer("editor"), "Content-Type": "application/json"}
    headers["If-Match"] = client.get("/api/v1/codes/418").headers["ETag"]
    before = code_418(client)

    over = chunked(client, "PATCH", "/api/v1/codes/418", patch_body(10 * MIB), headers)
    just_over = chunked(
        client, "PATCH", "/api/v1/codes/418", patch_body(limit + 1), headers
    )

    for response in (over, just_over):
        assert response.status_code == 413, response.get_data(as_text=True)
        assert response.mimetype == PROBLEM_JSON
        assert str(limit) in response.json["detail"]
    assert code_418(client) == before


@pytest.mark.parametrize("size", ["small", "limit"])
def test_a_chunked_body_within_the_limit_is_read_whole(app, client, bearer, size):
    length = 100 if size == "small" else app.config["MAX_CONTENT_LENGTH"]
    headers = {**bearer("editor"), "Content-Type": "application/json"}
    headers["If-Match"] = client.get("/api/v1/codes/418").headers["ETag"]

    response = chunked(
        client, "PATCH", "/api/v1/codes/418", patch_body(length), headers
    )

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.json["reference"] == "Sent in chunks."


@pytest.mark.parametrize("as_form", [False, True], ids=["body", "multipart"])
def test_a_chunked_upload_over_the_limit_is_413(app, client, bearer, as_form):
    data = (CSV_HEADER + CSV_GOOD).encode() + b"410,1,,Gone.\r\n" * MIB
    headers = bearer("editor")
    if as_form:
        body = {"file": (io.BytesIO(data), "en.csv")}
    else:
        body, headers["Content-Type"] = data, "text/csv"

    response = chunked(client, "POST", "/api/v1/languages/en/import", body, headers)

    assert response.status_code == 413
    assert response.mimetype == PROBLEM_JSON


def test_a_chunked_form_over_the_limit_gets_the_413_page(app, visitor):
    session = visitor("admin")
    body = f"csrf_token={session.csrf_token()}&tag=tlh&name=".encode()
    body += b"x" * (10 * MIB) + b"&native_name=tlhIngan"
    before = snapshot(app)

    response = chunked(
        session.client,
        "POST",
        "/admin/languages",
        body,
        {**ENGLISH, "Content-Type": "application/x-www-form-urlencoded"},
    )

    assert response.status_code == 413
    assert response.mimetype == "text/html"
    page = parse(response)
    assert page.find("title").text.startswith("413 Content Too Large")
    assert "too large" in page.find("p", class_="detail").text
    assert snapshot(app) == before


# The same over a socket, with the servers themselves framing the body.


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(params=["werkzeug", "gunicorn"])
def server(request, app, db_url, tmp_path):
    """(host, port) of the app served by Werkzeug's server or by gunicorn
    (gthread, as deployed), on the test's database."""
    if request.param == "werkzeug":
        live = request.getfixturevalue("live_server")
        yield "127.0.0.1", live.server.server_port
        return
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "SECRET_KEY": "boundary-test-secret",
        "STATUSAPP_ENV": "production",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--worker-class=gthread",
            "--workers=1",
            "--threads=2",
            f"--bind=127.0.0.1:{port}",
            "statusapp:create_app()",
        ],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        # A file, not a pipe nobody drains, which the app's logs would fill.
        stderr=(tmp_path / "gunicorn.log").open("ab"),
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                log = (tmp_path / "gunicorn.log").read_text()
                pytest.fail(f"gunicorn exited: {log}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("gunicorn did not start within 30 s")
                time.sleep(0.1)
        yield "127.0.0.1", port
    finally:
        process.terminate()
        process.wait(timeout=10)


def send_chunked(address, head: str, chunks) -> tuple[int, str, bytes]:
    """Send a request with a chunked body over a socket, reading the answer
    while sending, as curl does: a server may answer 413 before the body ends,
    and then stop reading it. Return the status, the Content-Type and the body."""
    received = bytearray()
    answered = threading.Event()

    def complete() -> bool:
        head, found, body = bytes(received).partition(b"\r\n\r\n")
        length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
        return bool(found and length and len(body) >= int(length[1]))

    with socket.create_connection(address, timeout=30) as sock:

        def read():
            try:
                while not complete() and (data := sock.recv(65536)):
                    received.extend(data)
            except OSError:
                pass
            answered.set()

        reader = threading.Thread(target=read)
        reader.start()
        try:
            sock.sendall(head.encode("latin-1"))
            for chunk in chunks:
                if answered.is_set():
                    break  # answered before the body ended: stop, as curl does
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            else:
                sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server answered and closed before the body ended
        reader.join(timeout=30)
    response = http.client.HTTPResponse(FakeSocket(bytes(received)))
    response.begin()
    return response.status, response.getheader("Content-Type"), response.read()


class FakeSocket:
    """What http.client reads a response from: here, the bytes received."""

    def __init__(self, data: bytes):
        self.data = data

    def makefile(self, mode):
        return io.BytesIO(self.data)


def patch_chunks(size: int):
    """A PATCH body of ``size`` bytes in 64 KiB chunks."""
    body = patch_body(size)
    return (body[i : i + 65536] for i in range(0, len(body), 65536))


def patch_head(host, port, client, token) -> str:
    etag = client.get("/api/v1/codes/418").headers["ETag"]
    return (
        "PATCH /api/v1/codes/418 HTTP/1.1\r\n"
        f"Host: {host}:{port}\r\n"
        f"Authorization: {token}\r\n"
        "Content-Type: application/json\r\n"
        f"If-Match: {etag}\r\n"
        "Connection: close\r\n"
        "Transfer-Encoding: chunked\r\n\r\n"
    )


def test_a_server_answers_a_chunked_body_over_the_limit_with_413(
    server, client, bearer
):
    token = bearer("editor")["Authorization"]
    before = code_418(client)

    status, media_type, body = send_chunked(
        server, patch_head(*server, client, token), patch_chunks(10 * MIB)
    )

    assert status == 413, body[:500]
    assert media_type == PROBLEM_JSON
    assert json.loads(body)["status"] == 413
    assert code_418(client) == before


def test_a_server_takes_a_chunked_body_within_the_limit(server, client, bearer):
    token = bearer("editor")["Authorization"]

    status, media_type, body = send_chunked(
        server, patch_head(*server, client, token), patch_chunks(64 * 1024)
    )

    assert status == 200, body[:500]
    assert json.loads(body)["reference"] == "Sent in chunks."


def test_a_server_answers_a_chunked_form_over_the_limit_with_the_413_page(server):
    head = (
        "POST /login HTTP/1.1\r\n"
        f"Host: {server[0]}:{server[1]}\r\n"
        "Accept: text/html\r\nAccept-Language: en\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        "Connection: close\r\n"
        "Transfer-Encoding: chunked\r\n\r\n"
    )
    chunks = [b"username=ada&password="] + [b"x" * 65536] * 160

    status, media_type, body = send_chunked(server, head, chunks)

    assert status == 413
    assert media_type.startswith("text/html")
    assert b"413" in body and b"Content Too Large" in body
