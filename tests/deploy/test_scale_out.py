"""Scale-out as docs/deploying.md describes it: two app servers (separate gunicorn processes)
and two `lmb scheduler` processes on one PostgreSQL database, with a local SMTP sink.

Many people register at the same moment through both servers for a track with few places:
exactly the capacity is confirmed and the rest wait in line, one scheduler holds the lock
and runs the jobs (the other takes over when it stops), and every message of the outbox
reaches the sink exactly once."""

from __future__ import annotations

import email
import email.policy
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from flask_migrate import upgrade
from sqlalchemy import select

from lmb import create_app
from lmb.extensions import db
from tests.conftest import ROOT, TEST_CONFIG, free_port, fresh_database

pytestmark = pytest.mark.postgres_only

CAPACITY = 5
PEOPLE = 40
SESSIONS = 2
STARTED = "scheduler started"


def _postgres_url() -> str:
    url = os.environ.get("LMB_TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: two servers and two schedulers share one database")
    return url


class Sink:
    def __init__(self):
        self.message_ids: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.message_ids.append(str(message["Message-ID"]))
        return "250 Message accepted for delivery"


def _environment(url: str, smtp_port: int, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LMB_")}
    env.update(
        PYTHONPATH=os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        LMB_SQLALCHEMY_DATABASE_URI=url,
        LMB_SECRET_KEY="scale-out-secret-key",
        LMB_SCHEDULER="off",
        LMB_PAGE_CACHE_SECONDS="0",
        LMB_UPLOAD_FOLDER=str(tmp_path / "uploads"),
        LMB_MAIL_SERVER="127.0.0.1",
        LMB_MAIL_PORT=str(smtp_port),
        LMB_SCHEDULER_LOCK_POLL_SECONDS="0.3",
        LMB_WORKERS="1",  # no per-worker rate-limit warning in the logs
    )
    return env


def _start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    handle = log.open("wb")
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def _wait_until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def _answers(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=2) as response:  # noqa: S310
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def _register(base: str, slug: str, token: str) -> tuple[int, dict]:
    request = urllib.request.Request(  # noqa: S310 - 127.0.0.1
        f"{base}/api/v1/tracks/{slug}/registrations",
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        data=b"{}",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def _scene(app) -> tuple[str, list[str]]:
    """An open track with CAPACITY places and SESSIONS upcoming sessions, and PEOPLE people
    with an API token each; returns the slug and the tokens."""
    from lmb.accounts.services import create_api_token
    from lmb.core.models import utcnow
    from lmb.tracks.models import TrackStatus
    from tests.builders import create_person, create_session, create_track

    with app.app_context():
        now = utcnow()
        track = create_track(
            "schaal",
            "Schaal",
            status=TrackStatus.open,
            capacity=CAPACITY,
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=5),
        )
        for n in range(SESSIONS):
            create_session(track, now + timedelta(days=20 + n), title=f"Labo {n + 1}")
        tokens = []
        for n in range(PEOPLE):
            person = create_person(f"deelnemer{n}@example.org")
            tokens.append(create_api_token(person, "scale-out")[1])
        db.session.commit()
        slug = track.slug
        db.session.remove()
    return slug, tokens


def test_two_servers_and_two_schedulers_overbook_nothing_and_send_every_mail_once(tmp_path):
    from lmb.notifications.models import OutboundMessage
    from lmb.tracks.models import Registration, RegistrationStatus

    base_url = _postgres_url()
    sink = Sink()
    smtp_port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    processes: list[subprocess.Popen] = []
    try:
        with fresh_database(tmp_path, base_url) as url:
            app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
            with app.app_context():
                upgrade(directory=str(ROOT / "migrations"))
            slug, tokens = _scene(app)

            env = _environment(url, smtp_port, tmp_path)
            bin_dir = Path(sys.executable).parent
            servers = []
            for n in (1, 2):
                port = free_port()
                command = [str(bin_dir / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}"]
                command += ["--timeout", "60", "wsgi:app"]
                processes.append(_start(command, env, tmp_path / f"server{n}.log"))
                servers.append(f"http://127.0.0.1:{port}")
            scheduler_logs = [tmp_path / f"scheduler{n}.log" for n in (1, 2)]
            schedulers = [
                _start([str(bin_dir / "lmb"), "scheduler"], env, log) for log in scheduler_logs
            ]
            processes += schedulers

            def started() -> list[int]:
                return [n for n, log in enumerate(scheduler_logs) if STARTED in log.read_text()]

            _wait_until(lambda: all(_answers(base) for base in servers), 30, "both servers")
            _wait_until(lambda: started(), 30, "a scheduler to take the lock")

            # Everyone at once, every other person through the other server.
            with ThreadPoolExecutor(max_workers=16) as pool:
                answers = list(
                    pool.map(lambda n: _register(servers[n % 2], slug, tokens[n]), range(PEOPLE))
                )
            assert [status for status, _ in answers] == [201] * PEOPLE, answers
            statuses = Counter(body["status"] for _, body in answers)
            assert statuses == {"confirmed": CAPACITY, "waitlisted": PEOPLE - CAPACITY}

            with app.app_context():
                registrations = db.session.scalars(select(Registration)).all()
                confirmed = [r for r in registrations if r.status is RegistrationStatus.confirmed]
                waiting = [r for r in registrations if r.status is RegistrationStatus.waitlisted]
                assert len(confirmed) == CAPACITY
                assert sorted(r.waitlist_position for r in waiting) == list(
                    range(1, PEOPLE - CAPACITY + 1)
                )
                outbox = set(db.session.scalars(select(OutboundMessage.message_id)))
                db.session.remove()
            # Each confirmed person is invited to each session.
            assert len(outbox) >= CAPACITY * SESSIONS

            # One scheduler works, the other waits for the lock.
            holders = started()
            assert len(holders) == 1, [log.read_text() for log in scheduler_logs]
            # The holder stops (SIGTERM, as at a deploy); the other takes the lock over and,
            # as every scheduler does when it starts, dispatches the outbox at once.
            holder = schedulers[holders[0]]
            holder.send_signal(signal.SIGTERM)
            holder.wait(15)
            _wait_until(lambda: len(started()) == 2, 30, "the second scheduler to take over")
            _wait_until(lambda: set(sink.message_ids) >= outbox, 30, "every message")
            time.sleep(1)  # anything sent twice would arrive now

            counts = Counter(sink.message_ids)
            assert set(counts) == outbox
            assert [mid for mid, n in counts.items() if n > 1] == []
            with app.app_context():
                db.engine.dispose()
    finally:
        for process in processes:
            _stop(process)
        controller.stop()
