"""Logs an operator can use, and the request id that ties them to a request."""

import json
import logging
import re

import pytest
from page_support import parse
from session_support import PASSWORD, log_in

from statusapp.config import ConfigError, from_environment
from statusapp.extensions import db

HEX_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def logged(caplog):
    """The records of the statusapp loggers, from INFO up."""
    caplog.set_level(logging.INFO, logger="statusapp")
    return caplog


def test_a_write_is_logged_with_who_what_which_and_the_request_id(
    client, bearer, japanese, logged
):
    headers = bearer("admin")
    token = headers["Authorization"].removeprefix("Bearer ")
    logged.clear()

    response = client.put(
        "/api/v1/codes/404/translations/ja",
        json={"title": "見つかりません", "description": "ありません。"},
        headers={**headers, "X-Request-ID": "write-1"},
    )

    assert response.status_code == 201
    assert response.headers["X-Request-ID"] == "write-1"
    lines = {r.getMessage(): r for r in logged.records}
    write = lines["user ada created translation 404/ja"]
    assert write.request_id == "write-1"
    assert (write.actor, write.action, write.record) == (
        "user ada",
        "created",
        "translation 404/ja",
    )
    used = [m for m in lines if m.startswith("token ") and "'ada'" in m]
    assert used and "PUT /api/v1/codes/404/translations/ja" in used[0]
    assert token not in logged.text and PASSWORD not in logged.text


@pytest.mark.parametrize("how", ["form", "API token"])
def test_failed_logins_name_the_user_address_and_throttling(
    app_factory, db_url, users, capsys, how
):
    app = app_factory(db_url, LOGIN_FAILURES_PER_ADDRESS=1)
    client = app.test_client()

    def attempt(request_id):
        headers = {"X-Request-ID": request_id}
        if how == "form":
            return log_in(client, "eddie", "a wrong guess", headers=headers)
        return client.post(
            "/api/v1/tokens", auth=("eddie", "a wrong guess"), headers=headers
        )

    assert [attempt("try-1").status_code, attempt("try-2").status_code][1] == 429
    err = capsys.readouterr().err

    assert f"[try-1] failed login for 'eddie' from 127.0.0.1 ({how})\n" in err
    assert f"[try-2] failed login for 'eddie' from 127.0.0.1 ({how}): throttled" in err
    assert "a wrong guess" not in err
    # Each line: UTC time, level, logger, [request id], message.
    line = next(x for x in err.splitlines() if "[try-1] failed" in x)
    assert re.match(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z WARNING statusapp\.auth \[try-1\] ",
        line,
    )
    with app.app_context():
        db.engine.dispose()


def test_json_logs_are_one_object_per_line(app_factory, db_url, users, capsys):
    app = app_factory(db_url, LOG_FORMAT="json")
    client = app.test_client()
    capsys.readouterr()
    token = client.post("/api/v1/tokens", auth=("eddie", PASSWORD))
    client.post("/api/v1/tokens", auth=("eddie", "a wrong guess"))
    err = capsys.readouterr().err
    with app.app_context():
        db.engine.dispose()
    lines = [json.loads(line) for line in err.splitlines()]

    assert {"time", "level", "logger", "request_id", "message"} <= set(lines[0])
    failed = next(x for x in lines if x.get("event") == "login_failed")
    assert failed["level"] == "WARNING"
    assert failed["throttled"] is False
    assert HEX_ID.fullmatch(failed["request_id"])
    assert failed["time"].endswith("Z")
    assert token.json["token"] not in err and PASSWORD not in err


@pytest.mark.parametrize("accept", ["application/json", "text/html"])
def test_a_server_error_logs_the_request_id_the_client_sees(
    app_factory, db_url, logged, accept
):
    app = app_factory(db_url, PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("something broke")

    response = app.test_client().get("/boom", headers={"Accept": accept})

    assert response.status_code == 500
    request_id = response.headers["X-Request-ID"]
    assert HEX_ID.fullmatch(request_id)
    if accept == "application/json":
        assert response.json["request_id"] == request_id
    else:
        assert request_id in parse(response).find("main").text
    ours = [r for r in logged.records if r.request_id == request_id]
    assert any(r.exc_info and "something broke" in str(r.exc_info[1]) for r in ours)
    assert any(r.getMessage() == "GET /boom answered 500" for r in ours)
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        (None, False),
        ("nginx-4f2a.9_b", True),
        ("a" * 65, False),
        ("</script>", False),
    ],
)
@pytest.mark.parametrize("url", ["/api/v1/codes/404", "/codes/404"])
def test_every_answer_names_its_own_request_id(client, url, sent, kept):
    headers = {"X-Request-ID": sent} if sent else {}
    first = client.get(url, headers=headers)
    # The second is answered from the read cache, before Flask.
    cached = client.get(url, headers=headers)

    assert first.status_code == cached.status_code == 200
    ids = [first.headers["X-Request-ID"], cached.headers["X-Request-ID"]]
    if kept:
        assert ids == [sent, sent]
    else:
        assert all(HEX_ID.fullmatch(i) for i in ids)
        assert ids[0] != ids[1]


@pytest.mark.parametrize(
    ("variable", "value", "found"),
    [
        ("LOG_FORMAT", "json", "json"),
        ("LOG_FORMAT", "xml", "LOG_FORMAT must be 'text' or 'json', not 'xml'"),
        ("LOG_LEVEL", "debug", "DEBUG"),
        ("LOG_LEVEL", "loud", "LOG_LEVEL must be one of DEBUG, INFO, WARNING"),
    ],
)
def test_log_settings_come_from_the_environment(
    monkeypatch, tmp_path, variable, value, found
):
    monkeypatch.setenv("STATUSAPP_ENV", "development")
    monkeypatch.setenv(variable, value)
    if found.startswith(variable):
        with pytest.raises(ConfigError, match=re.escape(found)):
            from_environment(str(tmp_path))
    else:
        assert from_environment(str(tmp_path))[variable] == found
