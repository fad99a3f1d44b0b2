"""The app as a wheel installs it: from an empty folder, with no checkout.

`make deploy-test` builds the wheel and installs it into a fresh venv, named
by DEPLOY_VENV; nothing here may read the repository's templates, static
files, migrations, seed.sql or catalogues.
"""

import os
import re
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from server_support import free_port

VENV = Path(os.environ.get("DEPLOY_VENV", ".venv")).resolve()
REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """An empty folder, with an SQLite database migrated and seeded from it."""
    folder = tmp_path_factory.mktemp("empty")
    env = {
        "PATH": f"{VENV / 'bin'}:/usr/bin:/bin",
        "HOME": str(tmp_path_factory.mktemp("home")),
        "FLASK_APP": "statusapp",
        "STATUSAPP_ENV": "production",
        "SECRET_KEY": "wheel-test-secret-key",
        "DATABASE_URL": f"sqlite:///{folder / 'statusapp.sqlite3'}",
    }

    def flask(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(VENV / "bin" / "flask"), *args],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return folder, env, flask


def test_the_package_comes_from_the_venv_not_the_checkout(installed):
    folder, env, _ = installed
    where = subprocess.run(
        [
            str(VENV / "bin" / "python"),
            "-c",
            "import statusapp; print(statusapp.__file__)",
        ],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if VENV == (REPOSITORY / ".venv").resolve():
        pytest.skip("DEPLOY_VENV is the checkout's editable venv; run make deploy-test")
    assert Path(where).is_relative_to(VENV)
    package = Path(where).parent
    for shipped in ("templates/base.html", "static/style.css", "migrations/env.py"):
        assert (package / shipped).is_file(), shipped
    assert (package / "seed.sql").stat().st_size > 10_000
    assert list(package.glob("translations/*/LC_MESSAGES/messages.mo"))


def test_migrate_seed_and_serve_the_chinese_interface(installed, tmp_path):
    folder, env, flask = installed
    upgrade = flask("db", "upgrade")
    assert upgrade.returncode == 0, upgrade.stderr
    seed = flask("seed")
    assert seed.returncode == 0, seed.stderr
    assert "Inserted" in seed.stdout

    port = free_port()
    server = subprocess.Popen(
        [
            str(VENV / "bin" / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "statusapp:create_app()",
        ],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "gunicorn.log").open("w"),
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/healthz", server)

        home = get(base + "/", {"Accept": "text/html", "Accept-Language": "zh-CN"})
        assert home.status == 200
        page = home.read().decode()
        assert '<html lang="zh' in page
        assert "搜索" in page and "登录" in page  # "Search", "Log in" from the .mo
        assert "状态码" in page or "404" in page

        stylesheet = re.search(r'href="(/static/style\.[0-9a-f]{12}\.css)"', page)
        assert stylesheet, "the stylesheet is linked by its hashed name"
        css = get(base + stylesheet.group(1), {})
        assert css.status == 200 and b"prefers-color-scheme" in css.read()

        code = get(
            base + "/codes/418", {"Accept": "text/html", "Accept-Language": "zh-CN"}
        )
        assert code.status == 200 and "418" in code.read().decode()

        missing = get(base + "/codes/999", {"Accept": "text/html"})
        assert missing.status == 404 and "<html" in missing.read().decode()

        document = get(base + "/api/v1/openapi.json", {})
        assert document.status == 200 and b'"openapi"' in document.read()
    finally:
        server.terminate()
        server.wait(timeout=30)
    errors = (tmp_path / "gunicorn.log").read_text()
    assert "TemplateNotFound" not in errors and "Traceback" not in errors, errors
    # The working folder holds the database and nothing else.
    assert all(p.name.startswith("statusapp.sqlite3") for p in folder.iterdir())


def get(url: str, headers: dict):
    request = urllib.request.Request(url, headers=headers)
    try:
        return urllib.request.urlopen(request, timeout=30)
    except urllib.error.HTTPError as error:
        return error


def wait_for(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"gunicorn exited with {server.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer in {seconds} s")


def test_production_without_a_key_refuses_in_one_line(installed):
    folder, env, flask = installed
    env = {name: value for name, value in env.items() if name != "SECRET_KEY"}
    config = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"
    commands = {
        "flask": [str(VENV / "bin" / "flask"), "users", "list"],
        "gunicorn": [str(VENV / "bin" / "gunicorn"), "-c", str(config)],
    }
    for name, command in commands.items():
        refused = subprocess.run(
            command, cwd=folder, env=env, capture_output=True, text=True, timeout=60
        )
        assert refused.returncode == 1, (name, refused.stderr)
        assert "Traceback" not in refused.stderr, name
        complaints = [
            line for line in refused.stderr.splitlines() if "SECRET_KEY" in line
        ]
        assert len(complaints) == 1, (name, refused.stderr)
        assert "SECRET_KEY is not set" in complaints[0]
