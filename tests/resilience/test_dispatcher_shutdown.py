"""A dispatcher told to stop (SIGTERM) hands its unsent claims back, so the next one sends them
at once instead of after the lease; the inline scheduler under `gunicorn -w 2` runs in one
worker only, and another takes over when that one dies (issue 20, points 4 and 5)."""

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from lmb import create_app
from lmb.extensions import db
from tests.conftest import ROOT, TEST_CONFIG, free_port, fresh_database
from tests.resilience.test_dispatcher_crash import SlowSink, pending_outbox

MESSAGES = 40
BIN = Path(sys.executable).parent


def _env(url: str, port: int, **extra) -> dict:
    return {
        **os.environ,
        "LMB_SQLALCHEMY_DATABASE_URI": url,
        "LMB_SECRET_KEY": "test-secret-key",
        "LMB_MAIL_SERVER": "127.0.0.1",
        "LMB_MAIL_PORT": str(port),
        "LMB_SCHEDULER": "off",
        **extra,
    }


@pytest.mark.parametrize("command", [["scheduler"], ["outbox", "flush"]])
def test_sigterm_hands_unsent_claims_back_and_the_next_dispatcher_sends_them_at_once(
    tmp_path, command
):
    sink = SlowSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with fresh_database(tmp_path) as url:
            expected = pending_outbox(url, MESSAGES, "stop-test")
            # A lease of ten minutes: without the hand-back nothing more would go out today.
            env = _env(url, port, LMB_OUTBOX_CLAIM_LEASE_SECONDS="600")
            first = subprocess.Popen(
                [str(BIN / "lmb"), *command],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            deadline = time.monotonic() + 30
            while len(sink.message_ids) < MESSAGES // 4 and time.monotonic() < deadline:
                time.sleep(0.01)
            first.send_signal(signal.SIGTERM)
            out, err = first.communicate(timeout=20)
            assert first.returncode == 0, err.decode()[-2000:]
            sent_by_first = len(sink.message_ids)
            assert 0 < sent_by_first < MESSAGES, "the signal did not land mid-batch"

            from lmb.notifications.models import MessageStatus, OutboundMessage

            app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
            with app.app_context():
                statuses = Counter(db.session.scalars(select(OutboundMessage.status)))
                assert MessageStatus.sending not in statuses
                assert statuses[MessageStatus.pending] == MESSAGES - sent_by_first
                db.session.commit()  # the test calls services: they flush, the caller commits
                db.session.remove()
                db.engine.dispose()

            started = time.monotonic()
            second = subprocess.run(
                [str(BIN / "lmb"), "outbox", "flush"],
                env=env,
                capture_output=True,
                timeout=60,
            )
            assert second.returncode == 0, second.stderr.decode()[-2000:]
            assert time.monotonic() - started < 30
            assert b"pending: 0" in second.stdout
            counts = Counter(sink.message_ids)
            assert set(counts) == expected
            assert [mid for mid, n in counts.items() if n > 1] == []
    finally:
        controller.stop()


GUNICORN_CONFIG = """
import logging
logging.basicConfig(level=logging.INFO, format="%(process)d %(name)s %(message)s")
"""
STARTED = re.compile(rb"scheduler started inline in process (\d+)")


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not (BIN / "gunicorn").exists(), reason="gunicorn is not installed")
def test_inline_scheduler_under_two_gunicorn_workers_runs_once_and_fails_over(tmp_path):
    sink = SlowSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    config = tmp_path / "gunicorn.conf.py"
    config.write_text(GUNICORN_CONFIG)
    log_path = tmp_path / "gunicorn.log"
    try:
        with fresh_database(tmp_path) as url:
            expected = pending_outbox(url, 10, "stop-test")
            env = _env(
                url,
                port,
                LMB_SCHEDULER="inline",
                LMB_SCHEDULER_LOCK_POLL_SECONDS="0.2",
                LMB_SCHEDULER_LOCK_FILE=str(tmp_path / "scheduler.lock"),
                PYTHONPATH=str(ROOT),
            )
            with open(log_path, "wb") as log:
                server = subprocess.Popen(
                    [
                        str(BIN / "gunicorn"),
                        "-c",
                        str(config),
                        "-w",
                        "2",
                        "-b",
                        f"127.0.0.1:{free_port()}",
                        "wsgi:app",
                    ],
                    cwd=str(ROOT),
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            try:

                def started() -> list[bytes]:
                    return STARTED.findall(log_path.read_bytes())

                assert _wait_for(lambda: started(), 30), log_path.read_text()[-3000:]
                assert _wait_for(lambda: set(sink.message_ids) == expected, 30)
                time.sleep(1.5)  # the other worker keeps waiting for the lock
                assert len(started()) == 1, log_path.read_text()[-3000:]
                assert sorted(Counter(sink.message_ids).values()) == [1] * 10
                # The two workers both said rate limits count per worker.
                assert log_path.read_bytes().count(b"count per worker") >= 2

                # The worker with the scheduler dies: another one takes the lock over.
                os.kill(int(started()[0]), signal.SIGKILL)
                assert _wait_for(lambda: len(started()) == 2, 30), log_path.read_text()[-3000:]
                assert started()[1] != started()[0]
            finally:
                server.terminate()
                server.wait(20)
    finally:
        controller.stop()
