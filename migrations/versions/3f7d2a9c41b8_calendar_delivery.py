"""calendar delivery: a person chooses invitations by mail (default) or a subscribed
calendar address, never both (issue 15)

Revision ID: 3f7d2a9c41b8
Revises: 4c1f7e2a9d35
Create Date: 2026-11-30 04:40:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '3f7d2a9c41b8'
down_revision = '4c1f7e2a9d35'
branch_labels = None
depends_on = None

CALENDAR_DELIVERY = sa.Enum(
    'invitations', 'subscription',
    name='calendardelivery', native_enum=False, create_constraint=True, length=32,
)


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'calendar_delivery', CALENDAR_DELIVERY, nullable=False,
                server_default='invitations',
            )
        )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('calendar_delivery', existing_type=CALENDAR_DELIVERY,
                              server_default=None)


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_users_calendardelivery'), type_='check')
        batch_op.drop_column('calendar_delivery')
