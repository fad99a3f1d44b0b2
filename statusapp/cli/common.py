"""Helpers shared by the command groups."""

import click

from statusapp.services import DomainError


def run_service(action):
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
