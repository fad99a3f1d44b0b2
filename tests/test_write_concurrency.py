"""Concurrent writers under gunicorn's workers queue; none fails or is lost.

Sixteen API clients change one code again and again, each reading it, then
saving with If-Match and reading again after a 412, while others save
elsewhere. On SQLite (WAL, busy timeout, writes that take the lock first)
and on PostgreSQL (a sized pool), every saved change must be in the
catalogue and its history, and no request may fail with a 5xx or a locked
database.
"""

import json
import threading
import time

import pytest
import sqlalchemy as sa
from server_support import Gunicorn, basic
from session_support import PASSWORD

WRITERS = 16
# Changes each writer saves to the shared code, and tries it may take.
CHANGES = 3
TRIES = 60
SHARED = 418
# Codes and texts some writers save besides, each its own.
ELSEWHERE = [404, 500, 503, 301]
READERS = ["/api/v1/codes?per_page=100", f"/api/v1/codes/{SHARED}/history"] * 2


@pytest.fixture
def server(db_url, tmp_path, users):
    started = Gunicorn(db_url, tmp_path, workers=4, threads=4)
    yield started
    started.stop()


def bearer(server, username: str, address: str) -> dict:
    headers = {**basic(username, PASSWORD), "X-Forwarded-For": address}
    status, _, body = server.call("POST", "/api/v1/tokens", headers)
    assert status == 201, body
    return {"Authorization": f"Bearer {json.loads(body)['token']}"}


def test_sixteen_writers_queue_and_lose_nothing(server, users, db_url):
    tokens = [
        bearer(server, users["editor" if n % 2 else "editor2"], f"192.0.2.{n}")
        for n in range(WRITERS)
    ]
    _, _, body = server.call("GET", f"/api/v1/codes/{SHARED}", {})
    initial = json.loads(body)["version"]
    failures: list[tuple[int, bytes]] = []
    saved: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(WRITERS)

    def record(status: int, body: bytes) -> None:
        if status >= 500 or b"database is locked" in body:
            with lock:
                failures.append((status, body[:300]))

    def read_modify_write(token: dict, path: str, method: str, change) -> int:
        """Save change(current) with If-Match, reading again after a 412."""
        for _ in range(TRIES):
            status, headers, body = server.call("GET", path, token)
            record(status, body)
            current = json.loads(body)
            status, _, body = server.call(
                method,
                path,
                {**token, "If-Match": headers["ETag"]},
                change(current),
            )
            record(status, body)
            if status != 412:
                return status
        return 412

    def writer(n: int) -> None:
        token = tokens[n]
        start.wait()
        for change in range(CHANGES):
            alias = f"Writer {n} change {change}"
            status = read_modify_write(
                token,
                f"/api/v1/codes/{SHARED}",
                "PATCH",
                lambda current, alias=alias: {"aliases": [alias]},
            )
            if status == 200:
                with lock:
                    saved.append(alias)
            if n < len(ELSEWHERE):
                # A write of another kind, on another code, between the others.
                other = ELSEWHERE[n]
                read_modify_write(
                    token,
                    f"/api/v1/codes/{other}/translations/en",
                    "PUT",
                    lambda current, n=n, change=change: {
                        "description": f"Writer {n} wrote this, change {change}."
                    },
                )

    writing = threading.Event()
    writing.set()

    def reader(path: str) -> None:
        # Readers of long pages, all the while: in WAL they wait for no writer.
        while writing.is_set():
            status, _, body = server.call("GET", path, {})
            record(status, body)

    readers = [threading.Thread(target=reader, args=(path,)) for path in READERS]
    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in readers + threads:
        thread.start()
    started = time.monotonic()
    for thread in threads:
        thread.join(timeout=120)
    elapsed = time.monotonic() - started
    writing.clear()
    for thread in readers:
        thread.join(timeout=60)
    print(f"{len(saved)} changes to {SHARED} saved in {elapsed:.2f} s")

    assert failures == []
    assert len(saved) == WRITERS * CHANGES
    _, _, body = server.call("GET", f"/api/v1/codes/{SHARED}", {})
    final = json.loads(body)
    assert final["version"] == initial + len(saved)
    assert final["aliases"][0] in saved
    _, _, body = server.call("GET", f"/api/v1/codes/{SHARED}/history?per_page=100", {})
    changes = [r for r in json.loads(body)["items"] if r["entity"] == "code"]
    assert len(changes) == len(saved)
    if db_url.startswith("sqlite"):
        engine = sa.create_engine(db_url)
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        engine.dispose()
