"""header rules and vendor usages of each status code

Revision ID: b7e2c9d4a113
Revises: 8d3f6a2c41b9
Create Date: 2026-12-06 06:15:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "b7e2c9d4a113"
down_revision = "8d3f6a2c41b9"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN on both databases: SQLite keeps the table, and with it
    # the catalogue generation's triggers.
    for name in ("header_rules", "usages"):
        op.add_column(
            "status_code",
            sa.Column(name, sa.JSON(), server_default="[]", nullable=False),
        )


def downgrade():
    with op.batch_alter_table("status_code", schema=None) as batch_op:
        batch_op.drop_column("usages")
        batch_op.drop_column("header_rules")
    if op.get_bind().dialect.name != "postgresql":
        # Batch mode rebuilt the table; put its generation triggers back.
        bump = "UPDATE catalogue_generation SET value = value + 1"
        for event, name in (("INSERT", "insert"), ("UPDATE", "update"), ("DELETE", "delete")):
            trigger = f"bump_generation_{name}_status_code"
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
            op.execute(
                f"CREATE TRIGGER {trigger} AFTER {event} ON status_code "
                f"BEGIN {bump}; END"
            )
