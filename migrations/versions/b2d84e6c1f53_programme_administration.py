"""programme administration: what a track's page holds (content, course, target group,
goals), a contact on tracks and programmes, and milestones' English text

Revision ID: b2d84e6c1f53
Revises: ac6c2ed079fb
Create Date: 2026-11-30 05:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b2d84e6c1f53'
down_revision = 'ac6c2ed079fb'
branch_labels = None
depends_on = None

TRACK_TEXTS = ('content', 'course', 'target_group', 'goals')


def _contact(batch_op):
    batch_op.add_column(
        sa.Column('contact_name', sa.String(length=200), nullable=False, server_default='')
    )
    batch_op.add_column(
        sa.Column('contact_email', sa.String(length=254), nullable=False, server_default='')
    )


def upgrade():
    with op.batch_alter_table('tracks', schema=None) as batch_op:
        for name in TRACK_TEXTS:
            batch_op.add_column(sa.Column(name, sa.Text(), nullable=False, server_default=''))
        _contact(batch_op)
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        _contact(batch_op)
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('title_en', sa.String(length=200), nullable=False, server_default='')
        )
        batch_op.add_column(
            sa.Column('description_en', sa.Text(), nullable=False, server_default='')
        )


def downgrade():
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.drop_column('description_en')
        batch_op.drop_column('title_en')
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.drop_column('contact_email')
        batch_op.drop_column('contact_name')
    with op.batch_alter_table('tracks', schema=None) as batch_op:
        batch_op.drop_column('contact_email')
        batch_op.drop_column('contact_name')
        for name in reversed(TRACK_TEXTS):
            batch_op.drop_column(name)
