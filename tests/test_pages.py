"""The HTML pages: the list of codes, one page per code, and the 404 page."""

import hashlib
import re

import pytest
import sqlalchemy as sa
from page_support import ENGLISH, Element, parse

from statusapp.extensions import db
from statusapp.models import Note, StatusCode, Translation

CLASS_NAMES = {
    "zh-CN": ["信息响应", "成功响应", "重定向", "客户端响应", "服务端响应"],
    "en": [
        "Informational",
        "Successful",
        "Redirection",
        "Client Error",
        "Server Error",
    ],
}


def squash(text: str) -> str:
    return " ".join(text.split())


def shown_codes(page: Element) -> list[int]:
    return [int(el.text) for el in page.find_all("span", class_="number")]


# The list page


@pytest.mark.parametrize(
    ("lang", "count"), [("zh-CN", "共 88 个状态码"), ("en", "88 codes")]
)
def test_list_groups_every_code_by_class(client, lang, count):
    page = parse(client.get(f"/?lang={lang}", headers={"Accept-Language": lang}))

    sections = page.find_all("section", class_="class")
    names = [s.find("h2").find("span", class_="name") for s in sections]
    assert [name.text for name in names] == CLASS_NAMES[lang]
    assert {name.attrs["lang"] for name in names} == {lang}
    codes = shown_codes(page)
    assert len(codes) == 88
    assert codes == sorted(codes)
    for number, section in enumerate(sections, start=1):
        assert {code // 100 for code in shown_codes(section)} == {number}
    assert count in page.find("p", class_="count").text


@pytest.mark.parametrize(
    ("q", "found", "absent"),
    [
        ("teapot", 418, 200),
        ("茶壶", 418, 200),
        ("Not Found", 404, 200),
        ("Payload Too Large", 413, 404),
        ("重定向", 300, 200),
    ],
)
def test_search_finds_codes_by_phrase_alias_and_text(client, q, found, absent):
    response = client.get("/", query_string={"q": q})
    page = parse(response)

    codes = shown_codes(page)
    assert found in codes
    assert absent not in codes
    assert page.find("input", name="q").attrs["value"] == q


def test_search_without_match_says_so(client):
    page = parse(client.get("/?q=no-such-thing-anywhere", headers=ENGLISH))

    assert shown_codes(page) == []
    assert "No code matches" in page.find("main").text
    assert "0 codes" in page.find("p", class_="count").text


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
def test_class_filter_shows_only_that_class(app, client, number):
    with app.app_context():
        expected = db.session.scalars(
            sa.select(StatusCode.code)
            .where(StatusCode.code.between(number * 100, number * 100 + 99))
            .order_by(StatusCode.code)
        ).all()

    page = parse(client.get(f"/?class={number}&lang=en"))

    assert shown_codes(page) == expected
    assert [s.find("h2").text for s in page.find_all("section", class_="class")] == [
        f"{number}xx {CLASS_NAMES['en'][number - 1]}"
    ]
    assert "selected" in page.find("option", value=str(number)).attrs


@pytest.mark.parametrize("value", ["9", "0", "four", ""])
def test_unknown_class_filter_shows_everything(client, value):
    assert len(shown_codes(parse(client.get(f"/?class={value}")))) == 88


def test_search_and_class_filter_combine(client):
    page = parse(client.get("/?q=Not&class=5"))

    codes = shown_codes(page)
    assert codes and all(code // 100 == 5 for code in codes)
    assert 501 in codes


def test_list_form_controls_have_labels(client):
    page = parse(client.get("/"))

    form = page.find("form", role="search")
    for control in ("q", "class"):
        field = form.find(name=control)
        assert form.find("label", for_=field.attrs["id"]).text
    assert form.find("input", name="lang").attrs["value"] == "zh-CN"


def test_language_switch_keeps_the_search(client):
    page = parse(client.get("/?q=teapot"))

    switch = page.find("nav", class_="languages")
    form = switch.find("form")
    assert (form.attrs["method"], form.attrs["action"]) == ("post", "/language")
    assert form.find("input", name="next").attrs["value"] == "/?q=teapot"
    english = form.find("button", name="lang", value="en")
    assert (english.attrs["lang"], english.text) == ("en", "English")
    assert "aria-current" not in english.attrs
    assert form.find("button", value="zh-CN").attrs["aria-current"] == "true"


# One code's page


def test_detail_shows_every_zh_cn_text_verbatim_by_default(app, client):
    with app.app_context():
        texts = dict(
            db.session.execute(
                sa.select(Translation.code, Translation.description).where(
                    Translation.lang == "zh-CN"
                )
            ).all()
        )
    assert len(texts) >= 61

    for code, text in texts.items():
        page = parse(client.get(f"/codes/{code}"))
        description = page.find("div", class_="description")
        assert description.attrs["lang"] == "zh-CN", code
        assert description.text == squash(text), code


@pytest.mark.parametrize(
    ("query", "headers", "lang"),
    [
        ("", {}, "zh-CN"),
        ("?lang=en", {}, "en"),
        ("", {"Accept-Language": "en"}, "en"),
        ("", {"Accept-Language": "en-GB,en;q=0.9"}, "en"),
        ("", {"Accept-Language": "fr-FR,fr;q=0.9"}, "zh-CN"),
        ("", {"Accept-Language": "zh"}, "zh-CN"),
        ("?lang=zh-CN", {"Accept-Language": "en"}, "zh-CN"),
        ("?lang=xx", {"Accept-Language": "en"}, "en"),
    ],
)
def test_detail_language_follows_query_then_accept_language(
    app, client, query, headers, lang
):
    with app.app_context():
        expected = db.session.get(Translation, (404, lang)).description

    response = client.get(f"/codes/404{query}", headers=headers)
    page = parse(response)

    assert response.headers["Content-Language"] == lang
    assert "Accept-Language" in response.headers["Vary"]
    assert page.find("html").attrs["lang"] == lang
    description = page.find("div", class_="description")
    assert description.attrs["lang"] == lang
    assert description.text == squash(expected)
    switch = page.find("nav", class_="languages").find("button", value=lang)
    assert switch.attrs.get("aria-current") == "true"


def test_list_page_sends_language_headers(client):
    response = client.get("/", headers={"Accept-Language": "en"})

    assert response.headers["Content-Language"] == "en"
    assert "Accept-Language" in response.headers["Vary"]
    assert parse(response).find("html").attrs["lang"] == "en"


@pytest.mark.parametrize("code", [103, 425])
def test_detail_marks_a_fallback_to_another_language(client, code):
    page = parse(client.get(f"/codes/{code}?lang=zh-CN"))

    assert page.find("html").attrs["lang"] == "zh-CN"
    # A Chinese page has a Chinese interface: "There is no Chinese description
    # yet, so this is the English one."
    fallback = page.find("p", class_="fallback")
    assert "还没有中文说明，这里显示的是英文说明" in fallback.text
    assert page.find("div", class_="description").attrs["lang"] == "en"


def test_detail_without_fallback_has_no_fallback_mark(client):
    page = parse(client.get("/codes/404"))

    assert page.find_all(class_="fallback") == []


def test_detail_shows_the_other_language(app, client):
    with app.app_context():
        english = db.session.get(Translation, (200, "en")).description

    page = parse(client.get("/codes/200"))

    other = page.find("div", class_="translation")
    assert other.attrs["lang"] == "en"
    assert squash(english) in other.text
    assert other.find("a", hreflang="en").attrs["href"].endswith("lang=en")


@pytest.mark.parametrize(
    ("code", "facts"),
    # The default, Chinese page: registry statuses in the interface language.
    [
        (404, ["404 Not Found", "4xx · 客户端响应", "永久", "RFC 9110"]),
        (413, ["Content Too Large", "Payload Too Large", "Request Entity Too Large"]),
        (306, ["未使用", "Switch Proxy"]),
        (305, ["已弃用"]),
        (510, ["已废止"]),
        (102, ["Processing", "WebDAV"]),
    ],
)
def test_detail_shows_registry_facts(client, code, facts):
    header = parse(client.get(f"/codes/{code}")).find("header", class_="code-header")

    for fact in facts:
        assert fact in header.text


def test_detail_links_to_the_reference(app, client):
    with app.app_context():
        url = db.session.get(StatusCode, 418).reference_url

    page = parse(client.get("/codes/418", headers=ENGLISH))

    assert page.find("dl", class_="facts").find("a", href=url)
    badge = page.find("span", class_="badge")
    assert badge.text == "unused"
    assert "status-unused" in badge.classes


@pytest.mark.parametrize(
    ("code", "before", "after"),
    [
        (404, 403, 405),
        (100, None, 101),
        (511, 510, 520),
        (599, 598, None),
        (226, 208, 300),
    ],
)
def test_detail_links_to_neighbouring_codes(client, code, before, after):
    nav = parse(client.get(f"/codes/{code}?lang=en")).find("nav", class_="neighbours")

    for rel, neighbour in (("prev", before), ("next", after)):
        links = nav.find_all("a", rel=rel)
        if neighbour is None:
            assert links == []
        else:
            assert links[0].attrs["href"] == f"/codes/{neighbour}?lang=en"


@pytest.mark.parametrize("path", ["/codes/999", "/codes/600", "/codes/99"])
def test_unknown_code_gets_an_html_404_page(client, path):
    response = client.get(path, headers=ENGLISH)

    assert response.status_code == 404
    assert response.mimetype == "text/html"
    page = parse(response)
    assert page.find("h1").text == "404 Not Found"
    assert "All codes" in [a.text for a in page.find_all("a", href="/")]
    assert page.find("main")


# Notes


def test_seeded_notes_are_rendered_as_markdown(client):
    notes = parse(client.get("/codes/418?lang=en")).find("section", class_="notes")

    note = notes.find("li", class_="note")
    assert note.attrs["lang"] == "en"
    assert note.find("strong").text == "reserved and unused"
    assert note.find("a").attrs["href"].startswith("https://www.rfc-editor.org/")


def test_a_chinese_reader_learns_in_chinese_that_507s_text_is_wrong(client):
    notes = parse(client.get("/codes/507")).find("section", class_="notes")

    # The source page's readers get the note in their language, first and open.
    first = notes.find("ol").find("li", class_="note")
    assert first.attrs["lang"] == "zh-CN"
    assert "这段中文说明写错了" in first.text
    assert "506 Variant Also Negotiates" in first.text
    assert "Insufficient Storage" in first.text and "存储空间不足" in first.text
    # The English note is one click away, not mixed in.
    other = notes.find("details", class_="other-notes")
    assert other.find("li", class_="note").attrs["lang"] == "en"
    assert "describes **506" not in other.text and "506" in other.text


def test_an_english_reader_gets_the_english_note_first(client):
    notes = parse(client.get("/codes/507?lang=en")).find("section", class_="notes")

    assert notes.find("ol").find("li", class_="note").attrs["lang"] == "en"
    assert notes.find("details").find("li", class_="note").attrs["lang"] == "zh-CN"


@pytest.mark.parametrize(
    ("code", "name"), [(418, "I'm a teapot"), (306, "Switch Proxy")]
)
def test_an_unused_code_is_headed_with_its_best_known_name_marked(client, code, name):
    page = client.get(f"/codes/{code}?lang=en", headers={"Accept-Language": "en"})
    header = parse(page).find("header", class_="code-header")

    assert header.find("h1").find(class_="phrase").text == "(Unused)"
    known = header.find("p", class_="known-as")
    assert known.find("q").text == name
    assert "not its registered phrase" in known.text


def test_a_registered_phrase_needs_no_other_name(client):
    header = parse(client.get("/codes/404?lang=en")).find(
        "header", class_="code-header"
    )
    assert header.find_all("p", class_="known-as") == []


def test_every_seeded_note_is_in_chinese_and_english(app):
    with app.app_context():
        notes = db.session.scalars(sa.select(Note).where(Note.seed_key.is_not(None)))
        by_code: dict[int, set] = {}
        for note in notes:
            by_code.setdefault(note.code, set()).add(note.lang)
    assert by_code and all(langs == {"en", "zh-CN"} for langs in by_code.values())


def add_note(app, code: int, body: str) -> None:
    with app.app_context():
        db.session.add(Note(code=code, lang="en", body=body))
        db.session.commit()


@pytest.mark.parametrize(
    ("body", "shown", "forbidden"),
    [
        ("Before <script>alert('x')</script> after", "Before after", "<script"),
        ("[click me](javascript:alert(1))", "click me", "javascript:"),
        ('<a href="javascript:alert(1)">click me</a>', "click me", "javascript:"),
        ('<img src="x" onerror="alert(1)"> picture', "picture", "onerror"),
        ('<p style="color:red" onclick="alert(1)">styled</p>', "styled", "onclick"),
    ],
)
def test_notes_with_markup_come_out_inert(app, client, body, shown, forbidden):
    add_note(app, 204, body)

    response = client.get("/codes/204")
    html = response.get_data(as_text=True)

    note = parse(response).find("li", class_="note")
    assert shown in note.text
    notes = html[html.index('<section class="notes"') :]
    assert forbidden not in notes
    assert "alert(" not in html


def test_note_links_are_kept_and_marked_external(app, client):
    add_note(app, 204, "See [RFC 9110](https://www.rfc-editor.org/rfc/rfc9110).")

    link = parse(client.get("/codes/204")).find("li", class_="note").find("a")

    assert link.attrs["href"] == "https://www.rfc-editor.org/rfc/rfc9110"
    assert "noopener" in link.attrs["rel"]


# Every page


@pytest.mark.parametrize("path", ["/", "/?q=teapot", "/codes/200", "/codes/999"])
def test_pages_have_landmarks_and_no_inline_code(client, path):
    response = client.get(path)
    page = parse(response)

    for landmark in ("header", "nav", "main", "footer"):
        assert page.find_all(landmark), landmark
    assert page.find("a", class_="skip").attrs["href"] == "#main"
    assert page.find("main").attrs["id"] == "main"
    # The Content-Security-Policy is default-src 'self': inline code would not run.
    for script in page.find_all("script"):
        assert script.attrs["src"].startswith("/static/") and not script.children
    assert page.find_all("style") == []
    for element in page.iter():
        inline = [a for a in element.attrs if a == "style" or a.startswith("on")]
        assert not inline, (element.tag, inline)
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_stylesheet_is_served_locally(client):
    page = parse(client.get("/"))

    href = page.find("link", rel="stylesheet").attrs["href"]
    assert re.fullmatch(r"/static/style\.[0-9a-f]{12}\.css", href)
    response = client.get(href)
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    assert b"prefers-color-scheme: dark" in response.data
    # The name changes with the content, so the file may be kept for a year.
    assert response.cache_control.max_age == 365 * 24 * 3600
    assert response.cache_control.immutable
    assert hashlib.sha256(response.data).hexdigest().startswith(href.split(".")[1])
    plain = client.get("/static/style.css")
    assert plain.data == response.data and not plain.cache_control.immutable


# Queries


def test_list_page_queries_do_not_grow_with_the_number_of_codes(
    app, client, count_queries
):
    with count_queries() as full:
        full_page = parse(client.get("/"))
    with app.app_context():
        for record in db.session.scalars(
            sa.select(StatusCode).where(StatusCode.code % 2 == 0)
        ):
            db.session.delete(record)
        db.session.commit()
    with count_queries() as half:
        half_page = parse(client.get("/"))

    assert len(shown_codes(half_page)) < len(shown_codes(full_page)) == 88
    assert len(half) == len(full), (full, half)


def test_detail_page_queries_do_not_grow_with_the_number_of_notes(
    app, client, count_queries
):
    with count_queries() as before:
        client.get("/codes/204")
    for n in range(5):
        add_note(app, 204, f"Note {n}")
    with count_queries() as after:
        page = parse(client.get("/codes/204"))

    assert len(page.find_all("li", class_="note")) == 5
    assert len(after) == len(before), (before, after)
