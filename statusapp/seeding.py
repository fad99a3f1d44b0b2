"""Load seed.sql into the configured database without overwriting edits.

seed.sql is plain INSERT statements. It is first run into a scratch in-memory
SQLite database, which proves the whole file is well formed before the real
database is touched; the rows are then merged into the real database in one
transaction. A row the database lacks is inserted; a row that is still as
seeded is kept; a row that editors changed since is skipped (left as it is).
"""

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from statusapp.extensions import db

# Tables in load order, each with the columns that identify a seeded row.
SEEDED_TABLES = {
    "language": ("tag",),
    "class_name": ("number", "lang"),
    "status_code": ("code",),
    "translation": ("code", "lang"),
    "note": ("seed_key",),
    "text_proposal": ("code", "lang"),
}
# A seeded proposal corrects its text as seeded: it is offered only beside a
# text that editors have not changed since (or deleted, or already corrected).
BESIDE_SEEDED = {"text_proposal": "translation"}
# Columns a later release added to seeded rows. A row that nobody has changed
# since it was seeded (still at version 1) and that holds them empty gets
# the seed's values, so that an upgraded database learns them too.
ADDED_COLUMNS = {"status_code": ("header_rules", "usages")}


class SeedError(Exception):
    """seed.sql cannot be read or loaded; nothing was written."""


@dataclass
class TableReport:
    inserted: int = 0
    kept: int = 0
    skipped: int = 0
    filled: int = 0


@dataclass
class SeedReport:
    tables: dict[str, TableReport] = field(default_factory=dict)

    def total(self, what: str) -> int:
        return sum(getattr(t, what) for t in self.tables.values())

    @property
    def changed_anything(self) -> bool:
        return self.total("inserted") + self.total("filled") > 0


def statements(text: str):
    """Yield (first line number, statement) for each SQL statement in ``text``."""
    buffer: list[str] = []
    start = 1
    for number, line in enumerate(text.splitlines(), start=1):
        if not buffer and (not line.strip() or line.lstrip().startswith("--")):
            continue
        if not buffer:
            start = number
        buffer.append(line)
        candidate = "\n".join(buffer)
        if sqlite3.complete_statement(candidate):
            yield start, candidate
            buffer = []
    if buffer:
        raise SeedError(f"line {start}: statement is not terminated by ';'")


def read_seed(path: Path) -> dict[str, list[dict]]:
    """Return the rows of seed.sql by table, or raise SeedError naming the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SeedError(f"cannot read {path}: {exc}") from exc
    scratch = sa.create_engine("sqlite://")
    db.metadata.create_all(scratch)
    with scratch.begin() as conn:
        for line, sql in statements(text):
            if not sql.lstrip().upper().startswith("INSERT INTO"):
                raise SeedError(f"{path.name} line {line}: only INSERT is allowed")
            try:
                conn.exec_driver_sql(sql)
            except sa.exc.DBAPIError as exc:
                raise SeedError(f"{path.name} line {line}: {exc.orig}") from exc
        rows = {}
        for name in SEEDED_TABLES:
            table = db.metadata.tables[name]
            rows[name] = [dict(r._mapping) for r in conn.execute(sa.select(table))]
    scratch.dispose()
    if not rows["status_code"]:
        raise SeedError(f"{path.name} holds no status codes")
    return rows


def _seeded_columns(name: str) -> list[str]:
    # Bookkeeping columns are the database's own, not part of the seed.
    own = {
        "id",
        "created_at",
        "updated_at",
        "version",
        "author_id",
        "updated_by_id",
        "reviewed_by_id",
    }
    return [c.name for c in db.metadata.tables[name].columns if c.name not in own]


def load(rows: dict[str, list[dict]], *, reset: bool = False) -> SeedReport:
    """Merge seed rows into the database in one transaction."""
    report = SeedReport()
    try:
        _merge(db.session.connection(), rows, reset, report)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return report


def _merge(conn, rows, reset: bool, report: SeedReport) -> None:
    if reset:
        for name in reversed(SEEDED_TABLES):
            conn.execute(sa.delete(db.metadata.tables[name]))
    as_seeded: dict[str, set[tuple]] = {}
    for name, key in SEEDED_TABLES.items():
        table = db.metadata.tables[name]
        columns = _seeded_columns(name)
        read = [table.c[c] for c in columns]
        if name in ADDED_COLUMNS:
            read.append(table.c.version)
        existing = {
            tuple(r._mapping[k] for k in key): r._mapping
            for r in conn.execute(sa.select(*read))
        }
        tally = report.tables[name] = TableReport()
        new_rows = []
        seeded = as_seeded[name] = set()
        for row in rows[name]:
            values = {c: row[c] for c in columns}
            identity = tuple(row[k] for k in key)
            current = existing.get(identity)
            beside = BESIDE_SEEDED.get(name)
            if beside and identity not in as_seeded[beside]:
                tally.skipped += 1
            elif current is None:
                new_rows.append(values)
                tally.inserted += 1
                seeded.add(identity)
            elif all(current[c] == values[c] for c in columns):
                tally.kept += 1
                seeded.add(identity)
            elif fill := _fillable(name, current, values, columns):
                where = sa.and_(*[table.c[k] == row[k] for k in key])
                conn.execute(sa.update(table).where(where).values(fill))
                tally.filled += 1
                seeded.add(identity)
            else:
                tally.skipped += 1
        if new_rows:
            conn.execute(sa.insert(table), new_rows)


def _fillable(name: str, current, values: dict, columns: list[str]) -> dict:
    """Return the added columns a row still as seeded should get, or {}."""
    added = ADDED_COLUMNS.get(name, ())
    differing = [c for c in columns if current[c] != values[c]]
    if current.get("version") != 1 or not all(
        c in added and current[c] in ([], None) for c in differing
    ):
        return {}
    return {c: values[c] for c in differing}
