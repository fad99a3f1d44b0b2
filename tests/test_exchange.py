"""Exchange files: exporting a language as CSV or PO, editing it, importing it back."""

import csv
import io
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from babel.messages.pofile import read_po, write_po
from html_support import ENGLISH, Visitor, as_user, parse

from statusapp.extensions import db
from statusapp.models import Revision, Translation
from statusapp.services import translations

FORMATS = ["csv", "po"]
CSV_TYPE = "text/csv"
PO_TYPE = "text/x-gettext-translation"
MEDIA_TYPES = {"csv": CSV_TYPE, "po": PO_TYPE}


def export_url(tag: str, fmt: str) -> str:
    return f"/api/v1/languages/{tag}/export?format={fmt}"


def import_url(tag: str, **args) -> str:
    query = "&".join(f"{key}={value}" for key, value in args.items())
    return f"/api/v1/languages/{tag}/import" + (f"?{query}" if query else "")


def export(client, tag: str, fmt: str) -> bytes:
    response = client.get(export_url(tag, fmt))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.data


def send(client, headers, tag, data: bytes, fmt: str, **args):
    """POST a file to the import as a raw body of its media type."""
    return client.post(
        import_url(tag, **args),
        data=data,
        headers={**headers, "Content-Type": MEDIA_TYPES[fmt]},
    )


def csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def po_entries(data: bytes):
    """Return the PO file's catalog and its entries keyed by msgctxt."""
    catalog = read_po(io.BytesIO(data))
    return catalog, {m.context: m for m in catalog if m.id}


def edit(data: bytes, fmt: str, changes: dict[int, dict]) -> bytes:
    """Change entries as a translator would, in a spreadsheet or in Poedit."""
    if fmt == "csv":
        rows = csv_rows(data)
        for row in rows:
            row.update(changes.get(int(row["code"]), {}))
        out = io.StringIO(newline="")
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue().encode("utf-8")
    catalog, entries = po_entries(data)
    for code, change in changes.items():
        if "description" in change:
            entries[str(code)].string = change["description"]
        if "title" in change:
            entries[f"{code}|title"].string = change["title"]
    out = io.BytesIO()
    write_po(out, catalog)
    return out.getvalue()


def text_of(client, code: int, lang: str):
    return client.get(f"/api/v1/codes/{code}/translations/{lang}")


def save(app, who: str, code: int, lang: str, description: str, title=None):
    as_user(
        app,
        who,
        lambda user: translations.save_translation(
            code, lang, {"title": title, "description": description}, user
        ),
    )


def snapshot(app):
    """Every text with its version and state, and how many revisions exist."""
    with app.app_context():
        texts = db.session.execute(
            sa.select(
                Translation.code,
                Translation.lang,
                Translation.title,
                Translation.description,
                Translation.status,
                Translation.version,
            ).order_by(Translation.code, Translation.lang)
        ).all()
        revisions = db.session.scalar(sa.select(sa.func.count(Revision.id)))
    return texts, revisions


# Export -----------------------------------------------------------------------


def test_csv_export_has_every_code_with_its_source_text_and_versions(client):
    response = client.get(export_url("en", "csv"))

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="statusapp-en.csv"'
    )
    rows = csv_rows(response.data)
    assert list(rows[0]) == [
        "code",
        "reason_phrase",
        "source_version",
        "source_text",
        "version",
        "status",
        "title",
        "description",
    ]
    assert len(rows) == 63 == len({row["code"] for row in rows})
    by_code = {int(row["code"]): row for row in rows}
    zh = text_of(client, 404, "zh-CN").json
    en = text_of(client, 404, "en").json
    assert by_code[404] == {
        "code": "404",
        "reason_phrase": "Not Found",
        "source_version": str(zh["version"]),
        "source_text": zh["description"],
        "version": str(en["version"]),
        "status": "draft",
        "title": en["title"],
        "description": en["description"],
    }
    # 103 has no text on the source page.
    assert (by_code[103]["source_text"], by_code[103]["source_version"]) == ("", "")


