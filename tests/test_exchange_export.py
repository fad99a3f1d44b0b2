"""Exporting a language as a CSV or PO exchange file through the API."""

import pytest
from exchange_support import (
    CSV_BODY,
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

from statusapp.services.exchange.cache import export_cache


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
    assert len(rows) == 88 == len({row["code"] for row in rows})
    by_code = {int(row["code"]): row for row in rows}
    zh = text_of(client, 404, "zh-CN").json
    en = text_of(client, 404, "en").json
    assert by_code[404] == {
        "code": "404",
        "reason_phrase": "Not Found",
        "source_version": str(zh["version"]),
        "source_text": zh["description"],
        "version": str(en["version"]),
        "status": "reviewed",
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
    assert len(codes) == 88
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
        assert len(rows) == 88
        assert {(r["version"], r["status"], r["description"]) for r in rows} == {
            ("0", "missing", "")
        }
    else:
        _, entries = po_entries(data)
        assert len(entries) == 2 * 88
        assert {m.string for m in entries.values()} == {""}
        assert "version: 0" in entries["404"].auto_comments


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unedited_export_imports_as_unchanged(client, bearer, fmt):
    data = export(client, "zh-CN", fmt)

    response = send(client, bearer(), "zh-CN", data, fmt, dry_run=1)

    assert response.status_code == 200, response.json
    report = response.json
    assert (report["new"], report["changed"], report["conflicts"]) == ([], [], [])
    assert (report["unchanged"], report["untranslated"]) == (86, 2)


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


# Caching, validators and conditional requests ----------------------------------


def test_an_export_has_a_strong_etag_and_may_be_kept_by_any_cache(client):
    response = client.get(export_url("en", "csv"))

    assert response.headers["ETag"].startswith('"')  # strong: not W/"..."
    assert response.headers["Cache-Control"] == "public, no-cache"
    # ?format= picks the format, but a client accepting no text gets 406.
    assert "Accept" in response.vary
    refused = client.get(export_url("en", "csv"), headers={"Accept": "image/png"})
    assert refused.status_code == 406
    chosen = client.get("/api/v1/languages/en/export", headers={"Accept": PO_TYPE})
    assert "Accept" in chosen.vary


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_the_client_has_is_answered_304(client, fmt):
    first = client.get(export_url("en", fmt))

    again = client.get(
        export_url("en", fmt), headers={"If-None-Match": first.headers["ETag"]}
    )

    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Cache-Control"] == "public, no-cache"
    other = client.get(export_url("en", fmt), headers={"If-None-Match": '"other"'})
    assert (other.status_code, other.data) == (200, first.data)


def test_a_repeated_export_takes_three_cheap_queries(client, count_queries):
    export(client, "en", "csv")

    with count_queries() as statements:
        export(client, "en", "csv")

    # The language, the languages (for the source), and the generation.
    assert len(statements) <= 3


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_worker_builds_the_same_bytes_for_the_same_texts(app, client, fmt):
    first = client.get(export_url("zh-CN", fmt))
    with app.app_context():
        export_cache().clear()  # as a worker that never built it

    again = client.get(export_url("zh-CN", fmt))

    assert again.data == first.data
    assert again.headers["ETag"] == first.headers["ETag"]


def put_text(client, bearer, code, lang, description, who="editor"):
    """Replace a code's text as an editor would through the API."""
    url = f"/api/v1/codes/{code}/translations/{lang}"
    etag = text_of(client, code, lang).headers["ETag"]
    response = client.put(
        url,
        json={"title": "Changed", "description": description},
        headers={**bearer(who), "If-Match": etag},
    )
    assert response.status_code == 200, response.json
    return response


# Each change to what an export shows, made while the export is cached; each
# returns the check of the CSV rows and the PO text that the export now passes.


def change_current(client, method: str, url: str, auth: dict, **kwargs):
    """Change ``url`` as a client that just read it, naming its ETag."""
    headers = {**auth, "If-Match": client.get(url).headers["ETag"]}
    return client.open(url, method=method, headers=headers, **kwargs)


def save_text(client, bearer, runner):
    put_text(client, bearer, 404, "en", "A new text.")
    return lambda rows, po: rows[404]["description"] == "A new text."


def review_text(client, bearer, runner):
    url = "/api/v1/codes/404/translations/en"
    response = change_current(
        client, "PATCH", url, bearer("editor2"), json={"status": "reviewed"}
    )
    assert response.status_code == 200, response.json
    return lambda rows, po: rows[404]["status"] == "reviewed"


def delete_text(client, bearer, runner):
    url = "/api/v1/codes/404/translations/en"
    response = change_current(client, "DELETE", url, bearer())
    assert response.status_code == 204
    return lambda rows, po: rows[404]["status"] == "missing"


def rename_code(client, bearer, runner):
    url = "/api/v1/codes/404"
    response = change_current(
        client, "PATCH", url, bearer(), json={"reason_phrase": "Nowhere"}
    )
    assert response.status_code == 200, response.json
    return lambda rows, po: rows[404]["reason_phrase"] == "Nowhere"


def change_source(client, bearer, runner):
    put_text(client, bearer, 404, "zh-CN", "新的原文。")
    shown = ("新的原文。", "outdated")
    return lambda rows, po: (rows[404]["source_text"], rows[404]["status"]) == shown


def rename_language(client, bearer, runner):
    url = "/api/v1/languages/en"
    response = change_current(
        client, "PATCH", url, bearer("admin"), json={"name": "Englisch"}
    )
    assert response.status_code == 200, response.json
    return lambda rows, po: '"Language-Team: Englisch (en)\\n"' in po


def import_a_file(client, bearer, runner):
    response = send(client, bearer(), "en", CSV_BODY.encode(), "csv")
    assert response.json["applied"] == 1, response.json
    return lambda rows, po: rows[404]["description"] == "A changed text."


def revert_change(client, bearer, runner):
    before = export(client, "en", "csv")
    put_text(client, bearer, 404, "en", "A new text.")
    export(client, "en", "csv")  # the change, cached
    history = client.get("/api/v1/codes/404/history").json["items"]
    response = client.post(
        f"/api/v1/revisions/{history[0]['id']}/revert", headers=bearer()
    )
    assert response.status_code == 201, response.json
    original = {int(r["code"]): r for r in csv_rows(before)}[404]["description"]
    return lambda rows, po: rows[404]["description"] == original


def reset_seed(client, bearer, runner):
    before = export(client, "en", "csv")
    put_text(client, bearer, 404, "en", "A new text.")
    export(client, "en", "csv")  # the change, cached
    result = runner.invoke(args=["seed", "--reset", "--yes"])
    assert result.exit_code == 0, result.output
    original = {int(r["code"]): r for r in csv_rows(before)}[404]["description"]
    return lambda rows, po: rows[404]["description"] == original


@pytest.mark.parametrize(
    "change",
    [
        save_text,
        review_text,
        delete_text,
        rename_code,
        change_source,
        rename_language,
        import_a_file,
        revert_change,
        reset_seed,
    ],
)
def test_an_export_shows_every_change_at_once(client, bearer, runner, change):
    cached = {fmt: client.get(export_url("en", fmt)) for fmt in FORMATS}

    shows = change(client, bearer, runner)

    now = {fmt: client.get(export_url("en", fmt)) for fmt in FORMATS}
    rows = {int(row["code"]): row for row in csv_rows(now["csv"].data)}
    assert shows(rows, now["po"].data.decode())
    for fmt in FORMATS:
        # The copy a client kept is current only if nothing it shows changed.
        old = {"If-None-Match": cached[fmt].headers["ETag"]}
        revalidated = client.get(export_url("en", fmt), headers=old)
        if now[fmt].data == cached[fmt].data:
            assert revalidated.status_code == 304
        else:
            assert (revalidated.status_code, revalidated.data) == (200, now[fmt].data)
