"""A Chinese reader in Chromium: reading another language keeps the Chinese
interface, and a text known to be wrong says so, in Chinese, with the
correction beside it."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from statusapp.extensions import db
from statusapp.models import Translation

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def log_in(page: Page, live_server, username: str) -> None:
    page.goto(live_server("/login"))
    page.locator("#username").fill(username)
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator(".account .who")).to_contain_text(username)


def serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_following_a_link_to_english_changes_the_text_not_the_interface(
    page, live_server
):
    page.goto(live_server("/codes/404"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")

    page.locator("#translation-en h3 a").click()

    expect(page).to_have_url(re.compile(r"/codes/404\?lang=en$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("div.description")).to_contain_text(
        "The origin server has no current representation"
    )
    header = page.locator("header.site")
    expect(header).to_have_attribute("lang", "zh-CN")
    expect(header.locator("nav.primary a").first).to_have_text("状态码")
    expect(page.locator("#description-heading")).to_have_text("说明")


def test_saving_an_english_text_keeps_the_chinese_interface(page, live_server, users):
    log_in(page, live_server, "eddie")
    page.goto(live_server("/codes/404/translations/en/edit"))

    page.locator("#description").fill("Nothing is at this address.")
    page.get_by_role("button", name=re.compile("保存")).click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("status")).to_have_text("已保存 404 的 en 文本。")
    expect(page.locator("header.site")).to_have_attribute("lang", "zh-CN")
    expect(page.locator("div.description")).to_have_text("Nothing is at this address.")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_chinese_page_of_507_says_the_text_is_wrong(page, live_server, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(live_server("/codes/507"))

    block = page.locator("section.description-block")
    marker = block.locator("p.marker.disputed")
    expect(marker).to_be_visible()
    expect(marker).to_contain_text("这段文字有误。")
    expect(marker).to_contain_text("506")
    expect(block.locator("span.badge")).to_have_count(0)
    proposal = block.locator("details.proposal")
    expect(proposal.locator(".proposed-text")).to_be_hidden()

    proposal.locator("summary").click()

    expect(proposal.locator(".proposed-text")).to_contain_text("服务器无法存储")
    expect(page.locator("section.notes li.note").first).to_contain_text(
        "507 Insufficient Storage"
    )
    assert serious_violations(page) == []


def test_another_editor_accepts_the_correction_of_507(page, live_server, users):
    log_in(page, live_server, "erin")
    page.goto(live_server("/codes/507"))
    block = page.locator("section.description-block")
    expect(block.locator("span.badge")).to_have_text("有争议")
    assert serious_violations(page) == []

    block.get_by_role("button", name=re.compile("采纳修正")).click()

    expect(page.get_by_role("status")).to_have_text("修正建议已成为 507 的中文文本。")
    expect(block.locator("div.description")).to_contain_text("服务器无法存储")
    expect(block.locator("span.badge").first).to_have_text("已审校")
    expect(block.locator("details.proposal")).to_have_count(0)
    with live_server.app.app_context():
        text = db.session.get(Translation, (507, "zh-CN"))
        assert (text.status, text.reviewed_by.username) == ("reviewed", "erin")
