"""Searching the catalogue: what comes first, what is marked, where Enter goes.

The page and the API share one rule (statusapp.services.catalogue.search_order),
so each ranking case is checked on both.
"""

import pytest
from page_support import ENGLISH, Element, parse

from statusapp.extensions import db
from statusapp.models import Translation


def flat_text(el: Element) -> str:
    """The text of ``el`` as a reader sees it, with no space added between tags."""
    return "".join(c if isinstance(c, str) else flat_text(c) for c in el.children)


def page_codes(client, q: str) -> list[int]:
    """The codes the page lists, as search-as-you-type fetches them (a page
    load of an exact code goes to the code instead)."""
    headers = {**ENGLISH, "Sec-Fetch-Mode": "cors"}
    response = client.get("/", query_string={"q": q}, headers=headers)
    assert response.status_code == 200
    return [
        int(flat_text(el)) for el in parse(response).find_all("span", class_="number")
    ]


def api_codes(client, q: str) -> list[int]:
    body = client.get("/api/v1/codes", query_string={"q": q, "per_page": 500}).json
    return [item["code"] for item in body["items"]]


def add_text(app, code: int, description: str) -> None:
    with app.app_context():
        text = db.session.get(Translation, (code, "en"))
        text.description = description
        db.session.commit()


@pytest.fixture(params=["page", "api"])
def results(request, client):
    """The codes a search lists, in order, on the page or from the API."""
    return page_codes if request.param == "page" else api_codes


@pytest.mark.parametrize("q", ["404", " 404 "])
def test_an_exact_code_comes_first_then_texts_that_mention_it(client, results, q):
    codes = results(client, q)

    assert codes[0] == 404
    assert len(codes) > 1, "texts that mention 404 are listed after it"
    assert codes.count(404) == 1


@pytest.mark.parametrize(("q", "number"), [("4xx", 4), ("4XX", 4), ("5xx", 5)])
def test_a_class_pattern_lists_that_class_in_code_order(client, results, q, number):
    codes = results(client, q)

    assert codes, "the class has codes"
    assert {code // 100 for code in codes} == {number}
    assert codes == sorted(codes)
    # Every code of the class, not only those whose text says "4xx".
    assert number * 100 in codes


@pytest.mark.parametrize(
    ("q", "first"),
    [
        ("40", [400, 401, 402, 403, 404, 405, 406, 407, 408, 409]),
        ("5", [500, 501, 502, 503, 504, 505]),
        ("41", [410, 411, 412, 413, 414, 415]),
    ],
)
def test_digits_list_the_codes_they_begin_before_anything_else(
    client, results, q, first
):
    codes = results(client, q)

    assert codes[: len(first)] == first
    starting = [code for code in codes if str(code).startswith(q)]
    assert codes[: len(starting)] == starting


def test_a_phrase_match_ranks_above_a_description_match(app, client, results):
    # 500's text now mentions teapots, but 418 is the teapot by name.
    add_text(app, 500, "Not a teapot problem: the server failed.")

    assert results(client, "teapot") == [418, 500]


def test_the_api_pages_through_the_ranked_list(client):
    whole = api_codes(client, "5")
    first = client.get("/api/v1/codes?q=5&per_page=3").json
    second = client.get("/api/v1/codes?q=5&per_page=3&page=2").json

    assert [i["code"] for i in first["items"] + second["items"]] == whole[:6]
    assert first["total"] == len(whole)


def test_the_api_lists_an_exact_code_rather_than_redirecting(client):
    response = client.get("/api/v1/codes?q=404")

    assert response.status_code == 200
    assert response.json["items"][0]["code"] == 404


# Highlighting


def marks(client, q: str) -> list[str]:
    response = client.get("/", query_string={"q": q}, headers=ENGLISH)
    return [flat_text(el) for el in parse(response).find_all("mark")]


def test_the_match_is_marked_in_number_phrase_and_text(client):
    assert "40" in marks(client, "40")
    assert set(marks(client, "teapot")) == {"teapot"}
    response = client.get("/?q=teapot", headers=ENGLISH)
    assert "<mark>teapot</mark>" in response.get_data(as_text=True)


def test_marking_keeps_the_text_s_letter_case(client):
    body = client.get("/?q=NOT+FOUND", headers=ENGLISH).get_data(as_text=True)

    assert "<mark>Not Found</mark>" in body


@pytest.mark.parametrize(
    "q", ["<script>alert(1)</script>", "<b>&amp;", '"><img src=x>', "(a.*)[", "\\d+"]
)
def test_queries_with_markup_or_pattern_characters_are_shown_as_text(app, client, q):
    add_text(app, 418, f"A text that quotes {q} as it is.")

    response = client.get("/", query_string={"q": q}, headers=ENGLISH)
    body = response.get_data(as_text=True)
    page = parse(response)

    assert page_codes(client, q) == [418]
    assert marks(client, q) == [q]
    assert "<" not in q or q not in body, "the query is never sent unescaped"
    assert "<script>alert" not in body and "<img src=x>" not in body
    assert page.find("input", name="q").attrs["value"] == q


def test_a_class_pattern_marks_nothing(client):
    assert marks(client, "4xx") == []


# Enter on a code


@pytest.mark.parametrize("q", ["404", " 404 ", "418"])
def test_searching_for_a_known_code_goes_to_its_page(client, q):
    response = client.get("/", query_string={"q": q, "lang": "en"})

    assert response.status_code == 303
    assert response.headers["Location"] == f"/codes/{q.strip()}?lang=en"
    assert client.get(response.headers["Location"]).status_code == 200


def test_the_redirect_keeps_no_language_it_was_not_given(client):
    response = client.get("/?q=404")

    assert (response.status_code, response.headers["Location"]) == (303, "/codes/404")


@pytest.mark.parametrize("q", ["999", "199", "40", "4xx", "404 not"])
def test_anything_but_a_known_code_just_searches(client, q):
    assert client.get("/", query_string={"q": q}).status_code == 200


def test_search_as_you_type_gets_the_list_for_a_code(client):
    # Browsers mark a fetch with Sec-Fetch-Mode; only a page load is redirected,
    # and caches must keep the two answers apart.
    response = client.get("/?q=404", headers={"Sec-Fetch-Mode": "cors"})

    assert response.status_code == 200
    assert "Sec-Fetch-Mode" in response.headers["Vary"]
    # The list kept for the fetch is not what a page load then gets.
    assert (
        client.get("/?q=404", headers={"Sec-Fetch-Mode": "navigate"}).status_code == 303
    )


def test_terminals_get_the_list_not_a_redirect(client):
    response = client.get("/?q=404", browser=False)

    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True).lstrip().startswith("404")
