"""The HTML editing forms: what editors and admins change, and what is refused."""

import pytest
import sqlalchemy as sa
from html_support import (
    ENGLISH,
    PASSWORD,
    Visitor,
    as_user,
    assert_inert,
    field_value,
    form_data,
    parse,
    raw_text,
    revision_count,
)

from statusapp.extensions import db
from statusapp.models import Note, StatusCode, Translation, User
from statusapp.services import codes, notes, translations


def follow(visit: Visitor, response):
    assert response.status_code in (302, 303), response.get_data(as_text=True)
    return visit.get(response.location)


def flashes(page) -> list[str]:
    return [p.text for p in page.find_all("p", class_="flash")]


def history_headings(visit: Visitor, code: int) -> list[str]:
    page = parse(visit.get(f"/codes/{code}/history"))
    return [li.find("h2").text for li in page.find_all("li", class_="revision")]


def stored(app, model, key, attribute):
    with app.app_context():
        record = db.session.get(model, key)
        return None if record is None else getattr(record, attribute)


def add_note(app, username: str, code: int = 404, body: str = "A note.") -> int:
    return as_user(
        app, username, lambda user: notes.add_note(code, {"body": body}, user).id
    )


# Happy paths: the change shows on the page and in the history -----------------


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


# Bad input: 422, each field's error, the entered value kept, nothing saved ----

LONG = "x" * 101
BAD_INPUTS = [
    # who, form page, changed fields, the field in error, part of its message
    ("editor", "/codes/404/edit", {"reason_phrase": ""}, "reason_phrase", "empty"),
    ("editor", "/codes/404/edit", {"reason_phrase": LONG}, "reason_phrase", "100"),
    (
        "editor",
        "/codes/404/edit",
        {"reference_url": "not a url"},
        "reference_url",
        "http",
    ),
    (
        "editor",
        "/codes/404/edit",
        {"reference_url": "javascript:alert(1)"},
        "reference_url",
        "http or https URL",
    ),
    ("editor", "/codes/404/edit", {"aliases": f"Ok\n{LONG}"}, "aliases", "1 to 100"),
    (
        "editor",
        "/codes/404/edit",
        {"registry_status": "retired"},
        "registry_status",
        "Not a valid choice",
    ),
    ("admin", "/codes/new", {"code": "600", "reason_phrase": "Far"}, "code", "599"),
    ("admin", "/codes/new", {"code": "99", "reason_phrase": "Low"}, "code", "599"),
    ("admin", "/codes/new", {"code": "four", "reason_phrase": "X"}, "code", "number"),
    (
        "admin",
        "/codes/new",
        {"code": "404", "reason_phrase": "Again"},
        "code",
        "already",
    ),
    (
        "admin",
        "/codes/new",
        {"code": "299", "reason_phrase": ""},
        "reason_phrase",
        "empty",
    ),
    (
        "editor",
        "/codes/404/translations/zh-CN/edit",
        {"description": ""},
        "description",
        "empty",
    ),
    (
        "editor",
        "/codes/404/translations/en/edit",
        {"description": "  \n  "},
        "description",
        "empty",
    ),
    (
        "editor",
        "/codes/404/translations/ja/edit",
        {"title": "題", "description": ""},
        "description",
        "empty",
    ),
    (
        "editor",
        "/codes/404/translations/en/edit",
        {"title": "t" * 201},
        "title",
        "at most 200",
    ),
    ("editor", "/codes/404/notes/new", {"body": "", "save": "y"}, "body", "empty"),
    (
        "editor",
        "/codes/404/notes/new",
        {"body": "Fine.", "lang": "not a tag!", "save": "y"},
        "lang",
        "BCP 47",
    ),
    (
        "admin",
        "/admin/users",
        {"username": "zoe", "password": "short", "role": "editor"},
        "password",
        "at least 10",
    ),
    (
        "admin",
        "/admin/users",
        {"username": "z", "password": PASSWORD, "role": "editor"},
        "username",
        "2 to 40",
    ),
    (
        "admin",
        "/admin/users",
        {"username": "eddie", "password": PASSWORD, "role": "admin"},
        "username",
        "taken",
    ),
    (
        "admin",
        "/admin/users",
        {"username": "zoe", "password": PASSWORD, "role": "owner"},
        "role",
        "Not a valid choice",
    ),
]


