"""The interface's own language: negotiation, the switcher, and the catalogue."""

import configparser
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po
from page_support import parse
from session_support import HTTPS, log_in

from statusapp.services import accounts, translations

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "statusapp/translations/zh_Hans_CN/LC_MESSAGES/messages.po"
CHINESE = {"Accept-Language": "zh-CN"}
ENGLISH = {"Accept-Language": "en"}

# What a reader sees in each interface language on the list page.
INTERFACE = {
    "zh-CN": {
        "skip": "跳到正文",
        "codes": "状态码",
        "login": "登录",
        "search": "搜索",
        "footer": "OpenAPI 文档",
    },
    "en": {
        "skip": "Skip to content",
        "codes": "Codes",
        "login": "Log in",
        "search": "Search",
        "footer": "OpenAPI document",
    },
}


def interface_of(response) -> dict[str, str]:
    """Read the interface text INTERFACE lists off a list page."""
    page = parse(response)
    header = page.find("header", class_="site")
    return {
        "skip": page.find("a", class_="skip").text,
        "codes": page.find("nav", class_="primary").find("a").text,
        "login": header.find("div", class_="account").find("a").text,
        "search": page.find("form", role="search").find("button").text,
        "footer": page.find("footer").text,
    }


def assert_interface(response, lang: str) -> None:
    shown = interface_of(response)
    expected = INTERFACE[lang]
    assert {k: shown[k] for k in expected if k != "footer"} == {
        k: v for k, v in expected.items() if k != "footer"
    }
    assert expected["footer"] in shown["footer"]
    page = parse(response)
    for block in ("header", "footer"):
        assert page.find(block, class_="site").attrs["lang"] == lang


# Negotiation ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "lang"),
    [
        ({}, "zh-CN"),
        (CHINESE, "zh-CN"),
        (ENGLISH, "en"),
        ({"Accept-Language": "en-GB,en;q=0.9"}, "en"),
        ({"Accept-Language": "zh-TW,zh;q=0.9"}, "zh-CN"),
        ({"Accept-Language": "fr, en;q=0.5"}, "en"),
        ({"Accept-Language": "fr"}, "zh-CN"),
    ],
)
def test_interface_follows_accept_language(client, headers, lang):
    assert_interface(client.get("/", headers=headers), lang)


@pytest.mark.parametrize(
    ("query", "headers", "content", "interface"),
    [
        ("?lang=en", CHINESE, "en", "zh-CN"),
        ("?lang=zh-CN", ENGLISH, "zh-CN", "en"),
    ],
)
def test_lang_parameter_changes_the_content_not_the_interface(
    client, query, headers, content, interface
):
    response = client.get(f"/codes/404{query}", headers=headers)

    page = parse(response)
    assert page.find("html").attrs["lang"] == content
    assert page.find("div", class_="description").attrs["lang"] == content
    assert page.find("header", class_="site").attrs["lang"] == interface
    assert_interface(client.get(f"/{query}", headers=headers), interface)


def test_saving_a_text_in_another_language_keeps_the_interface(app, users):
    from html_support import Visitor

    eddie = Visitor(app, language="en").login("eddie")
    url = "/codes/404/translations/zh-CN/edit"
    values = eddie.form_values(url) | {"description": "服务器找不到请求的资源。"}

    saved = eddie.post(url, values)

    assert "lang=zh-CN" in saved.location
    page = parse(eddie.get(saved.location))
    assert page.find("html").attrs["lang"] == "zh-CN"
    assert page.find("header", class_="site").attrs["lang"] == "en"
    flashes = [p.text for p in page.find_all("p", class_="flash")]
    assert flashes == ["Saved the zh-CN text of 404."]


# The switcher -----------------------------------------------------------------


def test_every_page_offers_the_switcher_without_javascript(client):
    page = parse(client.get("/codes/404?lang=en&x=1", headers=CHINESE))

    form = page.find("nav", class_="languages").find("form")
    assert (form.attrs["method"], form.attrs["action"]) == ("post", "/language")
    assert form.find("input", name="next").attrs["value"] == "/codes/404?lang=en&x=1"
    buttons = {b.attrs["value"]: b for b in form.find_all("button", name="lang")}
    assert {tag: b.text for tag, b in buttons.items()} == {
        "zh-CN": "简体中文",
        "en": "English",
    }
    assert {tag: b.attrs["lang"] for tag, b in buttons.items()} == {
        "zh-CN": "zh-CN",
        "en": "en",
    }
    assert buttons["en"].attrs["aria-current"] == "true"
    assert "aria-current" not in buttons["zh-CN"].attrs


