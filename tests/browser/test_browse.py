"""A reader in Chromium: the list, search, a code's page, languages, accessibility."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from statusapp.extensions import db
from statusapp.models import Translation

pytestmark = pytest.mark.browser


def test_list_shows_every_code_in_five_classes(page, live_server):
    page.goto(live_server("/"))

    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator("li.code")).to_have_count(88)
    expect(page.locator("section.class h2 .name")).to_have_text(
        ["信息响应", "成功响应", "重定向", "客户端响应", "服务端响应"]
    )


@pytest.mark.parametrize("words", ["teapot", "茶壶"])
def test_search_finds_the_teapot(page, live_server, words):
    page.goto(live_server("/"))

    # This browser prefers Chinese, so the interface is Chinese: 搜索 is Search.
    search = page.get_by_label("搜索", exact=True)
    search.fill(words)
    search.press("Enter")

    expect(page).to_have_url(re.compile(r"[?&]q="))
    numbers = page.locator("li.code .number")
    expect(numbers.first).to_have_text("418")
    assert "200" not in numbers.all_inner_texts()
    expect(page.get_by_label("搜索", exact=True)).to_have_value(words)


def test_class_filter_narrows_the_list(page, live_server):
    # English chosen with the switcher: content and interface.
    page.context.add_cookies([{"name": "lang", "value": "en", "url": live_server("/")}])
    page.goto(live_server("/"))

    page.get_by_label("Class", exact=True).select_option("3")
    page.get_by_role("button", name="Search").click()

    expect(page.locator("section.class")).to_have_count(1)
    expect(page.locator("section.class h2")).to_have_text("3xx Redirection")
    expect(page.locator("li.code")).to_have_count(9)


def test_clicking_a_code_opens_its_page_and_neighbours(page, live_server):
    # English chosen with the switcher: content and interface.
    page.context.add_cookies([{"name": "lang", "value": "en", "url": live_server("/")}])
    page.goto(live_server("/"))

    page.get_by_role("link", name="404 Not Found").click()

    expect(page).to_have_url(re.compile(r"/codes/404\b"))
    expect(page.get_by_role("heading", level=1)).to_have_text("404 Not Found")
    page.locator("a[rel=next]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("405 Method Not Allowed")
    page.locator("a[rel=prev]").click()
    expect(page).to_have_url(re.compile(r"/codes/404\b"))


def test_switching_language_changes_the_description(page, live_server):
    with live_server.app.app_context():
        text = {
            lang: db.session.get(Translation, (418, lang)).description
            for lang in ("zh-CN", "en")
        }
    # The switcher's own name follows the interface: 语言, then Language.
    languages = page.locator("nav.languages")
    description = page.locator("div.description")
    page.goto(live_server("/codes/418"))

    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(description).to_contain_text(text["zh-CN"].splitlines()[0].strip())

    languages.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(description).to_have_attribute("lang", "en")
    expect(description).to_contain_text(text["en"].splitlines()[0].strip())
    expect(languages.get_by_role("button", name="English")).to_have_attribute(
        "aria-current", "true"
    )

    languages.get_by_role("button", name="简体中文").click()

    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(description).to_contain_text(text["zh-CN"].splitlines()[0].strip())


@pytest.mark.parametrize("path", ["/", "/codes/413", "/codes/999"])
def test_pages_fit_a_phone_screen(page, live_server, path):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server(path))

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{path} scrolls sideways: {width}px wide"


def test_skip_link_appears_on_focus_and_moves_to_main(page, live_server):
    page.goto(live_server("/"))
    skip = page.get_by_role("link", name="跳到正文")  # Skip to content

    assert skip.bounding_box()["y"] < 0
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    assert skip.bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def summarise(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = [", ".join(node["target"]) for node in v["nodes"]][:5]
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} -> {targets}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["/", "/codes/200?lang=en", "/codes/103"])
def test_no_serious_accessibility_violations(page, live_server, path, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(live_server(path))

    results = Axe().run(page)

    serious = [
        v
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    if serious:
        print(summarise(serious))
    assert not serious, summarise(serious)
