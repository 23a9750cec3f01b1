"""partner (issues 16, 18): co-written interim and final reports with versions per side, activities a
partner municipality proposes for the Flemish side to confirm, and what an application needs
(proposed partner, theme and SDGs, contacts, the council's decision)

Revision ID: e7a8b5b4f70d
Revises: 3f1a9c2e7d40
Create Date: 2026-11-30 08:05:41.116900

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e7a8b5b4f70d'
down_revision = '3f1a9c2e7d40'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('partnership_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('interim', 'final', name='reportkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnerships.id'], name=op.f('fk_partnership_reports_partnership_id_partnerships'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partnership_reports')),
    sa.UniqueConstraint('partnership_id', 'kind', name=op.f('uq_partnership_reports_partnership_id'))
    )
    with op.batch_alter_table('partnership_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partnership_reports_partnership_id'), ['partnership_id'], unique=False)

    op.create_table('partnership_report_parts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.Enum('flemish', 'partner', name='side', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['partnership_reports.id'], name=op.f('fk_partnership_report_parts_report_id_partnership_reports'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_partnership_report_parts_submitted_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partnership_report_parts')),
    sa.UniqueConstraint('report_id', 'side', name=op.f('uq_partnership_report_parts_report_id'))
    )
    with op.batch_alter_table('partnership_report_parts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partnership_report_parts_report_id'), ['report_id'], unique=False)

    op.create_table('partnership_report_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('part_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('written_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['part_id'], ['partnership_report_parts.id'], name=op.f('fk_partnership_report_versions_part_id_partnership_report_parts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['written_by_id'], ['users.id'], name=op.f('fk_partnership_report_versions_written_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partnership_report_versions')),
    sa.UniqueConstraint('part_id', 'number', name=op.f('uq_partnership_report_versions_part_id'))
    )
    with op.batch_alter_table('partnership_report_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partnership_report_versions_part_id'), ['part_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partnership_report_versions_written_by_id'), ['written_by_id'], unique=False)

    with op.batch_alter_table('partnership_activities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.Enum('confirmed', 'proposed', name='activitystatus', native_enum=False, create_constraint=True, length=32), nullable=False, server_default='confirmed'))
        batch_op.add_column(sa.Column('proposed_by_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_partnership_activities_proposed_by_id'), ['proposed_by_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_partnership_activities_proposed_by_id_users'), 'users', ['proposed_by_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('partnership_applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('proposed_partner', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('theme', sa.Enum('citizen_participation', 'local_prosperity', name='partnershiptheme', native_enum=False, create_constraint=True, length=32), nullable=True))
        batch_op.add_column(sa.Column('sdgs', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('contact_name', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('contact_email', sa.String(length=254), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('partner_contact', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('decision_filename', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('decision_stored_name', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('decision_kind', sa.String(length=10), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('decision_size', sa.Integer(), nullable=False, server_default='0'))



def downgrade():
    with op.batch_alter_table('partnership_applications', schema=None) as batch_op:
        batch_op.drop_column('decision_size')
        batch_op.drop_column('decision_kind')
        batch_op.drop_column('decision_stored_name')
        batch_op.drop_column('decision_filename')
        batch_op.drop_column('partner_contact')
        batch_op.drop_column('contact_email')
        batch_op.drop_column('contact_name')
        batch_op.drop_column('sdgs')
        batch_op.drop_constraint(op.f('ck_partnership_applications_partnershiptheme'), type_='check')
        batch_op.drop_column('theme')
        batch_op.drop_column('proposed_partner')

    with op.batch_alter_table('partnership_activities', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_partnership_activities_proposed_by_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_partnership_activities_proposed_by_id'))
        batch_op.drop_column('proposed_by_id')
        batch_op.drop_constraint(op.f('ck_partnership_activities_activitystatus'), type_='check')
        batch_op.drop_column('status')

    with op.batch_alter_table('partnership_report_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partnership_report_versions_written_by_id'))
        batch_op.drop_index(batch_op.f('ix_partnership_report_versions_part_id'))

    op.drop_table('partnership_report_versions')
    with op.batch_alter_table('partnership_report_parts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partnership_report_parts_report_id'))

    op.drop_table('partnership_report_parts')
    with op.batch_alter_table('partnership_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partnership_reports_partnership_id'))

    op.drop_table('partnership_reports')
