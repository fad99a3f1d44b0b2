"""languages, and the review state of translations

Revision ID: 76a18ebfb459
Revises: 0e4efd10f518
Create Date: 2026-11-26 09:40:58.363901

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '76a18ebfb459'
down_revision = '0e4efd10f518'
branch_labels = None
depends_on = None

SOURCE = "zh-CN"
KNOWN = {
    "zh-CN": ("Chinese (Simplified)", "简体中文"),
    "en": ("English", "English"),
}


def upgrade():
    language = op.create_table('language',
    sa.Column('tag', sa.String(length=35), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('native_name', sa.String(length=100), nullable=False),
    sa.Column('enabled', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('is_source', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.current_timestamp(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.current_timestamp(), nullable=False),
    sa.PrimaryKeyConstraint('tag', name=op.f('pk_language'))
    )
    with op.batch_alter_table('language', schema=None) as batch_op:
        batch_op.create_index('uq_language_is_source', ['is_source'], unique=True, sqlite_where=sa.text('is_source'), postgresql_where=sa.text('is_source'))

    # A database that already holds translations needs a language row for
    # each of their tags before the foreign key can be added.
    conn = op.get_bind()
    tags = [row[0] for row in conn.execute(sa.text("SELECT DISTINCT lang FROM translation"))]
    if tags:
        op.bulk_insert(language, [
            {
                "tag": tag,
                "name": KNOWN.get(tag, (tag, tag))[0],
                "native_name": KNOWN.get(tag, (tag, tag))[1],
                "enabled": True,
                "is_source": tag == SOURCE,
            }
            for tag in sorted(tags)
        ])

    with op.batch_alter_table('translation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=10), server_default='draft', nullable=False))
        batch_op.add_column(sa.Column('source_version', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('source_description', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('updated_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reviewed_by_id', sa.Integer(), nullable=True))
        batch_op.create_check_constraint('status', "status IN ('draft', 'reviewed', 'outdated')")
        batch_op.create_foreign_key(batch_op.f('fk_translation_reviewed_by_id_user_account'), 'user_account', ['reviewed_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_translation_updated_by_id_user_account'), 'user_account', ['updated_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_translation_lang_language'), 'language', ['lang'], ['tag'], onupdate='CASCADE')

    # The source text stands as reviewed; every other text is a draft written
    # from the source text as it is now.
    conn.execute(sa.text("UPDATE translation SET status = 'reviewed' WHERE lang = :source"), {"source": SOURCE})
    conn.execute(sa.text(
        "UPDATE translation SET"
        " source_version = (SELECT s.version FROM translation s WHERE s.code = translation.code AND s.lang = :source),"
        " source_description = (SELECT s.description FROM translation s WHERE s.code = translation.code AND s.lang = :source)"
        " WHERE lang <> :source"
    ), {"source": SOURCE})


def downgrade():
    with op.batch_alter_table('translation', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_translation_lang_language'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_translation_updated_by_id_user_account'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_translation_reviewed_by_id_user_account'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('ck_translation_status'), type_='check')
        batch_op.drop_column('reviewed_by_id')
        batch_op.drop_column('updated_by_id')
        batch_op.drop_column('source_description')
        batch_op.drop_column('source_version')
        batch_op.drop_column('status')

    with op.batch_alter_table('language', schema=None) as batch_op:
        batch_op.drop_index('uq_language_is_source', sqlite_where=sa.text('is_source'), postgresql_where=sa.text('is_source'))

    op.drop_table('language')
