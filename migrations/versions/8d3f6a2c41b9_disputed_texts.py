"""disputed texts, with a reason, and proposals that would correct them

Revision ID: 8d3f6a2c41b9
Revises: 5c1e2f0a9b7d
Create Date: 2026-12-06 05:40:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "8d3f6a2c41b9"
down_revision = "5c1e2f0a9b7d"
branch_labels = None
depends_on = None

BUMP = "UPDATE catalogue_generation SET value = value + 1"
STATUSES = "'draft', 'reviewed', 'outdated'"
ENTITIES = "'code', 'translation', 'note'"


def _sqlite_triggers(table):
    """The generation triggers of ``table`` (see 5c1e2f0a9b7d), for SQLite."""
    for event, name in (("INSERT", "insert"), ("UPDATE", "update"), ("DELETE", "delete")):
        yield (
            f"bump_generation_{name}_{table}",
            f"CREATE TRIGGER bump_generation_{name}_{table} AFTER {event} "
            f"ON {table} BEGIN {BUMP}; END",
        )


def _watch(table):
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE TRIGGER bump_catalogue_generation BEFORE INSERT OR UPDATE "
            f"OR DELETE OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_generation()"
        )
    else:
        for _name, statement in _sqlite_triggers(table):
            op.execute(statement)


def _rewatch(table):
    # SQLite's batch mode copies the table into a new one, which drops its
    # triggers; PostgreSQL alters it in place and keeps them.
    if op.get_bind().dialect.name != "postgresql":
        for name, _statement in _sqlite_triggers(table):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        _watch(table)


def upgrade():
    with op.batch_alter_table("translation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dispute_reason", sa.Text(), nullable=True))
        batch_op.drop_constraint(batch_op.f("ck_translation_status"), type_="check")
        batch_op.create_check_constraint(
            "status", f"status IN ({STATUSES}, 'disputed')"
        )
        batch_op.create_check_constraint(
            "dispute_reason", "status <> 'disputed' OR dispute_reason IS NOT NULL"
        )
    _rewatch("translation")

    op.create_table(
        "text_proposal",
        sa.Column("code", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=35), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("seed_key", sa.String(length=64), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.current_timestamp(),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.current_timestamp(),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
            name=op.f("fk_text_proposal_author_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["code", "lang"],
            ["translation.code", "translation.lang"],
            name=op.f("fk_text_proposal_code_translation"),
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        sa.PrimaryKeyConstraint("code", "lang", name=op.f("pk_text_proposal")),
        sa.UniqueConstraint("seed_key", name=op.f("uq_text_proposal_seed_key")),
    )
    _watch("text_proposal")
    _revision_entities(f"{ENTITIES}, 'proposal'")
    _rewatch("revision")


def _revision_entities(entities):
    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_revision_entity"), type_="check")
        batch_op.create_check_constraint("entity", f"entity IN ({entities})")


def downgrade():
    op.execute("DELETE FROM revision WHERE entity = 'proposal'")
    _revision_entities(ENTITIES)
    _rewatch("revision")
    op.drop_table("text_proposal")
    op.execute("UPDATE translation SET status = 'draft' WHERE status = 'disputed'")
    with op.batch_alter_table("translation", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("ck_translation_dispute_reason"), type_="check"
        )
        batch_op.drop_constraint(batch_op.f("ck_translation_status"), type_="check")
        batch_op.create_check_constraint("status", f"status IN ({STATUSES})")
        batch_op.drop_column("dispute_reason")
    _rewatch("translation")
