"""a person's time zone: pages, mails and reminders show times in it (Europe/Brussels by
default)

Revision ID: 3f1a9c2e7d40
Revises: b2d84e6c1f53
Create Date: 2026-11-30 08:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '3f1a9c2e7d40'
down_revision = 'b2d84e6c1f53'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(
            sa.Column(
                'time_zone',
                sa.String(length=64),
                nullable=False,
                server_default='Europe/Brussels',
            )
        )


def downgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('time_zone')
