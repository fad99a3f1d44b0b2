"""Helpers shared by the command groups."""

from contextlib import contextmanager

import click
import sqlalchemy as sa

from statusapp.extensions import db
from statusapp.services import DomainError
from statusapp.services.fields import text_problem

# Python reads a command-line byte that is not UTF-8 as one of these
# (surrogateescape), so that a file name in any encoding still works.
UNDECODED = range(0xDC80, 0xDD00)


class Text(click.ParamType):
    """A one-line text value, held to the services' character rule before any
    service sees it: UTF-8, no control characters, no line breaks. A value
    that breaks it is a usage error (exit 2) naming the argument or option.
    File names are not Text: a path may be any bytes."""

    name = "text"

    def convert(self, value, param, ctx):
        if not isinstance(value, str):
            return value
        if any(ord(char) in UNDECODED for char in value):
            self.fail(
                "Must be UTF-8 text; set the terminal to UTF-8 and type it again.",
                param,
                ctx,
            )
        if problem := text_problem(value):
            self.fail(problem, param, ctx)
        return value


TEXT = Text()


@contextmanager
def database_reachable():
    """Turn a database that is unreachable or has no schema into a message
    naming it, and exit 1, instead of a traceback."""
    try:
        yield
    except (sa.exc.OperationalError, sa.exc.ProgrammingError) as exc:
        label = db.engine.url.render_as_string(hide_password=True)
        raise click.ClickException(
            f"cannot use the database at {label}: "
            f"{str(exc.orig).strip().splitlines()[0]}."
        ) from exc


def run_service(action):
    """Run a service call, turning domain errors and a database without the
    schema into a message and exit 1."""
    try:
        with database_reachable():
            return action()
    except DomainError as exc:
        detail = getattr(exc, "errors", None)
        if detail:
            raise click.ClickException(
                " ".join(m for messages in detail.values() for m in messages)
            ) from exc
        raise click.ClickException(str(exc)) from exc
