"""Browser fixtures: the app on a live local server and the system Chromium.

Playwright drives Debian's /usr/bin/chromium rather than a downloaded browser.
Without it the browser tests skip, except in CI (env CI set), where they fail.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def require_chromium() -> None:
    if os.access(CHROMIUM, os.X_OK):
        return
    reason = (
        f"Chromium not found at {CHROMIUM}: install it (apt-get install chromium) "
        "or set CHROMIUM_PATH to run the browser tests"
    )
    if in_ci():
        pytest.fail(reason + " (CI is set, so this is an error, not a skip)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _chromium_available():
    require_chromium()


def pytest_collection_modifyitems(config, items):
    """Run browser tests on SQLite only: one database is enough to drive pages."""
    here = Path(__file__).parent
    drop = [
        item
        for item in items
        if here in Path(item.path).parents
        and getattr(item, "callspec", None)
        and item.callspec.params.get("backend", "sqlite") != "sqlite"
    ]
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = [item for item in items if item not in drop]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require_chromium()
    return {
        "headless": True,
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A reader whose browser prefers Simplified Chinese, the catalogue's default."""
    return {**browser_context_args, "locale": "zh-CN"}


@pytest.fixture(scope="session")
def base_url():
    """Tests open live_server URLs; this replaces pytest-playwright's --base-url
    fixture, whose class-based definition warns under pytest 9."""
    return None
