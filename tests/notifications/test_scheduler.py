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
    assert set(jobs) == {
        "reminder-sweep",
        "outbox-dispatch",
        "timeline",
        "retention",
        "calendar-replies",  # issue 15: answers to invitations (scheduling.replies)
    }
    assert jobs["reminder-sweep"].trigger.interval.total_seconds() == 60
    assert jobs["outbox-dispatch"].trigger.interval.total_seconds() == 30
    assert jobs["calendar-replies"].trigger.interval.total_seconds() == 60
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
            # Recorded while still holding it: after the block, the second thread may take
            # the lock and record before this thread runs again (a loaded machine).
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


def _terminate_lock_backend(app) -> int:
    """Kill the backend that holds the scheduler's advisory lock, as a database restart or a
    dropped connection would; return how many were terminated."""
    from sqlalchemy import text

    from lmb.extensions import db

    high, low = divmod(scheduler.ADVISORY_LOCK_KEY, 1 << 32)
    with db.engine.connect() as other:
        killed = other.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype ="
                " 'advisory' AND classid = :high AND objid = :low AND objsubid = 1 AND granted"
            ),
            {"high": high, "low": low},
        ).scalar()
        other.commit()
    return killed


@pytest.mark.postgres_only
def test_a_lost_lock_that_another_scheduler_took_stops_the_first(app):
    if not is_postgres(app):
        pytest.skip("PostgreSQL only")
    ran = []

    def job():
        ran.append("first")

    with app.app_context(), scheduler.single_instance(app) as first:
        guarded = scheduler._in_app_context(app, job, first)
        guarded()
        assert ran == ["first"] and first.held()
        assert _terminate_lock_backend(app) == 1
        second = scheduler.SchedulerLock(app, poll_seconds=0.05)
        assert second.try_acquire()  # the lock was free: a second scheduler starts
        try:
            # The first checks before its next job, finds the lock gone and taken: it runs
            # nothing more and leaves the jobs to the second.
            guarded()
            assert ran == ["first"]
            assert not first.held()
        finally:
            second.release()
        # Once the second lets go, the first takes the lock again and carries on.
        guarded()
        assert ran == ["first", "first"]


@pytest.mark.postgres_only
def test_a_lost_lock_is_taken_again_before_a_second_scheduler_can(app):
    if not is_postgres(app):
        pytest.skip("PostgreSQL only")
    with app.app_context(), scheduler.single_instance(app) as first:
        assert _terminate_lock_backend(app) == 1
        assert first.held()  # taken again at the check before the next job
        second = scheduler.SchedulerLock(app, poll_seconds=0.05)
        assert not second.try_acquire()
        assert first.held()


def test_the_scheduler_runs_no_job_while_its_lock_is_not_held(app):
    ran = []

    class Lost:
        def held(self):
            return False

    scheduler._in_app_context(app, lambda: ran.append(1), Lost())()
    assert ran == []
