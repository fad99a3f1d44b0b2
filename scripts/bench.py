"""Measure statusapp's reads beside a bare Flask app and httpbin, under wrk.

Run ``make bench`` (or ``python scripts/bench.py --help``). Every server runs
under gunicorn with the same settings (gthread, 2 workers of 4 threads), all
started side by side in one run; wrk loads one at a time, in alternating
rounds, and the table gives each request's median over the rounds and its
ratio to the bare Flask app's req/s. statusapp is measured on a seeded SQLite
database, on a generated larger catalogue (every possible code, 20 languages
with a text for each), and on PostgreSQL when BENCH_DATABASE_URL names a
server (two throwaway databases are created there and dropped afterwards).

This is a benchmark, not a test: it asserts nothing, and its figures hold
for the machine it ran on.
"""

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, jsonify

from statusapp.config import database_url

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = ["--worker-class=gthread", "--workers=2", "--threads=4"]
LANGUAGES = 20

# A bare Flask answer: what the bench divides every figure by.
bare = Flask("bare")


@bare.get("/")
def bare_answer():
    return jsonify(code=418, phrase="I'm a teapot")


@dataclass
class Target:
    """One request to load: a name, a server and a path (and headers)."""

    name: str
    server: str
    path: str
    headers: dict = field(default_factory=dict)
    expect: int = 200


