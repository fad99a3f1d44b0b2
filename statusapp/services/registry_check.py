"""Compare the catalogue's registry facts with the registry table the package ships.

A code the database keeps outside the registry on purpose (marked
``unregistered``) is consistent: it is listed in ``RegistryReport.unregistered``
for an admin to review, but it is not a difference and does not fail the check.
A code outside the registry that claims any other status is a difference.
"""

from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa

from statusapp import registry
from statusapp.extensions import db
from statusapp.models import StatusCode


class Kind(StrEnum):
    """What differs; the order is the order a code's differences are listed in."""

    PHRASE = "phrase"
    REFERENCE = "reference"
    STATUS = "status"
    MISSING = "missing"
    NOT_IN_REGISTRY = "not_in_registry"


# The fields compared for a code that is in both, with the kind of each.
COMPARED = (
    ("reason_phrase", Kind.PHRASE),
    ("reference", Kind.REFERENCE),
    ("reference_url", Kind.REFERENCE),
    ("registry_status", Kind.STATUS),
)
ORDER = {kind: number for number, kind in enumerate(Kind)}


@dataclass(frozen=True)
class Difference:
    """One way a code in the database and the registry disagree.

    ``phrase`` names the code (the database's phrase, or the registry's when the
    code is missing). ``database`` is None when the code is missing from the
    database, ``registry`` None when the registry does not list it.
    """

    code: int
    phrase: str
    kind: Kind
    field: str
    database: str | None
    registry: str | None

    @property
    def in_database(self) -> bool:
        """Whether the database has the code at all."""
        return self.kind is not Kind.MISSING


@dataclass(frozen=True)
class RegistryReport:
    """Every difference between the database and the registry table."""

    differences: list[Difference]
    # Codes outside the registry and marked unregistered: consistent, not counted.
    unregistered: list[Difference]
    registered_count: int

    @property
    def matches(self) -> bool:
        """Whether the database agrees with the registry."""
        return not self.differences

    @property
    def codes_affected(self) -> int:
        """How many codes have at least one difference."""
        return len({d.code for d in self.differences})


def _value(value: str | None) -> str:
    # The registry writes no value as an empty cell, the database as NULL.
    return value or ""


def check_registry() -> RegistryReport:
    """Return how the database's codes differ from the shipped registry table."""
    table = registry.entries()
    records = db.session.scalars(sa.select(StatusCode).order_by(StatusCode.code))
    differences: list[Difference] = []
    unregistered: list[Difference] = []
    seen: set[int] = set()
    for record in records:
        seen.add(record.code)
        entry = table.get(record.code)
        if entry is None:
            outside = Difference(
                record.code,
                record.reason_phrase,
                Kind.NOT_IN_REGISTRY,
                "registry_status",
                record.registry_status,
                None,
            )
            if record.registry_status == "unregistered":
                unregistered.append(outside)
            else:
                differences.append(outside)
            continue
        for field, kind in COMPARED:
            ours = _value(getattr(record, field))
            theirs = _value(entry[field])
            if ours != theirs:
                differences.append(
                    Difference(
                        record.code, record.reason_phrase, kind, field, ours, theirs
                    )
                )
    for code in sorted(table.keys() - seen):
        entry = table[code]
        differences.append(
            Difference(
                code,
                entry["reason_phrase"],
                Kind.MISSING,
                "registry_status",
                None,
                entry["registry_status"],
            )
        )
    differences.sort(key=lambda d: (d.code, ORDER[d.kind]))
    return RegistryReport(differences, unregistered, len(table))
