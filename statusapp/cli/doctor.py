"""``flask doctor``: find stored rows that would trouble a reader or a write."""

import click
from flask.cli import with_appcontext

from statusapp.cli.common import database_reachable
from statusapp.services.integrity import Finding, check_stored_rows


def describe(finding: Finding) -> str:
    """Return one line naming a stored value and what is wrong with it."""
    return f"{finding.table} {finding.key} {finding.column}: {finding.problem}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@click.command("doctor")
@with_appcontext
@click.pass_context
def doctor_command(ctx: click.Context) -> None:
    """Find stored text that a reader or the write rules would refuse.

    Reads each table once, as stored (past the U+FFFD the pages show instead),
    and prints one line per value that is not valid UTF-8, holds NUL, a lone
    surrogate or a control character, is longer than its limit, is not a
    well-formed language tag, or is JSON of the wrong shape (aliases,
    revisions). Exits 1 when it finds any, 0 when every row is fit to read and
    to save again.
    """
    with database_reachable():
        report = check_stored_rows()
    for finding in report.findings:
        click.echo(describe(finding))
    read = (
        f"{_plural(report.rows_read, 'row')} in {_plural(report.tables_read, 'table')}"
    )
    if report.clean:
        click.echo(f"Every stored text is fit to read and to save again ({read}).")
        return
    click.echo(
        f"{_plural(len(report.findings), 'problem')} in "
        f"{_plural(report.rows_affected, 'row')} ({read} read): change or delete "
        "them through the pages, the API or SQL."
    )
    ctx.exit(1)
