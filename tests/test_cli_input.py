"""Command-line values pass the text rule before any service: a usage error
(exit 2) naming the argument, or a clear message (exit 1), never a traceback.

Python hands a command-line byte that is not UTF-8 to the program as a lone
surrogate (surrogateescape), so "\\udcff" here is what `flask ... $'\\xff'`
gives; a terminal can send control characters but never NUL.
"""

import os
import subprocess
import sys

import pytest
from exchange_support import CSV_GOOD, CSV_HEADER

from statusapp.extensions import db
from statusapp.models import Language
from statusapp.services import accounts

PASSWORD_LINE = "long enough password\n"
STDIN = "--password-stdin"


def state(app) -> tuple:
    """The accounts and languages there are: what a refused command leaves."""
    with app.app_context():
        return (
            sorted(user.username for user in accounts.list_users()),
            sorted(tag for tag in db.session.scalars(db.select(Language.tag))),
        )


def finished_cleanly(result) -> bool:
    return result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(
    ("args", "where", "message"),
    [
        (["users", "create", "gr\x1bace", STDIN], "'USERNAME'", "control characters"),
        (["users", "create", "grace\n", STDIN], "'USERNAME'", "one line"),
        (["users", "create", "gr\udcffce", STDIN], "'USERNAME'", "UTF-8"),
        (["users", "set-password", "eddie\t", STDIN], "'USERNAME'", "one line"),
        (["users", "deactivate", "\udcff"], "'USERNAME'", "UTF-8"),
        (
            ["languages", "add", "tlh", "--name", "Kling\x1bon", "--native-name", "K"],
            "'--name'",
            "control characters",
        ),
        (
            ["languages", "add", "tlh", "--name", "Klingon", "--native-name", "K\x9b"],
            "'--native-name'",
            "control characters",
        ),
        (
            ["languages", "add", "j\udcffa", "--name", "J", "--native-name", "J"],
            "'TAG'",
            "UTF-8",
        ),
        (["languages", "disable", "e\x1bn"], "'TAG'", "control characters"),
        (["translations", "export", "--lang", "e\x7fn"], "'--lang'", "control"),
        (
            ["translations", "import", "-", "--lang", "en", "--user", "ed\x1bdie"],
            "'--user'",
            "control characters",
        ),
    ],
)
def test_a_bad_value_is_a_usage_error_naming_it(
    app, runner, users, args, where, message
):
    before = state(app)

    result = runner.invoke(args=args, input=PASSWORD_LINE)

    assert result.exit_code == 2, result.output
    assert finished_cleanly(result), result.exception
    assert f"Invalid value for {where}" in result.output
    assert message in result.output
    assert state(app) == before


@pytest.mark.parametrize(
    "line",
    [
        b"long enough \xff password\n",  # not UTF-8
        b"long enough\x00password\n",
    ],
)
def test_a_password_that_is_not_text_is_refused_cleanly(app, runner, line):
    before = state(app)

    result = runner.invoke(
        args=["users", "create", "zoe", "--password-stdin"], input=line
    )

    assert result.exit_code == 1, result.output
    assert finished_cleanly(result), result.exception
    assert "UTF-8 text without NUL characters" in result.output
    assert state(app) == before


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("410,1,Gone\x1b,Gone.\r\n", "line 3 (code 410): the title must not contain"),
        ('410,1,,"Gone\x0c."\r\n', "line 3 (code 410): the description must not"),
    ],
)
def test_an_imported_file_with_control_characters_is_refused_naming_the_line(
    app, runner, tmp_path, row, message
):
    path = tmp_path / "en.csv"
    path.write_text(CSV_HEADER + CSV_GOOD + row, encoding="utf-8", newline="")

    result = runner.invoke(args=["translations", "import", str(path), "--lang", "en"])

    assert result.exit_code == 1, result.output
    assert finished_cleanly(result), result.exception
    assert "nothing was written" in result.output
    assert message in result.output


def test_bytes_that_are_not_utf8_never_cost_a_traceback(db_url, tmp_path):
    # As a shell passes them: argv and standard input in bytes, which
    # Python's UTF-8 mode reads through surrogateescape, as it does in the C
    # locale.
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "SECRET_KEY": "cli-test-secret",
        "STATUSAPP_ENV": "development",
        "FLASK_APP": "statusapp",
        "PYTHONUTF8": "1",
    }

    def flask(*args: bytes, stdin: bytes = b"") -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable.encode(), b"-m", b"flask", *args],
            input=stdin,
            capture_output=True,
            env=env,
            cwd=tmp_path,
            timeout=60,
        )

    tag = flask(
        b"languages", b"add", b"j\xffa", b"--name", b"J", b"--native-name", b"J"
    )
    password = flask(
        b"users", b"create", b"zoe", b"--password-stdin", stdin=b"long \xff enough\n"
    )

    assert tag.returncode == 2, tag.stderr
    assert b"Invalid value for 'TAG': Must be UTF-8 text" in tag.stderr
    assert password.returncode == 1, password.stderr
    assert b"the password must be UTF-8 text" in password.stderr
    assert b"Traceback" not in tag.stderr + password.stderr
