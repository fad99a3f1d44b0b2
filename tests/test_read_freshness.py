"""No worker serves a read that a committed write has changed.

Two gunicorn instances of two workers each serve one database, as two
machines behind one load balancer would. Before each write every worker has
answered the page, so each keeps it in its read cache; the write goes
through the API of one instance, or through a flask command in a process of
its own; then reads over fresh connections, spread until every worker of
both instances has answered several, must all show the write.
"""

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from server_support import Gunicorn, basic
from session_support import PASSWORD

from statusapp import create_app

INSTANCES = 2
WORKERS = 2
# Reads after each write: at least this many, and on until every worker has
# answered EACH_WORKER of them.
READS = 50
EACH_WORKER = 3
MAX_READS = 600


class Served:
    """The database, its two instances, and an admin's API token."""

    def __init__(self, db_url: str, tmp: Path):
        self.db_url = db_url
        self.tmp = tmp
        self.logs = [tmp / f"access-{n}.log" for n in range(INSTANCES)]
        self.servers = [
            Gunicorn(db_url, tmp, WORKERS, threads=4, access_log=log)
            for log in self.logs
        ]
        status, body, _ = self.call(
            "POST", "/api/v1/tokens", headers=basic("ada", PASSWORD)
        )
        assert status == 201, body
        self.token = json.loads(body)["token"]

    def call(self, method, path, body=None, headers=(), server=0):
        """Send one request to an instance; return status, body and headers."""
        status, answer_headers, answer = self.servers[server].call(
            method, path, dict(headers), body
        )
        return status, answer, answer_headers

    def api(self, method, path, body=None, if_match=True):
        """Write through the first instance's API as the admin."""
        headers = {"Authorization": f"Bearer {self.token}"}
        if if_match:
            _, _, current = self.call("GET", path, headers=headers)
            headers["If-Match"] = current["ETag"]
        status, answer, _ = self.call(method, path, body, headers)
        assert status < 300, answer
        return json.loads(answer) if answer else None

    def flask(self, *args: str, input: str | None = None) -> str:
        """Run a flask command in a process of its own on the database."""
        env = {
            **os.environ,
            "DATABASE_URL": self.db_url,
            "SECRET_KEY": "freshness-test-secret",
            "STATUSAPP_ENV": "production",
            "FLASK_APP": "statusapp",
        }
        done = subprocess.run(
            [sys.executable, "-m", "flask", *args],
            env=env,
            cwd=self.tmp,
            input=input,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def answered_by(self, path: str, since: list[int]) -> Counter:
        """Count the reads of ``path`` each worker answered since ``since``."""
        counts = Counter()
        for log, start in zip(self.logs, since, strict=True):
            with open(log) as lines:
                lines.seek(start)
                for line in lines:
                    pid, logged, status = line.split()
                    if logged == path.split("?")[0] and status == "200":
                        counts[pid] += 1
        return counts

    def log_sizes(self) -> list[int]:
        return [log.stat().st_size if log.exists() else 0 for log in self.logs]

    def read_everywhere(self, path: str) -> list[tuple[str, bytes]]:
        """Read ``path`` over fresh connections, alternating instances, until
        every worker has answered; return each read's ETag and body."""
        since = self.log_sizes()
        results = []

        def one(n: int):
            status, body, headers = self.call("GET", path, server=n % INSTANCES)
            assert status == 200, body
            return headers["ETag"], body

        with ThreadPoolExecutor(max_workers=8) as pool:
            while len(results) < MAX_READS:
                results += pool.map(one, range(len(results), len(results) + 16))
                counts = self.answered_by(path, since)
                if len(results) >= READS and (
                    len(counts) == INSTANCES * WORKERS
                    and min(counts.values()) >= EACH_WORKER
                ):
                    return results
        pytest.fail(f"reads of {path} did not reach every worker: {counts}")

    def stop(self):
        for server in self.servers:
            server.stop()


@pytest.fixture(scope="module")
def served(backend, postgres, seeded_template, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("freshness")
    if backend == "sqlite":
        shutil.copy(seeded_template, tmp / "shared.sqlite3")
        db_url = f"sqlite:///{tmp / 'shared.sqlite3'}"
    else:
        name = f"statusapp_{uuid.uuid4().hex[:12]}"
        db_url = postgres.create(name, template=seeded_template)
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": db_url, "SECRET_KEY": "x", "TESTING": True}
    )
    with app.app_context():
        from statusapp.extensions import db
        from statusapp.services import accounts

        accounts.create_user("ada", PASSWORD, "admin")
        db.engine.dispose()
    served = Served(db_url, tmp)
    yield served
    served.stop()
    if backend != "sqlite":
        postgres.drop(name)


def edit_code(s):
    s.api("PATCH", "/api/v1/codes/418", {"aliases": ["Fresh Teapot"]})


def put_translation(s):
    s.api("PUT", "/api/v1/codes/404/translations/en", {"description": "Fresh words."})


def add_note(s):
    s.api("POST", "/api/v1/codes/500/notes", {"body": "A fresh note."}, False)


def rename_language(s):
    s.api("PATCH", "/api/v1/languages/en", {"native_name": "English, fresh"})


def revert_edit(s):
    s.api("PATCH", "/api/v1/codes/451", {"aliases": ["Censored"]})
    history = s.api("GET", "/api/v1/codes/451/history", if_match=False)
    s.api("POST", f"/api/v1/revisions/{history['items'][0]['id']}/revert", {}, False)


def disable_language_by_command(s):
    s.flask("languages", "disable", "en")


def import_by_command(s):
    exported = s.flask("translations", "export", "--lang", "en")
    edited = exported.replace(
        "The server has received the first part of the request",
        "Imported: the server has the first part of the request",
    )
    (s.tmp / "en.csv").write_text(edited)
    s.flask("translations", "import", "--lang", "en", str(s.tmp / "en.csv"))


def seed_by_command(s):
    # The deletion happened before the reads began; the seed brings 103 back.
    s.flask("seed")


def delete_early_hints(s):
    s.api("DELETE", "/api/v1/codes/103")


WRITES = [
    (edit_code, "/api/v1/codes/418", b"Fresh Teapot", None),
    (put_translation, "/codes/404?lang=en", b"Fresh words.", None),
    (add_note, "/api/v1/codes/500", b"A fresh note.", None),
    (rename_language, "/api/v1/languages", b"English, fresh", None),
    (revert_edit, "/api/v1/codes/451", None, b"Censored"),
    (disable_language_by_command, "/api/v1/languages/en", b'"enabled":false', None),
    (import_by_command, "/api/v1/codes/100?lang=en", b"Imported: the server", None),
    (delete_early_hints, "/api/v1/codes?class=1", None, b'"code":103'),
    (seed_by_command, "/api/v1/codes?class=1", b'"code":103', None),
]


@pytest.mark.parametrize(
    ("write", "path", "shows", "hides"), WRITES, ids=[w[0].__name__ for w in WRITES]
)
def test_every_worker_of_every_instance_sees_a_write_at_once(
    served, write, path, shows, hides
):
    before = {etag for etag, _ in served.read_everywhere(path)}
    assert len(before) == 1  # every worker holds the same copy

    write(served)
    after = served.read_everywhere(path)

    assert len(after) >= READS
    assert {etag for etag, _ in after}.isdisjoint(before)
    assert len({etag for etag, _ in after}) == 1
    for _etag, body in after:
        if shows:
            assert shows in body
        if hides:
            assert hides not in body
