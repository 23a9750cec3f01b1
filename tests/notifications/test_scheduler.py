"""The scheduler's jobs, their settings, and the lock that keeps a second copy waiting."""

import threading
import time

import pytest
from apscheduler.schedulers.background import BackgroundScheduler

from lmb.notifications import scheduler
from tests.conftest import is_postgres


def test_the_jobs_run_with_explicit_misfire_and_coalescing(app):
    configured = scheduler.configure(
        BackgroundScheduler(job_defaults=scheduler.JOB_DEFAULTS, timezone="UTC"), app
    )
    configured.start(paused=True)  # defaults are applied when jobs reach the job store
    jobs = {job.id: job for job in configured.get_jobs()}
    configured.shutdown(wait=False)
    assert set(jobs) == {"reminder-sweep", "outbox-dispatch", "timeline", "retention"}
    assert jobs["reminder-sweep"].trigger.interval.total_seconds() == 60
    assert jobs["outbox-dispatch"].trigger.interval.total_seconds() == 30
    for job in jobs.values():
        assert job.coalesce is True
        assert job.max_instances == 1
        assert job.misfire_grace_time == 30


def test_a_job_runs_in_an_app_context_and_survives_errors(app, seeded):
    for _job_id, job, _seconds in scheduler.JOBS:
        scheduler._in_app_context(app, job)()  # no exception escapes, even without mail


def test_inline_mode_does_not_start_in_the_reloaders_watching_process(app, monkeypatch):
    monkeypatch.delenv("WERKZEUG_RUN_MAIN", raising=False)
    app.debug = True
    try:
        assert scheduler.start_inline(app) is None
    finally:
        app.debug = False


def test_a_second_scheduler_waits_for_the_lock(app):
    order = []
    held = threading.Event()
    release = threading.Event()

    def first():
        with app.app_context(), scheduler.single_instance(app, poll_seconds=0.05):
            order.append("first has the lock")
            held.set()
            release.wait(5)
        order.append("first let go")

    def second():
        held.wait(5)
        with app.app_context(), scheduler.single_instance(app, poll_seconds=0.05):
            order.append("second has the lock")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    held.wait(5)
    time.sleep(0.3)
    assert order == ["first has the lock"]
    release.set()
    for thread in threads:
        thread.join(5)
    assert order == ["first has the lock", "first let go", "second has the lock"]


@pytest.mark.postgres_only
def test_on_postgresql_the_lock_is_an_advisory_lock(app):
    if not is_postgres(app):
        pytest.skip("PostgreSQL only")
    from sqlalchemy import text

    from lmb.extensions import db

    with app.app_context(), scheduler.single_instance(app), db.engine.connect() as other:
        taken = other.execute(
            text("SELECT pg_try_advisory_lock(:k)"), {"k": scheduler.ADVISORY_LOCK_KEY}
        ).scalar()
        assert taken is False
