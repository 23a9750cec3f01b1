"""demo flags (programmes, tracks, sessions, partnerships, organizations) and the English
texts of programmes and tracks

Revision ID: a1f0c2d3e4b5
Revises: b2d84e6c1f53
Create Date: 2026-11-30 08:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a1f0c2d3e4b5'
down_revision = 'b2d84e6c1f53'
branch_labels = None
depends_on = None

DEMO_TABLES = ('programmes', 'tracks', 'sessions', 'partnerships', 'organizations')
ENGLISH = {
    'programmes': (('title_en', sa.String(length=200)), ('summary_en', sa.Text())),
    'tracks': (
        ('title_en', sa.String(length=200)),
        ('summary_en', sa.Text()),
        ('description_en', sa.Text()),
    ),
}


def upgrade():
    for table in DEMO_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column('is_demo', sa.Boolean(), nullable=False, server_default=sa.false())
            )
            for name, type_ in ENGLISH.get(table, ()):
                batch_op.add_column(sa.Column(name, type_, nullable=False, server_default=''))


def downgrade():
    for table in reversed(DEMO_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, _type in reversed(ENGLISH.get(table, ())):
                batch_op.drop_column(name)
            batch_op.drop_column('is_demo')
