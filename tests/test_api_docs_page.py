"""The API reference page speaks the interface language; the API itself, English."""

import pytest
from page_support import parse

DOCS = "/api/v1/docs"
CHINESE = {"Accept-Language": "zh-CN"}
ENGLISH = {"Accept-Language": "en"}
GZIP = {"Accept-Encoding": "gzip"}

# The page's own text in each interface language.
PAGE = {
    "zh-CN": {"title": "API 参考 · statusapp", "h1": "API 参考", "intro": "无需账号"},
    "en": {
        "title": "API reference · statusapp",
        "h1": "API reference",
        "intro": "need no account",
    },
}


def vary_of(response) -> set[str]:
    return {v.strip() for v in response.headers.get("Vary", "").split(",") if v}


@pytest.mark.parametrize(
    ("headers", "lang"),
    [
        (CHINESE, "zh-CN"),
        (ENGLISH, "en"),
        ({"Accept-Language": "zh-TW,zh;q=0.9"}, "zh-CN"),
        ({}, "zh-CN"),
    ],
)
def test_the_docs_page_speaks_the_interface_language(client, headers, lang):
    response = client.get(DOCS, headers=headers)

    assert response.status_code == 200
    page = parse(response)
    expected = PAGE[lang]
    assert page.find("title").text == expected["title"]
    intro = page.find("div", class_="api-intro")
    assert intro.attrs["lang"] == lang
    assert intro.find("h1").text == expected["h1"]
    assert expected["intro"] in intro.text
    for block in ("header", "footer"):
        assert page.find(block, class_="site").attrs["lang"] == lang
    # Swagger UI's own labels are English whatever the interface language.
    assert page.find("div", id="swagger-ui").attrs["lang"] == "en"


def test_the_docs_page_follows_the_saved_choice_not_lang(client):
    chosen = client.post("/language", data={"lang": "en", "next": DOCS})
    assert chosen.headers["Location"] == DOCS

    page = parse(client.get(DOCS, headers=CHINESE))
    assert page.find("h1").text == "API reference"

    # ?lang= picks the content language; this page's words are all interface.
    page = parse(client.get(DOCS + "?lang=zh-CN", headers=ENGLISH))
    assert page.find("h1").text == "API reference"


def test_the_docs_page_varies_on_the_language_inputs(client):
    response = client.get(DOCS, headers=CHINESE)

    assert {"Accept-Language", "Cookie"} <= vary_of(response)


def test_the_docs_page_links_the_openapi_document_and_the_catalogue(client):
    page = parse(client.get(DOCS, headers=ENGLISH))

    intro = page.find("div", class_="api-intro")
    document = intro.find("a").attrs["href"]
    assert document == "/api/v1/openapi.json"
    assert client.get(document).get_json()["openapi"].startswith("3.1")
    assert "/api/v1/tokens" in intro.text
    header = page.find("header", class_="site")
    assert header.find("a", class_="brand").attrs["href"] == "/"
    api = [a for a in header.find_all("a") if a.attrs.get("href") == DOCS]
    assert [a.attrs.get("aria-current") for a in api] == ["page"]


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/api/v1/codes/999", "Not Found"),
        ("/api/v1/codes?per_page=100000", "Unprocessable Content"),
        ("/api/v1/docs/assets/no-such-file.js", "Not Found"),
        ("/api/v1/docs/no-such-page", "Not Found"),
    ],
)
def test_the_api_beside_the_docs_page_stays_english(client, path, title):
    response = client.get(path, headers=CHINESE)

    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["title"] == title
    assert problem["detail"].isascii(), problem["detail"]
    # The API reads no language cookie.
    assert "Cookie" not in vary_of(response)


def test_one_reader_gets_the_docs_in_chinese_and_api_problems_in_english(client):
    page = parse(client.get(DOCS, headers=CHINESE))
    problem = client.get("/api/v1/codes/999", headers=CHINESE).get_json()

    assert page.find("h1").text == "API 参考"
    assert problem["title"] == "Not Found"
    assert problem["detail"].isascii(), problem["detail"]


def test_the_docs_page_is_not_compressed_for_a_signed_in_reader(visitor):
    # It shows the reader's name and a logout form with a CSRF token beside
    # the URL the request asked for; compressing both would leak the token
    # (BREACH), as on every other page.
    response = visitor("editor").get(DOCS + "?q=not", headers=GZIP)

    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers


def test_the_docs_page_is_compressed_for_an_anonymous_reader(client):
    response = client.get(DOCS, headers={**GZIP, **ENGLISH})

    assert response.headers["Content-Encoding"] == "gzip"
