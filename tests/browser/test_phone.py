"""On a phone: every page fits 360 px, and the header leaves room for the page."""

import pytest
from exchange_support import save
from html_support import as_user
from playwright.sync_api import Page, expect

from statusapp.services import translations

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
PHONE = {"width": 360, "height": 740}
HEADER_LIMIT = 120

# (page, who is logged in, path): None is a reader without an account.
PAGES = [
    ("home", None, "/"),
    ("code", None, "/codes/404"),
    ("disputed code", None, "/codes/507"),
    ("header fields and try it", None, "/codes/206"),
    ("vendors' code", None, "/codes/499"),
    ("search", None, "/?q=not+found"),
    ("error", None, "/codes/999"),
    ("login", None, "/login"),
    ("api docs", None, "/api/v1/docs"),
    ("dashboard", None, "/translations"),
    ("home", "ada", "/"),
    ("code", "ada", "/codes/404"),
    ("history", "ada", "/codes/404/history"),
    ("dashboard", "ada", "/translations"),
    ("translation form", "eddie", "/codes/404/translations/en/edit"),
    ("proposal form", "eddie", "/codes/507/translations/zh-CN/proposal"),
    ("disputed code", "eddie", "/codes/507"),
    ("new translation", "eddie", "/codes/404/translations/new"),
    ("import", "eddie", "/translations/en/import"),
    ("users", "ada", "/admin/users"),
    ("languages", "ada", "/admin/languages"),
    ("registry", "ada", "/admin/registry"),
]


def log_in(page: Page, live_server, username: str) -> None:
    page.goto(live_server("/login"))
    page.locator("#username").fill(username)
    page.locator("#password").fill(PASSWORD)
    page.locator("form.edit button[type=submit]").click()
    expect(page.locator(".account .who")).to_contain_text(username)


def add_history(app) -> None:
    """Revisions on 404 whose review state changes, as on a busy code."""
    save(app, "eddie", 404, "en", "Nothing lives at this address.")
    as_user(
        app, "erin", lambda erin: translations.set_status(404, "en", "reviewed", erin)
    )


@pytest.fixture(params=["en", "zh-CN"])
def phone(request, browser):
    """A phone-sized page in a browser preferring English, then Chinese: the
    two interfaces wrap differently."""
    context = browser.new_context(locale=request.param, viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(("name", "who", "path"), PAGES, ids=lambda v: str(v))
def test_page_fits_a_phone(phone, live_server, users, name, who, path):
    page = phone
    if name == "history":
        add_history(live_server.app)
    if who:
        log_in(page, live_server, who)
    page.goto(live_server(path))
    if name == "api docs":
        expect(page.locator("#operations-codes-getCode")).to_be_visible()

    width = page.evaluate("document.documentElement.scrollWidth")
    # The API docs page is Swagger UI's own, without the site's header.
    site_header = page.locator("header.site")
    header = site_header.bounding_box()["height"] if site_header.count() else 0
    print(f"{name} ({who or 'reader'}): {width}px wide, header {header:.0f}px")

    assert width <= PHONE["width"], f"{path} scrolls sideways: {width}px wide"
    assert header < HEADER_LIMIT, f"{path}: the header is {header:.0f}px tall"


def gap_between(page: Page, upper: str, lower: str) -> float:
    """Pixels from the bottom of ``upper`` to the top of ``lower``."""
    above = page.locator(upper).first.bounding_box()
    below = page.locator(lower).first.bounding_box()
    return below["y"] - (above["y"] + above["height"])


@pytest.mark.parametrize(
    ("who", "path", "upper", "lower"),
    [
        ("eddie", "/translations/en/import", "ul.export-links", "#import-heading"),
        ("eddie", "/translations", "#work-zh-CN .work-list", "#work-en-heading"),
        ("ada", "/admin/languages", "div.table-wrap", "#new-language-heading"),
    ],
)
def test_headings_keep_their_distance_from_what_is_above(
    phone, live_server, users, who, path, upper, lower
):
    log_in(phone, live_server, who)
    phone.goto(live_server(path))

    assert gap_between(phone, upper, lower) >= 16


def test_a_changed_review_state_reads_as_two_words(phone, live_server, users):
    add_history(live_server.app)
    log_in(phone, live_server, "ada")
    phone.goto(live_server("/codes/404/history"))

    removed = phone.locator("li.revision").first.locator("del").first
    added = phone.locator("li.revision").first.locator("del + ins").first
    expect(added).to_be_visible()
    left, right = removed.bounding_box(), added.bounding_box()
    assert right["x"] - (left["x"] + left["width"]) >= 3
