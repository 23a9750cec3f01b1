"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import os
import re

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from lmb import create_app
from lmb.extensions import db
from tests.conftest import ROOT, TEST_CONFIG, fresh_database

MIGRATIONS = str(ROOT / "migrations")


def check_constraints(engine) -> dict:
    """Every CHECK constraint by table and name, its text normalised (Alembic does not compare
    them, and an enum that gains a member needs its constraint widened)."""
    inspector = sa.inspect(engine)
    found = {}
    for table in inspector.get_table_names():
        for check in inspector.get_check_constraints(table):
            text = re.sub(r"[\s()\"]|::\w+(\s+\w+)*", "", check["sqltext"]).lower()
            found[(table, check["name"])] = text.replace("character varying", "")
    found.pop(("alembic_version", None), None)
    return found


def test_upgrade_from_empty_gives_the_models_schema(tmp_path):
    base = os.environ.get("LMB_TEST_DATABASE_URL")
    with fresh_database(tmp_path, base) as migrated_url, fresh_database(tmp_path, base) as made_url:
        app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": migrated_url})
        with app.app_context():
            upgrade(directory=MIGRATIONS)
            with db.engine.connect() as connection:
                context = MigrationContext.configure(
                    connection, opts={"compare_type": True, "render_as_batch": True}
                )
                differences = compare_metadata(context, db.metadata)
            migrated_checks = check_constraints(db.engine)
            db.engine.dispose()
        made = sa.create_engine(made_url)
        db.metadata.create_all(made)
        made_checks = check_constraints(made)
        made.dispose()
    assert differences == []
    assert migrated_checks == made_checks


def test_every_migration_can_be_undone(tmp_path):
    with fresh_database(tmp_path, os.environ.get("LMB_TEST_DATABASE_URL")) as url:
        app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade(directory=MIGRATIONS)
            downgrade(directory=MIGRATIONS, revision="base")
            upgrade(directory=MIGRATIONS)
            db.engine.dispose()
