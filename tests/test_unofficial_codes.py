"""The vendors' codes outside the registry: seeded with their usages and both
texts, listed by ?registry_status= and ?vendor=, found by their phrases."""

import pytest
from html_support import parse

CLOUDFLARE = [520, 521, 522, 523, 524, 525, 526, 530]
NGINX = [444, 494, 495, 496, 497, 499]
AWS = [460, 463, 464, 561]
UNOFFICIAL = sorted(CLOUDFLARE + NGINX + AWS + [419, 420, 440, 449, 509, 598, 599])


def listed(client, **params) -> list[int]:
    body = client.get("/api/v1/codes", query_string={"per_page": 500, **params}).json
    assert body["total"] == len(body["items"])
    return [item["code"] for item in body["items"]]


def page_codes(client, query: str) -> list[int]:
    page = parse(client.get(f"/{query}"))
    return [int(el.text) for el in page.find_all("span", class_="number")]


def test_every_vendors_code_is_seeded_unregistered_with_usages_and_both_texts(
    client,
):
    items = {
        item["code"]: item
        for item in client.get("/api/v1/codes?per_page=500").json["items"]
    }

    for code in UNOFFICIAL:
        item = items[code]
        assert item["registry_status"] == "unregistered", code
        assert item["usages"], code
        for usage in item["usages"]:
            assert set(usage) == {"vendor", "phrase", "meaning", "source_url"}
            assert usage["source_url"].startswith(("https://", "http://")), code
        texts = item["translations"]
        assert texts["zh-CN"]["status"] == texts["en"]["status"] == "reviewed", code
        assert len(texts["zh-CN"]["description"]) > 20, code
        assert len(texts["en"]["description"]) > 40, code
        assert texts["en"]["title"] == item["reason_phrase"], code


@pytest.mark.parametrize(
    ("code", "vendors", "phrases"),
    [
        (499, ["nginx", "Esri"], ["Client Closed Request", "Token Required"]),
        (420, ["Twitter", "Spring Framework"], ["Enhance Your Calm", "Method Failure"]),
        (530, ["Cloudflare"], ["Origin DNS Error"]),
        (561, ["AWS Elastic Load Balancing"], ["Unauthorized"]),
    ],
)
def test_a_number_vendors_share_has_one_usage_each(client, code, vendors, phrases):
    usages = client.get(f"/api/v1/codes/{code}").json["usages"]

    assert [u["vendor"] for u in usages] == vendors
    assert [u["phrase"] for u in usages] == phrases


def test_the_english_text_is_pinned_to_the_chinese_one(client):
    zh = client.get("/api/v1/codes/499/translations/zh-CN").json
    en = client.get("/api/v1/codes/499/translations/en").json

    assert en["source_version"] == zh["version"] == 1
    assert "499" in zh["description"] and "nginx" in zh["description"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"registry_status": "unregistered"}, UNOFFICIAL),
        ({"vendor": "cloudflare"}, CLOUDFLARE),
        ({"vendor": "Cloudflare"}, CLOUDFLARE),
        ({"vendor": " NGINX "}, NGINX),
        ({"vendor": "esri"}, [499]),
        ({"vendor": "AWS Elastic Load Balancing"}, AWS),
        ({"vendor": "cloud"}, []),
        ({"vendor": "cloudflare", "class": 4}, []),
        ({"vendor": "nginx", "q": "SSL"}, [495, 496, 497]),
        ({"registry_status": "deprecated"}, [305]),
        (
            {"registry_status": "unregistered", "class": 4},
            [c for c in UNOFFICIAL if c < 500],
        ),
    ],
)
def test_the_api_list_filters_by_registry_status_and_vendor(client, params, expected):
    assert listed(client, **params) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?registry_status=unregistered", UNOFFICIAL),
        ("?vendor=cloudflare", CLOUDFLARE),
        ("?vendor=CloudFlare&class=5", CLOUDFLARE),
        ("?vendor=nobody", []),
        # An unknown status is no filter, as an unknown class is not.
        ("?registry_status=popular&vendor=esri", [499]),
    ],
)
def test_the_list_page_filters_by_registry_status_and_vendor(client, query, expected):
    assert page_codes(client, query) == expected


def test_the_list_page_offers_the_filters_it_applies(client):
    page = parse(client.get("/?registry_status=unregistered&vendor=cloudflare"))

    status = page.find("select", id="registry_status")
    assert "selected" in status.find("option", value="unregistered").attrs
    vendors = [
        o.attrs["value"] for o in page.find("select", id="vendor").find_all("option")
    ]
    assert vendors[0] == ""
    assert {"Cloudflare", "nginx", "Esri", "Twitter"} <= set(vendors)
    assert vendors[1:] == sorted(vendors[1:], key=str.casefold)
    chosen = page.find("select", id="vendor").find("option", value="Cloudflare")
    assert "selected" in chosen.attrs


@pytest.mark.parametrize(
    ("q", "first"),
    [
        ("client closed request", 499),
        ("Token Required", 499),
        ("Enhance Your Calm", 420),
        ("Method Failure", 420),
        ("Esri", 499),
    ],
)
def test_search_finds_a_code_by_its_vendors_phrase_or_vendor(client, q, first):
    assert listed(client, q=q)[0] == first
    assert page_codes(client, f"?q={q}")[0] == first


def test_search_for_client_closed_finds_499_with_the_phrases(client):
    # 460's phrase, "Client Closed Connection", matches as well: code order.
    assert listed(client, q="Client Closed")[:2] == [460, 499]


def test_a_vendor_match_ranks_with_the_phrases_before_descriptions(client):
    # The codes whose usages name nginx come first, in code order; any code
    # whose description alone mentions nginx comes after them.
    codes = listed(client, q="nginx")

    assert codes[: len(NGINX)] == NGINX


def test_search_does_not_match_the_keys_of_a_usage(client):
    assert listed(client, q="source_url") == []
    assert listed(client, q='"vendor":') == []


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/codes?registry_status=popular", 422),
        ("/api/v1/codes?vendor=" + "x" * 101, 422),
        ("/api/v1/codes?vendor=a%00b", 422),
    ],
)
def test_bad_filters_are_refused(client, url, status):
    assert client.get(url).status_code == status


def test_a_plain_text_list_filters_too(client):
    response = client.get("/?vendor=esri", headers={"Accept": "text/plain"})

    assert response.mimetype == "text/plain"
    assert "499" in response.get_data(as_text=True)
    assert "520" not in response.get_data(as_text=True)
