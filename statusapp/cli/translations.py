"""``flask translations export|import``: exchange files for offline translation."""

import click
from flask.cli import AppGroup

from statusapp.cli.common import TEXT, run_service
from statusapp.services import DomainError, InvalidValue, accounts, exchange

group = AppGroup(
    "translations", help="Export and import one language's texts as CSV or PO."
)


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


@group.command("export")
@click.option(
    "--lang", "tag", type=TEXT, required=True, help="The language tag, such as ja."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(exchange.FORMATS),
    help="csv or po; by default what the -o file name ends in, else csv.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to this file instead of standard output.",
)
def export_command(tag: str, fmt: str | None, output: str | None) -> None:
    """Export every code with its source text and its text in one language.

    Each entry carries the version it was exported at, so that an import of
    the edited file reports texts changed meanwhile instead of overwriting
    them.
    """
    fmt = fmt or exchange.detect_format(output) or "csv"
    exported = run_service(lambda: exchange.export_language(tag, fmt))
    if output is None:
        click.echo(exported.content, nl=False)  # bytes go out unchanged
        return
    with open(output, "wb") as file:
        file.write(exported.content)
    click.echo(f"Wrote {exported.filename} to {output}.", err=True)


@group.command("import")
@click.argument("file", type=click.File("rb"))
@click.option(
    "--lang", "tag", type=TEXT, required=True, help="The language tag, such as ja."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(exchange.FORMATS),
    help="csv or po; by default what the file name ends in, or its first line.",
)
@click.option("--dry-run", is_flag=True, help="Only show what would change.")
@click.option(
    "--user",
    "username",
    type=TEXT,
    help="The editor the revisions name as author; without it, none.",
)
def import_command(
    file, tag: str, fmt: str | None, dry_run: bool, username: str | None
) -> None:
    """Import an edited export (FILE, or - for standard input) into one language.

    New texts and texts changed since the export become drafts; a text that
    was changed in the catalogue after the export is a conflict, reported and
    left as it is. A malformed file is refused whole, naming the line or
    entry at fault, and nothing is written. The history names --user, who
    must be an active editor or admin, as the author; without --user the
    revisions have no author.
    """
    user = None
    if username:
        user = run_service(lambda: accounts.get_user(username))
        if not user.is_active:
            raise click.ClickException(f"{username} is deactivated.")
    data = file.read()
    name = getattr(file, "name", None)
    fmt = fmt or exchange.detect_format(name) or exchange.sniff_format(data)
    if fmt is None:
        raise click.UsageError("say --format csv or --format po for this file.")
    try:
        report = exchange.import_file(
            tag, data, fmt, user, dry_run=dry_run, from_command_line=True
        )
    except InvalidValue as exc:
        problems = [m for messages in exc.errors.values() for m in messages]
        raise click.ClickException(
            "the file was refused and nothing was written:\n" + "\n".join(problems)
        ) from exc
    except DomainError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"{report.lang}: {_plural(len(report.new), 'new text')}, "
        f"{_plural(len(report.changed), 'changed text')}, "
        f"{_plural(len(report.conflicts), 'conflict')}, "
        f"{report.unchanged} unchanged, {report.untranslated} untranslated."
    )
    for item in report.conflicts:
        click.echo(
            f"Conflict: {item.code} changed here since the export (exported at "
            f"version {item.version}, now version {item.database_version}); "
            "left as it is."
        )
    if dry_run:
        click.echo("Dry run: nothing was written.")
    else:
        click.echo(f"Wrote {_plural(report.applied, 'text')} as drafts.")
