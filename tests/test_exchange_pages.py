"""The import page: uploading an exchange file, its preview, and confirming it."""

import io

import pytest
from exchange_support import CSV_GOOD, CSV_HEADER, export_url, save, snapshot, text_of
from html_support import ENGLISH, Visitor, parse


@pytest.fixture
def eddie(app, users):
    return Visitor(app).login(users["editor"])


def upload(visit: Visitor, tag: str, data: bytes, filename: str):
    return visit.post(
        f"/translations/{tag}/import",
        {"file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
        headers=ENGLISH,
    )


def confirm_form(page) -> dict:
    form = page.find("form", class_="confirm-import")
    return {i.attrs["name"]: i.attrs.get("value", "") for i in form.find_all("input")}


def test_the_import_page_offers_the_exports_and_an_upload(eddie, client):
    page = parse(eddie.get("/translations/en/import", headers=ENGLISH))

    links = {
        a.text: a.attrs["href"] for a in page.find_all("a") if "download" in a.attrs
    }
    assert set(links.values()) == {
        export_url("en", "csv"),
        export_url("en", "po"),
    }
    for href in links.values():
        assert client.get(href).status_code == 200
    form = page.find("form", class_="edit")
    assert form.attrs["enctype"] == "multipart/form-data"
    assert form.find("input", name="file").attrs["type"] == "file"


def test_an_editor_uploads_previews_and_confirms(app, client, eddie, edited_file):
    response = upload(eddie, "ja", edited_file.path.read_bytes(), "statusapp-ja.csv")

    assert response.status_code == 200
    page = parse(response)
    assert [
        li.text for li in page.find("ul", class_="import-summary").find_all("li")
    ] == [
        "1 new text",
        "1 changed text",
        "1 conflict, which will be left as it is",
        "0 texts the same as here",
        "85 entries without a description, left out",
    ]
    conflict = page.find("div", id="conflict-500")
    assert "内部サーバーエラー。" in conflict.find("div", class_="saved").text
    assert "サーバー内部のエラーです。" in conflict.find("div", class_="yours").text
    assert page.find("div", id="new-418") is not None
    assert page.find("div", id="changed-404") is not None
    assert text_of(client, 418, "ja").status_code == 404  # only a preview

    confirmed = eddie.post(
        "/translations/ja/import/confirm", confirm_form(page), headers=ENGLISH
    )

    assert confirmed.status_code == 303
    assert confirmed.location == "/translations#work-ja"
    flashes = [
        p.text
        for p in parse(eddie.get(confirmed.location, headers=ENGLISH)).find_all(
            "p", class_="flash"
        )
    ]
    assert flashes == [
        "Imported 2 texts into 日本語 as drafts. 1 conflict was left as it is."
    ]
    assert text_of(client, 418, "ja").json["status"] == "draft"
    assert (
        text_of(client, 404, "ja").json["description"] == "リソースが見つかりません。"
    )
    assert text_of(client, 500, "ja").json["description"] == "内部サーバーエラー。"


def test_confirming_without_the_csrf_token_writes_nothing(app, eddie, edited_file):
    page = parse(upload(eddie, "ja", edited_file.path.read_bytes(), "ja.csv"))
    data = confirm_form(page)
    del data["csrf_token"]
    before = snapshot(app)

    response = eddie.post("/translations/ja/import/confirm", data, csrf=False)

    assert response.status_code == 400
    assert snapshot(app) == before


def test_a_change_after_the_preview_shows_the_new_preview(app, eddie, edited_file):
    page = parse(upload(eddie, "ja", edited_file.path.read_bytes(), "ja.csv"))
    save(app, "erin", 404, "ja", "もう一度変わりました。")
    before = snapshot(app)

    response = eddie.post(
        "/translations/ja/import/confirm", confirm_form(page), headers=ENGLISH
    )

    assert response.status_code == 409
    assert snapshot(app) == before
    fresh = parse(response)
    assert fresh.find_all("div", id="conflict-404")
    assert not fresh.find_all("div", id="changed-404")


def test_a_malformed_upload_shows_the_line_at_fault(app, eddie):
    before = snapshot(app)
    body = CSV_HEADER + CSV_GOOD + "999,1,,Unknown.\r\n"

    response = upload(eddie, "en", body.encode(), "en.csv")

    assert response.status_code == 422
    summary = parse(response).find("div", class_="error-summary")
    assert "line 3: 999 is not a status code in the catalogue." in summary.text
    assert snapshot(app) == before


@pytest.mark.parametrize(
    ("who", "url", "status"),
    [
        (None, "/translations/en/import", 302),
        ("editor", "/translations/xx/import", 404),
        ("editor", "/translations/en/import", 200),
    ],
)
def test_the_import_page_is_for_editors(app, users, who, url, status):
    visit = Visitor(app)
    if who:
        visit.login(users[who])
    response = visit.get(url)
    assert response.status_code == status
    if status == 302:
        assert response.location.startswith("/login")


@pytest.mark.parametrize(("who", "linked"), [(None, False), ("editor", True)])
def test_the_dashboard_links_editors_to_each_languages_files(app, users, who, linked):
    visit = Visitor(app)
    if who:
        visit.login(users[who])
    page = parse(visit.get("/translations"))
    hrefs = {a.attrs.get("href") for a in page.find_all("a")}
    assert ("/translations/en/import" in hrefs) is linked
    assert ("/translations/zh-CN/import" in hrefs) is linked
