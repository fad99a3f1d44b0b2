"""The history page: every change newest first, with a diff and revert buttons."""

import pytest
from history_support import long_history
from html_support import as_user, parse, revision_count

from statusapp.extensions import db
from statusapp.models import Revision, Translation
from statusapp.services import codes, notes, reverting, translations
from statusapp.web import history as web_history


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
    link = page.find("a", href=f"/revisions/{changed}/revert")
    assert link.text == f"Revert revision #{changed}"
    confirmation = parse(erin.get(link.attrs["href"]))
    form = confirmation.find("form", action=f"/revisions/{changed}/revert")
    assert form.find("button").text == f"Revert revision #{changed}"

    response = erin.post(form.attrs["action"])

    assert response.location == "/codes/404/history"
    page = parse(erin.get(response.location))
    assert f"Reverted revision #{changed} as revision #{changed + 1}." in [
        p.text for p in page.find_all("p", class_="flash")
    ]
    latest = revisions(page)[0]
    assert latest.find("h2").text == f"#{changed + 1} erin changed the en text"
    assert f"reverting #{changed}" in latest.find("p", class_="meta").text
    reverted = latest.find("p", class_="meta").find("a")
    assert reverted.attrs["href"] == f"#revision-{changed}"
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
    ("who", "changed", "buttons"),
    [
        (None, False, []),
        # An editor may not undo the creation or deletion of a whole code.
        ("editor", False, ["#2"]),
        ("admin", False, ["#2", "#1"]),
        # Undoing the creation would also undo the later change: not offered.
        ("editor", True, ["#3", "#2"]),
        ("admin", True, ["#3", "#2"]),
    ],
)
def test_revert_buttons_appear_only_to_those_allowed(
    app, visitor, who, changed, buttons
):
    as_user(
        app,
        "ada",
        lambda u: codes.create_code({"code": 299, "reason_phrase": "A"}, u),
    )
    if changed:
        as_user(app, "ada", lambda u: codes.update_code(299, {"reason_phrase": "B"}, u))
    as_user(
        app,
        "ada",
        lambda u: translations.save_translation(299, "en", {"description": "Text."}, u),
    )

    page = parse(visitor(who).get("/codes/299/history"))

    shown = [a.text.removeprefix("Revert revision ") for a in page.find_all("a")]
    shown = [a for a in shown if a.startswith("#")]
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


# Paging -----------------------------------------------------------------------


@pytest.fixture
def pages_of_five(monkeypatch):
    """Page the history five changes at a time, so that a few make many pages."""
    monkeypatch.setattr(web_history, "PAGE_SIZE", 5)


def shown_ids(page) -> list[int]:
    return [int(e.attrs["id"].removeprefix("revision-")) for e in revisions(page)]


def pages_nav(page):
    (nav,) = page.find_all("nav", class_="pages")
    return nav


@pytest.mark.parametrize(
    ("number", "start", "newer", "older"),
    [
        (1, 0, None, "/codes/404/history?page=2"),
        (2, 50, "/codes/404/history", "/codes/404/history?page=3"),
        (3, 100, "/codes/404/history?page=2", None),
    ],
)
def test_a_long_history_is_shown_fifty_changes_a_page(
    app, visitor, number, start, newer, older
):
    ids = long_history(app, 101)

    page = parse(visitor().get(f"/codes/404/history?page={number}"))

    assert shown_ids(page) == ids[start : start + 50]
    nav = pages_nav(page)
    assert nav.attrs["aria-label"] == "Pages of this history"
    assert nav.find("span", class_="all").text == f"Page {number} of 3"
    links = {a.attrs["rel"]: (a.attrs["href"], a.text) for a in nav.find_all("a")}
    expected = {}
    if newer:
        expected["prev"] = (newer, "← Newer changes")
    if older:
        expected["next"] = (older, "Older changes →")
    assert links == expected


def test_following_older_changes_reaches_every_revision_once(
    app, visitor, pages_of_five
):
    ids = long_history(app, 23)
    reader = visitor()

    seen, url = [], "/codes/404/history"
    while url:
        page = parse(reader.get(url))
        seen += shown_ids(page)
        older = pages_nav(page).find_all("a", rel="next")
        url = older[0].attrs["href"] if older else None

    assert seen == ids


def test_a_later_page_says_which_page_it_is_in_its_title(app, visitor, pages_of_five):
    long_history(app, 6)

    page = parse(visitor().get("/codes/404/history?page=2"))

    assert page.find("title").text == "History of 404, page 2 · statusapp"


def test_a_history_of_one_page_has_no_page_links(app, visitor, pages_of_five):
    long_history(app, 5)

    page = parse(visitor().get("/codes/404/history"))

    assert len(revisions(page)) == 5
    assert page.find_all("nav", class_="pages") == []


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/codes/404/history?page=3", 200),
        ("/codes/404/history?page=4", 404),
        ("/codes/404/history?page=0", 404),
        ("/codes/404/history?page=-1", 404),
        ("/codes/404/history?page=02", 404),
        ("/codes/404/history?page=two", 404),
        ("/codes/404/history?page=9999999999999999999999", 404),
        ("/codes/418/history?page=1", 200),  # no history yet, but page 1 is there
        ("/codes/418/history?page=2", 404),
        ("/codes/299/history?page=1", 404),  # never a code
    ],
)
def test_a_page_that_is_not_there_is_404(app, visitor, pages_of_five, url, status):
    long_history(app, 11)

    assert visitor().get(url).status_code == status


def test_a_missing_page_names_the_last_one(app, visitor, pages_of_five):
    long_history(app, 11)

    response = visitor().get("/codes/404/history?page=4")

    detail = parse(response).find("p", class_="detail").text
    assert detail == "This history has no such page; its last is page 3."


def test_a_revert_links_to_the_older_page_that_holds_what_it_reverted(
    app, visitor, pages_of_five
):
    as_user(app, "erin", lambda u: codes.update_code(404, {"aliases": ["Gone"]}, u))
    (changed,) = long_history(app, 0)  # the alias change, the only one yet
    long_history(app, 6)
    new = as_user(app, "erin", lambda u: reverting.revert(changed, u).id)
    reader = visitor()

    latest = revisions(parse(reader.get("/codes/404/history")))[0]

    assert latest.attrs["id"] == f"revision-{new}"
    link = latest.find("p", class_="meta").find("a")
    assert link.text == f"#{changed}"
    assert link.attrs["href"] == f"/codes/404/history?page=2#revision-{changed}"
    older = parse(reader.get(link.attrs["href"].removesuffix(f"#revision-{changed}")))
    assert changed in shown_ids(older)


def test_page_links_are_in_chinese(app, client, users, pages_of_five):
    long_history(app, 11)

    page = parse(client.get("/codes/404/history?page=2"))

    nav = pages_nav(page)
    assert nav.attrs["aria-label"] == "历史记录分页"
    assert nav.find("span", class_="all").text == "第 2 页，共 3 页"
    assert nav.find("a", rel="prev").text == "← 较新的改动"
    assert nav.find("a", rel="next").text == "较早的改动 →"
    assert page.find("title").text.startswith("404 的历史记录，第 2 页")
    missing = parse(client.get("/codes/404/history?page=9"))
    assert missing.find("p", class_="detail").text == (
        "此历史记录没有这一页，最后一页是第 3 页。"
    )
