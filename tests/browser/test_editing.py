"""Editors in Chromium: log in, edit a translation, check it, revert, conflict."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from statusapp.extensions import db
from statusapp.models import Translation

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """These editors' browsers prefer English: the steps below name its labels."""
    return {**browser_context_args, "locale": "en"}


def log_in(page: Page, live_server, username: str, then: str = "/") -> None:
    """Log in through the form, as a person would."""
    page.goto(live_server(then))
    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".account .who")).to_contain_text(username)


def english_404(live_server) -> str:
    with live_server.app.app_context():
        return db.session.get(Translation, (404, "en")).description


def test_editor_edits_reverts_and_a_second_editor_hits_the_conflict(
    page, browser, live_server, users
):
    original = english_404(live_server)
    # Erin opens the same form first, in a browser of her own, and leaves it.
    erin_context = browser.new_context(locale="en")
    erin = erin_context.new_page()
    log_in(erin, live_server, "erin", then="/codes/404?lang=en")
    erin.get_by_role("link", name="Edit the English text").click()
    expect(erin.get_by_label("Description")).to_have_value(original)

    # Eddie logs in through the form and lands back on the page he came from.
    log_in(page, live_server, "eddie", then="/codes/404?lang=en")
    expect(page).to_have_url(re.compile(r"/codes/404\?lang=en$"))
    page.get_by_role("link", name="Edit the English text").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Edit the English text of 404"
    )
    page.get_by_label("Description").fill("Nothing lives at this address.")
    page.get_by_role("button", name="Save the en text").click()

    expect(page).to_have_url(re.compile(r"/codes/404\?lang=en$"))
    expect(page.get_by_role("status")).to_have_text("Saved the en text of 404.")
    expect(page.locator("div.description")).to_have_text(
        "Nothing lives at this address."
    )
    api = page.request.get(live_server("/api/v1/codes/404"))
    assert api.ok
    assert api.json()["translations"]["en"]["description"] == (
        "Nothing lives at this address."
    )

    page.get_by_role("link", name="History").click()
    latest = page.locator("li.revision").first
    expect(latest.get_by_role("heading")).to_have_text("#1 eddie changed the en text")
    expect(latest.locator("ins").first).to_contain_text(
        "Nothing lives at this address."
    )
    latest.get_by_role("link", name="Revert revision #1").click()
    page.get_by_role("button", name="Revert revision #1").click()

    expect(page.get_by_role("status")).to_have_text(
        "Reverted revision #1 as revision #2."
    )
    expect(page.locator("li.revision").first.get_by_role("heading")).to_have_text(
        "#2 eddie changed the en text"
    )
    assert english_404(live_server) == original
    api = page.request.get(live_server("/api/v1/codes/404"))
    assert api.json()["translations"]["en"]["description"] == original

    # Erin saves the form she loaded before both changes: a conflict.
    erin.get_by_label("Description").fill("Erin's own wording.")
    with erin.expect_response(re.compile(r"/translations/en/edit$")) as answer:
        erin.get_by_role("button", name="Save the en text").click()

    assert answer.value.status == 409
    conflict = erin.locator("section.conflict")
    expect(conflict.get_by_role("heading", level=2)).to_have_text(
        "Someone else saved this text while you were editing"
    )
    expect(conflict.get_by_role("alert")).to_contain_text("by eddie")
    expect(conflict.locator("#compare-description .saved")).to_have_text(original)
    expect(conflict.locator("#compare-description .yours")).to_have_text(
        "Erin's own wording."
    )
    expect(erin.get_by_label("Description")).to_have_value("Erin's own wording.")
    assert english_404(live_server) == original

    # Having seen both, she saves on top of the current version.
    erin.get_by_role("button", name="Save the en text").click()

    expect(erin).to_have_url(re.compile(r"/codes/404\?lang=en$"))
    expect(erin.locator("div.description")).to_have_text("Erin's own wording.")
    erin_context.close()


