"""The failed-login limit and the hashing bound hold under gunicorn's workers.

These start the production server, as deployed, on the test's database and
send concurrent logins over real sockets. Each request names its client
address in X-Forwarded-For, which PROXY_COUNT=1 tells the app to trust.
"""

import base64
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from session_support import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024
# argon2-cffi's default memory cost, which the served app keeps.
ARGON2_MEMORY = 64 * MIB


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn serving statusapp on a database, stopped on exit."""

    def __init__(self, db_url: str, tmp_path: Path, workers: int, threads: int):
        self.port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": db_url,
            "SECRET_KEY": "burst-test-secret",
            "STATUSAPP_ENV": "production",
            "PROXY_COUNT": "1",
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                f"--workers={workers}",
                f"--threads={threads}",
                f"--bind=127.0.0.1:{self.port}",
                "--worker-class=gthread",
                "statusapp:create_app()",
            ],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.workers = workers
        self.wait_until_ready()

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn exited: {self.process.stderr.read().decode()}")
            if len(self.worker_pids()) == self.workers:
                try:
                    urllib.request.urlopen(
                        self.url("/api/v1/codes/200"), timeout=5
                    ).close()
                    return
                except (urllib.error.URLError, ConnectionError):
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

    def request_token(self, username: str, password: str, address: str) -> int:
        """POST /api/v1/tokens with HTTP Basic from ``address``; the status."""
        credentials = base64.b64encode(f"{username}:{password}".encode()).decode()
        request = urllib.request.Request(
            self.url("/api/v1/tokens"),
            method="POST",
            headers={
                "Authorization": f"Basic {credentials}",
                "X-Forwarded-For": address,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def serve(db_url, tmp_path):
    started = []

    def start(workers: int, threads: int) -> Gunicorn:
        server = Gunicorn(db_url, tmp_path, workers, threads)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def at_once(calls) -> list:
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(lambda call: call(), calls))


def test_sixteen_concurrent_guesses_get_exactly_ten_checks(serve, users):
    server = serve(workers=4, threads=4)
    guesses = [
        lambda: server.request_token("eddie", "wrong-guess-123", "198.51.100.7")
    ] * 16
    statuses = at_once(guesses)
    assert sorted(statuses) == [401] * 10 + [429] * 6
    # The account's owner, elsewhere, is not locked out by that address.
    assert server.request_token("eddie", PASSWORD, "203.0.113.5") == 201
    assert server.request_token("eddie", PASSWORD, "198.51.100.7") == 429


def test_a_burst_of_logins_does_not_take_a_worker_past_two_hashes(serve, users):
    server = serve(workers=1, threads=16)
    (worker,) = server.worker_pids()
    before = server.memory(worker, "VmRSS")
    # Unknown names are checked against the dummy hash at the default cost,
    # 64 MiB each; sixteen addresses keep the address limit out of the way.
    guesses = [
        lambda n=n: server.request_token(f"nobody{n}", "guess-123456", f"192.0.2.{n}")
        for n in range(16)
    ]
    assert at_once(guesses) == [401] * 16
    grown = server.memory(worker, "VmHWM") - before
    # Two argon2 computations at a time (PASSWORD_HASHING_SLOTS), plus room
    # for the allocator; sixteen at once would take about 1 GiB.
    assert grown < 2 * ARGON2_MEMORY + 48 * MIB, f"peak grew {grown // MIB} MiB"
