"""Searching in Chromium: the list narrows as you type, Enter on a code opens
it, and without JavaScript the form still searches."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_typing_narrows_the_list_without_pressing_enter(page, live_server):
    # English chosen with the switcher: content and interface.
    page.context.add_cookies([{"name": "lang", "value": "en", "url": live_server("/")}])
    page.goto(live_server("/"))
    numbers = page.locator("li.code .number")
    expect(numbers).to_have_count(88)

    search = page.get_by_label("Search", exact=True)
    search.press_sequentially("40", delay=50)

    expect(numbers.first).to_have_text("400")
    expect(numbers.nth(9)).to_have_text("409")
    expect(page.locator("li.code mark").first).to_have_text("40")
    assert numbers.count() < 88
    # Nothing was submitted: the page is the same one, its address follows.
    expect(page).to_have_url(re.compile(r"[?&]q=40\b"))
    expect(search).to_be_focused()

    search.press_sequentially("4", delay=50)
    expect(numbers.first).to_have_text("404")
    expect(page.locator("p.count")).to_contain_text("404")


def test_typing_a_class_pattern_shows_only_that_class(page, live_server):
    # English chosen with the switcher: content and interface.
    page.context.add_cookies([{"name": "lang", "value": "en", "url": live_server("/")}])
    page.goto(live_server("/"))

    page.get_by_label("Search", exact=True).press_sequentially("5xx", delay=50)

    expect(page.locator("section.class")).to_have_count(1)
    expect(page.locator("section.class h2 .range")).to_have_text("5xx")


def test_enter_on_a_code_opens_its_page(page, live_server):
    # English chosen with the switcher: content and interface.
    page.context.add_cookies([{"name": "lang", "value": "en", "url": live_server("/")}])
    page.goto(live_server("/"))

    search = page.get_by_label("Search", exact=True)
    search.fill("418")
    search.press("Enter")

    expect(page).to_have_url(re.compile(r"/codes/418\b"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("418")


def test_without_javascript_the_form_still_searches(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(live_server("/"))
        search = page.get_by_label("搜索", exact=True)

        search.fill("40")
        numbers = page.locator("li.code .number")
        expect(numbers).to_have_count(88)  # no script: nothing happens yet
        search.press("Enter")

        expect(page).to_have_url(re.compile(r"[?&]q=40\b"))
        expect(numbers.first).to_have_text("400")
        expect(page.locator("li.code mark").first).to_have_text("40")

        search.fill("404")
        search.press("Enter")
        expect(page).to_have_url(re.compile(r"/codes/404\b"))
    finally:
        context.close()
