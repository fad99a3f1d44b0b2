"""Reverting from the history: offered exactly where it would work, confirmed on
a page that shows what it restores, and refused clearly where it would not."""

import re

import pytest
from form_support import flashes, follow
from history_support import long_history
from html_support import as_user, parse, revision_count

from statusapp.extensions import db
from statusapp.models import Revision, StatusCode, Translation
from statusapp.services import codes, notes, reverting, translations


def save_en(app, username: str, description: str) -> int:
    """Save the English text of 404 as ``username``; return the revision id."""

    def save(user):
        translations.save_translation(
            404, "en", {"title": "Not Found", "description": description}, user
        )
        return db.session.scalar(
            db.select(Revision.id)
            .where(Revision.entity_key == "404/en")
            .order_by(Revision.id.desc())
            .limit(1)
        )

    return as_user(app, username, save)


def en_text(app) -> str:
    with app.app_context():
        return db.session.get(Translation, (404, "en")).description


def offered(visit, code: int = 404) -> list[int]:
    """The revisions the history page offers to revert, newest first."""
    page = parse(visit.get(f"/codes/{code}/history"))
    ids = []
    for entry in page.find_all("li", class_="revision"):
        links = [
            a
            for a in entry.find_all("a")
            if a.attrs.get("href", "").endswith("/revert")
        ]
        if links:
            (link,) = links
            revision = int(entry.attrs["id"].removeprefix("revision-"))
            assert link.attrs["href"] == f"/revisions/{revision}/revert"
            assert link.text == f"Revert revision #{revision}"
            ids.append(revision)
    return ids


def changes_shown(element) -> list[tuple[str, str]]:
    """Each field a page shows changed, with its diff as text."""
    changes = element.find("dl", class_="changes")
    return [
        (dt.text, div.text)
        for dt, div in zip(
            changes.find_all("dt"),
            changes.find_all("div", class_="diff"),
            strict=True,
        )
    ]


def busy_history(app) -> list[int]:
    """Give 404 a history with changes of every kind, some since overwritten;
    return the ids of its revisions, newest first."""

    def run(username, action):
        return as_user(app, username, action)

    save_en(app, "eddie", "Second.")
    save_en(app, "erin", "Third.")  # overwrites eddie's text
    run("eddie", lambda u: translations.set_status(404, "en", "reviewed", u))
    run("eddie", lambda u: codes.update_code(404, {"aliases": ["Nope"]}, u))
    run("erin", lambda u: codes.update_code(404, {"reference": "RFC 0"}, u))
    mine = run("eddie", lambda u: notes.add_note(404, {"body": "Mine."}, u).id)
    gone = run("erin", lambda u: notes.add_note(404, {"body": "Gone."}, u).id)
    run("erin", lambda u: notes.delete_note(gone, u))
    run("eddie", lambda u: notes.update_note(mine, {"body": "Mine, again."}, u))
    return long_history(app, 0)


# Where Revert is offered -------------------------------------------------------


def offered_headings(visit) -> list[str]:
    """The headings of the changes offered to revert, note numbers left out."""
    page = parse(visit.get("/codes/404/history"))
    ids = set(offered(visit))
    return [
        re.sub(r"^#\d+ | #\d+$", "", entry.find("h2").text)
        for entry in page.find_all("li", class_="revision")
        if int(entry.attrs["id"].removeprefix("revision-")) in ids
    ]


# The busy history, newest first. Not offered to anyone: "erin added note"
# (the note is deleted since), "eddie added note" (its text changed since)
# and the first "eddie changed the en text" (erin's text replaced it).
EVERY_EDITOR = [
    "erin deleted note",  # any editor may bring a note back
    "erin changed the code 404",
    "eddie changed the code 404",  # another field than the change after it
    "eddie changed the en text",  # the review
    "erin changed the en text",  # the review changed the state, not the words
]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, []),
        ("editor", ["eddie changed note", *EVERY_EDITOR]),
        ("editor2", EVERY_EDITOR),  # eddie's note is his or an admin's to undo
        ("admin", ["eddie changed note", *EVERY_EDITOR]),
    ],
)
def test_revert_is_offered_exactly_where_it_would_work(app, visitor, who, expected):
    busy_history(app)

    assert offered_headings(visitor(who)) == expected


def test_readers_are_offered_no_revert(app, visitor):
    busy_history(app)

    page = parse(visitor().get("/codes/404/history"))

    assert offered(visitor()) == []
    assert "Revert is offered" not in page.find("p", class_="hint").text


def test_editors_are_told_where_revert_is_offered(app, visitor):
    save_en(app, "eddie", "Second.")

    page = parse(visitor("editor").get("/codes/404/history"))

    assert "Revert is offered where it would work" in page.find("p", class_="hint").text


