"""session owner kind: each session names what it belongs to (a track, a partnership
activity, the steering group's meeting) instead of track_id = NULL meaning "someone else's"

Revision ID: 9b3e6f1c2a70
Revises: 5e1c0a7d2b9f
Create Date: 2026-11-30 00:20:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '9b3e6f1c2a70'
down_revision = '5e1c0a7d2b9f'
branch_labels = None
depends_on = None

OWNER_KIND = sa.Enum(
    'track', 'partnership_activity', 'steering_meeting',
    name='ownerkind', native_enum=False, create_constraint=True, length=32,
)


def upgrade():
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_kind', OWNER_KIND, nullable=True))
    # Filled from the existing links: a track's sessions, then the rows that point to theirs.
    op.execute("UPDATE sessions SET owner_kind = 'track' WHERE track_id IS NOT NULL")
    op.execute(
        "UPDATE sessions SET owner_kind = 'partnership_activity' WHERE track_id IS NULL"
        " AND id IN (SELECT session_id FROM partnership_activities"
        " WHERE session_id IS NOT NULL)"
    )
    # The rest are the steering group's: its meetings, and the sessions of cancelled meetings
    # that a new meeting of the same year replaced (they stay, pointed to by no row).
    op.execute("UPDATE sessions SET owner_kind = 'steering_meeting' WHERE owner_kind IS NULL")
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.alter_column('owner_kind', existing_type=OWNER_KIND, nullable=False)
        batch_op.create_check_constraint(
            'track_iff_owned_by_track',
            "(owner_kind = 'track' AND track_id IS NOT NULL)"
            " OR (owner_kind <> 'track' AND track_id IS NULL)",
        )


def downgrade():
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_sessions_track_iff_owned_by_track'), type_='check')
        batch_op.drop_constraint(op.f('ck_sessions_ownerkind'), type_='check')
        batch_op.drop_column('owner_kind')
