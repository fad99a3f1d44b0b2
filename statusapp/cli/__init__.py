"""Admin commands, one module per ``flask`` command or group."""

from flask import Flask

from statusapp.cli import (
    doctor,
    languages,
    purge,
    registry,
    seed,
    translations,
    users,
)


def register(app: Flask) -> None:
    """Add the commands to ``flask``."""
    app.cli.add_command(seed.seed_command)
    app.cli.add_command(users.users)
    app.cli.add_command(languages.group)
    app.cli.add_command(registry.registry)
    app.cli.add_command(translations.group)
    app.cli.add_command(doctor.doctor_command)
    app.cli.add_command(purge.purge_command)
