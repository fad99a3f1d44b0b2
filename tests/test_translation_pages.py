"""The translation workflow in the HTML pages: badges, review, dashboard, languages."""

import pytest
from html_support import ENGLISH, Visitor, as_user, parse

from statusapp.extensions import db
from statusapp.models import Language
from statusapp.services import translations


def flashes(page) -> list[str]:
    return [p.text for p in page.find_all("p", class_="flash")]


def write(app, who, code, lang, description):
    as_user(
        app,
        who,
        lambda user: translations.save_translation(
            code, lang, {"description": description}, user
        ),
    )


def state_of(page, lang) -> str:
    block = page.find("div", id=f"translation-{lang}")
    return block.find("span", class_="badge").classes[-1]


def buttons(page, label: str) -> list:
    return [b for b in page.find_all("button") if b.text == label]


def press(visit: Visitor, page, label: str):
    """Submit the form of the button labelled ``label``, as a browser would."""
    (button,) = buttons(page, label)
    form = button.parent
    while form.tag != "form":
        form = form.parent
    data = {i.attrs["name"]: i.attrs.get("value", "") for i in form.find_all("input")}
    return visit.post(form.attrs["action"], data, headers=ENGLISH)


def coverage_row(page, tag) -> dict[str, str]:
    row = page.find("tr", id=f"coverage-{tag}")
    return {td.attrs["data-state"]: td.text.strip() for td in row.find_all("td")[:-1]}


# Badges and the review button ---------------------------------------------------


def test_each_text_shows_its_state_to_editors(visitor):
    page = parse(visitor("editor").get("/codes/404", headers=ENGLISH))
    # English is the content language here, so the Chinese text is "other".
    assert state_of(page, "zh-CN") == "state-reviewed"
    shown = page.find("section", class_="description-block")
    assert shown.find("span", class_="badge").text == "Reviewed"


def test_readers_see_the_text_not_the_workflow(app, visitor):
    page = parse(visitor().get("/codes/404", headers=ENGLISH))
    shown = page.find("section", class_="description-block")
    assert "Draft" not in shown.text and "Reviewed" not in page.text
    assert shown.find_all("span", class_="badge") == []
    assert (
        page.find("div", id="translation-zh-CN").find_all("span", class_="badge") == []
    )

    # A text whose source changed since gets a quiet marker, and the change.
    write(app, "eddie", 404, "zh-CN", "服务器找不到请求的资源,也许它从未存在。")
    page = parse(visitor().get("/codes/404?lang=en", headers=ENGLISH))
    block = page.find("section", class_="description-block")
    assert block.find_all("span", class_="badge") == []
    marker = block.find("p", class_="marker")
    assert marker.text.strip() == "The source text changed after this text was written."
    assert block.find("details", class_="source-diff").find_all("ins")


def test_a_second_editor_reviews_a_text_with_the_button(app, visitor):
    write(app, "eddie", 404, "en", "The server has no such resource.")

    author = parse(visitor("editor").get("/codes/404?lang=en", headers=ENGLISH))
    assert buttons(author, "Mark as reviewed (en)") == []

    erin = visitor("editor2")
    page = parse(erin.get("/codes/404?lang=en", headers=ENGLISH))
    response = press(erin, page, "Mark as reviewed (en)")

    assert response.status_code == 303
    assert response.location == "/codes/404?lang=en"
    after = parse(erin.get(response.location, headers=ENGLISH))
    assert "Marked the en text of 404 reviewed." in flashes(after)
    block = after.find("section", class_="description-block")
    assert block.find("span", class_="badge").text == "Reviewed"
    assert "Reviewed by erin" in block.text


def test_a_review_of_a_changed_text_is_refused(app, visitor):
    write(app, "eddie", 404, "en", "The server has no such resource.")
    erin = visitor("editor2")
    page = parse(erin.get("/codes/404?lang=en", headers=ENGLISH))
    write(app, "eddie", 404, "en", "Changed while Erin was reading.")

    response = press(erin, page, "Mark as reviewed (en)")

    after = parse(erin.get(response.location, headers=ENGLISH))
    assert "Someone changed the en text meanwhile; read it again." in flashes(after)
    block = after.find("section", class_="description-block")
    assert block.find("span", class_="badge").text == "Draft"


