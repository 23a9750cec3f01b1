"""demo flags (programmes, tracks, sessions, partnerships, organizations), the English
texts of programmes and tracks, and themes beyond tracks: a subscription and a news item name
their theme ("track:3", "programme:1", "partnership-call:2", "steering-call:1")

Revision ID: a1f0c2d3e4b5
Revises: a7c3e91d2f40
Create Date: 2026-11-30 08:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a1f0c2d3e4b5'
down_revision = 'a7c3e91d2f40'
branch_labels = None
depends_on = None

DEMO_TABLES = ('programmes', 'tracks', 'sessions', 'partnerships', 'organizations')
ENGLISH = {
    'programmes': (('title_en', sa.String(length=200)), ('summary_en', sa.Text())),
    'tracks': (
        ('title_en', sa.String(length=200)),
        ('summary_en', sa.Text()),
        ('description_en', sa.Text()),
    ),
}


def _themes_upgrade():
    for table in ('subscriptions', 'news_items'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('theme', sa.String(length=60), nullable=True))
        op.execute(f"UPDATE {table} SET theme = 'track:' || track_id")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('theme', existing_type=sa.String(length=60), nullable=False)
            batch_op.alter_column('track_id', existing_type=sa.Integer(), nullable=True)
    with op.batch_alter_table('subscriptions', schema=None) as batch_op:
        batch_op.drop_constraint('uq_subscriptions_user_track', type_='unique')
        batch_op.create_unique_constraint('uq_subscriptions_user_theme', ['user_id', 'theme'])
        batch_op.create_index('ix_subscriptions_theme', ['theme'], unique=False)
    with op.batch_alter_table('news_items', schema=None) as batch_op:
        batch_op.create_index(
            'ix_news_items_theme_created_at', ['theme', 'created_at'], unique=False
        )


def _themes_downgrade():
    # Themes other than tracks cannot be kept without a track.
    op.execute("DELETE FROM subscriptions WHERE track_id IS NULL")
    op.execute("DELETE FROM news_items WHERE track_id IS NULL")
    with op.batch_alter_table('news_items', schema=None) as batch_op:
        batch_op.drop_index('ix_news_items_theme_created_at')
        batch_op.alter_column('track_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('theme')
    with op.batch_alter_table('subscriptions', schema=None) as batch_op:
        batch_op.drop_index('ix_subscriptions_theme')
        batch_op.drop_constraint('uq_subscriptions_user_theme', type_='unique')
        batch_op.create_unique_constraint('uq_subscriptions_user_track', ['user_id', 'track_id'])
        batch_op.alter_column('track_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('theme')


def upgrade():
    _themes_upgrade()
    for table in DEMO_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column('is_demo', sa.Boolean(), nullable=False, server_default=sa.false())
            )
            for name, type_ in ENGLISH.get(table, ()):
                batch_op.add_column(sa.Column(name, type_, nullable=False, server_default=''))


def downgrade():
    for table in reversed(DEMO_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, _type in reversed(ENGLISH.get(table, ())):
                batch_op.drop_column(name)
            batch_op.drop_column('is_demo')
    _themes_downgrade()
