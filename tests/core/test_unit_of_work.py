"""One transaction per request, CLI command and scheduler job (issue 13, item 2): services add
and flush, the caller commits once or rolls back once, and a lock never commits the caller's
work. A guard keeps `commit()` out of the services."""

import ast
from pathlib import Path

import click
import pytest
from flask import abort
from flask.cli import with_appcontext
from sqlalchemy import func, select

from lmb import create_app
from lmb.accounts.models import Role, User
from lmb.accounts.services import create_verified_user
from lmb.cli import in_unit_of_work
from lmb.core.database import after_commit, after_rollback, unit_of_work
from lmb.core.errors import ServiceError
from lmb.extensions import db
from lmb.notifications import scheduler
from lmb.tracks import services as tracks
from lmb.tracks.models import Registration, Track
from lmb.tracks.services.registrations import has_place
from tests.builders import create_open_track
from tests.builders import create_person as create_committed_person
from tests.conftest import TEST_CONFIG

ROOT = Path(__file__).resolve().parents[2]


def create_person(email: str) -> User:
    """The accounts service alone (the test builders commit; this must not)."""
    user, _ = create_verified_user(
        email=email,
        name=email.split("@")[0].title(),
        role=Role.participant,
        organization_name="Stad Roeselare",
        password="correct horse battery",
    )
    return user


def _count(app, model) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(model))
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    return count


@pytest.fixture
def uow_app(app, database_url):
    """A second app on the suite's database, with routes that change rows and then end in
    each way a request can end."""
    second = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        track_id = create_open_track(capacity=5).id
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()

    def change_rows():
        # A service that writes (an account), then one that locks the track and registers.
        person = create_person("gast@example.org")
        tracks.register(person, db.session.get(Track, track_id))

    @second.post("/_uow/<ending>")
    def ending(ending):
        change_rows()
        if ending == "crash":
            raise RuntimeError("after the services changed rows")
        if ending == "refused":
            raise ServiceError("refused after the services changed rows")
        if ending == "abort":
            abort(403)
        if ending == "server-error":
            return "broken", 500
        return "ok", 200

    second.config["WTF_CSRF_ENABLED"] = False
    second.config["PROPAGATE_EXCEPTIONS"] = False
    return second


@pytest.mark.parametrize("ending", ["crash", "refused", "abort", "server-error"])
def test_a_request_that_fails_after_services_changed_rows_leaves_nothing(app, uow_app, ending):
    response = uow_app.test_client().post(f"/_uow/{ending}")
    assert response.status_code >= 400
    assert _count(app, User) == 0
    assert _count(app, Registration) == 0


def test_a_request_that_succeeds_commits_the_services_work_once(app, uow_app):
    assert uow_app.test_client().post("/_uow/ok").status_code == 200
    assert _count(app, User) == 1
    assert _count(app, Registration) == 1


def test_locking_the_track_does_not_commit_the_callers_work(app):
    with app.app_context():
        track = create_open_track(capacity=5)
        person = create_person("sofie@example.org")
        db.session.commit()
        person.name = "Nog niet bewaard"
        tracks.register(person, track)  # takes the track's lock
        with db.engine.connect() as other:
            # Another connection sees neither the registration nor the new name.
            assert other.scalar(select(func.count()).select_from(Registration)) == 0
            assert other.scalar(select(User.name).where(User.id == person.id)) == "Sofie"
        db.session.rollback()
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    assert _count(app, Registration) == 0


def test_a_cli_command_is_one_unit_of_work(app):
    @click.command()
    @with_appcontext
    @in_unit_of_work
    def failing():
        create_person("cli@example.org")
        raise click.ClickException("after the service changed rows")

    @click.command()
    @with_appcontext
    @in_unit_of_work
    def working():
        create_person("cli@example.org")

    runner = app.test_cli_runner()
    assert runner.invoke(failing).exit_code == 1
    assert _count(app, User) == 0
    assert runner.invoke(working).exit_code == 0
    assert _count(app, User) == 1