def test_an_outdated_text_shows_how_the_source_changed(app, visitor):
    write(app, "eddie", 404, "zh-CN", "服务器找不到请求的资源,也许它从未存在。")

    erin = visitor("editor2")
    page = parse(erin.get("/codes/404?lang=en", headers=ENGLISH))
    block = page.find("section", class_="description-block")
    assert block.find("span", class_="badge").text == "Outdated"
    diff = block.find("details", class_="source-diff")
    assert diff.find("div", class_="diff").attrs["lang"] == "zh-CN"
    assert "也许它从未存在" in " ".join(x.text for x in diff.find_all("ins"))
    assert diff.find_all("del")

    response = press(erin, page, "It still holds (en)")
    after = parse(erin.get(response.location, headers=ENGLISH))
    block = after.find("section", class_="description-block")
    assert block.find("span", class_="badge").text == "Draft"
    assert block.find_all("details", class_="source-diff") == []


def test_the_edit_form_shows_the_source_text_and_the_state(app, visitor):
    write(app, "eddie", 404, "zh-CN", "新的中文说明。")
    page = parse(
        visitor("editor2").get("/codes/404/translations/en/edit", headers=ENGLISH)
    )
    source = page.find("section", class_="source-text")
    assert source.find("div").attrs["lang"] == "zh-CN"
    assert "新的中文说明。" in source.text
    assert page.find("span", class_="badge").text == "Outdated"


def test_readers_see_no_review_buttons(visitor):
    page = parse(visitor().get("/codes/404?lang=en", headers=ENGLISH))
    assert buttons(page, "Mark as reviewed (en)") == []


# The dashboard ----------------------------------------------------------------------


def test_the_dashboard_counts_each_state(app, visitor, japanese):
    write(app, "eddie", 404, "ja", "見つかりません。")
    write(app, "eddie", 500, "ja", "サーバーエラー。")
    write(app, "eddie", 404, "zh-CN", "新的中文说明。")

    page = parse(visitor().get("/translations", headers=ENGLISH))

    assert coverage_row(page, "ja") == {
        "reviewed": "0 (0%)",
        "draft": "1 (1%)",
        "outdated": "1 (1%)",
        "disputed": "0 (0%)",
        "missing": "86 (97%)",
    }
    assert coverage_row(page, "en")["outdated"] == "1 (1%)"
    assert coverage_row(page, "zh-CN") == {
        "reviewed": "81 (92%)",
        "draft": "1 (1%)",
        "outdated": "0 (0%)",
        "disputed": "4 (4%)",
        "missing": "2 (2%)",
    }
    work = page.find("section", id="work-ja")
    items = work.find_all("li", class_="work-item")
    assert len(items) == 88
    # Missing texts first, then outdated ones, then drafts.
    assert [i.attrs["data-state"] for i in items[-2:]] == ["outdated", "draft"]
    assert items[-1].find("a").attrs["href"] == "/codes/500/translations/ja/edit"


def test_the_dashboard_query_count_does_not_grow_with_languages(
    app, client, count_queries
):
    with count_queries() as two:
        assert client.get("/translations").status_code == 200
    with app.app_context():
        for tag, name in (("ja", "日本語"), ("fr", "Français"), ("de", "Deutsch")):
            db.session.add(Language(tag=tag, name=tag, native_name=name))
        db.session.commit()
    with count_queries() as five:
        page = parse(client.get("/translations"))
    assert len(page.find_all("section", class_="work")) == 5
    assert len(two) == len(five)


def test_the_dashboard_leaves_out_disabled_languages(app, visitor, japanese):
    with app.app_context():
        db.session.get(Language, "ja").enabled = False
        db.session.commit()
    page = parse(visitor().get("/translations", headers=ENGLISH))
    assert page.find_all("tr", id="coverage-ja") == []
    assert page.find("tr", id="coverage-en") is not None


