"""Issue 12's migration: whoever had an organization keeps it, as a granted membership."""

import os

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from lmb import create_app
from lmb.extensions import db
from tests.conftest import ROOT, TEST_CONFIG, fresh_database

MIGRATIONS = str(ROOT / "migrations")
BEFORE = "13473e20b591"
NOW = "2024-01-01 10:00:00+00:00"


def test_existing_organizations_become_granted_memberships(tmp_path):
    with fresh_database(tmp_path, os.environ.get("LMB_TEST_DATABASE_URL")) as url:
        app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade(directory=MIGRATIONS, revision=BEFORE)
            with db.engine.begin() as connection:
                connection.execute(
                    sa.text(
                        "INSERT INTO organizations (id, name, kind, country, created_at, "
                        "updated_at) VALUES (1, 'Stad Kortrijk', 'municipality', 'BE', :now, :now)"
                    ),
                    {"now": NOW},
                )
                for user_id, organization_id in ((1, 1), (2, None)):
                    connection.execute(
                        sa.text(
                            "INSERT INTO users (id, email, name, organization_id, function, "
                            "role, locale, active, failed_login_count, auth_version, "
                            "created_at, updated_at) VALUES (:id, :email, 'X', :org, 'other', "
                            "'participant', 'nl', true, 0, 1, :now, :now)"
                        ),
                        {
                            "id": user_id,
                            "email": f"p{user_id}@example.org",
                            "org": organization_id,
                            "now": NOW,
                        },
                    )
            upgrade(directory=MIGRATIONS)
            with db.engine.connect() as connection:
                rows = connection.execute(
                    sa.text(
                        "SELECT user_id, organization_id, status, requested_name, contact, "
                        "auto_granted FROM memberships"
                    )
                ).all()
                auto = connection.execute(
                    sa.text("SELECT auto_grant_by_domain FROM organizations")
                ).scalar()
            assert [tuple(r) for r in rows] == [(1, 1, "granted", "Stad Kortrijk", False, False)]
            assert not auto
            # And back: the memberships go, the organization stays on the person.
            downgrade(directory=MIGRATIONS, revision=BEFORE)
            with db.engine.connect() as connection:
                assert (
                    connection.execute(
                        sa.text("SELECT organization_id FROM users WHERE id = 1")
                    ).scalar()
                    == 1
                )
            db.engine.dispose()