def test_a_scheduler_job_is_one_unit_of_work(app):
    def failing_job():
        create_person("job@example.org")
        raise RuntimeError("after the service changed rows")

    def working_job():
        create_person("job@example.org")

    scheduler._in_app_context(app, failing_job)()  # logged, not raised
    assert _count(app, User) == 0
    scheduler._in_app_context(app, working_job)()
    assert _count(app, User) == 1


def test_work_for_after_the_transaction_runs_only_on_its_outcome(app):
    done = []
    with app.app_context():
        with unit_of_work():
            after_commit(lambda: done.append("committed"))
            after_rollback(lambda: done.append("rolled back"))
            savepoint = db.session.begin_nested()
            create_person("a@example.org")
            savepoint.rollback()  # a savepoint's end decides nothing
        assert done == ["committed"]
        with pytest.raises(RuntimeError), unit_of_work():
            after_commit(lambda: done.append("committed again"))
            after_rollback(lambda: done.append("rolled back"))
            raise RuntimeError
        assert done == ["committed", "rolled back"]
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()


# The guard: only the unit of work and the outbox dispatcher commit.

ALLOWED_COMMITS = {
    # The request hook and the context manager for CLI commands and scheduler jobs.
    ("lmb/core/database.py", "unit_of_work"),
    ("lmb/core/database.py", "commit_request"),
    # The outbox dispatcher: claims and results on sessions and connections of its own.
    ("lmb/notifications/claims.py", "claim"),
    ("lmb/notifications/dispatch.py", "flush"),
}


def _commits(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "commit"
        ):
            # The innermost function around the call.
            around = [f for f in functions if f.lineno <= node.lineno <= (f.end_lineno or f.lineno)]
            name = max(around, key=lambda f: f.lineno).name if around else "<module>"
            yield name, node.lineno


def test_no_service_commits_and_no_commit_flags_remain():
    found, flags = [], []
    for path in sorted((ROOT / "lmb").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        for name, line in _commits(path):
            if (relative, name) not in ALLOWED_COMMITS:
                found.append(f"{relative}:{line} in {name}()")
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                arguments = node.args.args + node.args.kwonlyargs
                if any(a.arg == "commit" for a in arguments):
                    flags.append(f"{relative}:{node.lineno} {node.name}(commit=...)")
    assert found == [], "commit() outside the unit of work: services add and flush"
    assert flags == []


def test_on_both_databases_threads_that_read_first_then_register_never_overbook(app, database_url):
    """The lock no longer commits the caller's work first (it used to, to end SQLite's read
    snapshot). Each thread reads before it registers, as a request does, then commits once:
    no overbooking, no lost registration, no 'database is locked', on SQLite and PostgreSQL."""
    import threading

    with app.app_context():
        track_id = create_open_track(capacity=10).id
        person_ids = [create_committed_person(f"p{n}@example.org").id for n in range(40)]
        db.session.commit()
        db.session.remove()
    concurrent = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url})
    barrier = threading.Barrier(8)
    errors = []

    def register(ids):
        with concurrent.app_context():
            try:
                barrier.wait(30)
                for user_id in ids:
                    person = db.session.get(User, user_id)
                    track = db.session.get(Track, track_id)
                    has_place(track)  # a read before the lock, as a page would
                    tracks.register(person, track)
                    db.session.commit()  # the caller's one commit
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                errors.append(error)
                db.session.rollback()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=register, args=(person_ids[n::8],)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    with app.app_context():
        rows = db.session.scalars(select(Registration)).all()
        confirmed = [r for r in rows if r.status.name == "confirmed"]
        waiting = sorted(r.waitlist_position for r in rows if r.status.name == "waitlisted")
        assert len(rows) == 40 and len(confirmed) == 10
        assert waiting == list(range(1, 31))
        db.session.remove()
    with concurrent.app_context():
        db.engine.dispose()
