"""Failed logins are limited per address and per account, across instances,
and logged."""

import logging
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa
from page_support import parse
from session_support import PASSWORD, log_in, logged_in_as

from statusapp.extensions import db
from statusapp.models import LoginThrottle

REDIS_URL = "redis://127.0.0.1:6379/0"
WRONG = "wrong-secret-123"


def fail(client, times: int, **kwargs) -> list[int]:
    return [log_in(client, "eddie", WRONG, **kwargs).status_code for _ in range(times)]


@pytest.mark.parametrize(
    ("accept", "mimetype"),
    [("text/html", "text/html"), ("application/json", "application/problem+json")],
)
def test_eleventh_login_after_ten_failures_is_refused(client, users, accept, mimetype):
    assert fail(client, 10) == [422] * 10
    # Even the right password is refused until the window is over.
    response = log_in(
        client, "eddie", headers={"Accept": accept, "Accept-Language": "en"}
    )
    assert response.status_code == 429
    assert response.mimetype == mimetype
    if mimetype == "text/html":
        shown = parse(response).find("main").text
    else:
        assert response.json["status"] == 429
        shown = response.json["detail"]
    assert "Too many failed logins" in shown
    retry_after = response.headers["Retry-After"]
    assert retry_after.isdigit() and 0 < int(retry_after) <= 60
    assert logged_in_as(client) is None


def test_successful_logins_do_not_count(client, users):
    assert fail(client, 9) == [422] * 9
    assert [log_in(client, "eddie").status_code for _ in range(3)] == [302] * 3
    assert fail(client, 1) == [422]
    assert log_in(client, "eddie").status_code == 429


def test_limit_is_per_client_address(client, users):
    blocked = {"environ_base": {"REMOTE_ADDR": "192.0.2.1"}}
    other = {"environ_base": {"REMOTE_ADDR": "192.0.2.2"}}
    assert fail(client, 10, **blocked) == [422] * 10
    assert log_in(client, "eddie", **blocked).status_code == 429
    assert log_in(client, "eddie", **other).status_code == 302


def test_form_and_api_failures_share_one_count(client, users):
    assert fail(client, 5) == [422] * 5
    api = [client.post("/api/v1/tokens", auth=("eddie", WRONG)) for _ in range(5)]
    assert [response.status_code for response in api] == [401] * 5
    assert log_in(client, "eddie").status_code == 429
    assert client.post("/api/v1/tokens", auth=("eddie", PASSWORD)).status_code == 429


# Each instance is a process of its own, as a worker or another host would be.
INSTANCE = """
import sys
from conftest import make_app
from session_support import log_in
url, storage, prefix, *passwords = sys.argv[1:]
app = make_app(url, LOGIN_LIMIT_STORAGE=storage, LOGIN_LIMIT_KEY_PREFIX=prefix)
client = app.test_client()
print(" ".join(str(log_in(client, "eddie", pw).status_code) for pw in passwords))
"""