def snapshot(app) -> tuple:
    with app.app_context():
        return (
            db.session.scalar(sa.select(sa.func.count()).select_from(User)),
            db.session.scalar(sa.select(sa.func.count()).select_from(StatusCode)),
            db.session.scalar(sa.select(sa.func.count()).select_from(Translation)),
            db.session.scalar(sa.select(sa.func.count()).select_from(Note)),
            db.session.get(StatusCode, 404).version,
            db.session.get(Translation, (404, "en")).version,
            db.session.get(Translation, (404, "zh-CN")).version,
        )


@pytest.mark.parametrize(("who", "url", "changes", "name", "message"), BAD_INPUTS)
def test_bad_input_is_refused_with_the_fields_error(
    app, visitor, japanese, who, url, changes, name, message
):
    session = visitor(who)
    form = session.form_values(url)
    form.update(changes)
    before = snapshot(app), revision_count(app)

    response = session.post(url, form, headers=ENGLISH)

    assert response.status_code == 422
    page = parse(response)
    # The form's own control: the header's language buttons are named lang too.
    control = page.find("form", class_="edit").find(name=name)
    assert control.attrs["aria-invalid"] == "true"
    errors_id = f"{control.attrs['id']}-errors"
    assert errors_id in control.attrs["aria-describedby"].split()
    assert message in page.find(id=errors_id).text
    assert message in page.find("div", class_="error-summary").text
    if control.tag == "input" and name != "password":  # passwords are not sent back
        assert field_value(page, name) == changes[name]
    for other, value in changes.items():
        if other not in (name, "password", "save"):
            assert field_value(page, other) == value
    assert page.find("title").text.startswith("Not saved")
    assert (snapshot(app), revision_count(app)) == before


@pytest.mark.parametrize("tag", ["en_US", "not a tag", "x", "zh-CN-"])
def test_a_new_translation_needs_a_language_tag(visitor, tag):
    response = visitor("editor").get(
        "/codes/404/translations/new", query_string={"lang": tag}
    )

    assert response.status_code == 422
    page = parse(response)
    control = page.find("input", name="lang")
    assert control.attrs["aria-invalid"] == "true"
    assert control.attrs["value"] == tag
    assert "BCP 47" in page.find(id="lang-errors").text


@pytest.mark.parametrize("tag", ["en_US", "zh-CN-", "1234"])
def test_a_translation_page_for_a_malformed_tag_does_not_exist(visitor, tag):
    assert visitor("editor").get(f"/codes/404/translations/{tag}/edit").status_code == (
        404
    )


def test_a_form_without_its_version_is_refused(app, visitor):
    eddie = visitor("editor")
    form = eddie.form_values("/codes/404/translations/en/edit")
    del form["version"]
    form["description"] = "Changed without a version."

    response = eddie.post("/codes/404/translations/en/edit", form)

    assert response.status_code == 422
    summary = parse(response).find("div", class_="error-summary")
    assert "version it was loaded at" in summary.text
    assert revision_count(app) == 0


# Someone saved first: a conflict shows both texts and saves nothing --------------


def change_code(app, user):
    codes.update_code(404, {"reason_phrase": "Their Phrase"}, user)


def change_en(app, user):
    translations.save_translation(404, "en", {"description": "Their text."}, user)


def create_ja(app, user):
    translations.save_translation(404, "ja", {"description": "彼らの文章。"}, user)


