"""Saving through the HTML editing forms: the change shows on the page and in the
history."""

import sqlalchemy as sa
from form_support import flashes, follow, history_headings, stored
from html_support import field_value, parse, revision_count

from statusapp.extensions import db
from statusapp.models import Note, StatusCode, Translation


def test_editor_edits_a_codes_fields(app, visitor):
    eddie = visitor("editor")
    form = eddie.form_values("/codes/418/edit")
    assert form["version"] == str(stored(app, StatusCode, 418, "version"))
    form.update(
        reason_phrase="I'm a teapot",
        aliases="Teapot\n\nHTCPCP  ",
        reference="RFC 2324",
        reference_url="https://www.rfc-editor.org/rfc/rfc2324",
        registry_status="deprecated",
    )

    response = eddie.post("/codes/418/edit", form)

    assert response.location == "/codes/418"
    page = parse(follow(eddie, response))
    assert "Saved your changes to 418 I'm a teapot." in flashes(page)
    header = page.find("header", class_="code-header")
    assert header.find("h1").text == "418 I'm a teapot"
    assert [li.text for li in header.find("ul", class_="aliases").find_all("li")] == [
        "Teapot",
        "HTCPCP",
    ]
    link = header.find("a", href="https://www.rfc-editor.org/rfc/rfc2324")
    assert link.text == "RFC 2324"
    assert "deprecated" in header.find("span", class_="badge").text
    assert history_headings(eddie, 418)[0] == "#1 eddie changed the code 418"


def test_saving_an_unchanged_form_records_nothing(app, visitor):
    eddie = visitor("editor")

    response = eddie.post("/codes/404/edit", eddie.form_values("/codes/404/edit"))

    assert "Nothing changed in 404" in flashes(parse(follow(eddie, response)))[0]
    assert revision_count(app) == 0


def test_editor_rewrites_a_translation(app, visitor):
    eddie = visitor("editor")
    form = eddie.form_values("/codes/404/translations/zh-CN/edit")
    assert form["description"] == stored(
        app, Translation, (404, "zh-CN"), "description"
    )
    form.update(title="未找到", description="服务器找不到请求的资源。\n第二段。")

    response = eddie.post("/codes/404/translations/zh-CN/edit", form)

    assert response.location == "/codes/404?lang=zh-CN"
    page = parse(follow(eddie, response))
    assert "Saved the zh-CN text of 404." in flashes(page)
    description = page.find("div", class_="description")
    assert [p.text for p in description.find_all("p")] == [
        "服务器找不到请求的资源。",
        "第二段。",
    ]
    assert page.find("p", class_="local-title").text == "未找到"
    history = parse(eddie.get("/codes/404/history"))
    outdated, latest = history.find_all("li", class_="revision")
    # The change to the source text, then what it did to the English text.
    assert latest.find("h2").text == "#1 eddie changed the zh-CN text"
    assert outdated.find("h2").text == "#2 eddie changed the en text"
    assert [dt.text for dt in outdated.find_all("dt")] == ["Review state"]
    assert "[added: Outdated ]" in outdated.find("dd").text
    labels = [dt.text for dt in latest.find_all("dt")]
    diffs = dict(zip(labels, latest.find_all("dd"), strict=True))
    assert labels == ["Title", "Description", "Review state"]
    assert diffs["Title"].find("ins").text == "[added: 未找到 ]"
    assert "服务器找不到" in diffs["Description"].find("ins").text
    assert diffs["Description"].find_all("del")


def test_editor_adds_a_translation_in_a_new_language(app, visitor, japanese):
    eddie = visitor("editor")
    picked = eddie.get("/codes/404/translations/new", query_string={"lang": "ja"})
    assert picked.location == "/codes/404/translations/ja/edit"
    form = eddie.form_values(picked.location)
    assert (form["version"], form["title"], form["description"]) == ("0", "", "")
    form.update(title="見つかりません", description="リソースが見つかりません。")

    response = eddie.post(picked.location, form)

    assert response.location == "/codes/404?lang=ja"
    page = parse(follow(eddie, response))
    assert "Added the ja text of 404." in flashes(page)
    text = page.find("div", class_="description")
    assert text.attrs["lang"] == "ja"
    assert "リソースが見つかりません。" in text.text
    assert history_headings(eddie, 404)[0] == "#1 eddie added the ja text"