def run_instance(db_url: str, storage: str, prefix: str, passwords: list[str]):
    tests = Path(__file__).parent
    env = dict(os.environ, PYTHONPATH=str(tests))
    result = subprocess.run(
        [sys.executable, "-c", INSTANCE, db_url, storage, prefix, *passwords],
        cwd=tests,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return [int(code) for code in result.stdout.split()]


@pytest.fixture
def limit_prefix():
    """A Redis key prefix of this test's own, removed afterwards."""
    prefix = f"statusapp-test-{uuid.uuid4().hex}:"
    yield prefix
    store = redis.Redis.from_url(REDIS_URL)
    for key in store.scan_iter(f"{prefix}*"):
        store.delete(key)
    store.close()


def stored_keys(app, storage: str, prefix: str) -> list[str]:
    if storage == REDIS_URL:
        store = redis.Redis.from_url(REDIS_URL)
        keys = [key.decode() for key in store.scan_iter(f"{prefix}*")]
        store.close()
        return keys
    with app.app_context():
        return list(db.session.scalars(sa.select(LoginThrottle.key)))


@pytest.mark.parametrize("storage", ["database", REDIS_URL])
def test_instances_share_failures(app, db_url, users, limit_prefix, storage):
    first = run_instance(db_url, storage, limit_prefix, [WRONG] * 6)
    second = run_instance(db_url, storage, limit_prefix, [WRONG] * 4 + [PASSWORD])
    assert first == [422] * 6
    assert second == [422] * 4 + [429]
    # One key for the address, one for the account; no username is stored.
    keys = stored_keys(app, storage, limit_prefix)
    assert len(keys) == 2
    assert not any("eddie" in key or "127.0.0.1" in key for key in keys)


def test_many_addresses_against_one_account_are_stopped(app, client, users):
    app.config["LOGIN_FAILURES_PER_ACCOUNT"] = 4
    for address in ("192.0.2.1", "192.0.2.2"):
        assert fail(client, 2, environ_base={"REMOTE_ADDR": address}) == [422] * 2
    third = {"environ_base": {"REMOTE_ADDR": "192.0.2.3"}}
    response = log_in(
        client,
        "eddie",
        headers={"Accept": "application/json", "Accept-Language": "en"},
        **third,
    )
    assert response.status_code == 429
    assert "for this account" in response.json["detail"]
    # The address itself has attempts left for other accounts.
    assert log_in(client, "erin", **third).status_code == 302


def test_ipv6_addresses_count_by_their_64_bit_network(client, users):
    for host in range(1, 11):
        address = {"environ_base": {"REMOTE_ADDR": f"2001:db8::{host:x}"}}
        assert fail(client, 1, **address) == [422]
    same_network = {"environ_base": {"REMOTE_ADDR": "2001:db8::ffff"}}
    other_network = {"environ_base": {"REMOTE_ADDR": "2001:db8:0:1::1"}}
    assert log_in(client, "eddie", **same_network).status_code == 429
    assert log_in(client, "eddie", **other_network).status_code == 302


def test_attempts_leave_the_count_when_the_window_has_passed(app, client, users):
    app.config["LOGIN_FAILURE_WINDOW"] = 1
    assert fail(client, 10) == [422] * 10
    assert log_in(client, "eddie").status_code == 429
    time.sleep(1.1)
    # Refused attempts were not counted, so the window really is over.
    other = {"environ_base": {"REMOTE_ADDR": "192.0.2.9"}}
    assert fail(client, 1, **other) == [422]
    assert log_in(client, "eddie").status_code == 302
    with app.app_context():
        left = db.session.scalars(sa.select(LoginThrottle)).all()
    # Rows whose window passed were removed as the later attempts went by.
    assert len(left) == 3
    assert all(len(row.attempts) == 1 for row in left if row.attempts)


def test_login_attempts_are_logged_without_passwords(client, users, caplog):
    caplog.set_level(logging.INFO, logger="statusapp")
    log_in(client, "eddie", WRONG)
    log_in(client, "mallory", "mallory's guess 1")
    log_in(client, "eddie")
    messages = [record.getMessage() for record in caplog.records]
    assert any("failed login" in m and "'eddie'" in m for m in messages)
    assert any("failed login" in m and "'mallory'" in m for m in messages)
    assert any("login by 'eddie'" in m and "127.0.0.1" in m for m in messages)
    for secret in (WRONG, "mallory's guess 1", PASSWORD):
        assert secret not in caplog.text


def test_an_undeclared_proxy_is_named_in_the_log(client, users, caplog):
    caplog.set_level(logging.WARNING, logger="statusapp")
    behind = {
        "environ_base": {"REMOTE_ADDR": "10.1.2.3"},
        "headers": {"X-Forwarded-For": "198.51.100.20"},
    }
    assert fail(client, 1, **behind) == [422]
    assert any(
        "X-Forwarded-For" in r.getMessage() and "PROXY_COUNT" in r.getMessage()
        for r in caplog.records
    )
