"""The scheduler: reminder sweep, outbox dispatch and the timeline, as APScheduler 3 jobs.

Production runs `lmb scheduler`, which holds a lock (a PostgreSQL advisory lock, or a file
lock with SQLite) so that a second copy waits instead of working twice; the lock is checked
before every job. `LMB_SCHEDULER=inline` runs it inside the web process (development, and
`make run`) and takes the same lock, so `gunicorn -w N` still runs the jobs once. Every job
is idempotent, and the outbox dispatcher sends a message only while it holds its claim.
"""

from __future__ import annotations

import fcntl
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from lmb.core.contributions import Registry
from lmb.core.database import unit_of_work
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
    from lmb.notifications.sweep import sweep

    return sweep(utcnow())


def dispatch_outbox():
    from lmb.notifications.dispatch import flush

    return flush()


# What moves on with time in the domains (track phases, review rounds): each adds its step,
# a function of `now`, with `timeline_steps.add(...)` in its own setup.
timeline_steps: Registry[Callable[[datetime], object]] = Registry("timeline steps")


def advance_timeline():
    now = utcnow()
    return tuple(step(now) for step in timeline_steps)


# (id, job, seconds between runs); a domain adds its own job with `JOBS.add(..., key=id)`
# (the retention of personal data: lmb.accounts).
JOBS: Registry[tuple[str, Callable[[], object], int]] = Registry("scheduler jobs")
for _job in (
    ("reminder-sweep", sweep_reminders, 60),
    ("outbox-dispatch", dispatch_outbox, 30),
    ("timeline", advance_timeline, 60),
):
    JOBS.add(_job, key=_job[0])


class SchedulerLock:
    """The one-scheduler lock: a PostgreSQL advisory lock held by a connection of its own, or
    a file lock in the instance folder with SQLite.

    An advisory lock lives as long as its connection: a database restart, a dropped
    connection or pg_terminate_backend ends it without a word. `held()` therefore checks it
    (in pg_locks, for this connection's backend) before every job; when it is gone it is taken
    again if it is free, and when another scheduler took it meanwhile this one runs nothing
    more and waits, as a second copy does.
    """

    def __init__(self, app: Flask, poll_seconds: float = 5.0):
        self.app = app
        self.poll_seconds = poll_seconds
        # Known from the URL, so that the lock can be made outside an app context.
        self.postgres = str(app.config["SQLALCHEMY_DATABASE_URI"]).startswith("postgresql")
        self.connection = None
        self.handle = None
        self.path = Path(
            app.config.get("SCHEDULER_LOCK_FILE") or Path(app.instance_path) / "scheduler.lock"
        )
        self._mutex = threading.Lock()

    # Lock keys in pg_locks: the bigint key's high and low 32 bits, objsubid 1.
    HELD = text(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
        " AND pid = pg_backend_pid() AND classid = :high AND objid = :low AND objsubid = 1"
    )

    def try_acquire(self) -> bool:
        with self._mutex:
            return self._try_acquire()

    def _try_acquire(self) -> bool:
        if self.postgres:
            self._drop_connection()
            connection = db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            if connection.execute(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY}
            ).scalar():
                self.connection = connection
                return True
            connection.close()
            return False
        if self.handle is None:
            self.handle = open(self.path, "w")  # noqa: SIM115 (held until release)
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def acquire(self, stop: threading.Event | None = None) -> bool:
        """Wait until the lock is ours (True), or until `stop` is set (False)."""
        while not self.try_acquire():
            log.info("another scheduler holds the lock; waiting")
            if stop is not None:
                if stop.wait(self.poll_seconds):
                    return False
            else:
                time.sleep(self.poll_seconds)
        return True

    def held(self) -> bool:
        """Whether this process still holds the lock; a lost lock is taken again if free."""
        if not self.postgres:
            return self.handle is not None
        with self._mutex:
            if self.connection is not None:
                try:
                    high, low = divmod(ADVISORY_LOCK_KEY, 1 << 32)
                    if self.connection.execute(self.HELD, {"high": high, "low": low}).scalar():
                        return True
                except DBAPIError:
                    log.warning("the scheduler lock's connection is gone")
            if self._try_acquire():
                log.warning("the scheduler lock was lost and has been taken again")
                return True
            log.error("the scheduler lock was lost and another scheduler holds it: not running")
            return False

    def _drop_connection(self) -> None:
        if self.connection is not None:
            try:
                self.connection.invalidate()
                self.connection.close()
            except DBAPIError:
                pass
            self.connection = None

    def release(self) -> None:
        with self._mutex:
            if self.postgres:
                if self.connection is not None:
                    try:
                        self.connection.execute(
                            text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_KEY}
                        )
                        self.connection.close()
                    except DBAPIError:
                        self._drop_connection()
                    self.connection = None
            elif self.handle is not None:
                fcntl.flock(self.handle, fcntl.LOCK_UN)
                self.handle.close()
                self.handle = None


