"""A page in the Chinese interface holds no English interface text.

Every message that reaches a page is translated: its own text, flashes, form
and service errors, language names. English is allowed only where it is
content, marked so by an element's lang attribute (a reason phrase, an
English description), or code (<code>, <pre>, translate="no").

Two checks read each page's interface text: no message of the catalogue
appears in it untranslated, and no run of three or more English words does
(which catches text that never went through gettext at all).
"""

import csv
import re
import tomllib
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from html_support import PASSWORD, Visitor, as_user, parse
from page_support import Element

from statusapp.resources import PACKAGE
from statusapp.services import notes, translations

CATALOGUE = PACKAGE / "translations/zh_Hans_CN/LC_MESSAGES/messages.po"
CHINESE = "zh-CN"
# Text inside these is code or data, whatever the language around it.
VERBATIM = {"code", "pre", "kbd", "samp", "script", "style", "textarea"}
ENGLISH_RUN = re.compile(r"\b[A-Za-z][a-z']+(?:[ \-][A-Za-z][a-z']+){2,}\b")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdr]")
TAG = re.compile(r"<[^>]+>")


def _reason_phrases() -> set[str]:
    """The registry's reason phrases: names, written in English in every language."""
    path = PACKAGE / "data" / "http-status-registry.csv"
    with path.open(newline="", encoding="utf-8") as f:
        return {row["reason_phrase"] for row in csv.DictReader(f)}


def _vendors_phrases() -> set[str]:
    """The phrases of the vendors' codes the seed adds, and of their usages."""
    path = Path(__file__).resolve().parent.parent / "scripts/seed_data/unofficial.toml"
    with path.open("rb") as f:
        codes = tomllib.load(f)["codes"]
    return {c["reason_phrase"] for c in codes} | {
        u["phrase"] for c in codes for u in c["usages"]
    }


# Reason phrases and the old names the seed keeps are names, not interface
# text: a Chinese note may well say "506 Variant Also Negotiates", and the
# Chinese text of 420 "Enhance Your Calm".
NAMES = (
    _reason_phrases()
    | _vendors_phrases()
    | {"Payload Too Large", "Requested Range Not Satisfiable"}
)
NAME = re.compile("|".join(re.escape(n) for n in sorted(NAMES, key=len, reverse=True)))


def _messages() -> list[re.Pattern]:
    """The catalogue's messages that read as English prose, as patterns."""
    with CATALOGUE.open("rb") as f:
        catalogue = read_po(f)
    patterns = []
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for msgid in ids:
            literal = TAG.sub("", msgid)
            words = re.findall(r"[A-Za-z]{2,}", PLACEHOLDER.sub("", literal))
            if len(words) < 2 or message.string in (msgid, (msgid,)) or msgid in NAMES:
                continue
            pieces = [re.escape(p) for p in PLACEHOLDER.split(literal)[::2]]
            patterns.append(re.compile(r"\s*.+?\s*".join(pieces).strip()))
    return patterns


MESSAGES = _messages()


def interface_text(page: Element, inherited: str) -> list[str]:
    """The text of ``page`` that is in the Chinese interface, one string per block."""
    found: list[str] = []

    def walk(element: Element, lang: str, out: list[str]) -> None:
        if element.tag in VERBATIM or element.attrs.get("translate") == "no":
            return
        lang = element.attrs.get("lang", lang)
        for child in element.children:
            if isinstance(child, Element):
                if child.tag in ("p", "li", "h1", "h2", "h3", "td", "th", "dt", "dd"):
                    inner: list[str] = []
                    walk(child, lang, inner)
                    found.append(" ".join(inner))
                else:
                    walk(child, lang, out)
            elif lang.lower().startswith("zh"):
                out.append(child)

    rest: list[str] = []
    walk(page, inherited, rest)
    found.append(" ".join(rest))
    return [" ".join(text.split()) for text in found if text.strip()]


def untranslated(response) -> list[str]:
    """What a Chinese-interface page shows in English: message ids and runs."""
    page = parse(response)
    html = page.find("html")
    texts = interface_text(html, html.attrs.get("lang", ""))
    problems = []
    for text in texts:
        text = NAME.sub("", text)
        problems += [f"message {m.pattern!r}" for m in MESSAGES if m.search(text)]
        problems += [
            f"English {run!r} in {text!r}" for run in ENGLISH_RUN.findall(text)
        ]
    return problems


def assert_translated(response) -> None:
    assert response.status_code < 500
    assert parse(response).find("header", class_="site").attrs["lang"] == CHINESE
    assert untranslated(response) == []


@pytest.fixture
def admin(app, users):
    return Visitor(app, language=CHINESE).login(users["admin"], PASSWORD)


@pytest.fixture
def reader(app):
    return Visitor(app, language=CHINESE)


