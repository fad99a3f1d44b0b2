"""Admin commands: ``flask seed`` and ``flask users ...``."""

import sys
from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from flask_migrate import upgrade

from statusapp import seeding
from statusapp.extensions import db
from statusapp.models import ROLES
from statusapp.services import DomainError, accounts


def _database_label() -> str:
    return db.engine.url.render_as_string(hide_password=True)


def _ensure_schema() -> None:
    """Run the migrations when the database has no schema yet."""
    if not sa.inspect(db.engine).has_table("status_code"):
        click.echo("No schema found: running the migrations first.")
        upgrade()


@click.command("seed")
@click.option(
    "--reset",
    is_flag=True,
    help="Discard every change made since seeding and restore the seed data.",
)
@click.option("--yes", is_flag=True, help="Do not ask before --reset.")
@click.option(
    "--file",
    "seed_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Seed file to load (default: the repository's seed.sql).",
)
@with_appcontext
def seed_command(reset: bool, yes: bool, seed_file: Path | None) -> None:
    """Load seed.sql into the database, keeping what editors changed."""
    path = seed_file or Path(current_app.config["SEED_FILE"])
    try:
        rows = seeding.read_seed(path)
    except seeding.SeedError as exc:
        raise click.ClickException(f"{exc}. Nothing was written.") from exc
    if reset and not yes:
        click.confirm(
            "Reset discards every edit, translation and note made since seeding. "
            "Continue?",
            abort=True,
        )
    try:
        _ensure_schema()
        report = seeding.load(rows, reset=reset)
    except sa.exc.OperationalError as exc:
        raise click.ClickException(
            f"cannot use the database at {_database_label()}: "
            f"{str(exc.orig).strip().splitlines()[0]}. Nothing was written."
        ) from exc
    except sa.exc.IntegrityError as exc:
        raise click.ClickException(
            f"the seed does not fit the database: {exc.orig}. Nothing was written."
        ) from exc
    for name, tally in report.tables.items():
        click.echo(
            f"{name:12} inserted {tally.inserted:3}  kept {tally.kept:3}  "
            f"skipped {tally.skipped:3}"
        )
    click.echo(
        f"Inserted {report.total('inserted')}, kept {report.total('kept')}, "
        f"skipped {report.total('skipped')} (changed since seeding, left as is)."
    )
    if reset:
        click.echo("The database is back to the seed state.")
    elif not report.changed_anything:
        click.echo("Nothing to do: the database already holds the seed.")


users = AppGroup("users", help="Manage editor and admin accounts.")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise click.ClickException("no password on standard input")
        return password
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _run(action):
    """Run a service call, turning domain errors into a message and exit 1."""
    try:
        return action()
    except DomainError as exc:
        detail = getattr(exc, "errors", None)
        if detail:
            raise click.ClickException(
                " ".join(m for messages in detail.values() for m in messages)
            ) from exc
        raise click.ClickException(str(exc)) from exc


@users.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), default="editor", show_default=True)
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input."
)
def create_user_command(username: str, role: str, password_stdin: bool) -> None:
    """Create an account; the password is asked twice unless piped in."""
    password = _read_password(password_stdin)
    user = _run(lambda: accounts.create_user(username, password, role))
    click.echo(f"Created {user.role} {user.username}.")


@users.command("set-password")
@click.argument("username")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input."
)
def set_password_command(username: str, password_stdin: bool) -> None:
    """Change a password; the user's sessions and tokens end."""
    _run(lambda: accounts.get_user(username))
    password = _read_password(password_stdin)
    _run(lambda: accounts.set_password(username, password))
    click.echo(f"Password changed for {username}; their sessions have ended.")


@users.command("deactivate")
@click.argument("username")
def deactivate_command(username: str) -> None:
    """Deactivate an account and end its sessions and tokens."""
    _run(lambda: accounts.set_active(username, False))
    click.echo(f"Deactivated {username}.")


@users.command("activate")
@click.argument("username")
def activate_command(username: str) -> None:
    """Let a deactivated account log in again."""
    _run(lambda: accounts.set_active(username, True))
    click.echo(f"Activated {username}.")


@users.command("list")
def list_command() -> None:
    """List accounts with their role and state."""
    rows = accounts.list_users()
    if not rows:
        click.echo("No accounts yet. Create one with: flask users create NAME")
        return
    click.echo(f"{'USERNAME':24} {'ROLE':8} {'STATE':12} CREATED")
    for user in rows:
        state = "active" if user.active else "deactivated"
        click.echo(
            f"{user.username:24} {user.role:8} {state:12} "
            f"{user.created_at:%Y-%m-%d %H:%M} UTC"
        )


def register(app: Flask) -> None:
    app.cli.add_command(seed_command)
    app.cli.add_command(users)
