"""An editor in Chromium reverts a change: confirms on a page of its own, or
cancels and nothing happens."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from statusapp.extensions import db
from statusapp.models import Revision, Translation
from statusapp.services import accounts, translations

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """This editor's browser prefers English: the steps below name its labels."""
    return {**browser_context_args, "locale": "en"}


def log_in(page: Page, live_server, username: str) -> None:
    page.goto(live_server("/login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".account .who")).to_contain_text(username)


def english_404(live_server) -> str:
    with live_server.app.app_context():
        return db.session.get(Translation, (404, "en")).description


def revisions(live_server) -> int:
    with live_server.app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Revision))


@pytest.fixture
def careless_rewrite(live_server, users) -> str:
    """Eddie rewrites the English text of 404; return the text before it."""
    original = english_404(live_server)
    with live_server.app.app_context():
        translations.save_translation(
            404,
            "en",
            {"title": "Not Found", "description": "A careless rewrite."},
            accounts.get_user("eddie"),
        )
    return original


def test_editor_cancels_a_revert_then_confirms_it(page, live_server, careless_rewrite):
    log_in(page, live_server, "erin")
    page.goto(live_server("/codes/404/history"))
    count = revisions(live_server)
    latest = page.locator("li.revision").first
    expect(latest.get_by_role("heading")).to_have_text("#1 eddie changed the en text")

    latest.get_by_role("link", name="Revert revision #1").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Revert revision #1?")
    expect(page.locator("p.meta")).to_contain_text("eddie changed the en text")
    description = page.locator("dl.changes div.diff[lang=en]")
    expect(description.locator("del")).to_contain_text("A careless rewrite.")
    expect(description.locator("ins").first).to_be_visible()

    page.get_by_role("link", name="Cancel").click()

    expect(page).to_have_url(re.compile(r"/codes/404/history#revision-1$"))
    expect(page.locator("p.flash")).to_have_count(0)
    assert english_404(live_server) == "A careless rewrite."
    assert revisions(live_server) == count

    page.locator("li.revision").first.get_by_role(
        "link", name="Revert revision #1"
    ).click()
    page.get_by_role("button", name="Revert revision #1").click()

    expect(page).to_have_url(re.compile(r"/codes/404/history$"))
    expect(page.get_by_role("status")).to_have_text(
        "Reverted revision #1 as revision #2."
    )
    newest = page.locator("li.revision").first
    expect(newest.get_by_role("heading")).to_have_text("#2 erin changed the en text")
    expect(newest.locator("p.meta")).to_contain_text("reverting #1")
    # What is undone is no longer offered; the revert itself is.
    expect(page.get_by_role("link", name="Revert revision #1")).to_have_count(0)
    expect(newest.get_by_role("link", name="Revert revision #2")).to_be_visible()
    assert english_404(live_server) == careless_rewrite


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_confirmation_page_has_no_serious_accessibility_violations(
    page, live_server, careless_rewrite, scheme
):
    page.emulate_media(color_scheme=scheme)
    log_in(page, live_server, "erin")
    page.goto(live_server("/revisions/1/revert"))

    results = Axe().run(page)

    serious = [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, "\n".join(serious)
