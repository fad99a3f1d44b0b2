"""Exporting a language as a CSV or PO exchange file through the API."""

import pytest
from exchange_support import (
    CSV_TYPE,
    FORMATS,
    PO_TYPE,
    csv_rows,
    export,
    export_url,
    po_entries,
    save,
    send,
    text_of,
)


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


def test_a_long_chinese_text_is_exported_whole_on_one_line(app, client, users):
    # Chinese has no spaces to wrap at: wrapping it is what made this export
    # take seconds of CPU for one anonymous request.
    description = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(20_000))
    save(app, "eddie", 404, "zh-CN", description)

    data = export(client, "zh-CN", "po")

    lines = data.decode("utf-8").splitlines()
    assert f'msgstr "{description}"' in lines
    _catalog, entries = po_entries(data)
    assert entries["404"].string == description
