"""outcome visits: a visit to a municipality to harvest outcomes, with its session (owner kind
outcome_visit) and the outcome records harvested during it (issue 17)

Revision ID: ac6c2ed079fb
Revises: d524d89f505d
Create Date: 2026-11-30 05:05:52.714531

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ac6c2ed079fb'
down_revision = 'd524d89f505d'
branch_labels = None
depends_on = None


KINDS = ("track", "partnership_activity", "steering_meeting")


def _owner_kinds(*kinds: str) -> None:
    # The enum's CHECK constraint names every kind a session may have.
    listed = ", ".join(f"'{kind}'" for kind in kinds)
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_sessions_ownerkind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_sessions_ownerkind"), f"owner_kind IN ({listed})")


def upgrade():
    _owner_kinds(*KINDS, "outcome_visit")
    op.create_table('outcome_visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('track_id', sa.Integer(), nullable=True),
    sa.Column('planned_by_id', sa.Integer(), nullable=True),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['organizations.id'], name=op.f('fk_outcome_visits_municipality_id_organizations'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['planned_by_id'], ['users.id'], name=op.f('fk_outcome_visits_planned_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_outcome_visits_session_id_sessions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['track_id'], ['tracks.id'], name=op.f('fk_outcome_visits_track_id_tracks'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_visits')),
    sa.UniqueConstraint('session_id', name=op.f('uq_outcome_visits_session_id'))
    )
    with op.batch_alter_table('outcome_visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_visits_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_visits_planned_by_id'), ['planned_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_visits_track_id'), ['track_id'], unique=False)

    with op.batch_alter_table('outcome_records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('visit_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_outcome_records_visit_id'), ['visit_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_outcome_records_visit_id_outcome_visits'), 'outcome_visits', ['visit_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('outcome_records', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outcome_records_visit_id_outcome_visits'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_outcome_records_visit_id'))
        batch_op.drop_column('visit_id')

    with op.batch_alter_table('outcome_visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outcome_visits_track_id'))
        batch_op.drop_index(batch_op.f('ix_outcome_visits_planned_by_id'))
        batch_op.drop_index(batch_op.f('ix_outcome_visits_municipality_id'))

    op.drop_table('outcome_visits')
    op.execute("DELETE FROM sessions WHERE owner_kind = 'outcome_visit'")
    _owner_kinds(*KINDS)
