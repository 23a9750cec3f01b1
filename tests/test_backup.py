"""`lmb backup` and `lmb restore`: a round trip into a new database gives every row and every
uploaded file back; a second restore needs --replace; a bad file is refused clearly."""

import json
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import select

from lmb import create_app
from lmb.cli import backup, restore
from lmb.core.backup import _encode
from lmb.extensions import db
from tests.conftest import TEST_CONFIG, fresh_database
from tests.peer_review.builders import build_round, submit

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")


def _snapshot(app) -> dict:
    with app.app_context():
        found = {}
        with db.engine.connect() as connection:
            for table in db.metadata.sorted_tables:
                rows = connection.execute(select(table).order_by(*table.primary_key.columns))
                found[table.name] = [
                    json.dumps(
                        {c.name: _encode(c, row._mapping[c.name]) for c in table.columns},
                        sort_keys=True,
                    )
                    for row in rows
                ]
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    return found


def _files(folder: Path) -> dict:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_backup_restores_every_row_and_file_into_a_new_database(app, seeded, tmp_path):
    from tests.tracks.test_seed import run_seed

    run_seed(app, "--demo")
    with app.app_context():
        built = build_round(slug="backup")
        submit(built["round"], built["people"]["mol"], filename="Meerjarenplan Mol ë.pdf")
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    archive = tmp_path / "lmb-backup.tar.gz"
    result = app.test_cli_runner().invoke(backup, ["-o", str(archive)])
    assert result.exit_code == 0, result.output
    assert "backup written" in result.output
    before = _snapshot(app)
    assert sum(len(rows) for rows in before.values()) > 100

    uploads = tmp_path / "restored-uploads"
    (tmp_path / "db").mkdir()
    with fresh_database(tmp_path / "db") as url:
        other = create_app(
            {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url, "UPLOAD_FOLDER": str(uploads)}
        )
        with other.app_context():
            upgrade(directory=MIGRATIONS)
        result = other.test_cli_runner().invoke(restore, [str(archive)])
        assert result.exit_code == 0, result.output
        after = _snapshot(other)
        assert after == before
        assert _files(uploads) == _files(Path(app.config["UPLOAD_FOLDER"]))

        again = other.test_cli_runner().invoke(restore, [str(archive)])
        assert again.exit_code != 0 and "--replace" in again.output
        replaced = other.test_cli_runner().invoke(restore, [str(archive), "--replace"])
        assert replaced.exit_code == 0, replaced.output
        assert _snapshot(other) == before
        # New rows get new ids after a restore (PostgreSQL sequences follow the data).
        with other.app_context():
            from tests.builders import create_person

            person = create_person("na-herstel@example.org")
            assert person.id > max(json.loads(r)["id"] for r in before["users"])
            db.session.commit()  # the test calls services: they flush, the caller commits
            db.session.remove()
            db.engine.dispose()


def test_a_file_that_is_not_a_backup_is_refused(app, tmp_path):
    bogus = tmp_path / "niet.tar.gz"
    bogus.write_bytes(b"geen backup")
    result = app.test_cli_runner().invoke(restore, [str(bogus)])
    assert result.exit_code != 0
    assert "Not a backup" in result.output
