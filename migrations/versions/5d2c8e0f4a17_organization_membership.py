"""organization membership: requests granted by the organization, mail domains

A person no longer belongs to an organization by typing its name: they ask (memberships) and
users.organization_id holds the granted organization only. Everyone who has an organization
now keeps it as a granted membership.

Revision ID: 5d2c8e0f4a17
Revises: 5e1c0a7d9b42
Create Date: 2026-11-29 20:20:00.000000

"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5d2c8e0f4a17'
down_revision = '5e1c0a7d9b42'
branch_labels = None
depends_on = None

def upgrade():
    # Not in a batch: on SQLite a batch copies the table, and dropping the referenced original
    # fails its foreign keys once there is data; ADD COLUMN with a default is native.
    op.add_column(
        'organizations',
        sa.Column('auto_grant_by_domain', sa.Boolean(), nullable=False, server_default=sa.false()),
    )

    op.create_table('organization_domains',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('domain', sa.String(length=253), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_organization_domains_organization_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organization_domains')),
    sa.UniqueConstraint('domain', name=op.f('uq_organization_domains_domain'))
    )
    with op.batch_alter_table('organization_domains', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organization_domains_organization_id'), ['organization_id'], unique=False)

    memberships = op.create_table('memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('requested_name', sa.String(length=200), nullable=False),
    sa.Column('status', sa.Enum('asked', 'granted', 'refused', 'ended', name='membershipstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('contact', sa.Boolean(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('auto_granted', sa.Boolean(), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_memberships_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_memberships_organization_id_organizations'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_memberships_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memberships'))
    )
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_memberships_decided_by_id'), ['decided_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_memberships_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_memberships_user_id'), ['user_id'], unique=False)
        batch_op.create_index('uq_memberships_live_user', ['user_id'], unique=True, sqlite_where=sa.text("status IN ('asked', 'granted')"), postgresql_where=sa.text("status IN ('asked', 'granted')"))

    # Everyone who has an organization keeps it, as a granted membership.
    connection = op.get_bind()
    now = datetime.now(UTC)
    rows = connection.execute(
        sa.text(
            "SELECT users.id, users.organization_id, organizations.name FROM users "
            "JOIN organizations ON organizations.id = users.organization_id"
        )
    ).all()
    if rows:
        op.bulk_insert(memberships, [
            {
                'user_id': user_id,
                'organization_id': organization_id,
                'requested_name': name,
                'status': 'granted',
                'contact': False,
                'decided_by_id': None,
                'decided_at': now,
                'auto_granted': False,
                'ended_at': None,
                'created_at': now,
                'updated_at': now,
            }
            for user_id, organization_id, name in rows
        ])


def downgrade():
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_index('uq_memberships_live_user', sqlite_where=sa.text("status IN ('asked', 'granted')"), postgresql_where=sa.text("status IN ('asked', 'granted')"))
        batch_op.drop_index(batch_op.f('ix_memberships_user_id'))
        batch_op.drop_index(batch_op.f('ix_memberships_organization_id'))
        batch_op.drop_index(batch_op.f('ix_memberships_decided_by_id'))

    op.drop_table('memberships')
    with op.batch_alter_table('organization_domains', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organization_domains_organization_id'))

    op.drop_table('organization_domains')
    # Not in a batch either (see upgrade): ALTER TABLE DROP COLUMN is native since SQLite 3.35.
    op.drop_column('organizations', 'auto_grant_by_domain')
