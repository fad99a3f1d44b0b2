"""Importing an edited exchange file through the API: changes, conflicts, refusals."""

import io

import pytest
from exchange_support import (
    CSV_BODY,
    CSV_GOOD,
    CSV_HEADER,
    CSV_TYPE,
    FORMATS,
    GARBAGE,
    MALFORMED,
    PO_HEADER,
    PO_TYPE,
    edit,
    export,
    import_url,
    save,
    send,
    snapshot,
    text_of,
)

# The round trip ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_edited_export_applies_its_changes_and_reports_a_conflict(
    app, client, bearer, users, japanese, fmt
):
    save(app, "erin", 404, "ja", "見つかりません。", title="Not Found")
    save(app, "erin", 500, "ja", "サーバーエラー。")
    data = export(client, "ja", fmt)
    v404 = text_of(client, 404, "ja").json["version"]
    v500 = text_of(client, 500, "ja").json["version"]
    edited = edit(
        data,
        fmt,
        {
            404: {"title": "見つからない", "description": "リソースが見つかりません。"},
            418: {"title": "ティーポット", "description": "私はティーポットです。"},
            500: {"description": "サーバー内部のエラーです。"},
        },
    )
    # Meanwhile someone changes 500 in the catalogue.
    save(app, "erin", 500, "ja", "内部サーバーエラー。")
    now500 = text_of(client, 500, "ja").json["version"]
    assert now500 > v500
    before = snapshot(app)
    headers = bearer("editor")

    preview = send(client, headers, "ja", edited, fmt, dry_run=1)

    assert preview.status_code == 200, preview.json
    report = preview.json
    assert report["new"] == [
        {
            "code": 418,
            "title": "ティーポット",
            "description": "私はティーポットです。",
            "version": 0,
            "database_title": None,
            "database_description": None,
            "database_version": None,
        }
    ]
    assert report["changed"] == [
        {
            "code": 404,
            "title": "見つからない",
            "description": "リソースが見つかりません。",
            "version": v404,
            "database_title": "Not Found",
            "database_description": "見つかりません。",
            "database_version": v404,
        }
    ]
    assert report["conflicts"] == [
        {
            "code": 500,
            "title": None,
            "description": "サーバー内部のエラーです。",
            "version": v500,
            "database_title": None,
            "database_description": "内部サーバーエラー。",
            "database_version": now500,
        }
    ]
    assert (report["unchanged"], report["untranslated"]) == (0, 85)
    assert (report["dry_run"], report["applied"]) == (True, 0)
    assert snapshot(app) == before

    applied = send(client, headers, "ja", edited, fmt)

    assert applied.status_code == 200, applied.json
    assert applied.json["applied"] == 2
    assert applied.json["conflicts"] == report["conflicts"]
    for code, title, description in (
        (404, "見つからない", "リソースが見つかりません。"),
        (418, "ティーポット", "私はティーポットです。"),
    ):
        text = text_of(client, code, "ja").json
        assert (text["title"], text["description"]) == (title, description)
        assert (text["status"], text["updated_by"]) == ("draft", "eddie")
        assert text["source_version"] == text_of(client, code, "zh-CN").json["version"]
    conflict = text_of(client, 500, "ja").json
    assert (conflict["description"], conflict["version"]) == (
        "内部サーバーエラー。",
        now500,
    )
    history = client.get("/api/v1/codes/404/history").json["items"]
    assert (history[0]["entity_key"], history[0]["author"]) == ("404/ja", "eddie")

    again = send(client, headers, "ja", edited, fmt, dry_run=1).json
    assert (again["new"], again["changed"], again["unchanged"]) == ([], [], 2)


def test_importing_the_source_language_outdates_the_other_languages(client, bearer):
    data = edit(
        export(client, "zh-CN", "csv"),
        "csv",
        {404: {"description": "服务器找不到请求的资源。"}},
    )

    response = send(client, bearer(), "zh-CN", data, "csv")

    assert response.status_code == 200
    assert response.json["applied"] == 1
    assert (
        text_of(client, 404, "zh-CN").json["description"] == "服务器找不到请求的资源。"
    )
    assert text_of(client, 404, "en").json["status"] == "outdated"
    assert text_of(client, 403, "en").json["status"] == "reviewed"


