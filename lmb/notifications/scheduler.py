"""The scheduler: reminder sweep, outbox dispatch and the timeline, as APScheduler 3 jobs.

`LMB_SCHEDULER=inline` runs it inside the web process (development); production runs
`lmb scheduler`, which holds a lock (a PostgreSQL advisory lock, or a file lock with SQLite)
so that a second copy waits instead of working twice. Every job is idempotent.
"""

from __future__ import annotations

import fcntl
import logging
import os
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask
from sqlalchemy import text

from lmb.core.models import utcnow
from lmb.extensions import db

log = logging.getLogger(__name__)

# pg_advisory_lock key: "LMB" + "sched" as a number that no other application is likely to use.
ADVISORY_LOCK_KEY = 0x4C4D42_5343
JOB_DEFAULTS = {
    # A run missed while the process was busy or asleep is run once, not once per miss.
    "coalesce": True,
    "max_instances": 1,
    "misfire_grace_time": 30,
}


def sweep_reminders() -> int:
    from lmb.notifications.reminders import sweep

    return sweep(utcnow())


def dispatch_outbox():
    from lmb.notifications.services import flush

    return flush()


def advance_timeline():
    from lmb.peer_review.services import advance_rounds
    from lmb.tracks.services import advance_timeline as advance

    now = utcnow()
    return advance(now), advance_rounds(now)


def apply_retention():
    from lmb.accounts.privacy import purge

    return purge(utcnow())


JOBS = [
    ("reminder-sweep", sweep_reminders, 60),
    ("outbox-dispatch", dispatch_outbox, 30),
    ("timeline", advance_timeline, 60),
    ("retention", apply_retention, 3600),
]


def _in_app_context(app: Flask, job):
    def run():
        with app.app_context():
            try:
                job()
            except Exception:
                log.exception("scheduler job %s failed", job.__name__)
                db.session.rollback()
            finally:
                db.session.remove()

    run.__name__ = job.__name__
    return run


def configure(scheduler: BaseScheduler, app: Flask) -> BaseScheduler:
    for job_id, job, seconds in JOBS:
        scheduler.add_job(
            _in_app_context(app, job),
            "interval",
            seconds=seconds,
            id=job_id,
            name=job_id,
            replace_existing=True,
            # First run at start: a restarted scheduler catches up at once.
            next_run_time=datetime.now(UTC),
        )
    return scheduler


def start_inline(app: Flask) -> BackgroundScheduler | None:
    """Start the jobs in this web process, once: not in the reloader's watching parent."""
    if app.debug and os.environ.get("WERKZEUG_RUN_MAIN") != "true":
        return None
    scheduler = BackgroundScheduler(job_defaults=JOB_DEFAULTS, timezone="UTC")
    configure(scheduler, app).start()
    app.extensions["lmb_scheduler"] = scheduler
    return scheduler


@contextmanager
def single_instance(app: Flask, poll_seconds: float = 5.0):
    """Hold the scheduler lock for as long as the block runs; wait while another holds it."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as connection:
            while not connection.execute(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY}
            ).scalar():
                log.info("another scheduler holds the lock; waiting")
                time.sleep(poll_seconds)
            connection.commit()
            try:
                yield
            finally:
                connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_KEY}
                )
                connection.commit()
        return
    path = Path(app.instance_path) / "scheduler.lock"
    with open(path, "w") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                log.info("another scheduler holds %s; waiting", path)
                time.sleep(poll_seconds)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def run_forever(app: Flask) -> None:
    with single_instance(app):
        scheduler = BlockingScheduler(job_defaults=JOB_DEFAULTS, timezone="UTC")
        configure(scheduler, app)
        log.info("scheduler started: %s", ", ".join(job_id for job_id, _, _ in JOBS))
        scheduler.start()