@pytest.mark.parametrize(
    ("next_url", "location"),
    [
        ("/codes/404?lang=zh-CN", "/codes/404"),
        ("/?q=teapot&lang=zh-CN&class=4", "/?q=teapot&class=4"),
        ("/?q=%E8%8C%B6%E5%A3%B6", "/?q=%E8%8C%B6%E5%A3%B6"),
        ("/codes/404#notes-heading", "/codes/404#notes-heading"),
    ],
)
def test_switcher_saves_the_choice_and_returns_without_lang(client, next_url, location):
    response = client.post("/language", data={"lang": "en", "next": next_url})

    assert response.status_code == 303
    assert response.headers["Location"] == location
    (cookie,) = response.headers.getlist("Set-Cookie")
    attributes = [part.strip() for part in cookie.split(";")]
    assert attributes[0] == "lang=en"
    assert {"Path=/", "SameSite=Lax", "Max-Age=31536000"} <= set(attributes)
    assert "Secure" not in attributes


def test_saved_choice_wins_over_accept_language(client):
    client.post("/language", data={"lang": "en", "next": "/"})

    response = client.get("/", headers=CHINESE)

    assert_interface(response, "en")
    assert parse(response).find("html").attrs["lang"] == "en"
    # ?lang= asks for other content on one page; the interface stays.
    response = client.get("/?lang=zh-CN", headers=ENGLISH)
    assert_interface(response, "en")
    assert parse(response).find("html").attrs["lang"] == "zh-CN"


def test_switcher_cookie_is_secure_over_https(client):
    response = client.post(
        "/language",
        data={"lang": "zh-CN", "next": "/"},
        base_url=HTTPS,
        headers={"Referer": f"{HTTPS}/"},
    )

    assert response.status_code == 303
    assert "Secure" in [p.strip() for p in response.headers["Set-Cookie"].split(";")]


@pytest.mark.parametrize("lang", ["fr", "", "EN-XX", "<script>"])
def test_switcher_refuses_an_unknown_language(client, lang):
    response = client.post("/language", data={"lang": lang, "next": "/"})

    assert response.status_code == 400
    assert "Set-Cookie" not in response.headers
    detail = parse(response).find("p", class_="detail").text
    assert "zh-CN, en" in detail
    assert "<script>" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "",
        None,
    ],
)
def test_switcher_goes_home_rather_than_to_another_site(client, next_url):
    data = {"lang": "en"} if next_url is None else {"lang": "en", "next": next_url}

    response = client.post("/language", data=data)

    assert response.status_code == 303
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("path", ["/", "/codes/404", "/login", "/no-such-page"])
def test_html_pages_vary_on_the_language_inputs(client, path):
    vary = {v.strip() for v in client.get(path).headers["Vary"].split(",")}

    assert {"Accept-Language", "Cookie"} <= vary


# Interface text is marked with the interface language -----------------------


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_interface_blocks_carry_the_interface_language(client, lang):
    page = parse(client.get("/codes/404", headers={"Accept-Language": lang}))

    assert page.find("html").attrs["lang"] == lang
    for block in (
        page.find("a", class_="skip"),
        page.find("header", class_="site"),
        page.find("nav", class_="page-actions"),
        page.find("h2", id="description-heading"),
        page.find("dl", class_="facts"),
        page.find("nav", class_="neighbours"),
        page.find("footer", class_="site"),
    ):
        assert block.attrs["lang"] == lang, block.tag
    assert page.find("div", class_="description").attrs["lang"] == lang


def test_interface_and_content_languages_can_differ(client, runner):
    # Japanese content has no Japanese interface: the interface falls back to
    # the reader's next choice, and each block says which language it is in.
    result = runner.invoke(
        args=["languages", "add", "ja", "--name", "Japanese", "--native-name", "日本語"]
    )
    assert result.exit_code == 0, result.output

    page = parse(client.get("/codes/404?lang=ja", headers=ENGLISH))

    assert page.find("html").attrs["lang"] == "ja"
    assert page.find("header", class_="site").attrs["lang"] == "en"
    assert page.find("nav", class_="page-actions").attrs["lang"] == "en"
    ja = page.find("nav", class_="languages").find("button", value="ja")
    assert (ja.text, ja.attrs["lang"], ja.attrs["aria-current"]) == (
        "日本語",
        "ja",
        "true",
    )


# Messages from Python: flashes, form errors, error pages -----------------------


