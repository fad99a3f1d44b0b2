"""catalogue: status codes, translations, notes, class names

Revision ID: 4bacf31493e3
Revises: 
Create Date: 2026-11-26 06:56:42.211688

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4bacf31493e3'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('class_name',
    sa.Column('number', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('lang', sa.String(length=35), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.CheckConstraint('number BETWEEN 1 AND 5', name=op.f('ck_class_name_number')),
    sa.PrimaryKeyConstraint('number', 'lang', name=op.f('pk_class_name'))
    )
    op.create_table('status_code',
    sa.Column('code', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('reason_phrase', sa.String(length=100), nullable=False),
    sa.Column('reference', sa.String(length=200), nullable=True),
    sa.Column('reference_url', sa.String(length=500), nullable=True),
    sa.Column('registry_status', sa.String(length=20), nullable=False),
    sa.Column('aliases', sa.JSON(), server_default='[]', nullable=False),
    sa.Column('extension', sa.String(length=100), nullable=True),
    sa.Column('source_heading', sa.String(length=200), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.current_timestamp(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.current_timestamp(), nullable=False),
    sa.CheckConstraint("registry_status IN ('permanent', 'deprecated', 'obsoleted', 'unused', 'unregistered')", name=op.f('ck_status_code_registry_status')),
    sa.CheckConstraint('code BETWEEN 100 AND 599', name=op.f('ck_status_code_code_range')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_status_code'))
    )
    op.create_table('note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.Integer(), nullable=False),
    sa.Column('lang', sa.String(length=35), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('seed_key', sa.String(length=64), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.current_timestamp(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.current_timestamp(), nullable=False),
    sa.ForeignKeyConstraint(['code'], ['status_code.code'], name=op.f('fk_note_code_status_code'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_note')),
    sa.UniqueConstraint('seed_key', name=op.f('uq_note_seed_key'))
    )
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_note_code'), ['code'], unique=False)

    op.create_table('translation',
    sa.Column('code', sa.Integer(), nullable=False),
    sa.Column('lang', sa.String(length=35), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.current_timestamp(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.current_timestamp(), nullable=False),
    sa.ForeignKeyConstraint(['code'], ['status_code.code'], name=op.f('fk_translation_code_status_code'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('code', 'lang', name=op.f('pk_translation'))
    )


def downgrade():
    op.drop_table('translation')
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_note_code'))

    op.drop_table('note')
    op.drop_table('status_code')
    op.drop_table('class_name')
