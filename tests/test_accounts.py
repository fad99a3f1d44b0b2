"""Accounts: the flask users commands, password storage, and what they end."""

import pytest
import sqlalchemy as sa
from page_support import ENGLISH
from session_support import PASSWORD, log_in, logged_in_as

from statusapp.extensions import db
from statusapp.models import User
from statusapp.services import accounts

NEW_PASSWORD = "a brand new passphrase"


def create(runner, *args, stdin: str = PASSWORD + "\n"):
    """Run flask users create NAME ... --password-stdin."""
    return runner.invoke(
        args=["users", "create", *args, "--password-stdin"], input=stdin
    )


def stored_users(app) -> dict[str, User]:
    with app.app_context():
        return {u.username: u for u in db.session.scalars(sa.select(User))}


def password_works(app, username: str, password: str) -> bool:
    with app.app_context():
        return accounts.authenticate(username, password) is not None


def token_for(app, username: str) -> str:
    with app.app_context():
        token, _ = accounts.issue_token(accounts.get_user(username))
    return token


def token_works(app, token: str) -> bool:
    with app.app_context():
        return accounts.user_for_token(token) is not None


# flask users create ----------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "role"),
    [(["--role", "editor"], "editor"), (["--role", "admin"], "admin"), ([], "editor")],
)
def test_create_reads_the_password_from_stdin(app, runner, args, role):
    result = create(runner, "nora", *args)
    assert result.exit_code == 0, result.output
    assert f"Created {role} nora." in result.output
    user = stored_users(app)["nora"]
    assert (user.role, user.active) == (role, True)
    assert password_works(app, "nora", PASSWORD)


def test_create_keeps_spaces_inside_a_piped_password(app, runner):
    result = create(runner, "nora", stdin="  spaced out password  \r\n")
    assert result.exit_code == 0, result.output
    assert password_works(app, "nora", "  spaced out password  ")


