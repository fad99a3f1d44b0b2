"""Small things readers and admins notice: tables in notes, login errors, wording,
the languages table."""

import pytest
from html_support import PASSWORD, parse

from statusapp.markup import render_markdown

TABLE = """\
| Header | Meaning |
|:-------|--------:|
| `Retry-After` | when to try again |
"""


def save_note(visit, body: str):
    """Save a note on 404 through the form; return the code's page."""
    saved = visit.post(
        "/codes/404/notes/new", {"body": body, "lang": "en", "save": "y"}
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)
    return parse(visit.get("/codes/404?lang=en"))


def test_a_markdown_table_in_a_note_renders_as_a_table(app, visitor):
    page = save_note(visitor("editor"), TABLE)

    table = page.find("li", class_="note").find("table")
    headers = table.find("thead").find_all("th")
    assert [th.text for th in headers] == ["Header", "Meaning"]
    assert [th.attrs.get("align") for th in headers] == ["left", "right"]
    cells = table.find("tbody").find_all("td")
    assert cells[0].find("code").text == "Retry-After"
    assert cells[1].text == "when to try again"


@pytest.mark.parametrize(
    "cell",
    [
        "<script>alert(1)</script>",
        '<b onclick="alert(1)">bold</b>',
        '<td style="position:fixed" onmouseover="alert(1)">x</td>',
        "[link](javascript:alert(1))",
    ],
)
def test_markup_inside_a_note_table_stays_inert(app, visitor, cell):
    body = f"| a | b |\n|---|---|\n| 1 | {cell} |\n"

    page = save_note(visitor("editor"), body)

    note = page.find("li", class_="note")
    assert note.find_all("table"), "the table is gone"
    for element in note.iter():
        assert element.tag != "script"
        assert not [name for name in element.attrs if name.startswith("on")]
        assert "style" not in element.attrs
        assert "javascript:" not in element.attrs.get("href", "")


@pytest.mark.parametrize(
    ("align", "kept"),
    [("left", "left"), ("center", "center"), ("right", "right"), ("top", None)],
)
def test_only_column_alignments_survive_as_cell_attributes(align, kept):
    # The tables extension writes align= itself; a raw cell gets no other value.
    html = str(render_markdown(f'<table><tr><td align="{align}">x</td></tr></table>'))

    assert ('align="' in html) == (kept is not None)
    if kept:
        assert f'align="{kept}"' in html


@pytest.mark.parametrize(
    ("username", "password"),
    [("eddie", "not the password"), ("nobody", PASSWORD)],
)
def test_a_failed_login_says_so_rather_than_form_not_saved(
    client, users, username, password
):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get("/login")
    token = parse(page).find("input", name="csrf_token").attrs["value"]

    refused = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
    )

    assert refused.status_code == 422
    summary = parse(refused).find("div", class_="error-summary")
    assert summary.find("h2").text == "You are not logged in"
    assert summary.find("a", href="#password").text == (
        "Password: Wrong username or password."
    )
    assert "not saved" not in summary.text


def test_other_forms_still_say_they_were_not_saved(app, visitor):
    refused = visitor("editor").post(
        "/codes/404/notes/new", {"body": "", "lang": "en", "save": "y"}
    )

    summary = parse(refused).find("div", class_="error-summary")
    assert summary.find("h2").text == "This form was not saved"


def test_the_import_page_points_up_to_the_export_links(app, visitor):
    page = parse(visitor("editor").get("/translations/en/import"))

    main = page.find("main")
    links = main.find("ul", class_="export-links")
    hint = main.find("p", id="file-hint")
    assert "exported above" in hint.text
    assert "below" not in hint.text
    order = [el for el in main.iter() if el is links or el is hint]
    assert order == [links, hint]


def test_languages_table_is_an_admin_table_with_quiet_buttons(app, visitor):
    page = parse(visitor("admin").get("/admin/languages"))

    table = page.find("table", class_="languages")
    buttons = table.find_all("button")
    assert buttons, "no enable or disable button"
    for button in buttons:
        assert "secondary" in button.classes, button.classes
    english = table.find("tr", id="language-en").find("button")
    assert "Disable" in english.text
    assert "danger" in english.classes
    wrap = page.find("div", class_="table-wrap")
    assert table in list(wrap.iter())


def test_the_dashboard_table_scrolls_inside_its_own_wrapper(client):
    page = parse(client.get("/translations"))

    wrap = page.find("div", class_="table-wrap")
    assert page.find("table", class_="coverage") in list(wrap.iter())
