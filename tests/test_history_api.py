"""A code's history in the API: paged like the list of codes, newest first."""

import pytest
from history_support import long_history

from statusapp.errors import PROBLEM_JSON

URL = "/api/v1/codes/404/history"


def ids_of(response) -> list[int]:
    return [revision["id"] for revision in response.json["items"]]


def links_of(response) -> dict[str, str]:
    """Read an RFC 8288 Link header into {rel: target}."""
    links = {}
    for link in response.headers["Link"].split(", "):
        target, rel = link.split("; ")
        links[rel.removeprefix('rel="').removesuffix('"')] = target.strip("<>")
    return links


def test_the_first_page_holds_the_newest_hundred_with_the_envelope(app, client, users):
    ids = long_history(app, 120)

    body = client.get(URL).json

    assert list(body) == ["items", "total", "page", "per_page"]
    assert (body["total"], body["page"], body["per_page"]) == (120, 1, 100)
    assert [r["id"] for r in body["items"]] == ids[:100]
    assert body["items"][0]["changes"] == {
        "reference": {"before": "RFC 118", "after": "RFC 119"}
    }


@pytest.mark.parametrize("per_page", [1, 7, 29, 30, 500])
def test_the_pages_together_hold_every_revision_once_in_order(
    app, client, users, per_page
):
    ids = long_history(app, 30)

    seen = []
    page = 1
    while page_ids := ids_of(client.get(f"{URL}?per_page={per_page}&page={page}")):
        assert len(page_ids) <= per_page
        seen += page_ids
        page += 1

    assert seen == ids
    assert page - 1 == -(-30 // per_page)


def test_page_two_holds_the_next_older_revisions(app, client, users):
    ids = long_history(app, 12)

    first = ids_of(client.get(f"{URL}?per_page=5"))
    second = ids_of(client.get(f"{URL}?per_page=5&page=2"))

    assert first == ids[:5]
    assert second == ids[5:10]
    assert min(first) > max(second)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, {"first": 1, "last": 3, "next": 2}),
        (2, {"first": 1, "last": 3, "prev": 1, "next": 3}),
        (3, {"first": 1, "last": 3, "prev": 2}),
        # Past the end, as in the list of codes: prev leads back to the last.
        (9, {"first": 1, "last": 3, "prev": 3}),
    ],
)
def test_link_header_names_the_pages_around_this_one(
    app, client, users, number, expected
):
    long_history(app, 11)

    response = client.get(f"{URL}?per_page=5&page={number}")

    assert links_of(response) == {
        rel: f"{URL}?per_page=5&page={target}" for rel, target in expected.items()
    }


def test_link_header_carries_only_the_arguments_asked_for(app, client, users):
    long_history(app, 101)

    links = links_of(client.get(URL))

    assert links == {
        "first": f"{URL}?page=1",
        "last": f"{URL}?page=2",
        "next": f"{URL}?page=2",
    }


def test_a_page_past_the_end_is_empty_like_the_list_of_codes(app, client, users):
    long_history(app, 3)

    response = client.get(f"{URL}?page=2")

    assert response.status_code == 200
    assert response.json == {"items": [], "total": 3, "page": 2, "per_page": 100}
    codes = client.get("/api/v1/codes?page=2")
    assert (codes.status_code, codes.json["items"]) == (200, [])


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("per_page=0", "per_page"),
        ("per_page=501", "per_page"),
        ("per_page=ten", "per_page"),
        ("page=0", "page"),
        ("page=100001", "page"),
        ("page=-1", "page"),
    ],
)
def test_paging_arguments_out_of_bounds_are_422(client, query, field):
    response = client.get(f"{URL}?{query}")

    assert response.status_code == 422
    assert response.mimetype == PROBLEM_JSON
    assert set(response.json["errors"]) == {field}


def test_the_largest_page_size_is_allowed(app, client, users):
    ids = long_history(app, 3)

    response = client.get(f"{URL}?per_page=500")

    assert response.status_code == 200
    assert ids_of(response) == ids


@pytest.mark.parametrize(
    ("url", "status", "total"),
    [
        ("/api/v1/codes/404/history", 200, 0),  # seeded and never changed
        ("/api/v1/codes/404/history?page=5", 200, 0),
        ("/api/v1/codes/299/history", 404, None),  # never a code
        ("/api/v1/codes/299/history?page=5", 404, None),
    ],
)
def test_an_unknown_code_is_404_and_a_known_one_may_have_no_history(
    client, url, status, total
):
    response = client.get(url)

    assert response.status_code == status
    if total is None:
        assert response.mimetype == PROBLEM_JSON
    else:
        assert (response.json["items"], response.json["total"]) == ([], total)


def test_the_history_of_a_deleted_code_is_still_paged(client, bearer):
    url = "/api/v1/codes/418"
    etag = client.get(url).headers["ETag"]
    client.delete(url, headers={**bearer("admin"), "If-Match": etag})

    body = client.get(f"{url}/history?per_page=1").json

    assert body["total"] > 1
    assert [(r["entity"], r["action"]) for r in body["items"]] == [("code", "delete")]


def test_each_page_has_an_etag_that_changes_with_the_history(app, client, users):
    long_history(app, 6)
    first = client.get(f"{URL}?per_page=5")
    second = client.get(f"{URL}?per_page=5&page=2")
    assert first.headers["ETag"] != second.headers["ETag"]

    unchanged = client.get(
        f"{URL}?per_page=5", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert unchanged.status_code == 304

    long_history(app, 1)
    changed = client.get(
        f"{URL}?per_page=5", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert changed.status_code == 200
    assert changed.json["items"][1]["id"] == first.json["items"][0]["id"]
