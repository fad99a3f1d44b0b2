"""The deployment's parts for tests/deploy: the instances, nginx, clients."""

import getpass
import os
import shutil
import signal
import socket
import ssl
import subprocess
import time
from pathlib import Path

import pytest
import requests
from requests.adapters import HTTPAdapter

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
POSTGRES = os.environ.get("DEPLOY_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
# The deployment's failed-login counts; flushed before and after.
REDIS_URL = os.environ.get("DEPLOY_REDIS", "redis://127.0.0.1:6379/11")
PASSWORD = "correct horse battery staple"
ACCOUNTS = {"ada": "admin", "eddie": "editor"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, what: str, process=None, log: Path | None = None, limit=30):
    """Call ``check`` until it is true; fail naming ``what`` after ``limit`` s."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            shown = log.read_text()[-3000:] if log and log.exists() else ""
            pytest.fail(f"{what} exited with {process.returncode}:\n{shown}")
        try:
            if check():
                return
        except (OSError, requests.RequestException):
            pass
        time.sleep(0.1)
    pytest.fail(f"{what} was not ready within {limit} s")


def session(source: str = "127.0.0.1", verify: Path | bool = True) -> requests.Session:
    """A client that connects from ``source`` and ignores the environment
    (REQUESTS_CA_BUNDLE would override ``verify``, HTTP_PROXY reroute it)."""
    client = requests.Session()
    client.trust_env = False
    client.verify = str(verify) if isinstance(verify, Path) else verify
    client.mount("https://", SourceAdapter(source))
    client.mount("http://", SourceAdapter(source))
    return client


class SourceAdapter(HTTPAdapter):
    """Connect from a chosen loopback address, so that each test is its own
    client to nginx (all of 127.0.0.0/8 is this machine on Linux)."""

    def __init__(self, source: str, **kwargs):
        self.source = source
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


class Gunicorn:
    """One instance: deploy/gunicorn.conf.py from DEPLOY_VENV, on its own port."""

    def __init__(self, name: str, venv: Path, env: dict, cwd: Path, logs: Path):
        self.name = name
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.log = logs / f"{name}.log"
        self.process = subprocess.Popen(
            [str(venv / "bin" / "gunicorn"), "-c", str(DEPLOY / "gunicorn.conf.py")],
            cwd=cwd,
            env={**env, "BIND": self.address, "WEB_CONCURRENCY": "2"},
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        wait_for(
            lambda: (
                len(self.worker_pids()) == 2
                and session().get(self.url("/api/v1/codes/200"), timeout=5).ok
            ),
            f"gunicorn {name}",
            self.process,
            self.log,
        )

    def url(self, path: str) -> str:
        return f"http://{self.address}{path}"

    def worker_pids(self) -> list[int]:
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children")
        try:
            return [int(child) for child in children.read_text().split()]
        except FileNotFoundError:
            return []

    def kill(self) -> list[int]:
        """SIGKILL the master and its workers at once, as a crash would."""
        pids = [self.process.pid, *self.worker_pids()]
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        return pids

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Nginx:
    """nginx, as this user, serving the rendered site from a scratch prefix."""

    def __init__(self, site: Path, workdir: Path, https_port: int, http_port: int):
        self.https_port = https_port
        self.http_port = http_port
        self.workdir = workdir
        self.access_log = workdir / "statusapp.access.log"
        self.error_log = workdir / "nginx-error.log"
        temp = "\n".join(
            f"    {kind}_temp_path {workdir / kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        # Run as root (CI), nginx would hand its workers to nobody, who cannot
        # read the scratch directory.
        user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
        main = workdir / "nginx.conf"
        main.write_text(
            f"{user}worker_processes 1;\n"
            f"error_log {self.error_log} info;\n"
            "events { worker_connections 1024; }\n"
            "http {\n"
            "    include /etc/nginx/mime.types;\n"
            "    default_type application/octet-stream;\n"
            f"{temp}\n"
            f"    include {site};\n"
            "}\n"
        )
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        command = [nginx, "-p", str(workdir), "-e", str(self.error_log)]
        command += ["-c", str(main)]
        subprocess.run([*command, "-t"], check=True, capture_output=True)
        self.process = subprocess.Popen(
            [*command, "-g", f"daemon off; pid {workdir / 'nginx.pid'};"],
            stdout=subprocess.DEVNULL,
            stderr=(workdir / "nginx-stderr.log").open("wb"),
        )
        wait_for(
            lambda: (
                session(verify=workdir / "cert.pem")
                .get(self.url("/api/v1/codes/200"), timeout=5)
                .ok
            ),
            "nginx",
            self.process,
            self.error_log,
        )

    def url(self, path: str) -> str:
        return f"https://127.0.0.1:{self.https_port}{path}"

    def log_lines(self) -> list[str]:
        return self.access_log.read_text().splitlines()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Deployment:
    """The two instances, nginx before them, and clients of each."""

    def __init__(self, workdir: Path, nginx: Nginx, apps: list[Gunicorn]):
        self.workdir = workdir
        self.nginx = nginx
        self.apps = apps
        self.cert = workdir / "cert.pem"

    def client(self, source: str = "127.0.0.1") -> requests.Session:
        """A browser-like client of nginx, connecting from ``source``."""
        return session(source, self.cert)

    def tls_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert))

    def token(self, username: str) -> str:
        response = self.client().post(
            self.nginx.url("/api/v1/tokens"), auth=(username, PASSWORD), timeout=30
        )
        assert response.status_code == 201, response.text
        return response.json()["token"]
