"""The build step pyproject.toml cannot say: what a wheel carries beyond the package.

templates/, static/, migrations/ and seed.sql stay at the top of the repository;
a wheel gets copies of them inside the package, where statusapp.resources finds
them, and the interface catalogues compiled from the .po files.
"""

import shutil
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py

SHIPPED = ("templates", "static", "migrations", "seed.sql")


class BuildWithResources(build_py):
    """Copy the shipped folders into the built package and compile catalogues."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            # An editable install reads them from the checkout.
            return
        package = Path(self.build_lib) / "statusapp"
        for name in SHIPPED:
            source, target = Path(name), package / name
            if source.is_dir():
                shutil.rmtree(target, ignore_errors=True)
                shutil.copytree(
                    source, target, ignore=shutil.ignore_patterns("__pycache__")
                )
            else:
                shutil.copy2(source, target)
        for po_path in package.glob("translations/*/LC_MESSAGES/*.po"):
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            with po_path.with_suffix(".mo").open("wb") as mo_file:
                write_mo(mo_file, catalog)


setup(cmdclass={"build_py": BuildWithResources})