def test_po_export_has_a_header_and_every_code_with_versions(client):
    response = client.get(export_url("en", "po"))

    assert response.status_code == 200
    assert response.headers["Content-Type"] == (
        "text/x-gettext-translation; charset=utf-8"
    )
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="statusapp-en.po"'
    )
    catalog, entries = po_entries(response.data)
    headers = dict(catalog.mime_headers)
    assert headers["Language"] == "en"
    assert headers["Project-Id-Version"].startswith("statusapp ")
    assert headers["Content-Type"] == "text/plain; charset=utf-8"
    codes = {context for context in entries if "|" not in context}
    assert len(codes) == 63
    assert {f"{code}|title" for code in codes} <= set(entries)
    zh = text_of(client, 404, "zh-CN").json
    en = text_of(client, 404, "en").json
    description = entries["404"]
    assert description.id == zh["description"]
    assert description.string == en["description"]
    assert f"version: {en['version']}" in description.auto_comments
    assert f"source version: {zh['version']}" in description.auto_comments
    assert (entries["404|title"].id, entries["404|title"].string) == (
        "Not Found",
        en["title"],
    )
    # A code without a source text says what its msgid is instead.
    assert entries["103"].id == "Early Hints"
    assert entries["103"].user_comments == [
        "No source text yet: the msgid is the reason phrase."
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_new_language_exports_every_code_as_missing(client, japanese, fmt):
    data = export(client, "ja", fmt)

    if fmt == "csv":
        rows = csv_rows(data)
        assert len(rows) == 63
        assert {(r["version"], r["status"], r["description"]) for r in rows} == {
            ("0", "missing", "")
        }
    else:
        _, entries = po_entries(data)
        assert len(entries) == 2 * 63
        assert {m.string for m in entries.values()} == {""}
        assert "version: 0" in entries["404"].auto_comments


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unedited_export_imports_as_unchanged(client, bearer, fmt):
    data = export(client, "zh-CN", fmt)

    response = send(client, bearer(), "zh-CN", data, fmt, dry_run=1)

    assert response.status_code == 200, response.json
    report = response.json
    assert (report["new"], report["changed"], report["conflicts"]) == ([], [], [])
    assert (report["unchanged"], report["untranslated"]) == (61, 2)


@pytest.mark.parametrize(
    ("url", "headers", "status", "media_type"),
    [
        (export_url("en", "xlsx"), {}, 422, "application/problem+json"),
        (export_url("xx", "csv"), {}, 404, "application/problem+json"),
        ("/api/v1/languages/en/export", {}, 200, CSV_TYPE),
        ("/api/v1/languages/en/export", {"Accept": PO_TYPE}, 200, PO_TYPE),
        ("/api/v1/languages/EN/export?format=po", {}, 200, PO_TYPE),
        ("/api/v1/languages/en/export", {"Accept": "image/png"}, 406, None),
    ],
)
def test_export_answers(client, url, headers, status, media_type):
    response = client.get(url, headers=headers)
    assert response.status_code == status
    if media_type:
        assert response.mimetype == media_type


def test_export_takes_a_few_queries_whatever_the_size(client, count_queries):
    with count_queries() as statements:
        export(client, "en", "csv")
    assert len(statements) <= 5


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
    assert (report["unchanged"], report["untranslated"]) == (0, 60)
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
    history = client.get("/api/v1/codes/404/history").json
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
    assert text_of(client, 403, "en").json["status"] == "draft"


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


# Malformed files ----------------------------------------------------------------

CSV_HEADER = "code,version,title,description\r\n"
# A good row before the bad one shows that nothing is half-imported.
CSV_GOOD = "404,1,Not Found,A changed text.\r\n"
PO_HEADER = (
    'msgid ""\nmsgstr ""\n"Language: en\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    '#. version: 1\nmsgctxt "404"\nmsgid "x"\nmsgstr "A changed text."\n\n'
)  # 9 lines

MALFORMED = [
    (
        "csv",
        "code,version,title,descr\r\n" + CSV_GOOD,
        "line 1: the header row must name the columns code, version, title, "
        "description",
    ),
    ("csv", "", "the file is empty"),
    (
        "csv",
        CSV_HEADER + CSV_GOOD + "999,1,,Unknown.\r\n",
        "line 3: 999 is not a status code in the catalogue.",
    ),
    (
        "csv",
        CSV_HEADER + CSV_GOOD + "410,1,,Gone.\r\n404,1,,Again.\r\n",
        "line 4: 404 appears again (first on line 2).",
    ),
    (
        "csv",
        CSV_HEADER + CSV_GOOD + "410,1," + "t" * 201 + ",Gone.\r\n",
        "line 3 (code 410): the title must be at most 200 characters.",
    ),
    (
        "csv",
        CSV_HEADER + CSV_GOOD + '410,1,,"' + "d" * 20_001 + '"\r\n',
        "line 3 (code 410): the description must be at most 20000 characters.",
    ),
    (
        "csv",
        CSV_HEADER + CSV_GOOD + "410,one,,Gone.\r\n",
        "line 3 (code 410): the version 'one' is not a whole number.",
    ),
    (
        "csv",
        CSV_HEADER + CSV_GOOD + "410,1,Gone,really,gone.\r\n",
        "line 3: 5 fields, but the header names 4 columns",
    ),
    (
        "csv",
        CSV_HEADER + CSV_GOOD + '410,1,,"Gone.\r\n',
        "line 3: this is not valid CSV",
    ),
    (
        "csv",
        CSV_HEADER + CSV_GOOD + "410,1,,Gone\x00.\r\n",
        "line 3: the file contains a NUL character.",
    ),
    (
        "po",
        PO_HEADER + 'msgctxt "410"\nmsgid "x"\nmsgstr "Gone.\n',
        "line 13: 'msgstr \"Gone.' is not a PO keyword and quoted string.",
    ),
    (
        "po",
        PO_HEADER + 'msgctxt "410"\nmsgid "x"\nmsgtxt "Gone."\n',
        "line 13: 'msgtxt \"Gone.\"' is not a PO keyword and quoted string.",
    ),
    (
        "po",
        PO_HEADER + 'msgctxt "410"\nmsgid "x"\n',
        "line 12: this is not a valid PO file (missing msgstr for msgid 'x')",
    ),
    (
        "po",
        PO_HEADER + 'msgctxt "999"\nmsgid "x"\nmsgstr "Unknown."\n',
        "entry 999 (line 12): 999 is not a status code in the catalogue.",
    ),
    (
        "po",
        PO_HEADER + 'msgctxt "404"\nmsgid "y"\nmsgstr "Again."\n',
        "entry 404 (line 12): a second entry for msgctxt '404' (first on line 8).",
    ),
    (
        "po",
        PO_HEADER + 'msgid "Gone"\nmsgstr "Weg."\n',
        "line 11: the entry has no msgctxt",
    ),
    (
        "po",
        PO_HEADER + 'msgctxt "410"\nmsgid "x"\nmsgstr "' + "d" * 20_001 + '"\n',
        "entry 410 (line 12): the description must be at most 20000 characters.",
    ),
    (
        "po",
        PO_HEADER + '#. version: two\nmsgctxt "410"\nmsgid "x"\nmsgstr "Gone."\n',
        "entry 410 (line 13): the version 'two' is not a whole number.",
    ),
    (
        "po",
        PO_HEADER.replace("Language: en", "Language: de"),
        "the PO header says Language: de, but this import is into en.",
    ),
    (
        "po",
        PO_HEADER.replace("charset=UTF-8", "charset=ISO-8859-1"),
        "the PO header gives the charset iso-8859-1",
    ),
    (
        "po",
        PO_HEADER.replace("Language: en", "Plural-Forms: nplurals=x"),
        "line 1: the PO header is malformed",
    ),
]


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


CSV_BODY = CSV_HEADER + CSV_GOOD
GARBAGE = "Dear translator,\r\nplease find attached...\r\n"


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


# The command line -------------------------------------------------------------------


@pytest.mark.parametrize(("filename", "fmt"), [("ja.csv", "csv"), ("ja.po", "po")])
def test_flask_translations_export_writes_a_file(
    client, runner, japanese, tmp_path, filename, fmt
):
    target = tmp_path / filename

    result = runner.invoke(
        args=["translations", "export", "--lang", "ja", "-o", str(target)]
    )

    assert result.exit_code == 0, result.output
    content = target.read_bytes()
    if fmt == "csv":
        assert content == export(client, "ja", "csv")
    else:
        assert (
            po_entries(content)[1].keys()
            == po_entries(export(client, "ja", "po"))[1].keys()
        )


@pytest.mark.parametrize("fmt", FORMATS)
def test_flask_translations_export_writes_to_standard_output(client, runner, fmt):
    result = runner.invoke(
        args=["translations", "export", "--lang", "en", "--format", fmt]
    )

    assert result.exit_code == 0, result.output
    if fmt == "csv":
        assert result.stdout_bytes == export(client, "en", "csv")
    else:
        assert dict(po_entries(result.stdout_bytes)[0].mime_headers)["Language"] == "en"


def test_flask_translations_export_of_an_unknown_language_fails(runner):
    result = runner.invoke(args=["translations", "export", "--lang", "xx"])
    assert result.exit_code == 1
    assert "xx is not one of the catalogue's languages" in result.output


@pytest.fixture
def edited_file(app, client, users, japanese, tmp_path):
    """A ja export edited offline, while 500 changed in the catalogue."""
    save(app, "erin", 404, "ja", "見つかりません。")
    save(app, "erin", 500, "ja", "サーバーエラー。")
    data = edit(
        export(client, "ja", "csv"),
        "csv",
        {
            404: {"description": "リソースが見つかりません。"},
            418: {"description": "私はティーポットです。"},
            500: {"description": "サーバー内部のエラーです。"},
        },
    )
    exported = text_of(client, 500, "ja").json["version"]
    save(app, "erin", 500, "ja", "内部サーバーエラー。")
    path = tmp_path / "ja.csv"
    path.write_bytes(data)
    now = text_of(client, 500, "ja").json["version"]
    return SimpleNamespace(path=path, exported=exported, now=now)


def test_flask_translations_import_dry_run_writes_nothing(app, runner, edited_file):
    before = snapshot(app)

    result = runner.invoke(
        args=[
            "translations",
            "import",
            str(edited_file.path),
            "--lang",
            "ja",
            "--dry-run",
        ]
    )

    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "ja: 1 new text, 1 changed text, 1 conflict, 0 unchanged, 60 untranslated.",
        "Conflict: 500 changed here since the export (exported at version "
        f"{edited_file.exported}, now version {edited_file.now}); left as it is.",
        "Dry run: nothing was written.",
    ]
    assert snapshot(app) == before


