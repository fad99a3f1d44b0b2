"""``flask purge``: remove expired sessions, tokens and login counts."""

import click
from flask.cli import with_appcontext

from statusapp.cli.common import database_reachable
from statusapp.services import housekeeping


@click.command("purge")
@with_appcontext
def purge_command() -> None:
    """Remove expired login sessions, expired API tokens and stale login counts.

    Each worker also does this after a successful login, at most once every
    PURGE_INTERVAL seconds; run it from cron or a timer to keep the tables
    small on a site where few people log in.
    """
    with database_reachable():
        purged = housekeeping.purge_expired()
    click.echo(str(purged))