def test_entries_without_a_description_are_left_out(client, bearer, japanese):
    data = (
        "code,version,title,description\r\n"
        "404,0,見つかりません,\r\n"
        "410,0,,消えました。\r\n"
    ).encode()

    report = send(client, bearer(), "ja", data, "csv").json

    assert [item["code"] for item in report["new"]] == [410]
    assert (report["untranslated"], report["applied"]) == (1, 1)
    assert text_of(client, 404, "ja").status_code == 404


def test_an_entry_exported_without_a_version_conflicts_with_any_text(client, bearer):
    # A PO file from elsewhere, with no version comment: nothing says which
    # text the translator saw, so an existing text is never overwritten.
    data = (
        b'msgid ""\nmsgstr ""\n"Language: en\\n"\n'
        b'"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        b'msgctxt "404"\nmsgid "x"\nmsgstr "Nothing here."\n'
    )

    report = send(client, bearer(), "en", data, "po").json

    assert [item["code"] for item in report["conflicts"]] == [404]
    assert report["applied"] == 0


def test_a_po_round_trip_works_for_a_language_babel_does_not_know(app, client, bearer):
    # Babel has no locale data for Cantonese as zh-yue-HK, and would refuse
    # it as a header's language; the catalogue writes and reads it itself.
    body = {"tag": "zh-yue-HK", "name": "Cantonese", "native_name": "粵語"}
    assert (
        client.post("/api/v1/languages", json=body, headers=bearer("admin")).status_code
        == 201
    )
    data = export(client, "zh-yue-HK", "po").decode("utf-8")
    assert '"Language: zh-yue-HK\\n"' in data
    entry = data.index('msgctxt "404"\n')
    blank = data.index('msgstr ""', entry)
    edited = data[:blank] + 'msgstr "搵唔到。"' + data[blank + len('msgstr ""') :]

    response = send(client, bearer(), "zh-yue-HK", edited.encode(), "po")

    assert response.status_code == 200, response.json
    assert [item["code"] for item in response.json["new"]] == [404]
    assert text_of(client, 404, "zh-yue-HK").json["description"] == "搵唔到。"


# Malformed files ----------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "body", "message"), MALFORMED)
def test_a_malformed_file_is_refused_whole(app, client, bearer, fmt, body, message):
    before = snapshot(app)

    response = send(client, bearer(), "en", body.encode(), fmt)

    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert response.json["detail"].startswith(message), response.json["detail"]
    assert snapshot(app) == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_file_that_is_not_utf8_is_refused_naming_the_line(app, client, bearer, fmt):
    data = edit(export(client, "en", fmt), fmt, {404: {"description": "Café."}})
    data = data.replace("Café".encode(), "Café".encode("latin-1"))
    line = data[: data.index(b"Caf\xe9")].count(b"\n") + 1
    before = snapshot(app)

    response = send(client, bearer(), "en", data, fmt)

    assert response.status_code == 422
    assert response.json["detail"] == (
        f"line {line}: the file is not UTF-8 (byte 0xe9); save it as UTF-8 and "
        "try again."
    )
    assert snapshot(app) == before


def test_every_problem_is_listed(client, bearer):
    body = CSV_HEADER + "999,1,,a\r\n998,1,,b\r\n404,x,,c\r\n"

    response = send(client, bearer(), "en", body.encode(), "csv")

    assert response.json["errors"]["file"] == [
        "line 2: 999 is not a status code in the catalogue.",
        "line 3: 998 is not a status code in the catalogue.",
        "line 4 (code 404): the version 'x' is not a whole number.",
    ]


# What the import endpoint accepts ------------------------------------------------


def test_import_needs_an_editors_token(app, client):
    before = snapshot(app)
    data = CSV_HEADER + CSV_GOOD
    response = client.post(
        import_url("en"), data=data, headers={"Content-Type": CSV_TYPE}
    )
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert snapshot(app) == before