def test_a_failed_form_shows_its_errors_next_to_the_fields(page, live_server, users):
    log_in(page, live_server, "eddie")
    page.goto(live_server("/codes/404/edit"))
    page.get_by_label("Reason phrase").fill("")
    page.get_by_label("Reference URL", exact=True).fill("ftp://example.com/")

    page.get_by_role("button", name="Save changes").click()

    expect(page).to_have_title(re.compile(r"^Not saved"))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("This form was not saved")
    phrase = page.get_by_label("Reason phrase")
    expect(phrase).to_have_attribute("aria-invalid", "true")
    expect(phrase).to_have_accessible_description(re.compile("Must not be empty"))
    url = page.get_by_label("Reference URL", exact=True)
    expect(url).to_have_value("ftp://example.com/")
    expect(url).to_have_accessible_description(re.compile("http or https URL"))
    summary.get_by_role("link", name=re.compile("^Reason phrase")).click()
    expect(page).to_have_url(re.compile("#reason_phrase$"))


def test_note_preview_renders_markdown_without_saving(page, live_server, users):
    log_in(page, live_server, "eddie")
    page.goto(live_server("/codes/204"))
    page.get_by_role("link", name="Add a note").click()
    page.get_by_label("Note", exact=True).fill(
        "**Empty** on purpose <script>alert(1)</script>"
    )
    dialogs = []
    page.on("dialog", lambda dialog: dialogs.append(dialog) or dialog.dismiss())

    page.get_by_role("button", name="Preview").click()

    preview = page.locator("section.preview .note")
    expect(preview.locator("strong")).to_have_text("Empty")
    expect(preview).not_to_contain_text("alert")
    page.get_by_role("button", name="Save note").click()
    expect(page.locator("li.note strong")).to_have_text("Empty")
    assert dialogs == []


def summarise(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = [", ".join(node["target"]) for node in v["nodes"]][:5]
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} -> {targets}")
    return "\n".join(lines)


def prepare_failed_login(page: Page, live_server) -> None:
    page.goto(live_server("/login"))
    page.get_by_label("Username").fill("eddie")
    page.get_by_role("button", name="Log in").click()


def prepare_translation_form(page: Page, live_server) -> None:
    log_in(page, live_server, "eddie")
    page.goto(live_server("/codes/404/translations/en/edit"))


def prepare_failed_translation_form(page: Page, live_server) -> None:
    prepare_translation_form(page, live_server)
    page.get_by_label("Description").fill("")
    page.get_by_role("button", name="Save the en text").click()


def prepare_history(page: Page, live_server) -> None:
    prepare_translation_form(page, live_server)
    page.get_by_label("Description").fill("A shorter text.")
    page.get_by_role("button", name="Save the en text").click()
    page.goto(live_server("/codes/404/history"))


def prepare_conflict(page: Page, live_server) -> None:
    prepare_translation_form(page, live_server)
    with live_server.app.app_context():
        db.session.get(Translation, (404, "en")).description = "Saved meanwhile."
        db.session.commit()
    page.get_by_label("Description").fill("Mine.")
    page.get_by_role("button", name="Save the en text").click()
    expect(page.locator("section.conflict")).to_be_visible()


def prepare_users(page: Page, live_server) -> None:
    log_in(page, live_server, "ada")
    page.goto(live_server("/admin/users"))


PAGES = {
    "login": lambda page, live_server: page.goto(live_server("/login")),
    "failed login": prepare_failed_login,
    "translation form": prepare_translation_form,
    "failed translation form": prepare_failed_translation_form,
    "conflict": prepare_conflict,
    "history": prepare_history,
    "users": prepare_users,
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_editing_pages_have_no_serious_accessibility_violations(
    page, live_server, users, name, scheme
):
    page.emulate_media(color_scheme=scheme)
    PAGES[name](page, live_server)

    results = Axe().run(page)

    serious = [
        v
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, summarise(serious)
