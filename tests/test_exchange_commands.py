"""`flask translations export` and `flask translations import`."""

import pytest
from exchange_support import (
    CSV_BODY,
    CSV_GOOD,
    CSV_HEADER,
    FORMATS,
    PO_HEADER,
    export,
    po_entries,
    snapshot,
    text_of,
)


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
        "ja: 1 new text, 1 changed text, 1 conflict, 0 unchanged, 85 untranslated.",
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
    history = client.get("/api/v1/codes/418/history").json["items"]
    assert history[0].get("author") == author


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
