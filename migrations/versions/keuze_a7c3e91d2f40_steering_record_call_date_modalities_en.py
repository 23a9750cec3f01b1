"""keuze: the steering group call's publication date, and each yearly meeting's minutes and
decisions (seed 001); the keuzemenu's modalities in English (name, table label, definition;
`lmb seed` fills them from seed_data_en.json)

Revision ID: a7c3e91d2f40
Revises: b2d84e6c1f53
Create Date: 2026-11-30 09:00:00.000000

"""
import datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a7c3e91d2f40'
down_revision = 'b2d84e6c1f53'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('modalities', schema=None) as batch_op:
        for name in ('name_en', 'table_label_en'):
            batch_op.add_column(
                sa.Column(name, sa.String(length=200), nullable=False, server_default='')
            )
        batch_op.add_column(
            sa.Column('definition_en', sa.Text(), nullable=False, server_default='')
        )
    with op.batch_alter_table('candidate_calls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('published_on', sa.Date(), nullable=True))
    with op.batch_alter_table('steering_group_meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('minutes', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('decisions', sa.Text(), nullable=False, server_default=''))
    # The seeded call of seed 001 was published on 14 July 2022.
    calls = sa.table('candidate_calls', sa.column('slug', sa.String), sa.column('published_on', sa.Date))
    op.execute(
        calls.update()
        .where(calls.c.slug == 'oproep-stuurgroep-2022')
        .values(published_on=datetime.date(2022, 7, 14))
    )


def downgrade():
    with op.batch_alter_table('steering_group_meetings', schema=None) as batch_op:
        batch_op.drop_column('decisions')
        batch_op.drop_column('minutes')
    with op.batch_alter_table('candidate_calls', schema=None) as batch_op:
        batch_op.drop_column('published_on')
    with op.batch_alter_table('modalities', schema=None) as batch_op:
        for name in ('definition_en', 'table_label_en', 'name_en'):
            batch_op.drop_column(name)
