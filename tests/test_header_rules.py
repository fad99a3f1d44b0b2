"""A code's header rules and vendors' usages as editable data: seeded, checked,
changed through the API and the edit form, recorded and reverted."""

import re

import pytest
from form_support import flashes, follow, stored
from html_support import parse

from statusapp.models import StatusCode

RETRY_AFTER = {
    "header": "Retry-After",
    "rule": "may",
    "reference": "RFC 9110, Section 15.6.4",
    "reference_url": "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4",
}
NGINX = {
    "vendor": "nginx",
    "phrase": "Client Closed Request",
    "meaning": "The client closed the connection first.",
    "source_url": "https://nginx.org/en/docs/",
}


def etag_of(client, url):
    return client.get(url).headers["ETag"]


def patch(client, bearer, code: int, body: dict):
    url = f"/api/v1/codes/{code}"
    return client.patch(
        url, json=body, headers={**bearer(), "If-Match": etag_of(client, url)}
    )


def rules_of(client, code: int) -> list[tuple[str, str, str]]:
    rules = client.get(f"/api/v1/codes/{code}").json["header_rules"]
    return [(r["header"], r["rule"], r["reference"]) for r in rules]


# The seed ----------


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (101, [("Upgrade", "must", "RFC 9110, Section 15.2.2")]),
        (201, [("Location", "should", "RFC 9110, Section 9.3.3")]),
        (206, [("Content-Range", "must", "RFC 9110, Section 15.3.7.1")]),
        (301, [("Location", "should", "RFC 9110, Section 15.4.2")]),
        (401, [("WWW-Authenticate", "must", "RFC 9110, Section 15.5.2")]),
        (405, [("Allow", "must", "RFC 9110, Section 15.5.6")]),
        (407, [("Proxy-Authenticate", "must", "RFC 9110, Section 15.5.8")]),
        (416, [("Content-Range", "should", "RFC 9110, Section 15.5.17")]),
        (426, [("Upgrade", "must", "RFC 9110, Section 15.5.22")]),
        (429, [("Retry-After", "may", "RFC 6585, Section 4")]),
        (503, [("Retry-After", "may", "RFC 9110, Section 15.6.4")]),
        (404, []),
        (499, []),
    ],
)
def test_the_seed_carries_the_specifications_header_rules(client, code, expected):
    assert rules_of(client, code) == expected


def test_a_304_lists_the_fields_a_200_would_carry(client):
    headers = [header for header, _rule, _ref in rules_of(client, 304)]

    assert headers[:2] == ["ETag", "Cache-Control"]
    assert {"Date", "Vary", "Expires", "Content-Location"} <= set(headers)


def test_each_seeded_rule_links_the_section_it_names(client):
    items = client.get("/api/v1/codes?per_page=500").json["items"]
    rules = [rule for item in items for rule in item["header_rules"]]

    assert len(rules) >= 20
    for rule in rules:
        rfc, section = re.fullmatch(
            r"RFC (\d+), Section ([\d.]+)", rule["reference"]
        ).groups()
        assert rule["reference_url"] == (
            f"https://www.rfc-editor.org/rfc/rfc{rfc}#section-{section}"
        )


# The API ----------


def test_an_editor_changes_the_lists_and_the_history_records_it(client, bearer):
    response = patch(
        client, bearer, 429, {"header_rules": [RETRY_AFTER], "usages": [NGINX]}
    )

    assert response.status_code == 200
    assert response.json["header_rules"] == [RETRY_AFTER]
    assert response.json["usages"] == [NGINX]
    latest = client.get("/api/v1/codes/429/history").json["items"][0]
    assert latest["changes"]["header_rules"]["after"] == [RETRY_AFTER]
    assert latest["changes"]["header_rules"]["before"][0]["reference"] == (
        "RFC 6585, Section 4"
    )
    assert latest["changes"]["usages"] == {"before": [], "after": [NGINX]}


