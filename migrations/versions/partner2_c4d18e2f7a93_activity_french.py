"""partner2: an SDG partnership activity's title and description in French beside Dutch, for
the partners who read it together (issue 18)

Revision ID: c4d18e2f7a93
Revises: a1f0c2d3e4b5
Create Date: 2026-11-30 09:50:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c4d18e2f7a93"
down_revision = "a1f0c2d3e4b5"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("partnership_activities") as batch:
        batch.add_column(sa.Column("title_fr", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("description_fr", sa.Text(), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("partnership_activities") as batch:
        batch.drop_column("description_fr")
        batch.drop_column("title_fr")
