"""Validators, Cache-Control, Vary, conditional GETs and gzip (RFC 9110, 9111)."""

import gzip

import pytest
from read_support import CATALOGUE_READS

LIST = "/api/v1/codes?per_page=500"
GZIP = {"Accept-Encoding": "gzip"}
READS = CATALOGUE_READS
PAGES = ["/", "/?class=4", "/codes/404", "/codes/404/history", "/translations"]


def vary_of(response) -> set[str]:
    return {v.strip() for v in response.headers.get("Vary", "").split(",") if v}


@pytest.mark.parametrize("url", READS)
def test_an_anonymous_read_has_an_etag_and_always_revalidates(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert response.headers["ETag"].startswith('"')  # strong
    assert response.headers["Cache-Control"] == "public, no-cache"


@pytest.mark.parametrize("url", READS)
@pytest.mark.parametrize("weak", [False, True])
def test_if_none_match_is_compared_weakly(client, url, weak):
    etag = client.get(url).headers["ETag"]

    response = client.get(url, headers={"If-None-Match": ("W/" if weak else "") + etag})

    assert response.status_code == 304
    assert response.data == b""
    assert response.headers["ETag"] == etag


@pytest.mark.parametrize("url", ["/api/v1/codes/404", "/codes/404"])
@pytest.mark.parametrize(
    "if_none_match",
    ['"a", W/{etag}', '{etag}, W/"b"', "*"],
)
def test_a_list_of_tags_or_a_star_matches(client, url, if_none_match):
    etag = client.get(url).headers["ETag"]

    response = client.get(
        url, headers={"If-None-Match": if_none_match.format(etag=etag)}
    )

    assert response.status_code == 304


@pytest.mark.parametrize("url", ["/api/v1/codes/404", "/codes/404"])
def test_another_tag_gets_the_page(client, url):
    response = client.get(url, headers={"If-None-Match": '"a", W/"b"'})

    assert response.status_code == 200


@pytest.mark.parametrize(
    "url", ["/api/v1/codes/404", "/api/v1/languages", "/codes/404", "/", LIST]
)
@pytest.mark.parametrize("encoding", [{}, GZIP])
def test_a_304_repeats_the_headers_of_the_200(client, url, encoding):
    headers = {"Accept-Language": "en", **encoding}
    full = client.get(url, headers=headers)

    again = client.get(url, headers={**headers, "If-None-Match": full.headers["ETag"]})

    assert again.status_code == 304
    for name in ("ETag", "Cache-Control", "Content-Language"):
        assert again.headers.get(name) == full.headers.get(name), name
    assert vary_of(again) == vary_of(full)
    assert "Content-Encoding" not in again.headers


@pytest.mark.parametrize(
    "url", ["/api/v1/codes/404", "/api/v1/languages", LIST, "/api/v1/codes/999"]
)
def test_the_api_does_not_vary_on_cookies(client, url):
    assert "Cookie" not in vary_of(client.get(url, headers=GZIP))


def test_api_resources_that_negotiate_language_vary_on_it(client):
    response = client.get("/api/v1/codes/404", headers={"Accept-Language": "en"})

    assert "Accept-Language" in vary_of(response)
    assert response.headers["Content-Language"] == "en"
    assert "Accept-Language" not in vary_of(client.get("/api/v1/languages"))


@pytest.mark.parametrize("url", PAGES)
def test_pages_vary_on_the_language_inputs(client, url):
    assert {"Accept-Language", "Cookie"} <= vary_of(client.get(url))


@pytest.mark.parametrize("url", PAGES)
def test_a_signed_in_reader_gets_private_pages(visitor, url):
    # Such pages show the reader's name and edit buttons: no shared cache may
    # keep them. (Their logout form's CSRF token is signed with the time, so
    # their body, and so their ETag, changes from one second to the next.)
    response = visitor("editor").get(url)

    assert response.status_code == 200
    assert response.headers["ETag"].startswith('"')
    assert response.headers["Cache-Control"] == "private, no-cache"


def test_a_signed_in_page_differs_from_the_anonymous_one(client, visitor):
    anonymous = client.get("/codes/404", headers={"Accept-Language": "en"})
    signed_in = visitor("editor").get("/codes/404")

    assert signed_in.headers["ETag"] != anonymous.headers["ETag"]


def test_an_api_read_with_a_token_is_private(client, bearer):
    response = client.get("/api/v1/codes/404", headers=bearer())

    assert response.headers["Cache-Control"] == "private, no-cache"


def test_a_page_changes_its_etag_when_the_code_changes(client, bearer):
    before = client.get("/codes/418").headers["ETag"]
    url = "/api/v1/codes/418"
    headers = {**bearer(), "If-Match": client.get(url).headers["ETag"]}
    changed = client.patch(url, json={"reason_phrase": "A Teapot"}, headers=headers)
    assert changed.status_code == 200

    after = client.get("/codes/418", headers={"If-None-Match": before})

    assert after.status_code == 200
    assert after.headers["ETag"] != before


@pytest.mark.parametrize("url", [LIST, "/", "/codes/404"])
def test_a_large_body_is_sent_gzipped_when_asked(client, url):
    identity = client.get(url)

    compressed = client.get(url, headers=GZIP)

    assert compressed.headers["Content-Encoding"] == "gzip"
    assert int(compressed.headers["Content-Length"]) == len(compressed.data)
    assert len(compressed.data) < len(identity.data)
    assert gzip.decompress(compressed.data) == identity.data
    assert "Accept-Encoding" in vary_of(compressed)
    assert "Accept-Encoding" in vary_of(identity)
    assert compressed.headers["ETag"] != identity.headers["ETag"]
    assert compressed.headers["ETag"] == identity.headers["ETag"][:-1] + '-gzip"'


@pytest.mark.parametrize("url", [LIST, "/codes/404"])
@pytest.mark.parametrize("weak", ["", "W/"])
def test_the_gzip_etag_revalidates_the_gzip_copy(client, url, weak):
    etag = client.get(url, headers=GZIP).headers["ETag"]

    again = client.get(url, headers={**GZIP, "If-None-Match": weak + etag})

    assert again.status_code == 304
    assert again.headers["ETag"] == etag


def test_the_gzip_etag_does_not_match_for_a_client_without_gzip(client):
    etag = client.get(LIST, headers=GZIP).headers["ETag"]

    response = client.get(LIST, headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers


@pytest.mark.parametrize(
    "accept_encoding",
    ["gzip;q=0", "identity", "br", "*;q=0, identity", "gzip;q=0, *"],
)
def test_gzip_refused_gives_identity(client, accept_encoding):
    identity = client.get(LIST)

    response = client.get(LIST, headers={"Accept-Encoding": accept_encoding})

    assert "Content-Encoding" not in response.headers
    assert response.data == identity.data
    assert response.headers["ETag"] == identity.headers["ETag"]


@pytest.mark.parametrize("accept_encoding", ["deflate, gzip;q=0.5", "*", "GZIP"])
def test_gzip_among_others_or_by_star_is_chosen(client, accept_encoding):
    response = client.get(LIST, headers={"Accept-Encoding": accept_encoding})

    assert response.headers["Content-Encoding"] == "gzip"


@pytest.mark.parametrize("url", ["/api/v1/languages", "/api/v1/classes"])
def test_a_small_body_is_not_compressed(client, url):
    response = client.get(url, headers=GZIP)

    assert len(response.data) < 1024
    assert "Content-Encoding" not in response.headers
    assert response.json


def test_a_head_request_gets_no_compressed_body(client):
    response = client.head(LIST, headers=GZIP)

    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert response.data == b""


def test_a_signed_in_page_is_not_compressed(visitor):
    # The page holds a CSRF token beside text the reader's query puts there;
    # compressing both would let an attacker guess the token (BREACH).
    response = visitor("editor").get("/?q=not", headers=GZIP)

    assert "Content-Encoding" not in response.headers


def test_if_match_takes_the_gzip_etag_but_not_a_weak_one(client, bearer):
    url = "/api/v1/codes/404"
    etag = client.get(url, headers=GZIP).headers["ETag"]
    assert etag.endswith('-gzip"')

    weak = client.patch(
        url,
        json={"reason_phrase": "Not Here"},
        headers={**bearer(), "If-Match": "W/" + etag},
    )
    strong = client.patch(
        url, json={"reason_phrase": "Not Here"}, headers={**bearer(), "If-Match": etag}
    )

    assert weak.status_code == 412
    assert strong.status_code == 200


def test_a_token_is_never_stored_nor_compressed(client, users, password):
    response = client.post(
        "/api/v1/tokens", auth=(users["editor"], password), headers=GZIP
    )

    assert response.headers["Cache-Control"] == "no-store"
    assert "Content-Encoding" not in response.headers
    assert "Cookie" not in vary_of(response)


@pytest.mark.parametrize("url", ["/codes/404", LIST])
def test_a_head_request_names_the_identity_copy(client, url):
    head = client.head(url, headers=GZIP)
    get = client.get(url)

    assert head.headers["ETag"] == get.headers["ETag"]
    assert head.headers["Content-Length"] == get.headers["Content-Length"]


def test_an_export_keeps_its_own_cache_control_and_gains_gzip(client):
    url = "/api/v1/languages/en/export?format=csv"
    identity = client.get(url)

    compressed = client.get(url, headers=GZIP)
    again = client.get(
        url, headers={**GZIP, "If-None-Match": compressed.headers["ETag"]}
    )

    assert gzip.decompress(compressed.data) == identity.data
    assert compressed.headers["ETag"] == identity.headers["ETag"][:-1] + '-gzip"'
    assert compressed.headers["Cache-Control"] == "public, no-cache"
    assert again.status_code == 304
