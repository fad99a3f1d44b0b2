"""Choosing the language of a new text, and languages named in the interface's."""

import pytest
from html_support import ENGLISH, Visitor, as_user, parse

from statusapp.extensions import db
from statusapp.models import Language
from statusapp.services import translations

CHINESE = {"Accept-Language": "zh-CN"}


@pytest.fixture
def more_languages(app, japanese):
    """Japanese and German enabled, French disabled."""
    with app.app_context():
        db.session.add(Language(tag="de", name="German", native_name="Deutsch"))
        db.session.add(
            Language(tag="fr", name="French", native_name="Français", enabled=False)
        )
        db.session.commit()


def write(app, code: int, lang: str, description: str) -> None:
    as_user(
        app,
        "eddie",
        lambda user: translations.save_translation(
            code, lang, {"description": description}, user
        ),
    )


def offered(page) -> list[tuple[str, str]]:
    select = page.find("form", class_="edit").find("select", name="lang")
    return [(o.attrs["value"], o.text) for o in select.find_all("option")]


def written(page) -> list[tuple[str, str]]:
    return [
        (a.text, a.attrs["href"])
        for a in page.find("p", class_="written").iter()
        if a.tag == "a"
    ]


@pytest.mark.parametrize(
    ("code", "texts", "expected"),
    [
        (404, [], [("de", "German (Deutsch)"), ("ja", "Japanese (日本語)")]),
        (404, ["ja"], [("de", "German (Deutsch)")]),
        # The source language is offered first when the code lacks it.
        (
            103,
            [],
            [
                ("zh-CN", "Chinese (简体中文)"),
                ("de", "German (Deutsch)"),
                ("ja", "Japanese (日本語)"),
            ],
        ),
    ],
)
def test_the_choice_offers_the_enabled_languages_without_a_text(
    app, visitor, more_languages, code, texts, expected
):
    for tag in texts:
        write(app, code, tag, "テキスト。")
    # A text in a language since disabled is linked to, never offered.
    write(app, code, "fr", "Un texte.")
    with app.app_context():
        db.session.get(Language, "fr").enabled = False
        db.session.commit()

    response = visitor("editor").get(f"/codes/{code}/translations/new", headers=ENGLISH)

    assert response.status_code == 200
    page = parse(response)
    assert offered(page) == expected
    names = [name for name, _url in written(page)]
    assert "French" in names and "German" not in names
    assert ("French", f"/codes/{code}#translation-fr") in written(page)
    assert ("English", f"/codes/{code}?lang=en") in written(page)


def test_the_existing_texts_are_linked_in_the_interface_language(
    app, visitor, japanese
):
    write(app, 404, "ja", "見つかりません。")
    page = parse(visitor("editor").get("/codes/404/translations/new", headers=CHINESE))
    assert written(page) == [
        ("中文", "/codes/404?lang=zh-CN"),
        ("英文", "/codes/404?lang=en"),
        ("日语", "/codes/404?lang=ja"),
    ]


@pytest.mark.parametrize(
    ("tag", "heading"),
    [
        ("ja", "Write the Japanese text of 404"),
        ("de", "Write the German text of 404"),
        # A text written since the page was loaded opens in its edit form.
        ("en", "Edit the English text of 404"),
    ],
)
def test_the_choice_leads_to_the_language_s_form(visitor, more_languages, tag, heading):
    eddie = visitor("editor")
    page = parse(eddie.get("/codes/404/translations/new", headers=ENGLISH))
    action = page.find("form", class_="edit").attrs["action"]

    response = eddie.get(action, query_string={"lang": tag}, headers=ENGLISH)

    assert response.status_code == 302
    assert response.location == f"/codes/404/translations/{tag}/edit"
    form = parse(eddie.get(response.location, headers=ENGLISH))
    assert form.find("h1").text == heading


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        (
            "fr",
            "French is disabled, so it takes no new texts; an admin can enable it "
            "on the languages page.",
        ),
        ("xx", "'xx' is not one of the catalogue's languages."),
        ("en_US", "'en_US' is not a BCP 47 language tag"),
        ("", "A language tag is required"),
    ],
)
def test_a_tag_that_was_not_offered_is_refused(visitor, more_languages, tag, message):
    response = visitor("editor").get(
        "/codes/404/translations/new", query_string={"lang": tag}, headers=ENGLISH
    )

    assert response.status_code == 422
    page = parse(response)
    control = page.find("form", class_="edit").find("select", name="lang")
    assert control.attrs["aria-invalid"] == "true"
    assert message in page.find(id="lang-errors").text
    assert message in page.find("div", class_="error-summary").text
    assert page.find("title").text.startswith("Error: New text for 404")
    # The choice is still there, to pick again.
    assert [value for value, _label in offered(page)] == ["de", "ja"]


@pytest.mark.parametrize(
    ("who", "link"), [("admin", "/admin/languages"), ("editor", None)]
)
def test_a_code_with_every_text_says_so(visitor, who, link):
    page = parse(visitor(who).get("/codes/404/translations/new", headers=ENGLISH))

    assert page.find_all("select", name="lang") == []
    note = page.find("p", class_="all-written")
    assert "It has a text in every language the catalogue offers." in note.text
    links = [a.attrs["href"] for a in note.iter() if a.tag == "a"]
    assert links == ([link] if link else [])
    if not link:
        assert "An admin can add or enable another language." in note.text


@pytest.mark.parametrize(
    ("path", "title", "heading"),
    [
        ("/translations/ja/import", "向日语导入文本", "日语"),
        ("/translations", "译文", "日语：待处理的内容"),
    ],
)
def test_pages_name_the_language_in_the_interface_language(
    app, users, japanese, path, title, heading
):
    chinese = Visitor(app, language="zh-CN").login(users["editor"])
    page = parse(chinese.get(path))
    assert page.find("title").text.startswith(title)
    headings = [h.text for h in page.iter() if h.tag in ("h1", "h2")]
    assert any(heading in h for h in headings), headings
    assert "Japanese" not in page.find("main").text


def test_a_refusal_with_nothing_left_to_offer_is_listed_on_top(visitor):
    response = visitor("editor").get(
        "/codes/404/translations/new", query_string={"lang": "xx"}, headers=ENGLISH
    )

    assert response.status_code == 422
    page = parse(response)
    summary = page.find("div", class_="error-summary")
    assert "'xx' is not one of the catalogue's languages." in summary.text
    assert summary.find_all("a") == []
    assert page.find("p", class_="all-written") is not None
