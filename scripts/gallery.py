"""Take the README's screenshots: Chromium over a freshly seeded app.

Run ``make gallery`` (or ``.venv/bin/python scripts/gallery.py --help``). The
script makes a throwaway instance in a temporary folder (a new SQLite file,
the migrations, ``flask seed``, an editor account), serves it with gunicorn on
a free local port, and drives the system Chromium (/usr/bin/chromium, or
CHROMIUM_PATH) through Playwright to take the shots in SHOTS.

``--source DIR`` shoots another checkout of the repository, such as an older
commit in a git worktree: its package, templates, migrations and seed.sql are
used, with this venv's Python. A page that checkout lacks (any answer but 200)
is logged and skipped, so before/after sets can be compared name by name.
"""

import argparse
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Error, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# As tests/browser/conftest.py launches it.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
]
DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {
        "viewport": {"width": 360, "height": 740},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}
EDITOR = "eddie"
PASSWORD = "gallery " + secrets.token_hex(8)
# The app's own settings: the instance is configured here, never by the shell.
APP_VARIABLES = (
    "CORS_ORIGINS",
    "DATABASE_MAX_OVERFLOW",
    "DATABASE_POOL_SIZE",
    "DATABASE_URL",
    "FLASK_APP",
    "LOGIN_LIMIT_STORAGE",
    "PROXY_COUNT",
    "PUBLIC_URL",
    "RATELIMIT_STORAGE_URI",
    "READ_CACHE_BYTES",
    "SECRET_KEY",
    "STATUSAPP_ENV",
)


@dataclass(frozen=True)
class Shot:
    """One screenshot: a page, as one kind of reader sees it."""

    name: str
    path: str
    device: str = "desktop"
    locale: str = "zh-CN"
    scheme: str = "light"
    who: str | None = None

    @property
    def file_name(self) -> str:
        return f"{self.name}.png"


SHOTS = [
    Shot("desktop-home-zh", "/"),
    Shot("desktop-code-404-zh", "/codes/404"),
    Shot("desktop-code-404-en", "/codes/404", locale="en"),
    Shot("phone-home-zh", "/", device="phone"),
    Shot("phone-code-404-zh", "/codes/404", device="phone"),
    Shot("desktop-code-507-zh", "/codes/507"),
    Shot("dark-code-404-zh", "/codes/404", scheme="dark"),
    Shot(
        "dark-translations-en", "/translations", locale="en", scheme="dark", who=EDITOR
    ),
]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def chinese_font_missing() -> bool:
    """Say whether fontconfig knows no Chinese font (the shots would show boxes)."""
    if not shutil.which("fc-list"):
        return False
    found = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True)
    return not found.stdout.strip()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Instance:
    """The app of one checkout, on its own database, served by gunicorn."""

    def __init__(self, source: Path, workdir: Path):
        self.source = source
        self.workdir = workdir
        self.log_file = workdir / "gunicorn.log"
        self.port = free_port()
        env = dict(os.environ)
        for name in APP_VARIABLES:
            env.pop(name, None)
        # Production settings, as readers get them; the key is thrown away.
        env.update(
            DATABASE_URL=f"sqlite:///{workdir / 'gallery.sqlite3'}",
            SECRET_KEY=secrets.token_hex(32),
            STATUSAPP_ENV="production",
            FLASK_APP="statusapp",
            PYTHONPATH=os.pathsep.join(
                filter(None, [str(source), env.get("PYTHONPATH")])
            ),
        )
        self.env = env
        self.process: subprocess.Popen | None = None

    def run(self, *args: str, stdin: str | None = None) -> None:
        """Run a command of this checkout's app; stop with its output if it fails."""
        done = subprocess.run(
            [sys.executable, *args],
            cwd=self.source,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise SystemExit(
                f"{' '.join(args)} failed ({done.returncode}):\n"
                f"{done.stdout}{done.stderr}"
            )

    def check_package(self) -> None:
        """Make sure the checkout's package, not the venv's, is the one imported."""
        done = subprocess.run(
            [sys.executable, "-c", "import statusapp; print(statusapp.__file__)"],
            cwd=self.source,
            env=self.env,
            capture_output=True,
            text=True,
        )
        imported = done.stdout.strip()
        if done.returncode != 0 or self.source not in Path(imported).parents:
            raise SystemExit(
                f"the app of {self.source} does not import with {sys.executable}"
                f" (got {imported or 'an error'}); a package it needs can be put"
                f" on PYTHONPATH:\n{done.stderr[-2000:]}"
            )

    def compile_translations(self) -> None:
        """Compile .po files lacking a fresh .mo, as `make translations` does."""
        pybabel = Path(sys.executable).parent / "pybabel"
        for po in sorted(self.source.glob("statusapp/translations/*/*/messages.po")):
            mo = po.with_suffix(".mo")
            if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
                continue
            log(f"compiling {po.relative_to(self.source)}")
            command = [str(pybabel), "compile", "-i", str(po), "-o", str(mo)]
            done = subprocess.run(command, capture_output=True, text=True)
            if done.returncode != 0:
                raise SystemExit(f"pybabel failed:\n{done.stdout}{done.stderr}")

    def prepare(self) -> None:
        """Migrate and seed a new database; add the editor the shots log in as."""
        self.check_package()
        self.compile_translations()
        self.run("-m", "flask", "db", "upgrade")
        self.run("-m", "flask", "seed")
        self.run(
            "-m",
            "flask",
            "users",
            "create",
            EDITOR,
            "--role",
            "editor",
            "--password-stdin",
            stdin=PASSWORD + "\n",
        )

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers=1",
                "--threads=4",
                "--worker-class=gthread",
                f"--bind=127.0.0.1:{self.port}",
                "statusapp:create_app()",
            ],
            cwd=self.source,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self.log_file.open("ab"),
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(
                    f"gunicorn exited:\n{self.log_file.read_text()[-3000:]}"
                )
            try:
                urllib.request.urlopen(self.url("/"), timeout=5).close()
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        raise SystemExit("gunicorn did not answer within 30 s")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def log_in(context: BrowserContext, instance: Instance, username: str) -> bool:
    """Log in through the form; say whether the app took the password."""
    page = context.new_page()
    try:
        page.goto(instance.url("/login"), wait_until="networkidle")
        page.locator("#username").fill(username)
        page.locator("#password").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("#password").press("Enter")
        return "/login" not in page.url
    except Error as exc:
        log(f"  login failed: {exc}")
        return False
    finally:
        page.close()


