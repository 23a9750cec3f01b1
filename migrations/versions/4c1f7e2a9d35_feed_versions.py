"""feed version stamp: one counter that every change a calendar feed could show moves

Revision ID: 4c1f7e2a9d35
Revises: 9b3e6f1c2a70
Create Date: 2026-11-30 05:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

import lmb.core.models

# revision identifiers, used by Alembic.
revision = '4c1f7e2a9d35'
down_revision = '9b3e6f1c2a70'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'feed_versions',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('changed_at', lmb.core.models.UTCDateTime(), nullable=False),
        sa.CheckConstraint('id = 1', name=op.f('ck_feed_versions_one_row')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_feed_versions')),
    )


def downgrade():
    op.drop_table('feed_versions')
