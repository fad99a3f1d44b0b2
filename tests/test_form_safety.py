"""The HTML forms against forged posts (CSRF) and script injection."""

import pytest
from html_support import PASSWORD, assert_inert, parse, raw_text, revision_count

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
