"""Who may use which HTML form, and who is offered which editing controls."""

import pytest
from form_support import add_note, flashes, snapshot, stored
from html_support import Visitor, parse, revision_count

from statusapp.models import Note

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
