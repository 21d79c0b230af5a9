"""re-certification: a version's change note, curriculum certificates in editions

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-01 10:00:00.000000

The publishing branch adds 0007 (which may add module_versions.change_note too); the lead
re-chains this file after it at merge and keeps one of the two columns.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("module_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("change_note", sa.Text(), nullable=True))

    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("edition", sa.Integer(), server_default="1", nullable=False))
        batch_op.drop_constraint("uq_certificates_user_id_kind_audience", type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_certificates_user_id_kind_audience_edition"),
            ["user_id", "kind", "audience", "edition"],
        )


def downgrade():
    # Later editions cannot keep their place under the old one-per-audience constraint: the
    # first edition stays, as it would have without re-certification.
    op.execute("DELETE FROM certificates WHERE edition > 1")
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("uq_certificates_user_id_kind_audience_edition"), type_="unique"
        )
        batch_op.create_unique_constraint(
            "uq_certificates_user_id_kind_audience", ["user_id", "kind", "audience"]
        )
        batch_op.drop_column("edition")

    with op.batch_alter_table("module_versions", schema=None) as batch_op:
        batch_op.drop_column("change_note")
