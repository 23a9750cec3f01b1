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


# Data migrations

BEFORE_CLEANING = "13473e20b591"
CLEANING = "190d4d3ff64c"


def _cleaning_migration():
    import importlib.util

    path = next((ROOT / "migrations" / "versions").glob(f"{CLEANING}_*.py"))
    spec = importlib.util.spec_from_file_location("cleaning", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Rows:
    """Inserts rows into the schema as it is at an old revision (reflected, not the models),
    filling what a test does not care about with valid values."""

    def __init__(self, connection):
        self.connection = connection
        self.schema = sa.MetaData()
        self.schema.reflect(connection)
        self.counter = 0

    def _filler(self, table: str, column) -> object:
        from datetime import UTC, date, datetime

        self.counter += 1
        model = db.metadata.tables.get(table)
        if model is not None and column.name in model.c:
            kind = model.c[column.name].type
            if isinstance(kind, sa.Enum):
                return kind.enums[0]
        kind = column.type
        if isinstance(kind, sa.Boolean):
            return False
        if isinstance(kind, sa.DateTime):
            return datetime.now(UTC)
        if isinstance(kind, sa.Date):
            return date(2026, 1, 1)
        if isinstance(kind, sa.Integer):
            return self.counter
        if isinstance(kind, sa.Numeric):
            return 0
        if isinstance(kind, sa.String) and kind.length and kind.length < 6:
            return "nl"[: kind.length]
        return f"v{self.counter}"

    def add(self, table: str, **values) -> int | None:
        columns = self.schema.tables[table].c
        for column in columns:
            if column.name in values or column.nullable or column.server_default is not None:
                continue
            if column.primary_key and isinstance(column.type, sa.Integer):
                continue
            values[column.name] = self._filler(table, column)
        result = self.connection.execute(sa.insert(self.schema.tables[table]).values(**values))
        return result.inserted_primary_key[0] if result.inserted_primary_key else None

    def value(self, table: str, column: str, row_id: int):
        rows = self.schema.tables[table]
        return self.connection.execute(
            sa.select(rows.c[column]).where(rows.c.id == row_id)
        ).scalar()


def test_the_cleaning_migration_lists_every_text_column_of_its_schema(tmp_path):
    """SINGLE_LINE, MULTI_LINE and MACHINE_MADE hold every short text column there was."""
    cleaning = _cleaning_migration()
    with fresh_database(tmp_path, os.environ.get("LMB_TEST_DATABASE_URL")) as url:
        app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade(directory=MIGRATIONS, revision=BEFORE_CLEANING)
            with db.engine.connect() as connection:
                schema = sa.MetaData()
                schema.reflect(connection)
            db.engine.dispose()
    found = set()
    for table in schema.tables.values():
        for column in table.c:
            model = db.metadata.tables.get(table.name)
            # Later revisions may drop a column; what the models no longer have is not an enum.
            current = model.c.get(column.name) if model is not None else None
            enum = current is not None and isinstance(current.type, sa.Enum)
            text = isinstance(column.type, sa.String) and not isinstance(column.type, sa.Text)
            if text and not enum and table.name != "alembic_version":
                found.add((table.name, column.name))
    listed = [
        (table, column)
        for lists in (cleaning.SINGLE_LINE, cleaning.MULTI_LINE, cleaning.MACHINE_MADE)
        for table, columns in lists.items()
        for column in columns
    ]
    assert len(listed) == len(set(listed)), "a column is listed twice"
    assert sorted(found - set(listed)) == [], "text columns the migration does not clean"
    assert sorted(set(listed) - found) == [], "listed columns that do not exist"


def test_control_characters_stored_before_are_cleaned(tmp_path):
    with fresh_database(tmp_path, os.environ.get("LMB_TEST_DATABASE_URL")) as url:
        app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade(directory=MIGRATIONS, revision=BEFORE_CLEANING)
            postgres = db.engine.dialect.name == "postgresql"
            nul = "\x01" if postgres else "\x00"  # PostgreSQL text never held NUL
            with db.engine.begin() as connection:
                rows = _Rows(connection)
                gent = rows.add("organizations", name="Stad\tGent")
                clean_gent = rows.add("organizations", name="Stad Gent")
                zele = rows.add("organizations", name="Gemeente\u2028Zele ")
                person = rows.add(
                    "users",
                    email="sofie@example.org",
                    name="Sofie\x1bPeeters",
                    organization_id=gent,
                )
                programme = rows.add("programmes", slug="p", title="Pro\x85gramma")
                track = rows.add("tracks", programme_id=programme, slug="t", title="Titel\x7f")
                session = rows.add(
                    "sessions",
                    track_id=track,
                    phase="labo",
                    title="Labo\u2029 1",
                    location=f"Brus{nul}sel",
                    agenda="regel 1\nregel 2",
                )
                lesson = rows.add("lessons", track_id=track, title="Les\x0b1", author_id=person)
                for tag in ("a\tb", "a b", "c\td"):
                    rows.add("lesson_tags", lesson_id=lesson, tag=tag)
                round_id = rows.add(
                    "review_rounds",
                    track_id=track,
                    title="Ronde\r\n1",
                    # A direction override turns the rest of a line around: cleaned as well.
                    deliverable="Plan\u202eA",
                    reviews_per_submission=2,
                )
                conflict = rows.add(
                    "review_conflicts",
                    round_id=round_id,
                    first_id=gent,
                    second_id=zele,
                    note="Zelfde\tdienst\nvroeger\x07",
                )
            upgrade(directory=MIGRATIONS, revision=CLEANING)
            with db.engine.connect() as connection:
                rows = _Rows(connection)
                assert rows.value("organizations", "name", gent) == "Stad Gent (2)"
                assert rows.value("organizations", "name", clean_gent) == "Stad Gent"
                assert rows.value("organizations", "name", zele) == "Gemeente Zele"
                assert rows.value("users", "name", person) == "Sofie Peeters"
                assert rows.value("programmes", "title", programme) == "Pro gramma"
                assert rows.value("tracks", "title", track) == "Titel"
                assert rows.value("sessions", "title", session) == "Labo  1"
                assert rows.value("sessions", "location", session) == "Brus sel"
                assert rows.value("sessions", "agenda", session) == "regel 1\nregel 2"
                assert rows.value("lessons", "title", lesson) == "Les 1"
                tags = rows.schema.tables["lesson_tags"]
                assert sorted(connection.execute(sa.select(tags.c.tag)).scalars()) == [
                    "a b",
                    "c d",
                ]
                assert rows.value("review_rounds", "title", round_id) == "Ronde  1"
                assert rows.value("review_rounds", "deliverable", round_id) == "Plan A"
                # A text area's value keeps its tab and line break, loses the bell.
                assert rows.value("review_conflicts", "note", conflict) == (
                    "Zelfde\tdienst\nvroeger "
                )
            db.engine.dispose()
