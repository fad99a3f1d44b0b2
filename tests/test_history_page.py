"""The history page: every change newest first, with a diff and revert buttons."""

import pytest
from html_support import as_user, parse, revision_count

from statusapp.extensions import db
from statusapp.models import Revision, Translation
from statusapp.services import codes, notes, translations


def set_en(app, username: str, description: str, title: str = "Not Found") -> int:
    """Save the English text of 404 as ``username``; return the revision id."""

    def save(user):
        translations.save_translation(
            404, "en", {"title": title, "description": description}, user
        )
        return db.session.scalar(db.select(db.func.max(Revision.id)))

    return as_user(app, username, save)


def en_text(app) -> str:
    with app.app_context():
        return db.session.get(Translation, (404, "en")).description


def revisions(page):
    return page.find_all("li", class_="revision")


def test_history_lists_who_changed_what_and_when_newest_first(app, visitor):
    set_en(app, "eddie", "The server found nothing at this address.")
    as_user(app, "erin", lambda u: codes.update_code(404, {"aliases": ["Nope"]}, u))
    note_id = as_user(
        app, "eddie", lambda u: notes.add_note(404, {"body": "See 410."}, u).id
    )

    page = parse(visitor().get("/codes/404/history"))

    entries = revisions(page)
    assert [e.find("h2").text for e in entries] == [
        f"#3 eddie added note #{note_id}",
        "#2 erin changed the code 404",
        "#1 eddie changed the en text",
    ]
    times = [e.find("time").attrs["datetime"] for e in entries]
    assert times == sorted(times, reverse=True)
    assert all(t.endswith("+00:00") for t in times)
    assert entries[0].find("dt").text == "Note"
    assert entries[0].find("ins").text == "[added: See 410. ]"
    assert [dt.text for dt in entries[1].find_all("dt")] == ["Other names"]
    assert entries[1].find("ins").text == "[added: Nope ]"
    description = entries[2].find("div", class_="diff")
    assert description.attrs["lang"] == "en"
    assert "nothing at this address" in " ".join(
        ins.text for ins in description.find_all("ins")
    )
    assert description.find_all("del")


def test_an_unchanged_code_has_an_empty_history(visitor):
    page = parse(visitor().get("/codes/404/history"))

    assert revisions(page) == []
    assert "No change has been made" in page.find("main").text


def test_history_of_an_unknown_code_is_404(visitor):
    assert visitor().get("/codes/999/history").status_code == 404


def test_history_of_a_deleted_code_remains(app, visitor):
    as_user(app, "ada", lambda u: codes.delete_code(418, u))

    page = parse(visitor("admin").get("/codes/418/history"))

    assert "This code was deleted" in page.find("p", class_="fallback").text
    headings = [e.find("h2").text for e in revisions(page)]
    assert headings[0].endswith("ada deleted the code 418")
    assert any(h.endswith("ada deleted the en text") for h in headings)


def test_editor_reverts_a_change_through_the_history(app, visitor):
    original = en_text(app)
    changed = set_en(app, "eddie", "A careless rewrite.")
    erin = visitor("editor2")
    page = parse(erin.get("/codes/404/history"))
    form = page.find("form", action=f"/revisions/{changed}/revert")
    assert form.find("button").text == f"Revert revision #{changed}"

    response = erin.post(f"/revisions/{changed}/revert")

    assert response.location == "/codes/404/history"
    page = parse(erin.get(response.location))
    assert f"Reverted revision #{changed} as revision #{changed + 1}." in [
        p.text for p in page.find_all("p", class_="flash")
    ]
    latest = revisions(page)[0]
    assert latest.find("h2").text == f"#{changed + 1} erin changed the en text"
    assert f"reverting #{changed}" in latest.find("p", class_="meta").text
    assert en_text(app) == original
    english = parse(erin.get("/codes/404?lang=en")).find("div", class_="description")
    assert "A careless rewrite." not in english.text


def test_a_revert_that_would_undo_a_later_change_is_refused(app, visitor):
    first = set_en(app, "eddie", "Second version.")
    set_en(app, "erin", "Third version.")
    count = revision_count(app)
    eddie = visitor("editor")

    response = eddie.post(f"/revisions/{first}/revert")

    page = parse(eddie.get(response.location))
    (message,) = page.find_all("p", class_="flash")
    assert message.attrs["role"] == "alert"
    assert f"Revision #{first} was not reverted" in message.text
    assert "would undo a later change" in message.text
    assert en_text(app) == "Third version."
    assert revision_count(app) == count


@pytest.mark.parametrize(
    ("who", "buttons"),
    [
        (None, []),
        # An editor may not undo the creation or deletion of a whole code.
        ("editor", ["#3", "#2"]),
        ("admin", ["#3", "#2", "#1"]),
    ],
)
def test_revert_buttons_appear_only_to_those_allowed(app, visitor, who, buttons):
    as_user(
        app,
        "ada",
        lambda u: codes.create_code({"code": 299, "reason_phrase": "A"}, u),
    )
    as_user(app, "ada", lambda u: codes.update_code(299, {"reason_phrase": "B"}, u))
    as_user(
        app,
        "ada",
        lambda u: translations.save_translation(299, "en", {"description": "Text."}, u),
    )

    page = parse(visitor(who).get("/codes/299/history"))

    shown = [b.text.removeprefix("Revert revision ") for b in page.find_all("button")]
    shown = [b for b in shown if b.startswith("#")]
    assert shown == buttons


def test_an_editor_cannot_revert_the_creation_of_a_code(app, visitor):
    as_user(
        app,
        "ada",
        lambda u: codes.create_code({"code": 299, "reason_phrase": "A"}, u),
    )

    response = visitor("editor").post("/revisions/1/revert")

    assert response.status_code == 403
    assert visitor().get("/codes/299").status_code == 200


def test_history_page_queries_do_not_grow_with_the_revisions(
    app, visitor, count_queries
):
    eddie = visitor("editor")
    set_en(app, "eddie", "One.")
    with count_queries() as few:
        eddie.get("/codes/404/history")
    for n, who in enumerate(["erin", "ada", "eddie", "erin", "ada"]):
        set_en(app, who, f"Change {n}.")
        as_user(app, who, lambda u, n=n: notes.add_note(404, {"body": f"{n}"}, u))
    with count_queries() as many:
        page = parse(eddie.get("/codes/404/history"))

    assert len(revisions(page)) == 11
    assert len(many) == len(few), (few, many)
