"""Someone saved first: a stale HTML form shows both texts and saves nothing."""

import pytest
from form_support import add_note, stored
from html_support import as_user, field_value, form_data, parse, revision_count

from statusapp.models import Note, StatusCode, Translation
from statusapp.services import codes, notes, translations


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
