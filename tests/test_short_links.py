"""Short links (/404) and what a number that is not in the catalogue gets."""

import pytest
from page_support import ENGLISH, parse

CURL = {"Accept": "*/*"}
JSON = {"Accept": "application/json"}


@pytest.mark.parametrize(
    ("url", "location"),
    [
        ("/404", "/codes/404"),
        ("/100", "/codes/100"),
        ("/511?lang=en", "/codes/511?lang=en"),
        ("/418?lang=en&lang=zh-CN", "/codes/418?lang=en&lang=zh-CN"),
    ],
)
def test_a_short_link_sends_on_to_the_codes_page_with_its_query(client, url, location):
    response = client.get(url, headers=CURL)

    assert response.status_code == 308
    assert response.headers["Location"] == location


def test_curl_following_a_short_link_gets_the_codes_card(client):
    response = client.get("/404?lang=en", headers=CURL, follow_redirects=True)

    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True).startswith("404 Not Found\n")


def test_curl_without_following_gets_the_card_in_the_redirect(client):
    response = client.get("/404?lang=en", headers=CURL)
    page = client.get("/codes/404?lang=en", headers=CURL)

    assert response.status_code == 308
    assert response.headers["Location"] == "/codes/404?lang=en"
    assert response.mimetype == "text/plain"
    assert response.get_data() == page.get_data()
    assert "Accept" in response.headers["Vary"]


def test_a_browser_gets_a_bare_redirect(client):
    response = client.get("/404")

    assert response.status_code == 308
    assert response.mimetype == "text/html"
    assert "404 Not Found" not in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/0404", "/4040", "/40", "/codes/0404"])
def test_only_three_digits_make_a_code(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("url", "number", "nearest"),
    [
        ("/999", 999, ["/codes/599"]),
        ("/codes/999", 999, ["/codes/599"]),
        ("/codes/600", 600, ["/codes/599"]),
        ("/299", 299, ["/codes/226", "/codes/300"]),
        ("/codes/427", 427, ["/codes/426", "/codes/428"]),
    ],
)
def test_an_unknown_codes_page_says_so_and_links_the_nearest_codes(
    client, url, number, nearest
):
    response = client.get(url, headers=ENGLISH)

    assert response.status_code == 404
    assert response.mimetype == "text/html"
    page = parse(response)
    detail = page.find("p", class_="detail").text
    assert detail == f"{number} is not a status code in this catalogue"
    links = page.find("nav", class_="nearest").find_all("a")
    assert [a.attrs["href"] for a in links] == nearest


def test_the_nearest_codes_keep_the_asked_content_language(client):
    page = parse(client.get("/codes/427?lang=en"))

    links = page.find("nav", class_="nearest").find_all("a")
    assert [a.attrs["href"] for a in links] == [
        "/codes/426?lang=en",
        "/codes/428?lang=en",
    ]


def test_an_unknown_code_is_named_in_chinese_by_default(client):
    # Passes once the zh_Hans_CN catalogue holds the suggested translation.
    page = parse(client.get("/codes/999"))

    assert page.find("p", class_="detail").text == "999 不是本目录中的状态码"


def test_an_unknown_code_in_plain_text_names_the_nearest_codes_addresses(client):
    response = client.get("/codes/299", headers={**CURL, **ENGLISH})

    assert response.status_code == 404
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == (
        "299 is not a status code in this catalogue\n"
        "\n"
        "Nearest codes in this catalogue:\n"
        "  226  http://statusapp.test/226\n"
        "  300  http://statusapp.test/300\n"
    )
    assert "Accept" in response.vary


@pytest.mark.parametrize("url", ["/codes/999", "/999", "/api/v1/codes/999"])
def test_json_clients_get_a_problem_that_names_the_unknown_code(client, url):
    response = client.get(url, headers={**JSON, **ENGLISH})

    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.json["detail"] == "999 is not a status code in this catalogue"
    assert response.json["status"] == 404


def test_the_api_documents_a_code_in_the_path_as_three_digits(client):
    spec = client.get("/api/v1/openapi.json").json
    (parameter,) = [
        p
        for p in spec["paths"]["/api/v1/codes/{code}"]["parameters"]
        if p["name"] == "code"
    ]

    assert parameter["schema"] == {"type": "integer", "minimum": 100, "maximum": 999}


@pytest.mark.parametrize("url", ["/codes/999/history", "/api/v1/codes/999/history"])
def test_other_pages_of_a_number_past_599_say_it_is_no_code(client, url):
    response = client.get(url, headers=ENGLISH)

    assert response.status_code == 404
    assert "999 is not a status code in this catalogue" in response.get_data(
        as_text=True
    )
