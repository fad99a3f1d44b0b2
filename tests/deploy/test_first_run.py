"""The README's first run, as a newcomer types it: a fresh clone, `make run`,
then the "First steps" commands from a second, fresh shell in the clone.

The clone is of the committed tree (HEAD), which is what CI runs.
"""

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
import requests
from readme_support import section
from server_support import free_port

REPOSITORY = Path(__file__).resolve().parents[2]
PASSWORD = "a first-run password"


def shell_commands(title: str) -> list[str]:
    """The commands of the ```sh blocks in a README section, comments removed."""
    text = section(title)
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.splitlines():
            command = line.split("  #")[0].strip()
            if command and not command.startswith("#"):
                commands.append(command)
    return commands


def fresh_shell(folder: Path, port: int) -> dict:
    """What a new terminal has: no venv activated, no FLASK_APP, no key."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": os.environ.get("HOME", "/root"),
        "LANG": "C.UTF-8",
        "PORT": str(port),
        "PWD": str(folder),
    }


class MakeRun:
    """`make run` in the background, in its own process group."""

    def __init__(self, folder: Path, env: dict, log: Path):
        self.folder, self.env, self.log = folder, env, log

    def start(self) -> None:
        self.output = self.log.open("a")
        self.process = subprocess.Popen(
            ["make", "run"],
            cwd=self.folder,
            env=self.env,
            stdout=self.output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_until_serving(self, url: str, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"make run exited:\n{self.log.read_text()[-4000:]}")
            try:
                requests.get(url, timeout=2)
                return
            except requests.ConnectionError:
                time.sleep(0.5)
        pytest.fail(f"make run did not serve {url}:\n{self.log.read_text()[-4000:]}")

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)
        self.output.close()


def test_the_readme_first_run_works_as_written(tmp_path):
    clone = tmp_path / "statusapp"
    subprocess.run(["git", "clone", "--quiet", str(REPOSITORY), str(clone)], check=True)
    port = free_port()
    env = fresh_shell(clone, port)
    base = f"http://127.0.0.1:{port}"
    server = MakeRun(clone, env, tmp_path / "make-run.log")
    server.start()
    try:
        # Installing into a new venv is most of the wait.
        server.wait_until_serving(base + "/", seconds=600)
        printed = (tmp_path / "make-run.log").read_text()
        assert printed.count(".venv/bin/flask users create ada --role admin") == 1
        assert f"http://127.0.0.1:{port}/login" in printed

        commands = shell_commands("First steps")
        assert commands, "the README's First steps section has commands"
        for command in commands:
            done = subprocess.run(
                ["bash", "-c", command],
                cwd=clone,
                env=env,
                # The password prompt reads standard input: there is no terminal.
                input=f"{PASSWORD}\n{PASSWORD}\n",
                capture_output=True,
                text=True,
                timeout=120,
                start_new_session=True,
            )
            assert done.returncode == 0, (command, done.stdout, done.stderr)
            assert "Traceback" not in done.stderr, (command, done.stderr)

        browser = requests.Session()
        login = browser.get(base + "/login", timeout=10)
        token = re.search(
            r'name="csrf_token" type="hidden" value="([^"]+)"', login.text
        )
        answer = browser.post(
            base + "/login",
            data={
                "csrf_token": token.group(1),
                "username": "ada",
                "password": PASSWORD,
            },
            allow_redirects=False,
            timeout=30,
        )
        assert answer.is_redirect and "Set-Cookie" in answer.headers, answer.text[:500]
        assert browser.get(base + "/admin/users", timeout=10).status_code == 200
    finally:
        server.stop()

    # A restart keeps the key in instance/, and so the session.
    key = clone / "instance" / "secret_key"
    assert key.stat().st_mode & 0o777 == 0o600
    server.start()
    try:
        server.wait_until_serving(base + "/", seconds=120)
        users = browser.get(base + "/admin/users", timeout=10, allow_redirects=False)
        assert users.status_code == 200
        assert "ada" in users.text
        # With an admin made, the hint is not printed again.
        assert (tmp_path / "make-run.log").read_text().count("users create ada") == 1
    finally:
        server.stop()