def _in_app_context(app: Flask, job, lock: SchedulerLock | None = None):
    def run():
        with app.app_context():
            try:
                if lock is not None and not lock.held():
                    log.warning("scheduler lock not held: %s skipped", job.__name__)
                    return
                # One transaction per job: committed when it returns, rolled back when it
                # raises. (The outbox dispatcher keeps its own connections and commits.)
                with unit_of_work():
                    job()
            except Exception:
                log.exception("scheduler job %s failed", job.__name__)
            finally:
                db.session.remove()

    run.__name__ = job.__name__
    return run


def configure(
    scheduler: BaseScheduler, app: Flask, lock: SchedulerLock | None = None
) -> BaseScheduler:
    for job_id, job, seconds in JOBS:
        scheduler.add_job(
            _in_app_context(app, job, lock),
            "interval",
            seconds=seconds,
            id=job_id,
            name=job_id,
            replace_existing=True,
            # First run at start: a restarted scheduler catches up at once.
            next_run_time=datetime.now(UTC),
        )
    return scheduler


def _poll_seconds(app: Flask, default: float = 5.0) -> float:
    return float(app.config.get("SCHEDULER_LOCK_POLL_SECONDS") or default)


def start_inline(app: Flask) -> threading.Thread | None:
    """Run the jobs in this web process, once per site: the process takes the same lock as
    `lmb scheduler` first (in a thread, so the web process starts at once). Under
    `gunicorn -w N` one worker runs the jobs and the others wait for the lock, taking over
    when that worker ends. Not in the reloader's watching parent."""
    if app.debug and os.environ.get("WERKZEUG_RUN_MAIN") != "true":
        return None
    stop = threading.Event()
    lock = SchedulerLock(app, _poll_seconds(app))

    def wait_then_run():
        with app.app_context():
            if not lock.acquire(stop):
                return
            scheduler = BackgroundScheduler(job_defaults=JOB_DEFAULTS, timezone="UTC")
            configure(scheduler, app, lock).start()
            app.extensions["lmb_scheduler"] = scheduler
            log.info("scheduler started inline in process %s", os.getpid())

    thread = threading.Thread(target=wait_then_run, name="lmb-scheduler-lock", daemon=True)
    app.extensions["lmb_scheduler_stop"] = stop
    thread.start()
    return thread


@contextmanager
def single_instance(app: Flask, poll_seconds: float = 5.0):
    """Hold the scheduler lock for as long as the block runs; wait while another holds it."""
    lock = SchedulerLock(app, poll_seconds)
    lock.acquire()
    try:
        yield lock
    finally:
        lock.release()


def run_forever(app: Flask) -> None:
    """`lmb scheduler`: wait for the lock, run the jobs; on SIGTERM or SIGINT finish the
    message in flight, hand the rest of the outbox claim back and let go of the lock."""
    from lmb.notifications.dispatch import STOP

    with single_instance(app, _poll_seconds(app)) as lock:
        scheduler = BlockingScheduler(job_defaults=JOB_DEFAULTS, timezone="UTC")
        configure(scheduler, app, lock)

        def stop(signum, _frame):
            log.info("signal %s: stopping; unsent claims go back to the outbox", signum)
            STOP.set()
            if scheduler.running:
                scheduler.shutdown(wait=True)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        log.info("scheduler started: %s", ", ".join(job_id for job_id, _, _ in JOBS))
        scheduler.start()
