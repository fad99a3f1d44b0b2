"""The catalogue's HTML URLs for terminals and programs: plain text for curl,
the API's JSON for a client that prefers it, the page for browsers."""

import gzip

import pytest
from page_support import BROWSER_ACCEPT, ENGLISH

from statusapp.plain_text import display_width

CURL = {"Accept": "*/*"}
TEXT = {"Accept": "text/plain"}
JSON = {"Accept": "application/json"}
BROWSER = {"Accept": BROWSER_ACCEPT}
# What each form's Accept gets, as a media type.
FORMS = {
    "curl": (CURL, "text/plain"),
    "text": (TEXT, "text/plain"),
    "json": (JSON, "application/json"),
    "browser": (BROWSER, "text/html"),
}


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/", "/codes/404", "/?class=4&q=found"])
@pytest.mark.parametrize(
    ("accept", "mimetype"),
    [
        ("*/*", "text/plain"),
        ("text/plain", "text/plain"),
        ("text/*", "text/plain"),
        ("application/json", "application/json"),
        ("application/json, text/html;q=0.9", "application/json"),
        ("text/html, application/json;q=0.9", "text/html"),
        ("text/html;q=0, */*", "text/plain"),
        (BROWSER_ACCEPT, "text/html"),
        ("text/html", "text/html"),
        ("image/png", "text/html"),
    ],
)
def test_accept_picks_the_form(client, url, accept, mimetype):
    response = client.get(url, headers={"Accept": accept})

    assert response.status_code == 200
    assert response.mimetype == mimetype


@pytest.mark.parametrize("url", ["/", "/codes/404"])
def test_a_request_with_no_accept_header_gets_plain_text(client, url):
    response = client.get(url, browser=False)

    assert response.status_code == 200
    assert response.content_type == "text/plain; charset=utf-8"


def test_the_card_shows_the_code_its_class_reference_text_and_notes(client):
    card = text(client.get("/codes/200?lang=en", headers=CURL))

    assert card.startswith("200 OK\n")
    assert "Class            2xx Successful" in card
    assert "RFC 9110, Section 15.3.1" in card
    assert "https://www.rfc-editor.org/rfc/rfc9110#section-15.3.1" in card
    assert "The request succeeded." in card
    assert "\nNotes\n  1. The HEAD bullet is wrong" in card
    # The note's Markdown is read, not shown: no ** or [text](address).
    assert "no message body at all" in card
    assert "**" not in card and "](" not in card
    assert "<https://www.rfc-editor.org/rfc/rfc9110#section-9.3.2>" in card


def test_the_card_is_in_chinese_by_default(client):
    card = text(client.get("/codes/404", headers=CURL))

    assert card.startswith("404 Not Found\n")
    assert "请求失败" in card
    assert "RFC 9110, Section 15.5.5" in card


@pytest.mark.parametrize("code", [100, 200, 208, 404, 418, 451, 511])
@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_every_line_fits_a_terminal_and_has_no_escapes(client, code, lang):
    card = text(client.get(f"/codes/{code}?lang={lang}", headers=CURL))

    assert "\x1b" not in card
    assert card.endswith("\n")
    for line in card.splitlines():
        assert display_width(line) <= 79, line


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_the_list_gives_one_line_per_code(client, lang):
    listing = text(client.get(f"/?lang={lang}", headers=CURL))
    codes = [item["code"] for item in client.get("/api/v1/codes").json["items"]]

    lines = listing.splitlines()
    assert [int(line[:3]) for line in lines] == codes
    assert all(display_width(line) <= 79 for line in lines)
    assert "\x1b" not in listing
    (not_found,) = [line for line in lines if line.startswith("404")]
    assert not_found.split()[1:3] == ["Not", "Found"]


def test_the_list_follows_the_search_and_class_filter(client):
    listing = text(client.get("/?class=3&lang=en", headers=CURL))

    assert [line[:3] for line in listing.splitlines()][:2] == ["300", "301"]
    assert all(line.startswith("3") for line in listing.splitlines())


