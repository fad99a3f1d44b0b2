"""The interactive API reference runs offline under the Content-Security-Policy."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_swagger_ui_renders_the_document_without_csp_violations(page, live_server):
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    outside = []
    page.on(
        "request",
        lambda r: r.url.startswith(live_server.url) or outside.append(r.url),
    )

    page.goto(live_server("/api/v1/docs"))

    operation = page.locator("#operations-codes-getCode")
    expect(operation).to_be_visible()
    operation.get_by_text("/api/v1/codes/{code}", exact=True).click()
    expect(operation.get_by_text("Show one status code")).to_be_visible()
    assert problems == []
    assert [url for url in outside if not url.startswith("data:")] == []
