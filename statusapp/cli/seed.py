"""``flask seed``: load seed.sql into the database."""

from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade

from statusapp import seeding
from statusapp.extensions import db


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
    help="Seed file to load (default: the seed.sql shipped with the app).",
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
            f"{name:13} inserted {tally.inserted:3}  kept {tally.kept:3}  "
            f"skipped {tally.skipped:3}"
            + (f"  filled {tally.filled:3}" if tally.filled else "")
        )
    click.echo(
        f"Inserted {report.total('inserted')}, kept {report.total('kept')}, "
        f"skipped {report.total('skipped')} (changed since seeding, left as is)."
    )
    if filled := report.total("filled"):
        click.echo(
            f"Filled {filled} rows, unchanged since seeding, with the columns "
            "this release adds (a code's header rules and usages)."
        )
    if reset:
        click.echo("The database is back to the seed state.")
    elif not report.changed_anything:
        click.echo("Nothing to do: the database already holds the seed.")
