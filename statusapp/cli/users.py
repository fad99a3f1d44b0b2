"""``flask users ...``: editor and admin accounts."""

import sys

import click
from flask.cli import AppGroup

from statusapp.cli.common import TEXT, run_service
from statusapp.models import ROLES
from statusapp.services import accounts
from statusapp.services.errors import InvalidValue
from statusapp.services.fields import is_storable_text

users = AppGroup("users", help="Manage editor and admin accounts.")


def _read_password(from_stdin: bool) -> str:
    """Read a password; one that is not UTF-8 text, which no login could send
    and the hasher cannot take, is refused (exit 1)."""
    refused = "the password must be UTF-8 text without NUL characters"
    if from_stdin:
        try:
            password = sys.stdin.readline().rstrip("\r\n")
        except UnicodeDecodeError as exc:
            raise click.ClickException(refused) from exc
        if not password:
            raise click.ClickException("no password on standard input")
        if not is_storable_text(password):
            raise click.ClickException(refused)
        return password
    # The rules are checked before the second prompt, not after both.
    while True:
        password = click.prompt("Password", hide_input=True)
        try:
            accounts.check_password_rules(password)
        except InvalidValue as exc:
            click.echo(str(exc), err=True)
            continue
        if click.prompt("Repeat for confirmation", hide_input=True) == password:
            return password
        click.echo("The two passwords do not match; type them again.", err=True)


@users.command("create")
@click.argument("username", type=TEXT)
@click.option("--role", type=click.Choice(ROLES), default="editor", show_default=True)
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input."
)
def create_user_command(username: str, role: str, password_stdin: bool) -> None:
    """Create an account; the password is asked twice unless piped in."""
    password = _read_password(password_stdin)
    user = run_service(lambda: accounts.create_user(username, password, role))
    click.echo(f"Created {user.role} {user.username}.")


@users.command("set-password")
@click.argument("username", type=TEXT)
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input."
)
def set_password_command(username: str, password_stdin: bool) -> None:
    """Change a password; the user's sessions and tokens end."""
    run_service(lambda: accounts.get_user(username))
    password = _read_password(password_stdin)
    run_service(lambda: accounts.set_password(username, password))
    click.echo(f"Password changed for {username}; their sessions have ended.")


@users.command("deactivate")
@click.argument("username", type=TEXT)
def deactivate_command(username: str) -> None:
    """Deactivate an account and end its sessions and tokens."""
    run_service(lambda: accounts.set_active(username, False))
    click.echo(f"Deactivated {username}.")


@users.command("activate")
@click.argument("username", type=TEXT)
def activate_command(username: str) -> None:
    """Let a deactivated account log in again."""
    run_service(lambda: accounts.set_active(username, True))
    click.echo(f"Activated {username}.")


@users.command("list")
def list_command() -> None:
    """List accounts with their role and state."""
    rows = run_service(accounts.list_users)
    if not rows:
        click.echo(
            "No accounts yet. Create one with: flask users create NAME --role admin"
        )
        return
    click.echo(f"{'USERNAME':24} {'ROLE':8} {'STATE':12} CREATED")
    for user in rows:
        state = "active" if user.active else "deactivated"
        click.echo(
            f"{user.username:24} {user.role:8} {state:12} "
            f"{user.created_at:%Y-%m-%d %H:%M} UTC"
        )