CONFLICTS = [
    # form page, what the other editor saves, field, their value, my value, stored
    (
        "/codes/404/edit",
        change_code,
        "reason_phrase",
        "Their Phrase",
        "My Phrase",
        (StatusCode, 404, "reason_phrase"),
    ),
    (
        "/codes/404/translations/en/edit",
        change_en,
        "description",
        "Their text.",
        "My text.",
        (Translation, (404, "en"), "description"),
    ),
    (
        "/codes/404/translations/ja/edit",
        create_ja,
        "description",
        "彼らの文章。",
        "私の文章。",
        (Translation, (404, "ja"), "description"),
    ),
]


@pytest.mark.parametrize(
    ("url", "theirs", "name", "their_value", "my_value", "where"), CONFLICTS
)
def test_a_stale_form_shows_both_texts_and_saves_nothing(
    app, visitor, japanese, url, theirs, name, their_value, my_value, where
):
    eddie = visitor("editor")
    form = eddie.form_values(url)
    as_user(app, "erin", lambda erin: theirs(app, erin))
    count = revision_count(app)
    form[name] = my_value

    response = eddie.post(url, form)

    assert response.status_code == 409
    page = parse(response)
    conflict = page.find("section", class_="conflict")
    assert "not saved" in conflict.text
    assert "by erin" in conflict.text
    compared = conflict.find("div", id=f"compare-{name}")
    assert compared.find("div", class_="saved").text == their_value
    assert compared.find("div", class_="yours").text == my_value
    diff = compared.find("div", class_="diff")
    assert diff.find_all("del") and diff.find_all("ins")
    assert stored(app, *where) == their_value
    assert revision_count(app) == count
    assert field_value(page, name) == my_value

    # The form now carries the saved version: resubmitting replaces theirs.
    again = eddie.post(url, form_data(page))

    assert again.status_code == 302
    assert stored(app, *where) == my_value


def test_a_stale_note_form_shows_both_texts(app, visitor):
    note_id = add_note(app, "eddie", body="Original.")
    eddie = visitor("editor")
    form = eddie.form_values(f"/notes/{note_id}/edit")
    as_user(
        app,
        "ada",
        lambda ada: notes.update_note(note_id, {"body": "Admin's text."}, ada),
    )
    form.update(body="Eddie's text.", save="y")

    response = eddie.post(f"/notes/{note_id}/edit", form)

    assert response.status_code == 409
    compared = parse(response).find("div", id="compare-body")
    assert compared.find("div", class_="saved").text == "Admin's text."
    assert compared.find("div", class_="yours").text == "Eddie's text."
    assert stored(app, Note, note_id, "body") == "Admin's text."


def test_a_translation_deleted_meanwhile_is_not_silently_recreated(app, visitor):
    eddie = visitor("editor")
    form = eddie.form_values("/codes/404/translations/en/edit")
    as_user(app, "erin", lambda erin: translations.delete_translation(404, "en", erin))
    form["description"] = "Mine."

    response = eddie.post("/codes/404/translations/en/edit", form)

    assert response.status_code == 409
    page = parse(response)
    assert "was deleted" in page.find("section", class_="conflict").text
    assert stored(app, Translation, (404, "en"), "description") is None
    assert field_value(page, "version") == "0"


def test_a_stale_delete_confirmation_asks_again(app, visitor):
    ada = visitor("admin")
    version = parse(ada.get("/codes/404/delete")).find("input", name="version")
    as_user(app, "erin", lambda erin: change_code(app, erin))

    response = ada.post("/codes/404/delete", {"version": version.attrs["value"]})

    assert response.status_code == 409
    assert "changed this code" in parse(response).find("p", role="alert").text
    assert stored(app, StatusCode, 404, "reason_phrase") == "Their Phrase"


# Who may do what -----------------------------------------------------------------