def test_create_asks_for_the_password_twice(app, runner):
    result = runner.invoke(
        args=["users", "create", "nora", "--role", "admin"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("Password") == 1
    assert "Repeat for confirmation" in result.output
    assert PASSWORD not in result.output  # typed without echo
    assert stored_users(app)["nora"].role == "admin"
    assert password_works(app, "nora", PASSWORD)


def test_a_short_password_is_refused_before_it_is_repeated(app, runner):
    result = runner.invoke(
        args=["users", "create", "nora"],
        input=f"short\n{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    refusal = result.output.index("A password needs at least 10 characters.")
    # Asked to repeat once, for the good password only, after the refusal.
    assert result.output.count("Repeat for confirmation") == 1
    assert result.output.index("Repeat for confirmation") > refusal
    assert password_works(app, "nora", PASSWORD)


def test_create_with_mismatched_passwords_creates_nobody(app, runner):
    result = runner.invoke(
        args=["users", "create", "nora"], input=f"{PASSWORD}\n{NEW_PASSWORD}\n"
    )
    assert result.exit_code != 0
    assert "do not match" in result.output
    assert "nora" not in stored_users(app)


@pytest.mark.parametrize(
    ("username", "stdin", "message"),
    [
        ("eddie", PASSWORD + "\n", "the username 'eddie' is taken"),
        ("x", PASSWORD + "\n", "A username is 2 to 40 letters"),
        ("has space", PASSWORD + "\n", "A username is 2 to 40 letters"),
        (".dot", PASSWORD + "\n", "A username is 2 to 40 letters"),
        ("n" * 41, PASSWORD + "\n", "A username is 2 to 40 letters"),
        ("nora", "short\n", "A password needs at least 10 characters."),
        ("nora", "\n", "no password on standard input"),
        ("nora", "", "no password on standard input"),
    ],
)
def test_create_refuses_bad_input_with_a_message(
    app, runner, users, username, stdin, message
):
    before = {name: u.password_hash for name, u in stored_users(app).items()}
    result = create(runner, username, stdin=stdin)
    assert result.exit_code == 1
    assert message in result.output
    after = {name: u.password_hash for name, u in stored_users(app).items()}
    assert after == before


def test_create_refuses_an_unknown_role(app, runner):
    result = create(runner, "nora", "--role", "owner")
    assert result.exit_code == 2
    assert "'owner' is not one of 'editor', 'admin'" in result.output
    assert "nora" not in stored_users(app)


# Passwords -------------------------------------------------------------------


def test_passwords_are_stored_as_argon2id_hashes(app, runner):
    create(runner, "nora")
    runner.invoke(
        args=["users", "set-password", "nora", "--password-stdin"],
        input=NEW_PASSWORD + "\n",
    )
    create(runner, "omar")
    hashes = [u.password_hash for u in stored_users(app).values()]
    assert len(hashes) == 2
    for stored in hashes:
        assert stored.startswith("$argon2id$v=19$")
        assert PASSWORD not in stored and NEW_PASSWORD not in stored
    # Salted: the same password never gives the same hash.
    omar = stored_users(app)["omar"].password_hash
    again = create(runner, "olga")
    assert again.exit_code == 0
    assert stored_users(app)["olga"].password_hash != omar


def test_production_cost_is_argon2_cffi_default_and_old_hashes_are_upgraded(
    app_factory, db_url, users
):
    # The test fixtures lower the cost; without ARGON2_PARAMETERS the app uses
    # RFC 9106's low-memory profile, and a login upgrades a cheaper hash.
    production = app_factory(db_url, ARGON2_PARAMETERS=None)
    assert "m=1024,t=1,p=1" in stored_users(production)["eddie"].password_hash
    assert log_in(production.test_client(), "eddie").status_code == 302
    assert "m=65536,t=3,p=4" in stored_users(production)["eddie"].password_hash
    assert password_works(production, "eddie", PASSWORD)
    with production.app_context():
        db.engine.dispose()


# flask users set-password ----------------------------------------------------


def set_password(runner, username: str, stdin: str = NEW_PASSWORD + "\n"):
    return runner.invoke(
        args=["users", "set-password", username, "--password-stdin"], input=stdin
    )


def test_set_password_replaces_the_password_and_ends_sessions(app, runner, users):
    browser = app.test_client()
    log_in(browser, "eddie")
    token = token_for(app, "eddie")
    colleague = app.test_client()
    log_in(colleague, "erin")

    result = set_password(runner, "eddie")
    assert result.exit_code == 0, result.output
    assert "Password changed for eddie" in result.output
    assert not password_works(app, "eddie", PASSWORD)
    assert password_works(app, "eddie", NEW_PASSWORD)
    assert logged_in_as(browser) is None
    assert not token_works(app, token)
    assert "erin" in logged_in_as(colleague)
    assert log_in(browser, "eddie", NEW_PASSWORD).status_code == 302


def test_set_password_at_the_prompt(app, runner, users):
    result = runner.invoke(
        args=["users", "set-password", "eddie"],
        input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert password_works(app, "eddie", NEW_PASSWORD)


@pytest.mark.parametrize(
    ("username", "stdin", "message"),
    [
        ("nobody", NEW_PASSWORD + "\n", "there is no user 'nobody'"),
        ("eddie", "too short\n", "A password needs at least 10 characters."),
    ],
)
def test_set_password_refusals_change_nothing(
    app, runner, users, username, stdin, message
):
    browser = app.test_client()
    log_in(browser, "eddie")
    result = set_password(runner, username, stdin)
    assert result.exit_code == 1
    assert message in result.output
    assert password_works(app, "eddie", PASSWORD)
    assert "eddie" in logged_in_as(browser)


# flask users deactivate / activate ------------------------------------------


def test_deactivate_locks_the_account_out(app, runner, users):
    browser = app.test_client()
    log_in(browser, "eddie")
    token = token_for(app, "eddie")

    result = runner.invoke(args=["users", "deactivate", "eddie"])
    assert result.exit_code == 0, result.output
    assert "Deactivated eddie." in result.output
    assert logged_in_as(browser) is None
    assert not token_works(app, token)
    refused = log_in(browser, "eddie", headers=ENGLISH)
    assert refused.status_code == 422
    assert "Wrong username or password." in refused.get_data(as_text=True)
    with app.app_context():
        assert accounts.authenticate("eddie", PASSWORD) is None

    result = runner.invoke(args=["users", "activate", "eddie"])
    assert result.exit_code == 0, result.output
    assert log_in(browser, "eddie").status_code == 302
    # Tokens ended by deactivation stay ended.
    assert not token_works(app, token)


@pytest.mark.parametrize("command", ["deactivate", "activate"])
def test_unknown_user_cannot_be_deactivated_or_activated(runner, users, command):
    result = runner.invoke(args=["users", command, "nobody"])
    assert result.exit_code == 1
    assert "there is no user 'nobody'" in result.output


# flask users list ------------------------------------------------------------


def test_list_shows_each_account_with_role_and_state(runner, users):
    runner.invoke(args=["users", "deactivate", "erin"])
    result = runner.invoke(args=["users", "list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:3] == ["USERNAME", "ROLE", "STATE"]
    rows = [line.split()[:3] for line in lines[1:]]
    assert rows == [
        ["ada", "admin", "active"],
        ["eddie", "editor", "active"],
        ["erin", "editor", "deactivated"],
    ]
    assert PASSWORD not in result.output and "$argon2" not in result.output


def test_list_without_accounts_says_how_to_make_one(runner):
    result = runner.invoke(args=["users", "list"])
    assert result.exit_code == 0
    assert "No accounts yet" in result.output
    assert "flask users create" in result.output


# No default account ----------------------------------------------------------


def test_seeding_creates_no_account(app_factory, empty_db_url):
    app = app_factory(empty_db_url)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed"]).exit_code == 0
    assert runner.invoke(args=["seed", "--reset", "--yes"]).exit_code == 0
    assert stored_users(app) == {}
    assert "No accounts yet" in runner.invoke(args=["users", "list"]).output
    for username in ("admin", "editor", "root"):
        for password in ("admin", "password", "changeme", username):
            assert not password_works(app, username, password)
    with app.app_context():
        db.engine.dispose()
