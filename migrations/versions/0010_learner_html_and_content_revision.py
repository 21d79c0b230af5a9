"""sections.learner_html (glossary links made once) and the content revision

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 09:40:00

The module page no longer links glossary terms on every request: each section keeps its
linked HTML. Existing sections get it here, from the glossary as stored, so that an upgraded
database shows the same pages before and after.
"""
import json

from alembic import op
import sqlalchemy as sa

from app.content.glossary_links import TermLink, link_terms
from app.content.wide_tables import scrollable_tables

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

GLOSSARY_URL = "/glossary"  # url_for("learn.glossary_page") at the time of this migration


def upgrade():
    with op.batch_alter_table('sections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('learner_html', sa.Text(), nullable=False, server_default=''))
    op.create_table('content_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_revision'))
    )

    connection = op.get_bind()
    links = []
    for key, term, aliases, definition in connection.execute(
        sa.text("SELECT key, term, aliases, definition FROM glossary_terms ORDER BY position")
    ):
        if isinstance(aliases, str):  # SQLite hands JSON back as text here
            aliases = json.loads(aliases)
        for surface in (term, *(aliases or [])):
            links.append(TermLink(surface=surface, key=key, definition=definition))
    sections = sa.table('sections', sa.column('id'), sa.column('html'), sa.column('learner_html'))
    for section_id, html in connection.execute(sa.select(sections.c.id, sections.c.html)).all():
        connection.execute(
            sections.update()
            .where(sections.c.id == section_id)
            .values(learner_html=scrollable_tables(link_terms(html, links, GLOSSARY_URL)))
        )
    connection.execute(sa.text("INSERT INTO content_revision (id, number) VALUES (1, 1)"))


def downgrade():
    op.drop_table('content_revision')
    with op.batch_alter_table('sections', schema=None) as batch_op:
        batch_op.drop_column('learner_html')