@pytest.mark.parametrize(("who", "expected"), [("editor", 0), ("admin", 1)])
def test_of_a_deleted_code_only_its_deletion_is_offered_and_only_to_admins(
    app, visitor, who, expected
):
    as_user(app, "ada", lambda u: codes.delete_code(418, u))
    ids = long_history(app, 0, code=418)

    shown = offered(visitor(who), 418)

    # The texts' deletions wait until the code itself is back.
    assert shown == ids[:expected]
    if expected:
        page = parse(visitor(who).get("/codes/418/history"))
        latest = page.find("li", class_="revision")
        assert latest.find("h2").text.endswith("ada deleted the code 418")


def test_once_the_code_is_back_its_texts_deletions_are_offered(app, visitor):
    as_user(app, "ada", lambda u: codes.delete_code(418, u))
    deletions = long_history(app, 0, code=418)
    admin = visitor("admin")
    follow(admin, admin.post(f"/revisions/{deletions[0]}/revert"))

    shown = offered(visitor("editor"), 418)

    assert set(deletions[1:]) <= set(shown)


@pytest.mark.parametrize("index", range(9))
@pytest.mark.parametrize("who", ["editor", "editor2", "admin"])
def test_a_revert_succeeds_exactly_where_it_is_offered(app, visitor, who, index):
    ids = busy_history(app)
    assert len(ids) == 9, "the busy history changed; update the range above"
    revision = ids[index]
    visit = visitor(who)
    is_offered = revision in offered(visit)
    count = revision_count(app)

    confirm = visit.get(f"/revisions/{revision}/revert")
    response = visit.post(f"/revisions/{revision}/revert")

    if is_offered:
        assert confirm.status_code == 200
        assert response.status_code == 302
        page = parse(follow(visit, response))
        reverted = f"Reverted revision #{revision} as revision #"
        (done,) = [m for m in flashes(page) if m.startswith(reverted)]
        new = int(done.removeprefix(reverted).removesuffix("."))
        assert revision_count(app) > count
        # The confirmation showed the very change the revert then recorded.
        recorded = page.find("li", id=f"revision-{new}")
        assert changes_shown(parse(confirm)) == changes_shown(recorded)
    else:
        assert confirm.status_code in (302, 403, 404)
        assert response.status_code in (302, 403, 404)
        if response.status_code == 302:
            page = parse(follow(visit, response))
            refused = f"Revision #{revision} was not reverted"
            assert any(m.startswith(refused) for m in flashes(page))
        assert revision_count(app) == count


# The confirmation page ---------------------------------------------------------


def test_the_confirmation_page_shows_what_the_revert_restores(app, visitor):
    original = en_text(app)
    changed = save_en(app, "eddie", "A careless rewrite.")
    erin = visitor("editor2")
    count = revision_count(app)

    response = erin.get(f"/revisions/{changed}/revert")

    assert response.status_code == 200
    page = parse(response)
    assert page.find("h1").text == f"Revert revision #{changed}?"
    assert page.find("title").text.startswith(f"Revert revision #{changed}?")
    assert "eddie changed the en text" in page.find("p", class_="meta").text
    assert "puts back what this change replaced" in page.find("main").text
    # The reviewed text comes back as erin's draft, as any rewrite does: its
    # review state stays as it is now.
    assert [field for field, _ in changes_shown(page)] == ["Description"]
    (description,) = [
        d for d in page.find_all("div", class_="diff") if d.attrs.get("lang") == "en"
    ]
    removed = " ".join(d.text for d in description.find_all("del"))
    added = " ".join(i.text for i in description.find_all("ins"))
    assert "careless rewrite" in removed
    assert original.split()[-1].strip(".") in added
    form = page.find("form", class_="confirm")
    assert form.attrs["method"] == "post"
    assert form.attrs["action"] == f"/revisions/{changed}/revert"
    assert form.find("input", name="csrf_token").attrs["value"]
    assert form.find("button").text == f"Revert revision #{changed}"
    cancel = form.find("a")
    assert cancel.text == "Cancel"
    assert cancel.attrs["href"] == f"/codes/404/history#revision-{changed}"
    # Looking is not reverting.
    assert en_text(app) == "A careless rewrite."
    assert revision_count(app) == count


def test_reverting_from_the_confirmation_page_restores_and_is_recorded(app, visitor):
    original = en_text(app)
    changed = save_en(app, "eddie", "A careless rewrite.")
    erin = visitor("editor2")
    page = parse(erin.get(f"/revisions/{changed}/revert"))
    form = page.find("form", class_="confirm")
    token = form.find("input", name="csrf_token").attrs["value"]

    response = erin.post(form.attrs["action"], {"csrf_token": token})

    page = parse(follow(erin, response))
    new = changed + 1
    assert f"Reverted revision #{changed} as revision #{new}." in flashes(page)
    latest = page.find("li", class_="revision")
    assert latest.find("h2").text == f"#{new} erin changed the en text"
    assert f"reverting #{changed}" in latest.find("p", class_="meta").text
    assert en_text(app) == original
    # What was just reverted is no longer offered; the revert itself is.
    assert offered(erin)[:1] == [new]
    assert changed not in offered(erin)


