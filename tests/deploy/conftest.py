"""The deployment, for real: nginx over TLS in front of two gunicorn instances.

Everything runs from DEPLOY_VENV (the installed wheel under `make
deploy-test`) in an empty directory, with deploy/gunicorn.conf.py and the
shipped nginx site rendered from deploy/nginx/statusapp.conf, on a fresh
PostgreSQL database and a Redis database of its own. Nothing here imports
the app: the tests see it only over HTTP.
"""

import os
import re
import secrets
import subprocess
from pathlib import Path

import pytest
import redis
from deploy_support import (
    ACCOUNTS,
    DEPLOY,
    PASSWORD,
    POSTGRES,
    REDIS_URL,
    Deployment,
    Gunicorn,
    Nginx,
    free_port,
)


def render(template: Path, values: dict[str, str]) -> str:
    """Replace each @NAME@ of the shipped template; none may be left over."""
    text = template.read_text()
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    # Only the header's comments may still name a placeholder.
    body = "\n".join(
        line for line in text.splitlines() if not line.lstrip().startswith("#")
    )
    left = sorted(set(re.findall(r"@[A-Z_0-9]+@", body)))
    assert not left, f"placeholders not rendered: {left}"
    return text


def flask(venv: Path, env: dict, cwd: Path, *args: str, stdin: str | None = None):
    result = subprocess.run(
        [str(venv / "bin" / "flask"), *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode:
        pytest.fail(f"flask {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


@pytest.fixture(scope="session")
def venv() -> Path:
    raw = os.environ.get("DEPLOY_VENV")
    if not raw:
        pytest.fail("set DEPLOY_VENV to the venv to deploy (make deploy-test does)")
    path = Path(raw).resolve()
    for tool in ("gunicorn", "flask", "python"):
        if not (path / "bin" / tool).exists():
            pytest.fail(f"{path}/bin/{tool} is missing: install statusapp[deploy]")
    return path


@pytest.fixture(scope="module")
def database():
    """A fresh PostgreSQL database, dropped at the end."""
    import psycopg

    name = f"deploytest_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{POSTGRES}/{name}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def login_counts():
    """The Redis database that holds the deployment's failed-login counts."""
    client = redis.Redis.from_url(REDIS_URL)
    client.ping()
    client.flushdb()
    yield REDIS_URL
    client.flushdb()


@pytest.fixture(scope="module")
def deployment(venv, database, login_counts, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("deploy")
    appdir = workdir / "app"  # the instances' working directory: empty
    appdir.mkdir()
    env = {
        "PATH": f"{venv / 'bin'}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "LANG": "C.UTF-8",
        "FLASK_APP": "statusapp",
        "STATUSAPP_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": database,
        "LOGIN_LIMIT_STORAGE": login_counts,
        "PROXY_COUNT": "1",
    }
    flask(venv, env, appdir, "db", "upgrade")
    flask(venv, env, appdir, "seed")
    for username, role in ACCOUNTS.items():
        flask(
            venv,
            env,
            appdir,
            "users",
            "create",
            username,
            "--role",
            role,
            "--password-stdin",
            stdin=PASSWORD + "\n",
        )
    static = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "from statusapp import create_app; print(create_app().static_folder)",
        ],
        cwd=appdir,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "ec",
            "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
            "-subj", "/CN=localhost",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout", str(workdir / "key.pem"), "-out", str(workdir / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip

    apps: list[Gunicorn] = []
    nginx = None
    try:
        for name in ("app1", "app2"):
            apps.append(Gunicorn(name, venv, env, appdir, workdir))
        https_port, http_port = free_port(), free_port()
        site = workdir / "statusapp.conf"
        site.write_text(
            render(
                DEPLOY / "nginx" / "statusapp.conf",
                {
                    "SERVER_NAME": "localhost",
                    "HTTPS_LISTEN": f"127.0.0.1:{https_port}",
                    "HTTP_LISTEN": f"127.0.0.1:{http_port}",
                    "APP_1": apps[0].address,
                    "APP_2": apps[1].address,
                    "STATIC_DIR": static,
                    "LOG_DIR": str(workdir),
                    "CACHE_DIR": str(workdir / "static-cache"),
                    "TLS_CERT": str(workdir / "cert.pem"),
                    "TLS_KEY": str(workdir / "key.pem"),
                },
            )
        )
        nginx = Nginx(site, workdir, https_port, http_port)
        yield Deployment(workdir, nginx, apps)
    finally:
        if nginx is not None:
            nginx.stop()
        for app in apps:
            app.stop()