@dataclass
class Server:
    name: str
    app: str
    env: dict
    python: str = sys.executable
    port: int = 0
    process: subprocess.Popen | None = None

    def start(self, workdir: Path) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                self.python,
                "-m",
                "gunicorn",
                *GUNICORN,
                f"--bind=127.0.0.1:{self.port}",
                "--log-level=warning",
                self.app,
            ],
            cwd=workdir,
            env={**os.environ, **self.env},
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def wait(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"bench: {self.name} exited with {self.process.returncode}")
            try:
                urllib.request.urlopen(self.url("/"), timeout=30).close()
                return
            except urllib.error.HTTPError:
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                # Not listening yet, or busy building its first large page
                # while every other server starts too.
                time.sleep(0.2)
        sys.exit(f"bench: {self.name} did not answer within 60 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_wrk() -> str:
    """Return wrk's path, installing Debian's package when it is missing."""
    found = shutil.which("wrk")
    if found:
        return found
    print("bench: wrk is missing; installing Debian's wrk package", file=sys.stderr)
    apt = ["apt-get", "install", "-y", "-qq", "wrk"]
    if os.geteuid() != 0:
        apt.insert(0, "sudo")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(apt, check=True, env=env)
    return shutil.which("wrk") or sys.exit("bench: wrk could not be installed")


# Databases --------------------------------------------------------------------


def seeded(url: str) -> None:
    """Migrate and seed the database at ``url`` through the app's own command."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "STATUSAPP_ENV": "development",
        "FLASK_APP": "statusapp",
    }
    subprocess.run(
        [sys.executable, "-m", "flask", "seed"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def enlarge(url: str) -> None:
    """Fill every code from 100 to 599 and 20 languages with a text for each.

    Rows go in directly, in one transaction: the bench needs the shape of a
    large catalogue, not its history.
    """
    engine = sa.create_engine(url)
    meta = sa.MetaData()
    meta.reflect(engine, only=["status_code", "language", "translation"])
    codes, languages, translations = (
        meta.tables[name] for name in ("status_code", "language", "translation")
    )
    with engine.begin() as conn:
        known = set(conn.scalars(sa.select(codes.c.code)))
        conn.execute(
            codes.insert(),
            [
                {
                    "code": code,
                    "reason_phrase": f"Generated {code}",
                    "registry_status": "unregistered",
                    "aliases": [],
                }
                for code in range(100, 600)
                if code not in known
            ],
        )
        have = set(conn.scalars(sa.select(languages.c.tag)))
        tags = [f"x{n:02d}" for n in range(LANGUAGES)]
        tags = [tag for tag in tags if tag not in have][: LANGUAGES - len(have)]
        conn.execute(
            languages.insert(),
            [{"tag": tag, "name": f"Bench {tag}", "native_name": tag} for tag in tags],
        )
        taken = set(conn.execute(sa.select(translations.c.code, translations.c.lang)))
        rows = [
            {
                "code": code,
                "lang": lang,
                "title": f"{code} in {lang}",
                "description": f"What {code} means, written out for {lang}. " * 8,
                "status": "draft",
            }
            for code in range(100, 600)
            for lang in [*have, *tags]
            if (code, lang) not in taken
        ]
        conn.execute(translations.insert(), rows)
    engine.dispose()


class Postgres:
    """Throwaway databases on the server BENCH_DATABASE_URL names."""

    def __init__(self, url: str):
        self.base = sa.engine.make_url(database_url(url, ""))
        self.admin = sa.create_engine(self.base, isolation_level="AUTOCOMMIT")
        self.names: list[str] = []

    def create(self) -> str:
        name = f"statusapp_bench_{uuid.uuid4().hex[:8]}"
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        self.names.append(name)
        return self.base.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self.admin.connect() as conn:
            for name in self.names:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.dispose()


# Loading ----------------------------------------------------------------------

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


# What a browser and curl send: the catalogue's pages answer each in its form.
BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
CURL = {"Accept": "*/*"}


def run_wrk(wrk: str, url: str, headers: dict, args) -> dict:
    command = [
        wrk,
        f"--threads={args.threads}",
        f"--connections={args.connections}",
        f"--duration={args.duration}s",
        "--latency",
    ]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    out = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])}
    for percent in ("50", "99"):
        value, unit = re.search(rf"\s{percent}%\s+([\d.]+)(us|ms|s)\b", out).groups()
        result[f"p{percent}"] = float(value) * UNITS[unit]
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        result["errors"] = int(match[1])
    return result


def cpu_times() -> tuple[int, int]:
    """Return (idle, total) jiffies of the whole machine, from /proc/stat."""
    fields = [int(n) for n in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    return fields[3] + fields[4], sum(fields)


def wait_until_idle(limit: float = 60) -> None:
    """Wait until the machine is nearly idle: a server may still be working
    through requests a load left queued, which would slow the next load."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        idle, total = cpu_times()
        time.sleep(0.5)
        idle_after, total_after = cpu_times()
        if (idle_after - idle) >= 0.9 * max(1, total_after - total):
            return
    print("bench: the machine did not go idle; figures may be low", file=sys.stderr)


def check(server: Server, target: Target) -> None:
    request = urllib.request.Request(server.url(target.path), headers=target.headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != target.expect:
        sys.exit(f"bench: {target.name} on {server.name} gave {status}")


def etag_of(server: Server, path: str) -> str:
    with urllib.request.urlopen(server.url(path), timeout=30) as response:
        return response.headers["ETag"]


def statusapp_targets(server: Server) -> list[Target]:
    detail = "/api/v1/codes/404"
    targets = [
        Target("code detail JSON", server.name, detail),
        Target(
            "code detail JSON, 304",
            server.name,
            detail,
            {"If-None-Match": etag_of(server, detail)},
            304,
        ),
        Target(
            "code list JSON (500 a page, zh-CN)",
            server.name,
            "/api/v1/codes?lang=zh-CN&per_page=500",
        ),
        Target("code detail HTML", server.name, "/codes/404", BROWSER),
        Target("home page HTML", server.name, "/", BROWSER),
        Target("search HTML", server.name, "/?q=not", BROWSER),
        Target("code card, plain text (curl)", server.name, "/codes/404", CURL),
    ]
    if not server.name.startswith("before"):
        # Beside httpbin's; a tree from before /status/ existed has none.
        targets.append(
            Target("statusapp /status/418", server.name, "/status/418", expect=418)
        )
    return targets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5, help="seconds per load")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--before",
        type=Path,
        help="a checkout of an earlier commit (git worktree add DIR REF): serve it "
        "too, on copies of the same SQLite databases, for a before/after table",
    )
    parser.add_argument(
        "--httpbin-python",
        default=sys.executable,
        help="a Python with httpbin and gunicorn (httpbin pins an old greenlet, "
        "so make bench keeps it in a venv of its own)",
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="TEXT",
        help="load only the statusapp servers whose name holds TEXT (repeatable), "
        "beside bare Flask and httpbin",
    )
    args = parser.parse_args()
    wrk = ensure_wrk()

    workdir = Path(tempfile.mkdtemp(prefix="statusapp-bench-"))
    databases = {
        "statusapp (SQLite)": f"sqlite:///{workdir / 'seeded.sqlite3'}",
        "statusapp (SQLite, large)": f"sqlite:///{workdir / 'large.sqlite3'}",
    }
    postgres = None
    if os.environ.get("BENCH_DATABASE_URL"):
        postgres = Postgres(os.environ["BENCH_DATABASE_URL"])
        databases["statusapp (PostgreSQL)"] = postgres.create()
        databases["statusapp (PostgreSQL, large)"] = postgres.create()
    if args.only:
        for name in list(databases):
            if not any(text in name for text in args.only):
                databases.pop(name)
    for name, url in databases.items():
        seeded(url)
        if "large" in name:
            enlarge(url)

    trees = {"": ROOT}
    if args.before:
        trees["before: "] = args.before.resolve()
        for name, url in list(databases.items()):
            if url.startswith("sqlite:///"):
                copy = Path(url.removeprefix("sqlite:///")).with_suffix(".before")
                shutil.copy(url.removeprefix("sqlite:///"), copy)
                databases["before: " + name] = f"sqlite:///{copy}"
    secret = uuid.uuid4().hex
    servers = [
        Server("bare Flask", "bench:bare", {"PYTHONPATH": str(ROOT / "scripts")}),
        Server(
            "httpbin", "httpbin:app", {}, python=os.path.abspath(args.httpbin_python)
        ),
    ] + [
        Server(
            name,
            "statusapp:create_app()",
            {"DATABASE_URL": url, "SECRET_KEY": secret, "STATUSAPP_ENV": "production"},
        )
        for name, url in databases.items()
    ]
    try:
        for server in servers:
            if server.app != "statusapp:create_app()":
                server.start(workdir)
            else:
                # gunicorn imports statusapp from its working directory.
                server.start(
                    trees["before: " if server.name.startswith("before") else ""]
                )
        for server in servers:
            server.wait()
        by_name = {server.name: server for server in servers}
        targets = [
            Target("bare Flask jsonify", "bare Flask", "/"),
            Target("httpbin /status/418", "httpbin", "/status/418", expect=418),
        ]
        for server in servers[2:]:
            targets += statusapp_targets(server)
        for target in targets:
            check(by_name[target.server], target)
        results: dict[int, list[dict]] = {i: [] for i in range(len(targets))}
        for round_number in range(args.rounds):
            # Each round starts one further along, so no target is always first.
            order = list(range(len(targets)))
            shift = round_number % len(order)
            for index in order[shift:] + order[:shift]:
                target = targets[index]
                url = by_name[target.server].url(target.path)
                wait_until_idle()
                results[index].append(run_wrk(wrk, url, target.headers, args))
                print(
                    f"round {round_number + 1}: {target.server} {target.name}: "
                    f"{results[index][-1]['rps']:.0f} req/s",
                    file=sys.stderr,
                )
    finally:
        for server in servers:
            server.stop()
        if postgres:
            postgres.drop_all()
        shutil.rmtree(workdir, ignore_errors=True)

    rows = []
    for index, target in enumerate(targets):
        runs = results[index]
        rows.append(
            {
                "server": target.server,
                "request": target.name,
                "rps": statistics.median(r["rps"] for r in runs),
                "p50": statistics.median(r["p50"] for r in runs),
                "p99": statistics.median(r["p99"] for r in runs),
                # wrk counts every 4xx and 5xx; a 418 from /status/418 is
                # what was asked.
                "errors": sum(r.get("errors", 0) for r in runs)
                if target.expect < 400
                else 0,
            }
        )
    bare_rps = rows[0]["rps"]
    print(
        f"\ngunicorn {' '.join(GUNICORN)}; wrk -t{args.threads} -c{args.connections} "
        f"-d{args.duration}s; median of {args.rounds} rounds\n"
    )
    print("| server | request | req/s | p50 ms | p99 ms | × bare Flask |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        flag = f" ({row['errors']} unexpected)" if row["errors"] else ""
        print(
            f"| {row['server']} | {row['request']}{flag} | {row['rps']:.0f} | "
            f"{row['p50']:.2f} | {row['p99']:.2f} | {row['rps'] / bare_rps:.2f}× |"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
