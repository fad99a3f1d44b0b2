"""catalogue generation, bumped by triggers on every table readers see

Revision ID: 5c1e2f0a9b7d
Revises: dff87b0218ad
Create Date: 2026-12-05 21:05:00.000000

"""

import time

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "5c1e2f0a9b7d"
down_revision = "dff87b0218ad"
branch_labels = None
depends_on = None

# The tables whose rows readers see, and for each the columns whose change
# they see (None: any change). Of an account, readers see only its name.
WATCHED = {
    "language": None,
    "class_name": None,
    "status_code": None,
    "translation": None,
    "note": None,
    "revision": None,
    "user_account": ("username",),
}
BUMP = "UPDATE catalogue_generation SET value = value + 1"


def _sqlite_triggers():
    for table, columns in WATCHED.items():
        update = f"UPDATE OF {', '.join(columns)}" if columns else "UPDATE"
        for event, name in (
            ("INSERT", "insert"),
            (update, "update"),
            ("DELETE", "delete"),
        ):
            yield (
                f"bump_generation_{name}_{table}",
                f"CREATE TRIGGER bump_generation_{name}_{table} AFTER {event} "
                f"ON {table} BEGIN {BUMP}; END",
            )


def upgrade():
    op.create_table(
        "catalogue_generation",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_catalogue_generation_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_generation")),
    )
    # Start from the clock, not 0, so that a database made again (downgrade,
    # upgrade) never repeats a number a running worker has seen.
    op.execute(
        "INSERT INTO catalogue_generation (id, value) "
        f"VALUES (1, {time.time_ns() // 1000})"
    )
    if op.get_bind().dialect.name == "postgresql":
        # Before each statement: the generation's row lock is a writer's first
        # lock, so writers queue on it in one order and cannot deadlock there.
        op.execute(
            "CREATE FUNCTION bump_catalogue_generation() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN {BUMP}; RETURN NULL; END $$"
        )
        for table, columns in WATCHED.items():
            update = f"UPDATE OF {', '.join(columns)}" if columns else "UPDATE"
            op.execute(
                f"CREATE TRIGGER bump_catalogue_generation BEFORE INSERT OR {update} "
                f"OR DELETE OR TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_generation()"
            )
    else:
        # SQLite has row triggers only; its one write lock already orders writers.
        for _name, statement in _sqlite_triggers():
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in WATCHED:
            op.execute(f"DROP TRIGGER bump_catalogue_generation ON {table}")
        op.execute("DROP FUNCTION bump_catalogue_generation()")
    else:
        for name, _statement in _sqlite_triggers():
            op.execute(f"DROP TRIGGER {name}")
    op.drop_table("catalogue_generation")