def test_a_change_to_the_lists_is_reverted(client, bearer):
    before = client.get("/api/v1/codes/499").json["usages"]
    patch(client, bearer, 499, {"usages": [NGINX], "header_rules": [RETRY_AFTER]})
    revision = client.get("/api/v1/codes/499/history").json["items"][0]

    reverted = client.post(
        f"/api/v1/revisions/{revision['id']}/revert", headers=bearer()
    )

    assert reverted.status_code == 201
    code = client.get("/api/v1/codes/499").json
    assert code["usages"] == before
    assert code["header_rules"] == []


def test_the_service_cleans_what_it_stores(client, bearer):
    padded = {**RETRY_AFTER, "header": "  Retry-After ", "reference": " RFC 9110 "}

    response = patch(client, bearer, 503, {"header_rules": [padded]})

    assert response.status_code == 200
    assert rules_of(client, 503) == [("Retry-After", "may", "RFC 9110")]


GOOD = {"header_rules": RETRY_AFTER, "usages": NGINX}


@pytest.mark.parametrize(
    ("field", "bad", "detail"),
    [
        ("header_rules", {**RETRY_AFTER, "rule": "always"}, "must, should, may"),
        ("header_rules", {**RETRY_AFTER, "rule": "MUST"}, "must, should, may"),
        ("header_rules", {**RETRY_AFTER, "reference_url": "ftp://x"}, "URL"),
        ("header_rules", {**RETRY_AFTER, "reference": "RFC\r\n9110"}, "one line"),
        ("header_rules", {**RETRY_AFTER, "header": "Retry After"}, "header"),
        ("header_rules", {**RETRY_AFTER, "header": "X" * 65}, "64"),
        ("header_rules", {**RETRY_AFTER, "colour": "blue"}, "colour"),
        ("header_rules", {"header": "Allow", "rule": "must"}, "reference"),
        ("usages", {**NGINX, "source_url": "javascript:alert(1)"}, "URL"),
        ("usages", {**NGINX, "meaning": "x" * 1001}, "1000"),
        ("usages", {**NGINX, "vendor": "a\nb"}, "one line"),
        ("usages", {**NGINX, "phrase": ""}, "phrase"),
        ("usages", "nginx", ""),
    ],
)
def test_a_bad_item_is_422_naming_the_field_and_item(
    client, bearer, field, bad, detail
):
    before = client.get("/api/v1/codes/404").json

    response = patch(client, bearer, 404, {field: [GOOD[field], bad]})

    assert response.status_code == 422
    errors = response.json["errors"]
    assert list(errors) == [field]
    # The second item is at fault: index 1 as the schema counts.
    assert list(errors[field]) == ["1"]
    assert detail in str(errors[field]["1"])
    assert client.get("/api/v1/codes/404").json == before


def test_a_list_that_is_no_list_is_422(client, bearer):
    response = patch(client, bearer, 404, {"usages": "nginx"})

    assert response.status_code == 422
    assert list(response.json["errors"]) == ["usages"]


def test_a_header_listed_twice_is_refused_naming_the_second(client, bearer):
    twice = [RETRY_AFTER, {**RETRY_AFTER, "header": "retry-after", "rule": "must"}]

    response = patch(client, bearer, 503, {"header_rules": twice})

    assert response.status_code == 422
    assert response.json["errors"] == {
        "header_rules": ["Item 2, header: retry-after is listed already."]
    }


@pytest.mark.parametrize("field", ["header_rules", "usages"])
def test_a_list_holds_at_most_20_items(client, bearer, field):
    if field == "header_rules":
        items = [{**RETRY_AFTER, "header": f"X-Field-{n}"} for n in range(21)]
    else:
        items = [{**NGINX, "vendor": f"Vendor {n}"} for n in range(21)]

    response = patch(client, bearer, 503, {field: items[:20]})
    assert response.status_code == 200
    response = patch(client, bearer, 503, {field: items})
    assert response.status_code == 422
    assert field in response.json["errors"]


def test_the_lists_are_in_the_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").json
    schemas = spec["components"]["schemas"]

    assert set(schemas["HeaderRule"]["properties"]) == set(RETRY_AFTER)
    assert schemas["HeaderRule"]["properties"]["rule"]["enum"] == [
        "must",
        "should",
        "may",
    ]
    assert set(schemas["Usage"]["properties"]) == set(NGINX)
    fields = schemas["CodeFields"]["properties"]
    assert fields["header_rules"]["maxItems"] == 20
    parameters = {
        p.get("name") for p in spec["paths"]["/api/v1/codes"]["get"]["parameters"]
    }
    assert {"registry_status", "vendor", "q", "class"} <= parameters


