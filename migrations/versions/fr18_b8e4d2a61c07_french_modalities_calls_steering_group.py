"""fr18: the keuzemenu's modalities (name, table label, definition; `lmb seed` fills them from
seed_data_fr.json), the calls for partnerships and for candidates, and the steering group's
description in French beside Dutch, for the partners who read them (issue 18)

Revision ID: b8e4d2a61c07
Revises: e5b7c3a9d128
Create Date: 2026-11-30 12:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b8e4d2a61c07"
down_revision = "e5b7c3a9d128"
branch_labels = None
depends_on = None

# (table, [(column, type)]) added, all empty by default.
COLUMNS = [
    (
        "modalities",
        [
            ("name_fr", sa.String(200)),
            ("table_label_fr", sa.String(200)),
            ("definition_fr", sa.Text()),
        ],
    ),
    ("partnership_calls", [("title_fr", sa.String(200)), ("description_fr", sa.Text())]),
    ("candidate_calls", [("title_fr", sa.String(200)), ("description_fr", sa.Text())]),
    # The steering group's description in English too (its admins' form, issue 18).
    ("steering_groups", [("description_fr", sa.Text()), ("description_en", sa.Text())]),
    # News of a call for partnerships keeps the call's French (issue 18: mails and Mijn
    # overzicht in the reader's language).
    (
        "news_items",
        [
            ("title_fr", sa.String(300)),
            ("summary_fr", sa.Text()),
            ("title_en", sa.String(300)),
            ("summary_en", sa.Text()),
        ],
    ),
]


def upgrade():
    for table, columns in COLUMNS:
        with op.batch_alter_table(table) as batch:
            for name, type_ in columns:
                batch.add_column(sa.Column(name, type_, nullable=False, server_default=""))


def downgrade():
    for table, columns in reversed(COLUMNS):
        with op.batch_alter_table(table) as batch:
            for name, _type in reversed(columns):
                batch.drop_column(name)
