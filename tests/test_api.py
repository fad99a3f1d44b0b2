"""The read API under /api/v1: shapes, filters, negotiation and HTTP semantics."""

import re

import pytest
import sqlalchemy as sa
from openapi_spec_validator import validate

from statusapp.extensions import db
from statusapp.models import StatusCode, Translation


def test_list_returns_every_code_in_order_with_the_envelope(client):
    body = client.get("/api/v1/codes").json
    assert body["total"] == 88
    assert (body["page"], body["per_page"]) == (1, 100)
    codes = [item["code"] for item in body["items"]]
    assert codes == sorted(codes)
    assert {100, 103, 418, 425, 499, 511, 599} <= set(codes)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "teapot"}, {418}),
        ({"q": "茶壶"}, {418}),
        ({"q": "Payload Too Large"}, {413}),
        ({"q": "Request Entity"}, {413}),
        ({"q": "Already Reported"}, {208}),
        ({"q": "451"}, {451}),
        ({"q": "50%"}, set()),
        ({"class": 1}, {100, 101, 102, 103}),
        ({"class": 5, "q": "网关"}, {502, 504}),
    ],
)
def test_list_filters(client, params, expected):
    body = client.get("/api/v1/codes", query_string=params).json
    assert {item["code"] for item in body["items"]} == expected
    assert body["total"] == len(expected)


def test_pagination_slices_and_counts(client):
    response = client.get("/api/v1/codes?per_page=10&page=7")
    body = response.json
    assert [i["code"] for i in body["items"]] == [494, 495, 496, 497, 499] + [
        500,
        501,
        502,
        503,
        504,
    ]
    assert (body["total"], body["page"], body["per_page"]) == (88, 7, 10)
    last = client.get("/api/v1/codes?per_page=10&page=9").json["items"]
    assert [i["code"] for i in last] == [523, 524, 525, 526, 530, 561, 598, 599]
    assert client.get("/api/v1/codes?per_page=10&page=10").json["items"] == []


def test_pagination_links_follow_rfc_8288(client):
    links = client.get("/api/v1/codes?per_page=10&page=2&q=4").headers["Link"]
    assert '</api/v1/codes?per_page=10&page=3&q=4>; rel="next"' in links
    assert '</api/v1/codes?per_page=10&page=1&q=4>; rel="prev"' in links
    assert 'rel="last"' in links and 'rel="first"' in links
    last_page = client.get("/api/v1/codes?per_page=500").headers["Link"]
    assert 'rel="next"' not in last_page


def test_detail_has_the_documented_fields(client):
    body = client.get("/api/v1/codes/413").json
    assert body["code"] == 413
    assert body["reason_phrase"] == "Content Too Large"
    assert body["class"] == 4 and body["class_name"] == "Client Error"
    assert body["reference"] == "RFC 9110, Section 15.5.14"
    assert body["reference_url"].endswith("#section-15.5.14")
    assert body["registry_status"] == "permanent"
    assert body["aliases"] == ["Payload Too Large", "Request Entity Too Large"]
    assert set(body["translations"]) == {"en", "zh-CN"}
    assert body["translations"]["zh-CN"]["description"].startswith("服务器拒绝处理")
    assert {"version", "updated_at", "notes"} <= set(body)
    assert "description" not in body


@pytest.mark.parametrize(
    ("code", "lang", "description_lang", "class_name"),
    [
        (404, "zh-CN", "zh-CN", "客户端响应"),
        (404, "zh", "zh-CN", "客户端响应"),
        (404, "en", "en", "Client Error"),
        (404, "en-GB", "en", "Client Error"),
        (404, "fr", "en", "Client Error"),
        (103, "zh-CN", "en", "信息响应"),  # the page has no text for 103
    ],
)
def test_lang_adds_a_description_with_fallback(
    client, code, lang, description_lang, class_name
):
    body = client.get(f"/api/v1/codes/{code}?lang={lang}").json
    assert body["description"] == body["translations"][description_lang]["description"]
    assert body["description_lang"] == description_lang
    assert body["class_name"] == class_name


