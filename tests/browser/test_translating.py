"""Translators in Chromium: a new language, its review, and outdated texts."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def log_in(page: Page, live_server, username: str, then: str = "/") -> None:
    page.goto(live_server(f"/login?next={then}"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".account .who")).to_contain_text(username)


def english_page(browser) -> Page:
    return browser.new_context(locale="en").new_page()


def coverage(page: Page, tag: str, state: str):
    return page.locator(f"#coverage-{tag} td[data-state={state}]")


def test_a_new_language_is_translated_reviewed_and_goes_out_of_date(
    browser, live_server, users
):
    # Ada adds Japanese on the languages page.
    ada = english_page(browser)
    log_in(ada, live_server, "ada", then="/admin/languages")
    ada.get_by_label("Language tag").fill("ja")
    ada.get_by_label("Name in English").fill("Japanese")
    ada.get_by_label("Name in the language itself").fill("日本語")
    ada.get_by_role("button", name="Add the language").click()
    expect(ada.get_by_role("status")).to_have_text("Added Japanese (ja).")

    # Eddie finds 404 missing on the dashboard, and writes it from its page.
    eddie = english_page(browser)
    log_in(eddie, live_server, "eddie", then="/translations")
    expect(coverage(eddie, "ja", "missing")).to_have_text("88 (100%)")
    work = eddie.locator("#work-ja").get_by_role("link", name="404 Not Found")
    expect(work).to_have_attribute("href", "/codes/404/translations/ja/edit")
    eddie.goto(live_server("/codes/404"))
    eddie.get_by_role("link", name="Add a text in another language").click()
    choice = eddie.get_by_role("combobox", name="Language")
    expect(choice.locator("option")).to_have_text(["Japanese (日本語)"])
    choice.select_option(label="Japanese (日本語)")
    eddie.get_by_role("button", name="Open the form").click()
    expect(eddie.get_by_role("heading", level=1)).to_have_text(
        "Write the Japanese text of 404"
    )
    expect(eddie.locator("section.source-text")).to_contain_text("服务器")
    eddie.get_by_label("Description").fill("リソースが見つかりません。")
    eddie.get_by_role("button", name="Save the ja text").click()
    expect(eddie).to_have_url(re.compile(r"/codes/404\?lang=ja$"))
    shown = eddie.locator("section.description-block")
    expect(shown.locator(".badge").first).to_have_text("Draft")
    expect(shown.get_by_role("button", name="Mark as reviewed (ja)")).to_have_count(0)

    # Erin, another editor, reviews it.
    erin = english_page(browser)
    log_in(erin, live_server, "erin", then="/codes/404?lang=ja")
    erin.get_by_role("button", name="Mark as reviewed (ja)").click()
    expect(erin.get_by_role("status")).to_have_text(
        "Marked the ja text of 404 reviewed."
    )
    shown = erin.locator("section.description-block")
    expect(shown.locator(".badge").first).to_have_text("Reviewed")
    expect(shown).to_contain_text("Reviewed by erin")

    # Eddie changes the Chinese source text of 404.
    eddie.goto(live_server("/codes/404/translations/zh-CN/edit"))
    eddie.get_by_label("Description").fill("服务器找不到请求的资源,它可能从未存在。")
    eddie.get_by_role("button", name="Save the zh-CN text").click()

    # The Japanese text is outdated on the page, in the API and on the dashboard.
    erin.reload()
    shown = erin.locator("section.description-block")
    expect(shown.locator(".badge").first).to_have_text("Outdated")
    shown.get_by_text("How the source text changed").click()
    expect(shown.locator(".source-diff ins")).to_contain_text(["它可能从未存在"])
    api = erin.request.get(live_server("/api/v1/codes/404/translations/ja"))
    assert api.json()["status"] == "outdated"
    erin.goto(live_server("/translations"))
    expect(coverage(erin, "ja", "outdated")).to_have_text("1 (1%)")
    expect(coverage(erin, "ja", "reviewed")).to_have_text("0 (0%)")

    # Erin confirms it still holds; it is a draft against the new source.
    erin.goto(live_server("/codes/404?lang=ja"))
    erin.get_by_role("button", name="It still holds (ja)").click()
    expect(erin.locator("section.description-block .badge").first).to_have_text("Draft")


def test_the_interface_switches_between_chinese_and_english(page, live_server):
    # This browser prefers Chinese (see conftest.py), so everything starts so.
    page.goto(live_server("/codes/404"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator("header.site")).to_have_attribute("lang", "zh-CN")
    chinese_nav = page.locator("nav.primary").inner_text()
    assert "Codes" not in chinese_nav and "Translations" not in chinese_nav

    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(re.compile(r"/codes/404$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("header.site")).to_have_attribute("lang", "en")
    expect(page.locator("nav.primary")).to_contain_text("Translations")
    expect(page.locator("div.description")).to_have_attribute("lang", "en")

    # The choice is remembered on other pages, over the browser's preference.
    page.goto(live_server("/translations"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Translations")

    page.get_by_role("button", name="简体中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator("nav.primary")).to_have_text(chinese_nav)


def test_an_export_edited_offline_comes_back_with_a_conflict(
    browser, live_server, users, tmp_path
):
    import csv
    import io

    from statusapp.services import accounts, translations

    eddie = english_page(browser)
    log_in(eddie, live_server, "eddie", then="/translations/en/import")
    with eddie.expect_download() as download:
        eddie.get_by_role("link", name=re.compile(r"^CSV")).click()
    assert download.value.suggested_filename == "statusapp-en.csv"
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text("utf-8"))))
    assert len(rows) == 88

    # Offline, Eddie rewrites 404 and 500; meanwhile Erin changes 500 here.
    for row in rows:
        if row["code"] == "404":
            row["description"] = "Nothing lives at this address."
        if row["code"] == "500":
            row["description"] = "Eddie's offline wording."
    with live_server.app.app_context():
        erin = accounts.get_user("erin")
        translations.save_translation(500, "en", {"description": "Erin's."}, erin)
    edited = tmp_path / "statusapp-en.csv"
    with edited.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    eddie.locator("input[type=file]").set_input_files(edited)
    eddie.get_by_role("button", name="Preview the import").click()
    expect(eddie.locator("#summary-changed")).to_have_text("1 changed text")
    expect(eddie.locator("#summary-conflicts")).to_contain_text("1 conflict")
    expect(eddie.locator("#conflict-500")).to_contain_text("Erin's.")
    expect(eddie.locator("#conflict-500")).to_contain_text("Eddie's offline wording.")

    eddie.get_by_role("button", name="Save 1 text as a draft").click()
    expect(eddie).to_have_url(re.compile(r"/translations#work-en$"))
    api = eddie.request.get(live_server("/api/v1/codes/404/translations/en")).json()
    assert (api["description"], api["status"]) == (
        "Nothing lives at this address.",
        "draft",
    )
    kept = eddie.request.get(live_server("/api/v1/codes/500/translations/en")).json()
    assert kept["description"] == "Erin's."