@pytest.mark.parametrize(
    ("action", "sentence", "removed", "added"),
    [
        ("create", "deletes what this change added", "Mine.", None),
        ("delete", "brings back what this change deleted", None, "Mine."),
    ],
)
def test_the_confirmation_says_what_a_revert_of_an_addition_or_deletion_does(
    app, visitor, action, sentence, removed, added
):
    note = as_user(app, "eddie", lambda u: notes.add_note(404, {"body": "Mine."}, u).id)
    if action == "delete":
        as_user(app, "eddie", lambda u: notes.delete_note(note, u))
    (revision, *_) = long_history(app, 0)

    page = parse(visitor("editor").get(f"/revisions/{revision}/revert"))

    assert sentence in page.find("main").text
    changes = page.find("dl", class_="changes")
    assert [d.text for d in changes.find_all("del")] == (
        [f"[removed: {removed} ]"] if removed else []
    )
    assert [d.text for d in changes.find_all("ins")] == (
        [f"[added: {added} ]"] if added else []
    )


def test_the_cancel_link_finds_a_revision_on_an_older_page(app, visitor, monkeypatch):
    from statusapp.web import history as web_history

    monkeypatch.setattr(web_history, "PAGE_SIZE", 5)
    as_user(app, "erin", lambda u: codes.update_code(404, {"aliases": ["Gone"]}, u))
    (changed,) = long_history(app, 0)
    long_history(app, 6)

    page = parse(visitor("editor").get(f"/revisions/{changed}/revert"))

    cancel = page.find("form", class_="confirm").find("a")
    assert cancel.attrs["href"] == f"/codes/404/history?page=2#revision-{changed}"


def test_a_stale_confirmation_link_goes_back_to_the_history_with_the_reason(
    app, visitor
):
    first = save_en(app, "eddie", "Second version.")
    save_en(app, "erin", "Third version.")
    eddie = visitor("editor")

    response = eddie.get(f"/revisions/{first}/revert")

    assert response.status_code == 302
    assert response.location == f"/codes/404/history#revision-{first}"
    message = flashes(parse(follow(eddie, response)))[-1]
    assert f"Revision #{first} can no longer be reverted" in message
    assert "would undo a later change" in message
    assert en_text(app) == "Third version."


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 302), ("editor", 403), ("admin", 200)],
)
def test_the_confirmation_page_is_for_those_who_may_revert(app, visitor, who, status):
    as_user(app, "ada", lambda u: codes.update_code(404, {"reason_phrase": "X"}, u))
    as_user(app, "ada", lambda u: codes.delete_code(418, u))
    (deletion, *_) = long_history(app, 0, code=418)

    response = visitor(who).get(f"/revisions/{deletion}/revert")

    assert response.status_code == status
    if who is None:
        assert response.location.startswith("/login?next=")
    with app.app_context():
        assert db.session.get(StatusCode, 418) is None


def test_an_unknown_revision_has_no_confirmation_page(visitor):
    assert visitor("editor").get("/revisions/999/revert").status_code == 404


def test_a_text_deletion_of_a_deleted_code_is_refused_with_a_clear_404(app, visitor):
    as_user(app, "ada", lambda u: codes.delete_code(418, u))
    text_deletion = long_history(app, 0, code=418)[-1]
    admin = visitor("admin")
    count = revision_count(app)

    for response in (
        admin.get(f"/revisions/{text_deletion}/revert"),
        admin.post(f"/revisions/{text_deletion}/revert"),
    ):
        assert response.status_code == 404
        detail = parse(response).find("p", class_="detail").text
        assert "418 is not a status code in this catalogue" in detail
    assert revision_count(app) == count


# The one rule ------------------------------------------------------------------


def test_the_page_and_the_revert_ask_the_same_rule(app, monkeypatch, visitor):
    """Teaching the rule one more refusal removes the button and stops the
    revert alike."""
    changed = save_en(app, "eddie", "A careless rewrite.")
    rule = reverting.check_revert

    def no_texts(revision, user, record, **kwargs):
        if revision.entity == "translation":
            raise reverting.UnknownCode(revision.code)
        return rule(revision, user, record, **kwargs)

    monkeypatch.setattr(reverting, "check_revert", no_texts)
    erin = visitor("editor2")

    assert changed not in offered(erin)
    assert erin.get(f"/revisions/{changed}/revert").status_code == 404
    assert erin.post(f"/revisions/{changed}/revert").status_code == 404
    assert en_text(app) == "A careless rewrite."