# The edit form ----------


def test_the_form_shows_one_item_a_line_and_saves_unchanged_as_nothing(app, visitor):
    eddie = visitor("editor")
    form = eddie.form_values("/codes/429/edit")

    assert form["header_rules"] == (
        "Retry-After | may | RFC 6585, Section 4 | "
        "https://www.rfc-editor.org/rfc/rfc6585#section-4"
    )
    response = eddie.post("/codes/429/edit", form)
    assert "Nothing changed in 429" in flashes(parse(follow(eddie, response)))[0]

    usages = eddie.form_values("/codes/499/edit")["usages"].splitlines()
    assert usages[0].startswith("nginx | Client Closed Request | ")
    assert usages[1].startswith("Esri | Token Required | ")


def test_the_form_saves_the_lines_it_is_given(app, visitor):
    eddie = visitor("editor")
    form = eddie.form_values("/codes/503/edit")
    form.update(
        header_rules=(
            "Retry-After | may | RFC 9110, Section 15.6.4 | "
            "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4\r\n"
            "\r\n"
            "Cache-Control|should|Ops guide | part 2|https://example.com/ops\r\n"
        ),
        usages="nginx | Upstream Down | No upstream answered. | https://nginx.org/",
    )

    response = eddie.post("/codes/503/edit", form)

    assert response.status_code == 302, response.get_data(as_text=True)
    rules = stored(app, StatusCode, 503, "header_rules")
    assert [(r["header"], r["rule"], r["reference"]) for r in rules] == [
        ("Retry-After", "may", "RFC 9110, Section 15.6.4"),
        # A reference may hold "|": only the first two parts and the last
        # are split off.
        ("Cache-Control", "should", "Ops guide | part 2"),
    ]
    assert stored(app, StatusCode, 503, "usages") == [
        {
            "vendor": "nginx",
            "phrase": "Upstream Down",
            "meaning": "No upstream answered.",
            "source_url": "https://nginx.org/",
        }
    ]


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        (
            "header_rules",
            "Retry-After | may | RFC 9110 | https://example.com/\n"
            "Allow | must | RFC 9110",
            "Line 2: write header | rule | reference | reference_url, separated by |.",
        ),
        (
            "header_rules",
            "Retry-After | may | RFC 9110 | https://example.com/\n\n"
            "Allow | always | RFC 9110 | https://example.com/",
            "Line 3, rule: Must be one of must, should, may.",
        ),
        (
            "header_rules",
            "Retry-After | may | RFC 9110 | https://example.com/\n"
            "retry-after | must | RFC 9110 | https://example.com/",
            "Line 2, header: retry-after is listed already.",
        ),
        (
            "usages",
            "nginx | Client Closed Request | Closed. | nginx.org",
            "Line 1, source_url: Must be an http or https URL.",
        ),
    ],
)
def test_the_form_names_the_line_at_fault_and_keeps_what_was_typed(
    app, visitor, field, text, message
):
    eddie = visitor("editor")
    form = eddie.form_values("/codes/503/edit")
    before = stored(app, StatusCode, 503, field)
    form[field] = text

    response = eddie.post("/codes/503/edit", form)

    assert response.status_code == 422
    page = parse(response)
    errors = page.find("ul", id=f"{field}-errors").find_all("li")
    assert [li.text for li in errors] == [message]
    assert form_field(page, field) == text
    assert stored(app, StatusCode, 503, field) == before


def form_field(page, name: str) -> str:
    from html_support import field_value

    return field_value(page, name).replace("\r\n", "\n")


def test_the_history_page_shows_a_changed_list_one_item_a_line(client, bearer, visitor):
    patch(client, bearer, 429, {"usages": [NGINX]})

    page = parse(visitor("editor").get("/codes/429/history"))

    change = page.find("li", class_="revision").text
    assert "Vendors' uses" in change
    assert (
        "nginx | Client Closed Request | The client closed the connection first. | "
        "https://nginx.org/en/docs/"
    ) in change
