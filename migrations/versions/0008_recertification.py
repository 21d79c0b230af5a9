"""re-certification: curriculum certificates in editions

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 10:00:00.000000

The version's change note (module_versions.change_note) comes with 0007, the authoring tables.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
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
