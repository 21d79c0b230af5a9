"""user imports kept on the server between preview, confirmation and the links download

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('user_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('imported_at', sa.DateTime(), nullable=True),
    sa.Column('user_ids', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_user_imports_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_imports'))
    )
    with op.batch_alter_table('user_imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_imports_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_user_imports_created_by_id'), ['created_by_id'], unique=False)


def downgrade():
    with op.batch_alter_table('user_imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_imports_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_user_imports_created_at'))

    op.drop_table('user_imports')