def test_etag_answers_304_and_changes_with_a_translation(app, client):
    first = client.get("/api/v1/codes/200")
    etag = first.headers["ETag"]
    again = client.get("/api/v1/codes/200", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag

    with app.app_context():
        db.session.get(Translation, (200, "en")).description = "Changed."
        db.session.commit()
    changed = client.get("/api/v1/codes/200", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert changed.json["translations"]["en"]["description"] == "Changed."


def test_etag_differs_between_languages(client):
    zh = client.get("/api/v1/codes/200?lang=zh-CN").headers["ETag"]
    en = client.get("/api/v1/codes/200?lang=en").headers["ETag"]
    assert zh != en


def test_list_etag_answers_304(client):
    etag = client.get("/api/v1/codes?class=2").headers["ETag"]
    response = client.get("/api/v1/codes?class=2", headers={"If-None-Match": etag})
    assert response.status_code == 304


def test_translations_collection_and_item(client):
    items = client.get("/api/v1/codes/418/translations").json
    assert [t["lang"] for t in items] == ["en", "zh-CN"]
    zh = client.get("/api/v1/codes/418/translations/zh-CN")
    assert zh.json["description"] == "服务器拒绝尝试用 茶壶冲泡咖啡"
    assert zh.headers["ETag"]


def test_classes_lists_five_with_both_names(client):
    classes = client.get("/api/v1/classes").json
    assert [c["class"] for c in classes] == [1, 2, 3, 4, 5]
    assert classes[2]["names"] == {"en": "Redirection", "zh-CN": "重定向"}
    assert sum(c["count"] for c in classes) == 88


@pytest.mark.parametrize(
    ("url", "status", "detail_part"),
    [
        ("/api/v1/codes/590", 404, "590"),
        ("/api/v1/codes/999", 404, None),
        ("/api/v1/codes/103/translations/zh-CN", 404, "no translation"),
        ("/api/v1/codes/404/translations/not_a_tag", 422, "BCP 47"),
        ("/api/v1/nowhere", 404, None),
        ("/api/v1/codes?class=9", 422, "class"),
        ("/api/v1/codes?per_page=0", 422, "per_page"),
        ("/api/v1/codes?per_page=501", 422, "per_page"),
        ("/api/v1/codes?page=0", 422, "page"),
        ("/api/v1/codes?class=abc", 422, "class"),
        ("/api/v1/codes/200?lang=%3Cscript%3E", 422, "lang"),
    ],
)
def test_errors_are_problem_details(client, url, status, detail_part):
    response = client.get(url)
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    problem = response.json
    assert problem["status"] == status
    assert problem["type"].endswith(f"/codes/{status}")
    assert problem["title"]
    if detail_part:
        assert detail_part in problem["detail"]


def test_validation_problem_lists_each_field(client):
    problem = client.get("/api/v1/codes?class=9&per_page=0").json
    assert set(problem["errors"]) == {"class", "per_page"}


def test_method_not_allowed_names_the_allowed_methods(client):
    response = client.put("/api/v1/codes/404")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "PATCH", "DELETE"}
    assert response.mimetype == "application/problem+json"


@pytest.mark.parametrize(
    ("accept", "status"),
    [
        ("text/html", 406),
        ("image/png, text/plain", 406),
        ("application/json", 200),
        ("application/*", 200),
        ("*/*", 200),
        ("text/html, application/json;q=0.1", 200),
    ],
)
def test_accept_header_negotiation(client, accept, status):
    response = client.get("/api/v1/codes/200", headers={"Accept": accept})
    assert response.status_code == status
    if status == 406:
        assert response.mimetype == "application/problem+json"


def test_status_lines_use_registry_phrases(client):
    response = client.get("/api/v1/codes?per_page=0")
    assert response.status == "422 Unprocessable Content"
    assert response.json["title"] == "Unprocessable Content"


def test_responses_carry_security_headers(client):
    headers = client.get("/api/v1/codes/200").headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_json_keeps_chinese_readable(client):
    assert "服务器".encode() in client.get("/api/v1/codes/500").data


def test_list_query_count_does_not_grow_with_codes(app, client, count_queries):
    with count_queries() as full:
        assert client.get("/api/v1/codes").json["total"] == 88
    with app.app_context():
        db.session.execute(sa.delete(StatusCode).where(StatusCode.code >= 300))
        db.session.commit()
    with count_queries() as fewer:
        assert client.get("/api/v1/codes").json["total"] == 14
    assert len(full) == len(fewer) <= 5


def test_openapi_document_describes_the_api(client):
    spec = client.get("/api/v1/openapi.json").json
    validate(spec)  # raises on anything OpenAPI 3.1 does not allow
    assert spec["openapi"].startswith("3.1")
    assert {
        "/api/v1/codes",
        "/api/v1/codes/{code}",
        "/api/v1/codes/{code}/translations",
        "/api/v1/codes/{code}/translations/{lang}",
        "/api/v1/classes",
    } <= set(spec["paths"])
    not_found = spec["paths"]["/api/v1/codes/{code}"]["get"]["responses"]["404"]
    assert "application/problem+json" in not_found["content"]


def test_docs_page_uses_local_assets_only(client):
    page = client.get("/api/v1/docs", headers={"Accept": "text/html"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    # The site's footer links out (MDN, IANA); what the page loads stays local.
    assets = re.findall(r'<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]*)"', html)
    assert len(assets) >= 4
    assert all(url.startswith("/") and not url.startswith("//") for url in assets)
    assert "<script>" not in html  # start-up code lives in a static file
    bundle = client.get("/api/v1/docs/assets/swagger-ui-bundle.js")
    assert bundle.status_code == 200
    assert len(bundle.data) > 100_000
