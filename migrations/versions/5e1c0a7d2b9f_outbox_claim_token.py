"""outbox claim token: a dispatcher sends and records a message only while it holds its claim

Revision ID: 5e1c0a7d2b9f
Revises: 5d2c8e0f4a17
Create Date: 2026-11-29 20:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5e1c0a7d2b9f'
down_revision = '5d2c8e0f4a17'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claim_token', sa.String(length=32), nullable=True))


def downgrade():
    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.drop_column('claim_token')
