"""The interactive API reference: offline under the Content-Security-Policy, in
the site's frame, language and colour scheme."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DOCS = "/api/v1/docs"
# The page's own text in each interface language; Swagger UI's stays English.
TITLES = {"zh-CN": "API 参考", "en": "API reference"}
INTROS = {"zh-CN": "读取是公开的", "en": "Reads are public"}

# The relative luminance (WCAG 2.x) of a computed CSS colour.
LUMINANCE = """(colour) => {
  const [r, g, b] = colour.match(/[\\d.]+/g).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}"""


def luminance(page, colour: str) -> float:
    return page.evaluate(LUMINANCE, colour)


def computed(locator, prop: str) -> str:
    return locator.evaluate(f"(el) => getComputedStyle(el).{prop}")


def test_swagger_ui_renders_the_document_without_csp_violations(page, live_server):
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    outside = []
    page.on(
        "request",
        lambda r: r.url.startswith(live_server.url) or outside.append(r.url),
    )

    page.goto(live_server(DOCS))

    operation = page.locator("#operations-codes-getCode")
    expect(operation).to_be_visible()
    operation.get_by_text("/api/v1/codes/{code}", exact=True).click()
    expect(operation.get_by_text("Show one status code")).to_be_visible()
    assert problems == []
    assert [url for url in outside if not url.startswith("data:")] == []


def test_the_site_header_leads_back_to_the_catalogue(page, live_server):
    page.goto(live_server(DOCS))

    header = page.locator("header.site")
    expect(header.get_by_role("link", name="API")).to_have_attribute(
        "aria-current", "page"
    )
    header.get_by_role("link", name="状态码").click()

    expect(page).to_have_url(live_server("/"))
    expect(page.locator("li.code")).to_have_count(88)


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_the_page_speaks_the_browsers_language_and_swagger_ui_english(
    browser, live_server, lang
):
    context = browser.new_context(locale=lang)
    page = context.new_page()

    page.goto(live_server(DOCS))

    expect(page).to_have_title(f"{TITLES[lang]} · statusapp")
    expect(page.locator(".api-intro h1")).to_have_text(TITLES[lang])
    intro = page.locator(".api-intro")
    expect(intro).to_have_attribute("lang", lang)
    expect(intro).to_contain_text(INTROS[lang])
    expect(intro.get_by_role("link", name="/api/v1/openapi.json")).to_be_visible()
    widget = page.locator("#swagger-ui")
    expect(widget).to_have_attribute("lang", "en")
    expect(widget.locator("#operations-codes-getCode")).to_contain_text(
        "Show one status code"
    )
    context.close()


def test_the_language_switcher_brings_the_reader_back_to_the_docs(page, live_server):
    page.goto(live_server(DOCS))

    page.get_by_role("button", name="English").click()

    expect(page).to_have_url(re.compile(r"/api/v1/docs$"))
    expect(page.locator(".api-intro h1")).to_have_text(TITLES["en"])
    expect(page.locator("#operations-codes-getCode")).to_be_visible()


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_swagger_ui_follows_the_colour_scheme(browser, live_server, scheme):
    context = browser.new_context(color_scheme=scheme, locale="en")
    page = context.new_page()
    page.goto(live_server(DOCS))
    operation = page.locator("#operations-codes-getCode")
    operation.get_by_text("/api/v1/codes/{code}", exact=True).click()
    expect(operation.locator(".parameters")).to_be_visible()

    widget = page.locator("#swagger-ui")
    # What a reader reads: the container, an operation's summary and the
    # names of its parameters, each against the widget's background.
    texts = [
        widget,
        operation.locator(".opblock-summary-description"),
        operation.locator(".parameter__name").first,
        page.locator(".info .title"),
    ]
    backgrounds = [
        luminance(page, computed(locator, "backgroundColor"))
        for locator in (page.locator("body"), widget)
    ]
    colours = [luminance(page, computed(locator, "color")) for locator in texts]
    context.close()

    if scheme == "dark":
        assert max(backgrounds) < 0.05, backgrounds
        assert min(colours) > 0.5, colours
    else:
        assert min(backgrounds) > 0.9, backgrounds
        assert max(colours) < 0.1, colours