@pytest.mark.parametrize(
    ("url", "api_url"),
    [
        ("/codes/404", "/api/v1/codes/404"),
        ("/codes/404?lang=en", "/api/v1/codes/404?lang=en"),
        ("/", "/api/v1/codes"),
        ("/?class=2&lang=zh-CN", "/api/v1/codes?class=2&lang=zh-CN"),
    ],
)
def test_json_is_the_apis_own_answer(client, url, api_url):
    response = client.get(url, headers=JSON)
    api = client.get(api_url, headers=JSON)

    assert response.status_code == api.status_code == 200
    assert response.data == api.data
    assert response.headers["ETag"] == api.headers["ETag"]
    assert response.headers["Cache-Control"] == api.headers["Cache-Control"]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("url", ["/", "/codes/404", "/codes/404?lang=en"])
def test_each_form_answers_if_none_match_with_304(client, form, url):
    headers, _mimetype = FORMS[form]
    first = client.get(url, headers=headers)
    etag = first.headers["ETag"]
    assert not etag.startswith("W/")

    again = client.get(url, headers={**headers, "If-None-Match": etag})

    assert again.status_code == 304
    assert again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == first.headers["Cache-Control"]
    assert "Accept" in again.vary


@pytest.mark.parametrize("form", ["curl", "json"])
def test_the_gzip_copy_has_its_own_etag_and_revalidates(client, form):
    headers = {**FORMS[form][0], "Accept-Encoding": "gzip"}
    plain = client.get("/", headers=FORMS[form][0])
    coded = client.get("/", headers=headers)

    assert coded.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(coded.data) == plain.data
    assert coded.headers["ETag"] == plain.headers["ETag"][:-1] + '-gzip"'
    again = client.get("/", headers={**headers, "If-None-Match": coded.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("url", ["/", "/codes/404", "/codes/999", "/999"])
def test_each_form_varies_on_accept_and_the_language(client, form, url):
    response = client.get(url, headers=FORMS[form][0])

    assert {"Accept", "Accept-Language", "Cookie"} <= set(response.vary)


@pytest.mark.parametrize("form", ["curl", "browser"])
def test_each_form_is_public_no_cache_and_names_its_language(client, form):
    response = client.get("/codes/404", headers=FORMS[form][0])

    assert response.headers["Cache-Control"] == "public, no-cache"
    assert response.headers["Content-Language"] == "zh-CN"


ENGLISH_ASKS = {"query": ("?lang=en", {}), "header": ("", ENGLISH)}


@pytest.mark.parametrize("ask", ENGLISH_ASKS)
def test_english_plain_text(client, ask):
    query, headers = ENGLISH_ASKS[ask]
    response = client.get("/codes/404" + query, headers={**CURL, **headers})

    assert response.headers["Content-Language"] == "en"
    card = text(response)
    assert "Class            4xx Client Error" in card
    assert "The origin server has no current representation" in card
    assert "请求" not in card


@pytest.mark.parametrize("ask", ENGLISH_ASKS)
def test_english_json(client, ask):
    query, headers = ENGLISH_ASKS[ask]
    response = client.get("/codes/404" + query, headers={**JSON, **headers})

    assert response.headers["Content-Language"] == "en"
    assert response.json["description_lang"] == "en"


@pytest.mark.parametrize("ask", ENGLISH_ASKS)
def test_english_page(client, ask):
    query, headers = ENGLISH_ASKS[ask]
    response = client.get("/codes/404" + query, headers={**BROWSER, **headers})

    assert response.headers["Content-Language"] == "en"
    assert "The origin server has no current representation" in text(response)


@pytest.mark.parametrize("url", ["/", "/codes/404"])
def test_browsers_get_the_page_they_always_had(client, url):
    browser = client.get(url, headers=BROWSER)
    html = client.get(url, headers={"Accept": "text/html"})

    assert browser.mimetype == "text/html"
    assert text(browser).startswith("<!doctype html>")
    assert browser.data == html.data


@pytest.mark.parametrize("url", ["/", "/codes/404", "/codes/404?lang=en"])
def test_the_read_cache_never_hands_one_form_to_another(client, url):
    order = ["browser", "curl", "json", "text", "browser", "curl", "json", "text"]
    seen = {}
    for form in order:
        headers, mimetype = FORMS[form]
        response = client.get(url, headers=headers)
        assert response.mimetype == mimetype, form
        seen.setdefault(form, response.data)
        assert response.data == seen[form], form
    no_accept = client.get(url, browser=False)
    assert no_accept.mimetype == "text/plain"
    assert no_accept.data == seen["curl"]
    assert client.application.wsgi_app.cache.size > 0
