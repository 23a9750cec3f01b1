"""frcontent: programmes, milestones and the steering group's yearly meeting records in French
beside Dutch, for the partners who read them together; the language a report part is written in
(issue 18)

Revision ID: e5b7c3a9d128
Revises: c4d18e2f7a93
Create Date: 2026-11-30 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e5b7c3a9d128"
down_revision = "c4d18e2f7a93"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("programmes") as batch:
        batch.add_column(sa.Column("title_fr", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("summary_fr", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("milestones") as batch:
        batch.add_column(sa.Column("title_fr", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("description_fr", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("steering_group_meetings") as batch:
        batch.add_column(sa.Column("agenda_fr", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("minutes_fr", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("decisions_fr", sa.Text(), nullable=False, server_default=""))
    # The language a report part's text is written in; what was written before is Dutch.
    with op.batch_alter_table("partnership_report_versions") as batch:
        batch.add_column(sa.Column("language", sa.String(5), nullable=False, server_default="nl"))


def downgrade():
    with op.batch_alter_table("partnership_report_versions") as batch:
        batch.drop_column("language")
    with op.batch_alter_table("steering_group_meetings") as batch:
        batch.drop_column("decisions_fr")
        batch.drop_column("minutes_fr")
        batch.drop_column("agenda_fr")
    with op.batch_alter_table("milestones") as batch:
        batch.drop_column("description_fr")
        batch.drop_column("title_fr")
    with op.batch_alter_table("programmes") as batch:
        batch.drop_column("summary_fr")
        batch.drop_column("title_fr")