def take(browser: Browser, instance: Instance, shot: Shot, out: Path) -> bool:
    """Take one shot into ``out``; skip, saying why, a page that is not there
    (and remove the file an earlier run left for it)."""
    target = out / shot.file_name
    target.unlink(missing_ok=True)
    context = browser.new_context(
        locale=shot.locale,
        color_scheme=shot.scheme,
        **DEVICES[shot.device],
    )
    try:
        if shot.who and not log_in(context, instance, shot.who):
            log(f"skip {shot.file_name}: could not log in as {shot.who}")
            return False
        page = context.new_page()
        response = page.goto(instance.url(shot.path), wait_until="networkidle")
        if response is None or response.status != 200:
            status = response.status if response else "no response"
            log(f"skip {shot.file_name}: {shot.path} answered {status}")
            return False
        page.evaluate("document.fonts.ready")
        # The first screen only, as a reader sees it: a whole page is too tall
        # for the README and too heavy for the repository.
        page.screenshot(path=target)
        log(f"wrote {target} ({target.stat().st_size // 1024} KB)")
        return True
    finally:
        context.close()


def main(argv: list[str] | None = None) -> int:
    """Shoot SHOTS on a seeded instance of a checkout; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--source",
        type=Path,
        default=ROOT,
        help="checkout whose app is shot (default: this one)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "docs" / "gallery",
        help="folder for the PNG files (default: docs/gallery)",
    )
    args = parser.parse_args(argv)
    source = args.source.resolve()
    if not (source / "statusapp" / "__init__.py").is_file():
        parser.error(f"{source} is not a statusapp checkout")
    if not os.access(CHROMIUM, os.X_OK):
        parser.error(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    if chinese_font_missing():
        parser.error("no Chinese font: apt-get install fonts-noto-cjk")
    out = args.out.resolve()
    started = time.monotonic()
    taken = 0
    with tempfile.TemporaryDirectory(prefix="statusapp-gallery-") as workdir:
        instance = Instance(source, Path(workdir))
        log(f"seeding a new instance of {source}")
        instance.prepare()
        instance.start()
        out.mkdir(parents=True, exist_ok=True)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    headless=True, executable_path=CHROMIUM, args=CHROMIUM_ARGS
                )
                try:
                    for shot in SHOTS:
                        taken += take(browser, instance, shot, out)
                finally:
                    browser.close()
        finally:
            instance.stop()
    log(f"{taken} of {len(SHOTS)} shots in {time.monotonic() - started:.1f} s")
    return 0 if taken else 1


if __name__ == "__main__":
    sys.exit(main())
