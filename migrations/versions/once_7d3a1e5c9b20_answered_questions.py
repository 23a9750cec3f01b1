"""answered questions: the token of each confirmation page answered "yes", so that the same
answer sent twice (a double click, Back and "yes" again) does nothing the second time

Revision ID: 7d3a1e5c9b20
Revises: b8e4d2a61c07
"""

import sqlalchemy as sa
from alembic import op

from lmb.core.models import UTCDateTime

# revision identifiers, used by Alembic.
revision = "7d3a1e5c9b20"
down_revision = "b8e4d2a61c07"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "answered_questions",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("answered_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_answered_questions")),
    )
    op.create_index(
        op.f("ix_answered_questions_answered_at"), "answered_questions", ["answered_at"]
    )


def downgrade():
    op.drop_index(op.f("ix_answered_questions_answered_at"), table_name="answered_questions")
    op.drop_table("answered_questions")