EDITOR_PAGES = [
    ("get", "/codes/404/edit"),
    ("post", "/codes/404/edit"),
    ("get", "/codes/404/translations/en/edit"),
    ("post", "/codes/404/translations/en/edit"),
    ("get", "/codes/404/translations/new"),
    ("get", "/codes/404/notes/new"),
    ("post", "/codes/404/notes/new"),
    ("get", "/notes/{note}/edit"),
    ("post", "/notes/{note}/delete"),
    ("post", "/revisions/1/revert"),
]
ADMIN_PAGES = [
    ("get", "/codes/new"),
    ("post", "/codes/new"),
    ("get", "/codes/404/delete"),
    ("post", "/codes/404/delete"),
    ("get", "/admin/users"),
    ("post", "/admin/users"),
    ("post", "/admin/users/erin/deactivate"),
]


@pytest.mark.parametrize(("method", "path"), EDITOR_PAGES + ADMIN_PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(app, visitor, method, path):
    note_id = add_note(app, "eddie")
    path = path.format(note=note_id)
    before = snapshot(app), revision_count(app)
    anonymous = visitor()

    response = getattr(anonymous, method)(path)

    assert response.status_code == 302
    assert response.location.startswith("/login?next=")
    login = parse(anonymous.get(response.location))
    assert "Log in to change the catalogue." in flashes(login)
    assert (snapshot(app), revision_count(app)) == before


@pytest.mark.parametrize(("method", "path"), ADMIN_PAGES)
def test_editors_get_403_on_admin_pages(app, visitor, method, path):
    before = snapshot(app), revision_count(app)

    response = getattr(visitor("editor"), method)(path)

    assert response.status_code == 403
    assert parse(response).find("h1").text == "403 Forbidden"
    assert (snapshot(app), revision_count(app)) == before


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/notes/{note}/edit", None),
        ("post", "/notes/{note}/edit", {"body": "Taken over.", "save": "y"}),
        ("get", "/notes/{note}/delete", None),
        ("post", "/notes/{note}/delete", {"version": "1"}),
    ],
)
def test_an_editor_cannot_change_another_editors_note(app, visitor, method, path, data):
    note_id = add_note(app, "erin", body="Erin's note.")
    url = path.format(note=note_id)
    eddie = visitor("editor")

    response = eddie.get(url) if method == "get" else eddie.post(url, data)

    assert response.status_code == 403
    assert "author or an admin" in parse(response).find("p", class_="detail").text
    assert stored(app, Note, note_id, "body") == "Erin's note."


def test_an_admin_can_change_anyones_note(app, visitor):
    note_id = add_note(app, "erin", body="Erin's note.")
    ada = visitor("admin")
    form = ada.form_values(f"/notes/{note_id}/edit")
    form.update(body="Tidied by an admin.", save="y")

    assert ada.post(f"/notes/{note_id}/edit", form).status_code == 302
    assert stored(app, Note, note_id, "body") == "Tidied by an admin."


def page_actions(visit: Visitor, path: str = "/codes/404") -> list[str]:
    nav = parse(visit.get(path)).find("nav", class_="page-actions")
    return [a.text for a in nav.find_all("a")]


@pytest.mark.parametrize(
    ("who", "actions"),
    [
        (None, ["History"]),
        ("editor", ["Edit code", "Edit the English text", "Add a note", "History"]),
        (
            "admin",
            [
                "Edit code",
                "Edit the English text",
                "Add a note",
                "History",
                "Delete code",
            ],
        ),
    ],
)
def test_edit_controls_appear_only_to_those_allowed(visitor, who, actions):
    session = visitor(who)

    assert page_actions(session) == actions
    index = parse(session.get("/"))
    assert bool(index.find_all("a", href="/codes/new")) == (who == "admin")
    site_nav = index.find("nav", class_="primary")
    assert bool(site_nav.find_all("a", href="/admin/users")) == (who == "admin")
    # The reader asks for English, so the Chinese text is among the others.
    texts = parse(session.get("/codes/404")).find("section", class_="other-languages")
    edit_links = texts.find_all("a", href="/codes/404/translations/zh-CN/edit")
    assert bool(edit_links) == (who is not None)


