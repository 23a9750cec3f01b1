"""Revision a7c3e91d2f40 on a database seeded before it: the seeded call gets its publication
date, and the steering group's, the call's and the seats' texts that `lmb seed` stored become
the call's own words; a text an administrator changed stays as it is."""

import importlib.util
import os
from datetime import date

from flask_migrate import upgrade

from lmb import create_app
from lmb.extensions import db
from lmb.partnerships import seed
from tests.conftest import ROOT, TEST_CONFIG, fresh_database
from tests.test_migrations import MIGRATIONS, _Rows

REVISION = next((ROOT / "migrations" / "versions").glob("keuze_a7c3e91d2f40_*.py"))


def _revision():
    spec = importlib.util.spec_from_file_location("keuze_revision", REVISION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BEFORE = _revision().down_revision  # the revision just before it, wherever it is chained


def test_the_seeded_texts_become_the_calls_words(tmp_path):
    old = _revision()
    with fresh_database(tmp_path, os.environ.get("LMB_TEST_DATABASE_URL")) as url:
        app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade(directory=MIGRATIONS, revision=BEFORE)
            with db.engine.begin() as connection:
                rows = _Rows(connection)
                programme = rows.add("programmes", slug="sdg-partnerschappen", title="SDG")
                group = rows.add(
                    "steering_groups",
                    programme_id=programme,
                    slug="stuurgroep-sdg-partnerschappen",
                    description=old.OLD_GROUP,
                    meets_from=2022,
                    meets_until=2026,
                )
                seats = {
                    kind: rows.add(
                        "steering_group_seats",
                        steering_group_id=group,
                        kind=kind,
                        position=position,
                        description=before,
                        places=1,
                    )
                    for position, (kind, before, _after) in enumerate(old.SEATS, start=1)
                }
                call = rows.add(
                    "candidate_calls",
                    steering_group_id=group,
                    slug="oproep-stuurgroep-2022",
                    description=old.OLD_CALL,
                )
                other = rows.add(
                    "candidate_calls",
                    steering_group_id=group,
                    slug="een-andere-oproep",
                    description="Door een beheerder geschreven.",
                )
            upgrade(directory=MIGRATIONS)
            with db.engine.begin() as connection:
                rows = _Rows(connection)
                assert rows.value("steering_groups", "description", group) == (
                    seed.GROUP_DESCRIPTION
                )
                assert rows.value("candidate_calls", "description", call) == seed.CALL_DESCRIPTION
                assert rows.value("candidate_calls", "published_on", call) == date(2022, 7, 14)
                assert rows.value("candidate_calls", "published_on", other) is None
                assert rows.value("candidate_calls", "description", other) == (
                    "Door een beheerder geschreven."
                )
                for kind, description in seed.SEATS:
                    stored = rows.value("steering_group_seats", "description", seats[kind.name])
                    assert stored == description
            db.engine.dispose()