@pytest.mark.parametrize(
    ("user", "author"), [(["--user", "eddie"], "eddie"), ([], None)]
)
def test_flask_translations_import_applies_the_changes(
    client, runner, edited_file, user, author
):
    result = runner.invoke(
        args=["translations", "import", str(edited_file.path), "--lang", "ja", *user]
    )

    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "Wrote 2 texts as drafts."
    assert text_of(client, 418, "ja").json["description"] == "私はティーポットです。"
    assert text_of(client, 404, "ja").json["updated_by"] == author
    assert text_of(client, 500, "ja").json["description"] == "内部サーバーエラー。"
    assert client.get("/api/v1/codes/418/history").json[0].get("author") == author


@pytest.mark.parametrize("body", [CSV_BODY, PO_HEADER])
def test_flask_translations_import_reads_standard_input(app, runner, body):
    before = snapshot(app)

    result = runner.invoke(
        args=["translations", "import", "-", "--lang", "en", "--dry-run"],
        input=body,
    )

    assert result.exit_code == 0, result.output
    assert result.output.startswith("en: 0 new texts, 1 changed text, 0 conflicts")
    assert snapshot(app) == before


def test_flask_translations_import_refuses_a_malformed_file(app, runner, tmp_path):
    path = tmp_path / "en.csv"
    path.write_text(CSV_HEADER + CSV_GOOD + "404,1,,Again.\r\n")
    before = snapshot(app)

    result = runner.invoke(args=["translations", "import", str(path), "--lang", "en"])

    assert result.exit_code == 1
    assert "line 3: 404 appears again (first on line 2)." in result.output
    assert snapshot(app) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lang", "xx"], "xx is not one of the catalogue's languages"),
        (["--lang", "en", "--user", "nobody"], "there is no user 'nobody'"),
    ],
)
def test_flask_translations_import_names_what_is_wrong(
    app, runner, tmp_path, args, message
):
    path = tmp_path / "en.csv"
    path.write_text(CSV_HEADER + CSV_GOOD)
    before = snapshot(app)

    result = runner.invoke(args=["translations", "import", str(path), *args])

    assert result.exit_code == 1
    assert message in result.output
    assert snapshot(app) == before


# The upload form ----------------------------------------------------------------------


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
        "60 entries without a description, left out",
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
