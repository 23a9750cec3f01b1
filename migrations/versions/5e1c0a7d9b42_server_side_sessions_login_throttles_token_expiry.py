"""server-side sessions, login throttles per account and address, API token expiry

Revision ID: 5e1c0a7d9b42
Revises: 190d4d3ff64c
Create Date: 2026-11-29 20:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5e1c0a7d9b42'
down_revision = '190d4d3ff64c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('user_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions')),
    sa.UniqueConstraint('secret_hash', name=op.f('uq_user_sessions_secret_hash'))
    )
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_sessions_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_user_sessions_user_id'), ['user_id'], unique=False)

    op.create_table('login_throttles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('client_address', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_login_throttles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_throttles')),
    sa.UniqueConstraint('user_id', 'client_address', name='uq_login_throttles_user_address')
    )
    with op.batch_alter_table('login_throttles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_throttles_updated_at'), ['updated_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_throttles_user_id'), ['user_id'], unique=False)

    # Tokens made before expiry existed expire a year after they were made (or, if that has
    # passed, a month from now, so that nobody's program stops without warning).
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
    api_tokens = sa.table(
        'api_tokens',
        sa.column('id', sa.Integer()),
        sa.column('created_at', sa.DateTime(timezone=True)),
        sa.column('expires_at', sa.DateTime(timezone=True)),
    )
    from datetime import UTC, datetime, timedelta

    connection = op.get_bind()
    soon = datetime.now(UTC) + timedelta(days=30)
    for token_id, created_at in connection.execute(
        sa.select(api_tokens.c.id, api_tokens.c.created_at)
    ).all():
        if created_at.tzinfo is None:
            created_at = created_at.replace(tzinfo=UTC)
        connection.execute(
            api_tokens.update()
            .where(api_tokens.c.id == token_id)
            .values(expires_at=max(created_at + timedelta(days=365), soon))
        )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.alter_column('expires_at', existing_type=sa.DateTime(timezone=True), nullable=False)

    # Failed logins are counted per account and address in login_throttles now. Every
    # session identity gains a server-side secret, so existing cookies no longer load: all
    # browsers log in once more after this upgrade.
    # Not in batch mode: on SQLite that copies and drops `users`, and dropping it with foreign
    # keys enforced deletes every row that cascades from it. SQLite >= 3.35 and PostgreSQL
    # drop a column in place.
    op.drop_column('users', 'locked_until')
    op.drop_column('users', 'failed_login_count')


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_login_count', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('expires_at')

    with op.batch_alter_table('login_throttles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_throttles_user_id'))
        batch_op.drop_index(batch_op.f('ix_login_throttles_updated_at'))

    op.drop_table('login_throttles')
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_sessions_user_id'))
        batch_op.drop_index(batch_op.f('ix_user_sessions_created_at'))

    op.drop_table('user_sessions')