def test_note_preview_shows_the_rendered_note_and_saves_nothing(app, visitor):
    eddie = visitor("editor")
    body = "**Careful**: see [RFC 9110](https://www.rfc-editor.org/rfc/rfc9110)."

    response = eddie.post(
        "/codes/404/notes/new", {"body": body, "lang": "en", "preview": "y"}
    )

    assert response.status_code == 200
    page = parse(response)
    preview = page.find("section", class_="preview")
    assert preview.find("strong").text == "Careful"
    assert preview.find("a").attrs["href"] == "https://www.rfc-editor.org/rfc/rfc9110"
    assert field_value(page, "body") == body
    assert field_value(page, "lang") == "en"
    assert revision_count(app) == 0


def test_editor_adds_edits_and_deletes_a_note(app, visitor):
    eddie = visitor("editor")

    added = eddie.post(
        "/codes/404/notes/new", {"body": "First *draft*.", "lang": "en", "save": "y"}
    )

    with app.app_context():
        note_id = db.session.scalar(sa.select(Note.id).where(Note.code == 404))
    assert added.location == f"/codes/404#note-{note_id}"
    page = parse(follow(eddie, added))
    assert page.find("li", id=f"note-{note_id}").find("em").text == "draft"

    form = eddie.form_values(f"/notes/{note_id}/edit")
    form.update(body="Final text.", save="y")
    edited = eddie.post(f"/notes/{note_id}/edit", form)
    note = parse(follow(eddie, edited)).find("li", id=f"note-{note_id}")
    assert "Final text." in note.text

    confirm = parse(eddie.get(f"/notes/{note_id}/delete"))
    assert "Final text." in confirm.find("div", class_="note").text
    version = confirm.find("input", name="version").attrs["value"]
    deleted = eddie.post(f"/notes/{note_id}/delete", {"version": version})
    page = parse(follow(eddie, deleted))
    assert "Deleted the note on 404." in flashes(page)
    assert page.find_all("li", id=f"note-{note_id}") == []
    assert history_headings(eddie, 404) == [
        f"#3 eddie deleted note #{note_id}",
        f"#2 eddie changed note #{note_id}",
        f"#1 eddie added note #{note_id}",
    ]


def test_admin_creates_and_deletes_a_code(app, visitor):
    ada = visitor("admin")
    form = ada.form_values("/codes/new")
    form.update(
        code="299",
        reason_phrase="Miscellaneous Persistent Warning",
        aliases="",
        reference="RFC 9111",
        reference_url="https://www.rfc-editor.org/rfc/rfc9111",
        registry_status="unregistered",
    )

    created = ada.post("/codes/new", form)

    assert created.location == "/codes/299"
    page = parse(follow(ada, created))
    assert page.find("h1").text == "299 Miscellaneous Persistent Warning"
    assert 299 in [
        int(n.text) for n in parse(ada.get("/")).find_all("span", class_="number")
    ]

    confirm = parse(ada.get("/codes/299/delete"))
    assert "0 texts and 0 notes" in confirm.find("main").text
    version = confirm.find("input", name="version").attrs["value"]
    deleted = ada.post("/codes/299/delete", {"version": version})

    assert deleted.location == "/"
    assert "Deleted 299 with its translations and notes." in flashes(
        parse(follow(ada, deleted))
    )
    assert ada.get("/codes/299").status_code == 404
    assert history_headings(ada, 299) == [
        "#2 ada deleted the code 299",
        "#1 ada added the code 299",
    ]
