"""A developer in Chromium uses a code's "Try it" box: the raw answer it
shows is what the test URL sends, the fetch line works from the page, and
the copy buttons copy the lines."""

import json

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "en",
        "permissions": ["clipboard-read", "clipboard-write"],
    }


def test_the_box_shows_what_the_test_url_sends(page, live_server):
    page.goto(live_server("/codes/429"))
    box = page.locator("section.try-it")
    expect(box.get_by_role("heading")).to_have_text("Try it")
    url = live_server("/status/429")
    expect(box.locator("pre").first).to_have_text(f"curl -si {url}")

    box.locator("details.raw-answer summary").click()
    raw = box.locator("details.raw-answer pre")
    expect(raw).to_contain_text("HTTP/1.1 429 Too Many Requests")
    expect(raw).to_contain_text("Retry-After: 60")
    expect(raw).to_contain_text("Content-Security-Policy: sandbox")

    # The fetch line, run as the page would run it, gets that answer.
    answer = page.evaluate(
        """async (url) => {
            const response = await fetch(url, {headers: {Accept: "application/json"}});
            return {status: response.status,
                    retryAfter: response.headers.get("Retry-After"),
                    body: await response.text()};
        }""",
        url,
    )
    assert (answer["status"], answer["retryAfter"]) == (429, "60")
    shown_body = raw.inner_text().split("\n\n", 1)[1]
    assert json.loads(answer["body"]) == json.loads(shown_body)


def test_the_copy_button_copies_the_curl_line(page, live_server):
    page.goto(live_server("/codes/201"))
    button = page.locator("section.try-it button.copy").first
    expect(button).to_have_text("Copy the curl command")

    button.click()

    expect(button).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"curl -si {live_server('/status/201')}"


def test_an_interim_code_explains_why_it_cannot_be_tried(page, live_server):
    page.goto(live_server("/codes/100"))
    box = page.locator("section.try-it")
    expect(box).to_contain_text("cannot be the final answer")
    expect(box.locator("details.raw-answer")).to_have_count(0)
    answer = page.evaluate(
        "async (url) => (await fetch(url)).status", live_server("/status/100")
    )
    assert answer == 400
