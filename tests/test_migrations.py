"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import os

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from lmb import create_app
from lmb.extensions import db
from tests.conftest import ROOT, TEST_CONFIG, fresh_database


def test_upgrade_from_empty_gives_the_models_schema(tmp_path):
    with fresh_database(tmp_path, os.environ.get("LMB_TEST_DATABASE_URL")) as url:
        app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"))
            with db.engine.connect() as connection:
                context = MigrationContext.configure(
                    connection, opts={"compare_type": True, "render_as_batch": True}
                )
                differences = compare_metadata(context, db.metadata)
            db.engine.dispose()
        assert differences == []