# The languages page -------------------------------------------------------------


def test_an_admin_adds_and_disables_a_language(visitor, client):
    ada = visitor("admin")
    page = parse(ada.get("/admin/languages", headers=ENGLISH))
    assert page.find("tr", id="language-zh-CN").find_all("button") == []

    response = ada.post(
        "/admin/languages",
        {"tag": "FR", "name": "French", "native_name": "Français"},
        headers=ENGLISH,
    )
    assert response.status_code == 303
    page = parse(ada.get(response.location, headers=ENGLISH))
    assert "Added French (fr)." in flashes(page)
    assert client.get("/api/v1/languages/fr").json["enabled"] is True

    response = ada.post("/admin/languages/fr/disable", headers=ENGLISH)
    page = parse(ada.get(response.location, headers=ENGLISH))
    assert "French is hidden from readers." in flashes(page)
    assert client.get("/api/v1/languages/fr").json["enabled"] is False


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"tag": "en_US", "name": "x", "native_name": "y"}, "tag", "BCP 47"),
        ({"tag": "en", "name": "x", "native_name": "y"}, "tag", "already"),
        ({"tag": "ja", "name": "", "native_name": "日本語"}, "name", "empty"),
    ],
)
def test_a_bad_language_is_refused_on_the_form(visitor, client, data, field, message):
    response = visitor("admin").post("/admin/languages", data, headers=ENGLISH)
    assert response.status_code == 422
    page = parse(response)
    assert message in page.find(id=f"{field}-errors").text
    assert len(client.get("/api/v1/languages").json) == 2


@pytest.mark.parametrize(("who", "status"), [("editor", 403), (None, 302)])
def test_only_admins_see_the_languages_page(visitor, who, status):
    assert visitor(who).get("/admin/languages").status_code == status


# Which language a reader gets ---------------------------------------------------


@pytest.mark.parametrize(
    ("query", "cookie", "accept", "expected"),
    [
        ("?lang=en", "zh-CN", "zh-CN", "en"),
        ("", "en", "zh-CN", "en"),
        ("", "zh-CN", "en", "zh-CN"),
        ("", None, "en-GB,en;q=0.9", "en"),
        ("", None, "fr, en;q=0.5", "en"),
        ("", None, "fr", "zh-CN"),
        ("", None, None, "zh-CN"),
        # A language that is not offered is passed over, not trusted.
        ("?lang=xx", None, "en", "en"),
        ("", "xx", None, "zh-CN"),
    ],
)
def test_the_content_language_follows_the_negotiation(
    client, query, cookie, accept, expected
):
    if cookie:
        client.set_cookie("lang", cookie, domain="statusapp.test")
    headers = {"Accept-Language": accept} if accept else {}
    response = client.get(f"/codes/404{query}", headers=headers)
    assert response.headers["Content-Language"] == expected
    assert {"Accept-Language", "Cookie"} <= set(response.vary)
    page = parse(response)
    assert page.find("html").attrs["lang"] == expected
    assert page.find("div", class_="description").attrs["lang"] == expected


def test_a_missing_text_falls_back_to_english_and_says_so(client, japanese):
    page = parse(client.get("/codes/404?lang=ja", headers=ENGLISH))
    assert page.find("html").attrs["lang"] == "ja"
    fallback = page.find("p", class_="fallback")
    assert fallback.find("span", class_="badge").text == "Missing"
    assert page.find("div", class_="description").attrs["lang"] == "en"


def test_the_services_refusals_read_in_the_interface_language(app, users):
    chinese = Visitor(app, language="zh-CN").login(users["admin"])
    response = chinese.post(
        "/admin/languages", {"tag": "en_US", "name": " ", "native_name": "美式"}
    )
    assert response.status_code == 422
    page = parse(response)
    assert "不是 BCP 47 语言标签" in page.find(id="tag-errors").text
    assert "不能为空。" in page.find(id="name-errors").text
