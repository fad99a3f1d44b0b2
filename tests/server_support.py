"""A production server for tests: gunicorn serving statusapp on a database."""

import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest


def basic(username: str, password: str) -> dict[str, str]:
    """Return the Authorization header of HTTP Basic credentials."""
    pair = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {pair}"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn serving statusapp on a database, stopped on exit."""

    def __init__(
        self,
        db_url: str,
        tmp_path: Path,
        workers: int,
        threads: int,
        access_log: Path | None = None,
    ):
        self.port = free_port()
        # Each request's worker, path and status, to see who answered what.
        logging = (
            [f"--access-logfile={access_log}", "--access-logformat=%(p)s %(U)s %(s)s"]
            if access_log
            else []
        )
        env = {
            **os.environ,
            "DATABASE_URL": db_url,
            "SECRET_KEY": "burst-test-secret",
            "STATUSAPP_ENV": "production",
            "PROXY_COUNT": "1",
        }
        # A file, not a pipe: the app logs every write, and a pipe nobody
        # drains would fill and stop every worker that logs.
        self.log = tmp_path / f"gunicorn-{self.port}.log"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                f"--workers={workers}",
                f"--threads={threads}",
                f"--bind=127.0.0.1:{self.port}",
                "--worker-class=gthread",
                *logging,
                "statusapp:create_app()",
            ],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self.log.open("ab"),
        )
        self.workers = workers
        self.wait_until_ready()

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn exited: {self.log.read_text()[-4000:]}")
            if len(self.worker_pids()) == self.workers:
                try:
                    urllib.request.urlopen(
                        self.url("/api/v1/codes/200"), timeout=5
                    ).close()
                    return
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    pass
            time.sleep(0.1)
        pytest.fail("gunicorn did not start within 30 s")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def memory(self, pid: int, field: str) -> int:
        """Return VmRSS (now) or VmHWM (peak) of a worker, in bytes."""
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
        raise AssertionError(f"no {field} for {pid}")

    def call(self, method: str, path: str, headers=None, body=None) -> tuple:
        """Send one request over a fresh connection; return its status,
        headers and body (a dict ``body`` goes as JSON)."""
        sent = dict(headers or {})
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        request = urllib.request.Request(
            self.url(path), data=data, method=method, headers=sent
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def request_token(self, username: str, password: str, address: str) -> int:
        """POST /api/v1/tokens with HTTP Basic from ``address``; the status."""
        headers = {**basic(username, password), "X-Forwarded-For": address}
        return self.call("POST", "/api/v1/tokens", headers)[0]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