@pytest.mark.parametrize(
    ("url", "content_type", "body", "status"),
    [
        (import_url("xx"), CSV_TYPE, CSV_BODY, 404),
        (import_url("en"), "application/json", CSV_BODY, 415),
        (import_url("en"), "image/png", CSV_BODY, 415),
        (import_url("en"), "application/csv", CSV_BODY, 200),
        (import_url("en"), "application/x-po", PO_HEADER, 200),
        # Without a telling media type, the first line says which format.
        (import_url("en"), "text/plain", CSV_BODY, 200),
        (import_url("en"), "application/octet-stream", PO_HEADER, 200),
        (import_url("en"), "text/plain", GARBAGE, 415),
        (import_url("en", format="csv"), "text/plain", GARBAGE, 422),
        (import_url("en", format="po"), CSV_TYPE, CSV_BODY, 422),
        (import_url("en", format="xlsx"), CSV_TYPE, CSV_BODY, 422),
    ],
)
def test_import_body_types(client, bearer, url, content_type, body, status):
    response = client.post(
        url + ("&" if "?" in url else "?") + "dry_run=1",
        data=body,
        headers={**bearer(), "Content-Type": content_type},
    )
    assert response.status_code == status, response.json
    if status == 200:
        assert [item["code"] for item in response.json["changed"]] == [404]
    else:
        assert response.mimetype == "application/problem+json"


@pytest.mark.parametrize(
    ("field", "filename", "body", "status"),
    [
        ("file", "statusapp-en.csv", CSV_BODY, 200),
        ("file", "statusapp-en.po", PO_HEADER, 200),
        ("file", "statusapp-en.txt", CSV_BODY, 200),
        ("upload", "statusapp-en.csv", CSV_BODY, 200),
        ("file", "statusapp-en.txt", GARBAGE, 415),
        ("file", "statusapp-en.po", CSV_BODY, 422),
    ],
)
def test_import_takes_an_uploaded_file(client, bearer, field, filename, body, status):
    response = client.post(
        import_url("en", dry_run="true"),
        data={field: (io.BytesIO(body.encode()), filename)},
        headers=bearer(),
    )
    assert response.status_code == status, response.json
    if status == 200:
        assert [item["code"] for item in response.json["changed"]] == [404]


def test_an_upload_without_the_file_field_is_422(client, bearer):
    response = client.post(
        import_url("en"),
        data={
            "one": (io.BytesIO(CSV_BODY.encode()), "one.csv"),
            "two": (io.BytesIO(CSV_BODY.encode()), "two.csv"),
        },
        headers=bearer(),
    )
    assert response.status_code == 422
    assert "file" in response.json["errors"]


def test_a_file_over_the_size_limit_is_413(app, client, bearer):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    body = CSV_HEADER + '404,1,,"' + "d" * 2000 + '"\r\n'
    response = send(client, bearer(), "en", body.encode(), "csv")
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"


def test_a_fingerprint_applies_only_the_preview_it_names(app, client, bearer, users):
    headers = bearer()
    data = (CSV_HEADER + CSV_GOOD).encode()
    preview = send(client, headers, "en", data, "csv", dry_run=1).json
    save(app, "erin", 404, "en", "Someone else's text.")
    before = snapshot(app)

    response = send(
        client, headers, "en", data, "csv", fingerprint=preview["fingerprint"]
    )

    assert response.status_code == 412
    assert snapshot(app) == before
    fresh = send(client, headers, "en", data, "csv", dry_run=1).json
    assert [item["code"] for item in fresh["conflicts"]] == [404]


def test_the_api_document_describes_export_and_import(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    export_doc = paths["/api/v1/languages/{tag}/export"]["get"]
    assert set(export_doc["responses"]["200"]["content"]) == {CSV_TYPE, PO_TYPE}
    import_doc = paths["/api/v1/languages/{tag}/import"]["post"]
    assert {"multipart/form-data", CSV_TYPE, PO_TYPE} <= set(
        import_doc["requestBody"]["content"]
    )
    assert {"200", "401", "404", "413", "415", "422"} <= set(import_doc["responses"])