def test_a_flash_message_is_in_chinese(client, users):
    response = log_in(client, "eddie")

    page = parse(client.get(response.headers["Location"]))

    assert [p.text for p in page.find_all("p", class_="flash")] == [
        "已以 eddie 的身份登录。"
    ]


@pytest.mark.parametrize(
    ("password", "field", "message"),
    [
        ("not the password", "password", "用户名或密码错误。"),
        ("", "password", "该字段是必填字段。"),  # WTForms' own translation
    ],
)
def test_form_errors_are_in_chinese(client, users, password, field, message):
    response = log_in(client, "eddie", password)

    assert response.status_code == 422
    page = parse(response)
    assert page.find("title").text.startswith("错误：登录")
    summary = page.find("div", class_="error-summary")
    assert summary.find("h2").text == "您尚未登录"
    assert summary.find("a", href=f"#{field}").text == f"密码：{message}"
    assert page.find("ul", id=f"{field}-errors").text == message


def test_the_history_is_in_chinese(app, client, users):
    with app.app_context():
        editor = accounts.get_user("eddie")
        translations.save_translation(
            404, "en", {"title": "Not Found", "description": "Gone."}, editor
        )

    page = parse(client.get("/codes/404/history"))

    latest = page.find("li", class_="revision")
    assert latest.find("h2").text.endswith("eddie 修改了 en 文本")
    assert "说明" in [dt.text for dt in latest.find_all("dt")]
    assert latest.find("del").text.startswith("[删除：")
    assert latest.find("ins").text.startswith("[新增：")


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        ("/no-such-page", "此地址没有页面。请检查是否有拼写错误，或搜索状态码。"),
        ("/codes/999", None),  # the service's own message stays English for now
    ],
)
def test_html_error_pages_are_in_chinese(client, path, detail):
    response = client.get(path)

    assert response.status_code == 404
    page = parse(response)
    assert page.find("html").attrs["lang"] == "zh-CN"
    assert page.find("h1").text == "404 未找到"
    assert page.find("p", class_="eyebrow").text == "错误"
    assert page.find("label", for_="q").text == "搜索状态码"
    assert "全部状态码" in [a.text for a in page.find_all("a", href="/")]
    if detail:
        assert page.find("p", class_="detail").text == detail


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/api/v1/codes/999", "Not Found"),
        ("/api/v1/codes?per_page=100000", "Unprocessable Content"),
        ("/api/v1/no-such-thing", "Not Found"),
    ],
)
def test_api_problem_details_stay_english(client, path, title):
    response = client.get(path, headers=CHINESE)

    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["title"] == title
    assert problem["detail"].isascii(), problem["detail"]


# The catalogue ------------------------------------------------------------------


def extracted_messages() -> set[str]:
    """Extract the interface's msgids from the sources, as the Makefile does."""
    config = configparser.ConfigParser()
    config.read(ROOT / "babel.cfg")
    method_map = []
    for section in config.sections():
        method, pattern = (part.strip() for part in section.split(":", 1))
        method_map.append((pattern, method))
    keywords = dict(DEFAULT_KEYWORDS, _l=None, lazy_gettext=None)
    found = set()
    for _, _, message, _, _ in extract_from_dir(
        str(ROOT), method_map, keywords=keywords
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_the_chinese_catalogue_translates_every_message():
    with CATALOGUE.open("rb") as f:
        catalogue = read_po(f, locale="zh_Hans_CN")
    messages = extracted_messages()
    assert len(messages) > 200

    missing, empty, fuzzy = [], [], []
    for msgid in sorted(messages):
        entry = catalogue.get(msgid)
        if entry is None:
            missing.append(msgid)
            continue
        strings = entry.string if isinstance(entry.string, tuple) else [entry.string]
        if not all(strings):
            empty.append(msgid)
        if entry.fuzzy:
            fuzzy.append(msgid)
    hint = "run `make translations-extract`, then translate"
    assert missing == [], hint
    assert empty == [], hint
    assert fuzzy == [], "check and unmark these translations"
    assert not catalogue.fuzzy
    # Placeholders such as %(code)s match between msgid and msgstr.
    problems = [(m.id, errors) for m, errors in catalogue.check()]
    assert problems == []


def test_the_compiled_catalogue_is_current():
    compiled = CATALOGUE.with_suffix(".mo")

    assert compiled.exists(), "run `make translations`"
    assert compiled.stat().st_mtime >= CATALOGUE.stat().st_mtime, (
        "the .po changed since it was compiled; run `make translations`"
    )
