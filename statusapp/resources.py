"""Where the app's files are: templates, static files, migrations and seed.sql.

In a checkout they sit at the top of the repository, beside the package; an
installed wheel carries them inside the package (setup.py copies them in).
"""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def _home() -> Path:
    return PACKAGE if (PACKAGE / "templates").is_dir() else PACKAGE.parent


HOME = _home()
TEMPLATES = HOME / "templates"
STATIC = HOME / "static"
MIGRATIONS = HOME / "migrations"
SEED_FILE = HOME / "seed.sql"
