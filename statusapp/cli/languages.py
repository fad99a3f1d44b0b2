"""``flask languages ...``: the languages the catalogue is written in."""

import click
from flask.cli import AppGroup

from statusapp.cli.common import TEXT, run_service
from statusapp.services import coverage, languages

group = AppGroup("languages", help="List, add, enable and disable languages.")


@group.command("add")
@click.argument("tag", type=TEXT)
@click.option(
    "--name", type=TEXT, required=True, help="The language's name in English."
)
@click.option(
    "--native-name",
    type=TEXT,
    required=True,
    help="The language's name in itself, e.g. 日本語.",
)
@click.option("--disabled", is_flag=True, help="Add it hidden from readers.")
def add_command(tag: str, name: str, native_name: str, disabled: bool) -> None:
    """Add a language: flask languages add ja --name Japanese --native-name 日本語"""
    data = {"tag": tag, "name": name, "native_name": native_name}
    data["enabled"] = not disabled
    language = run_service(
        lambda: languages.add_language(data, None, from_command_line=True)
    )
    state = "enabled" if language.enabled else "disabled"
    click.echo(
        f"Added {language.tag} ({language.name}, {language.native_name}), {state}."
    )


def _set_enabled(tag: str, enabled: bool) -> None:
    language = run_service(
        lambda: languages.update_language(
            tag, {"enabled": enabled}, None, from_command_line=True
        )
    )
    click.echo(f"{language.tag} is {'enabled' if enabled else 'disabled'}.")


@group.command("enable")
@click.argument("tag", type=TEXT)
def enable_command(tag: str) -> None:
    """Offer a language to readers and translators again."""
    _set_enabled(tag, True)


@group.command("disable")
@click.argument("tag", type=TEXT)
def disable_command(tag: str) -> None:
    """Hide a language from readers; its texts are kept."""
    _set_enabled(tag, False)


@group.command("list")
def list_command() -> None:
    """List the languages with how far each is translated."""
    click.echo(
        f"{'TAG':12} {'NAME':24} {'STATE':9} "
        f"{'REVIEWED':>8} {'DRAFT':>6} {'OUTDATED':>8} {'DISPUTED':>8} "
        f"{'MISSING':>7}"
    )
    for report in coverage.language_reports():
        state = (
            "source"
            if report.is_source
            else ("enabled" if report.enabled else "disabled")
        )
        stats = report.stats
        click.echo(
            f"{report.tag:12} {report.name:24} {state:9} "
            f"{stats.reviewed:>8} {stats.draft:>6} {stats.outdated:>8} "
            f"{stats.disputed:>8} {stats.missing:>7}"
        )
