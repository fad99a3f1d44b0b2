"""The OpenAPI document as its readers' tools take it: a generated Python
client that works against the running app, and Redocly's linter."""

import base64
import importlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from readme_support import section
from session_support import PASSWORD

from statusapp import create_app

ROOT = Path(__file__).resolve().parent.parent
REDOCLY = ROOT / "scripts" / "redocly"
GENERATOR = Path(sys.executable).with_name("openapi-python-client")
# The generator's configuration, as the README gives it to readers: the
# import's raw CSV and PO bodies are files to it.
GENERATOR_CONFIG = re.search(
    r"^```yaml\n(content_type_overrides:.*?)^```$", section("The JSON API"), re.M | re.S
).group(1)
PACKAGE = "statusapp_client"


@pytest.fixture(scope="module")
def document(tmp_path_factory) -> Path:
    """The OpenAPI document, as /api/v1/openapi.json serves it."""
    # The document needs no database: no catalogue, no read cache.
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "SECRET_KEY": "x",
            "READ_CACHE_BYTES": 0,
        }
    )
    body = app.test_client().get("/api/v1/openapi.json").get_json()
    path = tmp_path_factory.mktemp("openapi") / "openapi.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def generated(document, tmp_path_factory):
    """The client openapi-python-client generates from the document, imported."""
    out = tmp_path_factory.mktemp("client")
    config = out / "generator.yaml"
    config.write_text(GENERATOR_CONFIG, encoding="utf-8")
    run = subprocess.run(
        [GENERATOR, "generate", "--path", document, "--meta", "none"]
        + ["--output-path", out / PACKAGE, "--config", config],
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "warning" not in output.lower(), output
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def operation(module: str):
    """Return the generated module of one operation, by its operationId."""
    return importlib.import_module(f"{PACKAGE}.api.{module}")


def test_the_document_lints_clean_with_the_recommended_rules(document):
    redocly = REDOCLY / "node_modules" / ".bin" / "redocly"
    run = subprocess.run(
        [redocly, "lint", "--config", REDOCLY / "redocly.yaml", "--format", "summary"]
        + [document],
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **os.environ,
            "REDOCLY_TELEMETRY": "off",
            "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true",
        },
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "Your API description is valid" in output, output
    assert "warning" not in output.replace("Deprecation warning", ""), output


def test_every_operation_has_a_short_verb_first_id(document):
    spec = json.loads(document.read_text(encoding="utf-8"))
    operations = [
        op
        for path in spec["paths"].values()
        for method, op in path.items()
        if method in ("get", "put", "post", "patch", "delete")
    ]
    ids = [op.get("operationId") for op in operations]
    assert len(operations) > 20
    assert len(set(ids)) == len(operations), ids
    verbs = ("list", "get", "create", "update", "put", "delete", "set")
    verbs += ("export", "import", "revert", "revoke", "accept", "reject")
    assert all(i and i.startswith(verbs) and i.isalnum() for i in ids), ids


def test_the_generated_client_reads_the_catalogue(generated, live_server):
    client = generated.Client(base_url=live_server.url)
    list_codes = operation("codes.list_codes")
    page = list_codes.sync(client=client, class_=4, q="found", per_page=50)
    assert isinstance(page, generated.models.CodePage)
    assert [item.code for item in page.items] == [404]
    assert page.items[0].reason_phrase == "Not Found"
    assert page.total == 1

    get_code = operation("codes.get_code")
    answer = get_code.sync_detailed(code=404, lang="en", client=client)
    assert answer.status_code == 200
    assert answer.parsed.code == 404
    assert answer.parsed.description
    assert answer.headers["Content-Language"] == "en"
    again = get_code.sync_detailed(
        code=404, lang="en", client=client, if_none_match=answer.headers["ETag"]
    )
    assert again.status_code == 304
    assert again.parsed is None

    get_translation = operation("translations.get_translation")
    text = get_translation.sync(code=404, lang="zh-CN", client=client)
    assert isinstance(text, generated.models.Translation)
    assert text.lang == "zh-CN" and text.status.value == "reviewed"

    missing = get_code.sync_detailed(code=590, client=client)
    assert missing.status_code == 404
    assert isinstance(missing.parsed, generated.models.Problem)
    assert missing.parsed.type_ == "/codes/404"


def test_the_generated_client_writes_with_a_token_and_if_match(
    generated, live_server, users
):
    pair = base64.b64encode(f"{users['editor']}:{PASSWORD}".encode()).decode()
    anonymous = generated.Client(base_url=live_server.url)
    login = generated.Client(
        base_url=live_server.url, headers={"Authorization": f"Basic {pair}"}
    )
    token = operation("tokens.create_token").sync(client=login)
    assert isinstance(token, generated.models.Token)
    client = generated.AuthenticatedClient(base_url=live_server.url, token=token.token)

    get_code = operation("codes.get_code")
    update_code = operation("codes.update_code")
    read = get_code.sync_detailed(code=404, client=anonymous)
    etag = read.headers["ETag"]
    change = generated.models.CodeFields(aliases=["Page Not Found"])
    saved = update_code.sync_detailed(
        code=404, body=change, if_match=etag, client=client
    )
    assert saved.status_code == 200
    assert saved.parsed.aliases == ["Page Not Found"]
    assert saved.headers["ETag"] != etag

    stale = update_code.sync_detailed(
        code=404,
        body=generated.models.CodeFields(aliases=[]),
        if_match=etag,
        client=client,
    )
    assert stale.status_code == 412
    assert isinstance(stale.parsed, generated.models.Problem)
    assert get_code.sync(code=404, client=anonymous).aliases == ["Page Not Found"]


def test_the_generated_client_exchanges_files(generated, live_server, users):
    pair = base64.b64encode(f"{users['editor']}:{PASSWORD}".encode()).decode()
    login = generated.Client(
        base_url=live_server.url, headers={"Authorization": f"Basic {pair}"}
    )
    token = operation("tokens.create_token").sync(client=login).token
    client = generated.AuthenticatedClient(base_url=live_server.url, token=token)
    formats = generated.models

    exported = operation("exchange.export_language").sync_detailed(
        "en", client=client, format_=formats.ExportLanguageFormat.CSV
    )
    assert exported.status_code == 200
    assert exported.headers["Content-Type"].startswith("text/csv")
    upload = generated.types.File(payload=exported.content, file_name="en.csv")
    report = operation("exchange.import_language").sync(
        "en",
        client=client,
        body=formats.ImportLanguageFilesBody(file=upload),
        dry_run=True,
    )
    assert isinstance(report, formats.ImportReport)
    assert report.dry_run and report.applied == 0
    assert report.unchanged > 50 and report.new == report.changed == []


def operations(spec: dict):
    """Yield (method, path, operation) for every operation of the document."""
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method in ("get", "put", "post", "patch", "delete"):
                yield method, path, op


def test_public_reads_need_no_token_and_writes_name_theirs(client):
    spec = client.get("/api/v1/openapi.json").json
    for method, path, op in operations(spec):
        if not path.startswith("/api/"):
            # /status/{code} takes no account, and answers text when JSON is
            # not acceptable rather than 406.
            assert op["security"] == [], (method, path)
            assert "406" not in op["responses"], (method, path)
            continue
        if path.startswith("/api/v1/tokens"):
            expected = [{"basicAuth": []}] if method == "post" else [{"bearerAuth": []}]
        else:
            expected = [] if method == "get" else [{"bearerAuth": []}]
        assert op["security"] == expected, (method, path)
        assert any(400 <= int(s) < 500 for s in op["responses"] if s.isdigit())
        assert op["responses"]["406"] == {
            "$ref": "#/components/responses/NOT_ACCEPTABLE"
        }


def test_the_document_declares_the_headers_clients_act_on(client):
    spec = client.get("/api/v1/openapi.json").json
    paths = spec["paths"]

    def headers(path, method, status):
        found = paths[path][method]["responses"][status].get("headers", {})
        return {name: ref["$ref"].rsplit("/", 1)[-1] for name, ref in found.items()}

    listed = headers("/api/v1/codes", "get", "200")
    assert listed == {
        "ETag": "ETag",
        "Link": "Link",
        "Content-Language": "ContentLanguage",
        "X-Request-ID": "RequestId",
    }
    assert headers("/api/v1/codes/{code}/history", "get", "200")["Link"] == "Link"
    assert headers("/api/v1/codes", "post", "201")["Location"] == "Location"
    retry = {"Retry-After": "RetryAfter", "X-Request-ID": "RequestId"}
    assert headers("/api/v1/tokens", "post", "429") == retry
    assert headers("/api/v1/languages/{tag}/import", "post", "503") == retry
    for method, path, op in operations(spec):
        if method == "get" and path != "/api/v1/tokens":  # who you are: no-store
            assert "ETag" in op["responses"]["200"]["headers"], path
    # Every answer, shared responses too, names the request id to quote.
    shared = spec["components"]["responses"]
    for method, path, op in operations(spec):
        for status, response in op["responses"].items():
            if "$ref" in response:
                response = shared[response["$ref"].rsplit("/", 1)[-1]]
            assert "X-Request-ID" in response["headers"], (method, path, status)
    assert {
        "ETag",
        "Link",
        "Location",
        "ContentLanguage",
        "RetryAfter",
        "RequestId",
    } == set(spec["components"]["headers"])


def test_answers_declare_the_fields_they_always_carry(client):
    schemas = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    summary = schemas["CodeSummary"]
    assert {"code", "reason_phrase", "class", "translations", "version"} <= set(
        summary["required"]
    )
    # Only there when ?lang= or Accept-Language asked for one language.
    assert not {"description", "description_lang"} & set(summary["required"])
    assert set(schemas["Translation"]["required"]) == set(
        schemas["Translation"]["properties"]
    )
    assert {"type", "title", "status"} <= set(schemas["Problem"]["required"])
    # The two status enums have models of their own in generated clients.
    assert "TranslationReview" in schemas and "TranslationStatus" not in schemas


def test_problem_types_and_the_server_follow_public_url(app_factory, db_url):
    app = app_factory(db_url, PUBLIC_URL="https://status.example.org")
    client = app.test_client()
    spec = client.get("/api/v1/openapi.json").json
    assert spec["servers"][0]["url"] == "https://status.example.org"
    assert spec["info"]["license"]["url"].startswith("https://creativecommons.org/")
    for host in ("statusapp.test", "other.example"):
        problem = client.get("/api/v1/codes/590", headers={"Host": host}).json
        assert problem["type"] == "https://status.example.org/codes/404"


def test_without_public_url_problem_types_are_paths(client):
    assert client.get("/api/v1/codes/590").json["type"] == "/codes/404"
    spec = client.get("/api/v1/openapi.json").json
    assert spec["servers"] == [
        {"url": "/", "description": "The site serving this document"}
    ]
