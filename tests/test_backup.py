"""Backup and restore as README's "Backup and restore" says: the commands below
are its text, run through a shell in a stand-in checkout (instance/, .venv,
.flaskenv) with the app's settings in the environment. Edits made through the
API before the backup read back the same through the API after a restore."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from session_support import PASSWORD

from statusapp.extensions import db
from statusapp.services import accounts

ROOT = Path(__file__).resolve().parent.parent

SQLITE_BACKUP = """\
sqlite3 instance/statusapp.sqlite3 ".backup 'statusapp-backup.sqlite3'"
"""
SQLITE_RESTORE = """\
cp statusapp-backup.sqlite3 instance/statusapp.sqlite3
rm -f instance/statusapp.sqlite3-wal instance/statusapp.sqlite3-shm
.venv/bin/flask db upgrade
"""
POSTGRES_BACKUP = """\
pg_dump --format=custom --file=statusapp.dump "$DATABASE_URL"
"""
POSTGRES_RESTORE = """\
pg_restore --clean --if-exists --no-owner --single-transaction \\
    --dbname="$DATABASE_URL" statusapp.dump
.venv/bin/flask db upgrade
"""
COMMANDS = {
    "sqlite": (SQLITE_BACKUP, SQLITE_RESTORE),
    "postgresql": (POSTGRES_BACKUP, POSTGRES_RESTORE),
}
# The command each backend's backup needs, and the Debian package that has it.
TOOLS = {
    "sqlite": ("sqlite3", "sqlite3"),
    "postgresql": ("pg_dump", "postgresql-client"),
}

# What the test reads back, each through the API as any client would.
READS = [
    "/api/v1/codes/404",
    "/api/v1/codes/418",
    "/api/v1/codes/299",
    "/api/v1/codes/404/history",
    "/api/v1/codes/418/history",
    "/api/v1/codes/299/history",
    "/api/v1/codes/404/translations/ja",
    "/api/v1/languages/ja",
    "/api/v1/languages",
]


def run(commands: str, checkout: Path, url: str) -> None:
    """Run README commands in ``checkout`` with the app's settings set."""
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "SECRET_KEY": "backup-test",
        # Not the checkout's own instance/: the test's database.
        "DATABASE_URL": url,
    }
    done = subprocess.run(
        ["sh", "-e", "-c", commands],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_readme_shows_these_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```sh\n(.*?)^```$", readme, re.M | re.S)
    for commands in (*COMMANDS["sqlite"], *COMMANDS["postgresql"]):
        assert commands in blocks


@pytest.fixture
def site(backend, db_url, tmp_path):
    """A checkout stand-in with the seeded database; its URL for the shell."""
    tool, package = TOOLS[backend]
    if shutil.which(tool) is None:
        missing = f"{tool} is not installed (Debian: apt-get install {package})"
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    checkout = tmp_path / "checkout"
    (checkout / "instance").mkdir(parents=True)
    (checkout / ".venv").symlink_to(ROOT / ".venv")
    # FLASK_APP, as README says, comes from .flaskenv.
    shutil.copy(ROOT / ".flaskenv", checkout / ".flaskenv")
    if backend == "sqlite":
        path = checkout / "instance" / "statusapp.sqlite3"
        shutil.copy(db_url.removeprefix("sqlite:///"), path)
        url = shell_url = f"sqlite:///{path}"
    else:
        url = db_url
        # pg_dump takes postgresql:// URLs, not SQLAlchemy's driver form.
        shell_url = url.replace("postgresql+psycopg://", "postgresql://", 1)
    return checkout, url, shell_url


def stop(app) -> None:
    with app.app_context():
        db.engine.dispose()


def edit(client, headers: dict) -> None:
    """Make edits of every kind an editor and an admin make."""
    editor, admin = headers["editor"], headers["admin"]

    def changed(response, status=200):
        assert response.status_code == status, response.json
        return response

    def etag(url):
        return client.get(url).headers["ETag"]

    changed(
        client.post(
            "/api/v1/languages",
            json={"tag": "ja", "name": "Japanese", "native_name": "日本語"},
            headers=admin,
        ),
        201,
    )
    url = "/api/v1/codes/418"
    changed(
        client.patch(
            url,
            json={"reference": "RFC 2324", "aliases": ["I'm a teapot"]},
            headers={**editor, "If-Match": etag(url)},
        )
    )
    url = "/api/v1/codes/404/translations/en"
    changed(
        client.put(
            url,
            json={"title": "Not here", "description": "Nothing lives here."},
            headers={**editor, "If-Match": etag(url)},
        )
    )
    changed(
        client.put(
            "/api/v1/codes/404/translations/ja",
            json={"title": "見つかりません", "description": "ありません。"},
            headers=editor,
        ),
        201,
    )
    note = changed(
        client.post(
            "/api/v1/codes/404/notes",
            json={"body": "See *RFC 9110*.", "lang": "en"},
            headers=editor,
        ),
        201,
    )
    changed(
        client.patch(
            note.headers["Location"],
            json={"body": "See RFC 9110, section 15.5.5."},
            headers={**editor, "If-Match": note.headers["ETag"]},
        )
    )
    changed(
        client.post(
            "/api/v1/codes",
            json={"code": 299, "reason_phrase": "Ours", "aliases": ["Mine"]},
            headers=admin,
        ),
        201,
    )


def snapshot(client) -> dict:
    answers = {url: client.get(url) for url in READS}
    assert all(r.status_code == 200 for r in answers.values()), answers
    return {url: (r.json, r.headers["ETag"]) for url, r in answers.items()}


def damage(backend, how, app, client, admin, url, postgres, checkout) -> None:
    if how == "deleted":
        for code in (404, 418, 299):
            target = f"/api/v1/codes/{code}"
            tag = client.get(target).headers["ETag"]
            gone = client.delete(target, headers={**admin, "If-Match": tag})
            assert gone.status_code == 204, gone.json
        assert client.get("/api/v1/codes/404").status_code == 404
        stop(app)
        return
    stop(app)
    if backend == "sqlite":
        for path in (checkout / "instance").iterdir():
            path.unlink()
    else:
        # Dropped, then made again empty, as createdb would.
        postgres.create(url.rsplit("/", 1)[1])


@pytest.mark.parametrize("how", ["deleted", "lost"])
def test_a_restored_backup_holds_every_edit(backend, site, how, app_factory, postgres):
    checkout, url, shell_url = site
    backup, restore = COMMANDS[backend]
    # Without the read cache, whose connection of its own would outlive stop():
    # a stopped server holds none.
    app = app_factory(url, READ_CACHE_BYTES=0)
    client = app.test_client()
    with app.app_context():
        for name, role in (("eddie", "editor"), ("ada", "admin")):
            accounts.create_user(name, PASSWORD, role)
    headers = {}
    for role, name in (("editor", "eddie"), ("admin", "ada")):
        token = client.post("/api/v1/tokens", auth=(name, PASSWORD)).json["token"]
        headers[role] = {"Authorization": f"Bearer {token}"}
    edit(client, headers)
    before = snapshot(client)
    assert before["/api/v1/codes/404"][0]["translations"]["ja"]["title"] == (
        "見つかりません"
    )
    assert len(before["/api/v1/codes/404"][0]["notes"]) > 0

    run(backup, checkout, shell_url)
    damage(backend, how, app, client, headers["admin"], url, postgres, checkout)
    run(restore, checkout, shell_url)

    restarted = app_factory(url)
    client = restarted.test_client()
    assert snapshot(client) == before
    # Accounts, tokens and id sequences came back too: the next edit is saved.
    target = "/api/v1/codes/418"
    again = client.patch(
        target,
        json={"reference": "RFC 2324, Section 2.3.2"},
        headers={**headers["editor"], "If-Match": client.get(target).headers["ETag"]},
    )
    assert again.status_code == 200, again.json
    history = client.get(f"{target}/history").json["items"]
    assert history[1:] == before[f"{target}/history"][0]["items"]
    assert history[0]["author"] == "eddie"
    stop(restarted)
