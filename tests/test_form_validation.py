"""Bad input in the HTML editing forms: 422, each field's error, the entered value
kept, nothing saved."""

import pytest
from form_support import snapshot
from html_support import ENGLISH, PASSWORD, field_value, parse, revision_count

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
        "/codes/103/translations/new", query_string={"lang": tag}
    )

    assert response.status_code == 422
    page = parse(response)
    control = page.find("form", class_="edit").find("select", name="lang")
    assert control.attrs["aria-invalid"] == "true"
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
