"""``flask registry check``: compare the database with the shipped registry table."""

import click
from flask.cli import AppGroup

from statusapp.cli.common import database_reachable
from statusapp.services.registry_check import Difference, Kind, check_registry

registry = AppGroup("registry", help="Compare the catalogue with the IANA registry.")

WHAT = {
    "reason_phrase": "reason phrase differs",
    "reference": "reference differs",
    "reference_url": "reference URL differs",
    "registry_status": "registry status differs",
}


def _shown(value: str | None) -> str:
    return f'"{value}"' if value else "(empty)"


def describe(difference: Difference) -> str:
    """Return one line saying how a code differs from the registry."""
    name = f"{difference.code} {difference.phrase}"
    if difference.kind is Kind.MISSING:
        return (
            f"{name}: registered ({difference.registry}) but missing from the database"
        )
    if difference.kind is Kind.NOT_IN_REGISTRY:
        if difference.database == "unregistered":
            return f"{name}: not in the registry, marked unregistered (consistent)"
        return (
            f"{name}: not in the registry, but the database marks it "
            f"{_shown(difference.database)} (mark it unregistered if it is "
            "meant to be outside the registry)"
        )
    return (
        f"{name}: {WHAT[difference.field]}: database {_shown(difference.database)} "
        f"vs registry {_shown(difference.registry)}"
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@registry.command("check")
@click.pass_context
def check_command(ctx: click.Context) -> None:
    """Compare phrases, references and statuses with the registry table.

    Prints one line per difference and exits 1 when there is any: a phrase,
    reference, reference URL or status that differs, a registered code missing
    from the database, or a code outside the registry that is not marked
    unregistered. Codes outside the registry and marked unregistered are
    consistent: they are listed for review but do not fail the check.
    """
    with database_reachable():
        report = check_registry()
    for difference in report.differences + report.unregistered:
        click.echo(describe(difference))
    outside = ""
    if report.unregistered:
        outside = (
            f"; {_plural(len(report.unregistered), 'code')} outside it, "
            "marked unregistered"
        )
    if report.matches:
        click.echo(
            "The database matches the registry "
            f"({_plural(report.registered_count, 'registered code')}{outside})."
        )
        return
    click.echo(
        f"{_plural(len(report.differences), 'difference')} in "
        f"{_plural(report.codes_affected, 'code')}: the database does not match "
        f"the registry{outside}."
    )
    ctx.exit(1)