@pytest.mark.parametrize(
    ("who", "sees_controls"),
    [(None, False), ("editor", True), ("editor2", False), ("admin", True)],
)
def test_note_controls_appear_to_its_author_and_admins(
    app, visitor, who, sees_controls
):
    note_id = add_note(app, "eddie", body="Eddie's note.")

    note = parse(visitor(who).get("/codes/404")).find("li", id=f"note-{note_id}")

    links = [a.attrs["href"] for a in note.find_all("a")]
    expected = [f"/notes/{note_id}/edit", f"/notes/{note_id}/delete"]
    assert links == (expected if sees_controls else [])


def test_a_page_in_fallback_offers_to_write_the_missing_text(visitor):
    # Only a reader of Chinese sees 103 in fallback, and in a Chinese interface.
    chinese = {"Accept-Language": "zh-CN"}
    page = parse(visitor("editor").get("/codes/103", headers=chinese))

    link = page.find("nav", class_="page-actions").find(
        "a", href="/codes/103/translations/zh-CN/edit"
    )
    assert link.text == "撰写中文文本"  # Write the Chinese text


# CSRF ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "data"),
    [
        (
            "/codes/404/translations/en/edit",
            {"description": "No token.", "version": "1"},
        ),
        ("/codes/404/notes/new", {"body": "No token.", "save": "y"}),
        ("/codes/404/edit", {"reason_phrase": "No token.", "version": "1"}),
        ("/revisions/1/revert", {}),
        ("/logout", {}),
    ],
)
def test_a_form_posted_without_its_csrf_token_gets_400(app, visitor, path, data):
    eddie = visitor("editor")

    response = eddie.post(path, data, csrf=False)

    assert response.status_code == 400
    assert "CSRF" in parse(response).find("p", class_="detail").text
    assert revision_count(app) == 0
    assert "eddie" in parse(eddie.get("/")).find("div", class_="account").text


def test_the_login_form_needs_its_csrf_token(visitor):
    anonymous = visitor()

    response = anonymous.post(
        "/login", {"username": "eddie", "password": PASSWORD}, csrf=False
    )

    assert response.status_code == 400
    assert "Log in" in parse(anonymous.get("/")).find("div", class_="account").text


# Script injection comes out inert ---------------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
]


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("field", ["title", "description"])
def test_markup_in_a_translation_is_shown_as_text(app, visitor, payload, field):
    eddie = visitor("editor")
    form = eddie.form_values("/codes/404/translations/en/edit")
    form[field] = f"Before {payload} after"

    assert eddie.post("/codes/404/translations/en/edit", form).status_code == 302

    for path in ("/codes/404?lang=en", "/codes/404?lang=zh-CN"):
        response = eddie.get(path)
        assert_inert(parse(response), response.get_data(as_text=True))
        assert f"Before {payload} after" in parse(response).find("main").text, path
    history = eddie.get("/codes/404/history")
    assert_inert(parse(history), history.get_data(as_text=True))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markup_in_a_note_comes_out_inert(app, visitor, payload):
    eddie = visitor("editor")
    body = f"Before {payload} after"

    preview = eddie.post("/codes/404/notes/new", {"body": body, "preview": "y"})
    saved = eddie.post("/codes/404/notes/new", {"body": body, "save": "y"})

    assert saved.status_code == 302
    for response in (preview, eddie.get("/codes/404"), eddie.get("/codes/404/history")):
        html = response.get_data(as_text=True)
        page = parse(response)
        assert_inert(page, html)
        assert "Before" in page.find("main").text
    rendered = parse(eddie.get("/codes/404")).find("li", class_="note")
    assert "Before" in rendered.text
    assert "alert(1)" not in rendered.text
    assert raw_text(parse(preview).find("textarea")) == body