READER_PAGES = [
    "/",
    "/?q=40",
    "/?q=not+found",
    "/?q=zzzz",
    "/codes/404",
    "/codes/404?lang=en",
    "/codes/507",
    "/codes/507?lang=en",
    "/codes/418",
    "/codes/429",
    "/codes/499",
    "/codes/100",
    "/codes/404/history",
    "/codes/999",
    "/codes/123",
    "/translations",
    "/login",
    "/api/v1/docs",
]

EDITOR_PAGES = [
    *READER_PAGES,
    "/codes/404/edit",
    "/codes/404/delete",
    "/codes/new",
    "/codes/404/translations/new",
    "/codes/404/translations/en/edit",
    "/codes/404/translations/en/proposal",
    "/codes/507/translations/zh-CN/proposal",
    "/codes/404/notes/new",
    "/translations/en/import",
    "/admin/users",
    "/admin/languages",
    "/admin/registry",
]


@pytest.mark.parametrize("path", READER_PAGES)
def test_a_reader_s_chinese_pages_are_all_chinese(reader, path):
    assert_translated(reader.get(path))


@pytest.mark.parametrize("path", EDITOR_PAGES)
def test_an_admin_s_chinese_pages_are_all_chinese(admin, path):
    assert_translated(admin.get(path))


def test_the_history_and_revert_pages_are_all_chinese(app, admin):
    as_user(
        app,
        "eddie",
        lambda user: translations.save_translation(
            404, "en", {"description": "The server has no such resource."}, user
        ),
    )
    as_user(app, "eddie", lambda user: notes.add_note(404, {"body": "A note."}, user))
    history = admin.get("/codes/404/history")
    assert_translated(history)
    link = parse(history).find("p", class_="revert").find("a")
    assert_translated(admin.get(link.attrs["href"]))


def test_a_revert_that_can_no_longer_work_says_why_in_chinese(app, client, admin):
    def save(description):
        as_user(
            app,
            "eddie",
            lambda user: translations.save_translation(
                404, "en", {"description": description}, user
            ),
        )

    save("First.")
    first = client.get("/api/v1/codes/404/history").json["items"][0]["id"]
    save("Second.")

    response = admin.get(f"/revisions/{first}/revert")

    page = admin.get(response.location)
    assert_translated(page)
    flashes = [p.text for p in parse(page).find_all("p", class_="flash")]
    assert any(f.startswith(f"修订 #{first} 已无法还原：") for f in flashes)


def test_flashes_after_saving_in_another_language_are_chinese(admin):
    url = "/codes/404/translations/en/edit"
    values = admin.form_values(url) | {"description": "Nothing is here."}
    saved = admin.post(url, values)
    page = admin.get(saved.location)
    assert_translated(page)
    assert [p.text for p in parse(page).find_all("p", class_="flash")] == [
        "已保存 404 的 en 文本。"
    ]


@pytest.mark.parametrize(
    ("path", "values"),
    [
        ("/codes/404/translations/en/edit", {"description": ""}),
        ("/codes/404/translations/en/edit", {"version": "1", "description": "x"}),
        ("/codes/404/translations/en/proposal", {"description": " "}),
        ("/codes/404/translations/en/proposal", {"dispute_reason": "a\u0007b"}),
        ("/codes/new", {"code": "404", "reason_phrase": "Not Found"}),
        ("/codes/404/edit", {"reference_url": "javascript:alert(1)"}),
        ("/codes/404/notes/new", {"body": ""}),
    ],
)
def test_form_and_service_errors_are_chinese(app, admin, path, values):
    if values.get("version") == "1":
        # Someone else saves first: the form answers with the conflict page.
        as_user(
            app,
            "eddie",
            lambda user: translations.save_translation(
                404, "en", {"description": "Changed meanwhile."}, user
            ),
        )
    form = admin.form_values(path) | values
    response = admin.post(path, form)
    assert response.status_code in (409, 422), response.status_code
    assert_translated(response)


def test_admin_errors_are_chinese(admin):
    response = admin.post(
        "/admin/languages", {"tag": "en", "name": "English", "native_name": "English"}
    )
    assert response.status_code == 422
    assert_translated(response)
    response = admin.post(
        "/admin/users", {"username": "ada", "password": PASSWORD, "role": "editor"}
    )
    assert response.status_code == 422
    assert_translated(response)


def test_the_check_finds_english_interface_text():
    # A page whose interface is marked Chinese but says English is caught,
    # by message and by run, while marked English and code are not.
    from flask import Response

    html = (
        '<html lang="zh-CN"><body><header class="site" lang="zh-CN"></header>'
        "<p>Log in to edit the catalogue</p>"
        '<p lang="en">Not Found is a reason phrase</p>'
        "<p><code>curl -H Accept application json</code></p>"
        "<p>状态码</p></body></html>"
    )
    problems = untranslated(Response(html, mimetype="text/html"))
    assert any("Log in to edit the catalogue" in p for p in problems)
    assert not any("reason phrase" in p or "curl" in p for p in problems)
