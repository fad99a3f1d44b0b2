"""Arbitrary Unicode, down to the byte, never costs a 5xx or a broken reader.

Hypothesis sends every write operation and every parameter values no form
would offer: lone surrogates, NUL and other control characters, very long and
deeply nested values, bytes that are not UTF-8 in paths and query strings,
and header values of any byte a server passes on. Whatever is accepted is
then read back through every page and resource. The examples are derived
from the test's name, so a run is repeatable; the database grows across the
examples of one test, as a real catalogue would.
"""

import json
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statusapp.errors import PROBLEM_JSON

FUZZ = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Characters a generator of ordinary text leaves out: surrogates included.
any_char = st.characters(codec=None, exclude_categories=())
nasty_text = st.one_of(
    st.text(any_char, max_size=20),
    st.sampled_from(
        ["\x00", "\ud800", "a\udfffb", "en\n", " ", "\u3000", "x" * 20_001, "\x7f\x1b"]
    ),
)
# What a URL can carry once percent-decoded: any bytes, UTF-8 or not.
any_bytes = st.one_of(
    st.binary(max_size=12),
    st.sampled_from([b"\xed\xa0\x80", b"\xc0\x80", b"\xff", b"en\x00", b"\x1b[2J"]),
)
# A header value as a WSGI server hands it on: each byte as a Latin-1
# character, less the line breaks that would end the header.
header_text = st.text(
    st.characters(max_codepoint=0xFF, exclude_characters="\r\n"), max_size=40
)
json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | nasty_text,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(nasty_text, inner, max_size=3)
    ),
    max_leaves=8,
)


def body_of(*fields: str):
    """Bodies with any of ``fields``, each any JSON value or nasty text."""
    return st.fixed_dictionaries(
        {}, optional={name: nasty_text | json_value for name in fields}
    )


WRITES = {
    ("patch", "/api/v1/codes/418"): body_of(
        "reason_phrase",
        "aliases",
        "reference",
        "reference_url",
        "registry_status",
        "header_rules",
        "usages",
    ),
    ("post", "/api/v1/codes"): body_of("code", "reason_phrase", "aliases"),
    ("put", "/api/v1/codes/418/translations/en"): body_of("title", "description"),
    ("patch", "/api/v1/codes/418/translations/en"): body_of("status"),
    ("post", "/api/v1/codes/418/notes"): body_of("body", "lang"),
    ("post", "/api/v1/languages"): body_of("tag", "name", "native_name", "enabled"),
    ("patch", "/api/v1/languages/en"): body_of("name", "native_name", "enabled"),
}
READERS = [
    "/",
    "/?q=418",
    "/codes/418",
    "/codes/418/history",
    "/translations",
    "/api/v1/codes?per_page=500",
    "/api/v1/codes/418",
    "/api/v1/codes/418/history",
    "/api/v1/codes/418/translations",
    "/api/v1/languages",
    "/api/v1/languages/en/export?format=po",
    "/api/v1/languages/en/export?format=csv",
]


def as_json(value) -> str:
    # ensure_ascii writes a lone surrogate as an escape, which is valid JSON.
    return json.dumps(value, ensure_ascii=True)


def in_url(text: str) -> str:
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def raw_path(path: bytes) -> dict:
    """The environ of a request for ``path`` as a server passes it: in bytes
    (PEP 3333), where the test client would decode them as UTF-8 first."""
    return {"PATH_INFO": path.decode("latin-1")}


def check(response, url: str) -> None:
    assert response.status_code < 500, (url, response.get_data(as_text=True)[:500])
    if url.startswith("/api/") and response.status_code >= 400:
        assert response.mimetype == PROBLEM_JSON, url


def read_everything(client) -> None:
    for url in READERS:
        check(client.get(url), url)


@pytest.mark.parametrize(("method", "url"), list(WRITES), ids="{0[0]} {0[1]}".format)
def test_no_write_body_costs_a_5xx_or_a_reader(client, bearer, method, url):
    headers = {**bearer("admin"), "Content-Type": "application/json"}

    @FUZZ
    @given(body=WRITES[method, url])
    def send(body):
        if method in ("patch", "put"):
            current = client.get(url)
            if "ETag" in current.headers:
                headers["If-Match"] = current.headers["ETag"]
        check(getattr(client, method)(url, data=as_json(body), headers=headers), url)
        read_everything(client)

    send()


@pytest.mark.parametrize(
    "template",
    [
        "/api/v1/codes?q={}",
        "/api/v1/codes?lang={}",
        "/api/v1/codes?page={}",
        "/api/v1/codes/404?lang={}",
        "/api/v1/codes/404/translations/{}",
        "/api/v1/languages/{}",
        "/api/v1/languages/{}/export",
        "/?q={}",
        "/?lang={}",
        "/codes/404?lang={}",
    ],
)
def test_no_parameter_costs_a_5xx(client, template):
    @FUZZ
    @given(value=nasty_text)
    def ask(value):
        url = template.format(in_url(value))
        check(client.get(url), url)

    ask()


@pytest.mark.parametrize(
    "template",
    [
        "/api/v1/codes?q={}",
        "/api/v1/codes?{}=1",
        "/api/v1/codes/404?lang={}&x={}",
        "/api/v1/languages/en/export?format={}",
        "/?q={}",
        "/?{}=x",
        "/login?next={}",
    ],
)
def test_no_query_string_costs_a_5xx(client, template):
    @FUZZ
    @given(value=any_bytes)
    def ask(value):
        url = template.replace("{}", quote(value, safe=""))
        check(client.get(url), url)

    ask()


@pytest.mark.parametrize(
    "template",
    [
        b"/api/v1/languages/%s",
        b"/api/v1/languages/%s/export",
        b"/api/v1/codes/404/translations/%s",
        b"/codes/%s",
        b"/translations/%s/import",
    ],
)
def test_no_path_costs_a_5xx(client, bearer, template):
    headers = bearer("editor")

    @FUZZ
    @given(value=any_bytes.filter(lambda b: b"/" not in b))
    def ask(value):
        path = template % value
        url = quote(path)
        check(client.get(url, headers=headers, environ_overrides=raw_path(path)), url)

    ask()


@pytest.mark.parametrize(
    "header",
    [
        "Accept",
        "Accept-Language",
        "Authorization",
        "Content-Type",
        "Cookie",
        "If-Match",
        "If-None-Match",
    ],
)
def test_no_header_costs_a_5xx(app, bearer, header):
    admin = bearer("admin")
    client = app.test_client(use_cookies=False)

    @FUZZ
    @given(value=header_text, scheme=st.sampled_from(["", "Basic ", "Bearer "]))
    def ask(value, scheme):
        if header == "Authorization":
            value = scheme + value
        for url in ("/api/v1/codes/418", "/codes/418", "/api/v1/tokens"):
            send = client.post if url.endswith("tokens") else client.get
            check(send(url, headers={header: value}), url)
        current = client.get("/api/v1/codes/418").headers["ETag"]
        url = "/api/v1/codes/418"
        headers = {**admin, "If-Match": current, header: value}
        check(client.patch(url, json={"reference": "RFC 9110"}, headers=headers), url)

    ask()
