"""The scheduler process (`lmb scheduler`, which dispatches the outbox at once when it starts)
is killed (SIGKILL) in the middle of a flush and started again: every message arrives, and at
worst the one in flight arrives twice, with the same Message-ID."""

import asyncio
import email
import email.policy
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from aiosmtpd.controller import Controller
from flask_migrate import upgrade
from sqlalchemy import select

from lmb import create_app
from lmb.extensions import db
from tests.conftest import ROOT, TEST_CONFIG, free_port, fresh_database

MESSAGES = 40
LEASE_SECONDS = 2


class SlowSink:
    """An SMTP server that takes a moment per message, so that a kill lands mid-flush."""

    def __init__(self):
        self.message_ids: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.05)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.message_ids.append(str(message["Message-ID"]))
        return "250 Message accepted for delivery"


def _flush_command(url: str, port: int) -> tuple[list[str], dict]:
    env = {
        **os.environ,
        "LMB_SQLALCHEMY_DATABASE_URI": url,
        "LMB_SECRET_KEY": "test-secret-key",
        "LMB_MAIL_SERVER": "127.0.0.1",
        "LMB_MAIL_PORT": str(port),
        "LMB_OUTBOX_CLAIM_LEASE_SECONDS": str(LEASE_SECONDS),
        "LMB_SCHEDULER": "off",
    }
    return [str(Path(sys.executable).parent / "lmb"), "scheduler"], env


def pending_outbox(url: str, count: int, prefix: str) -> set[str]:
    """A migrated database at `url` with `count` pending mails; their Message-IDs."""
    from lmb.notifications.models import OutboundMessage
    from lmb.notifications.outbox import Draft, enqueue_many
    from tests.builders import create_person

    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        person = create_person("ontvanger@example.org")
        enqueue_many(
            [
                Draft(
                    key=f"{prefix}:{n}",
                    kind="account/password_changed",
                    template="accounts/mail/account/password_changed",
                    recipient=person,
                    subject=f"Bericht {n}",
                )
                for n in range(count)
            ]
        )
        db.session.commit()  # the test calls services: they flush, the caller commits
        expected = set(db.session.scalars(select(OutboundMessage.message_id)))
        db.session.remove()
        db.engine.dispose()
    return expected


def test_a_killed_scheduler_sends_everything_once_or_at_most_its_last_group_twice(tmp_path):
    """The dispatcher marks mails sent a group at a time (dispatch.GROUP_SIZE): a kill resends
    at most that group's mails that went out, each once more. The kill lands on the second
    mail of a group, so that one mail of the group had gone out unmarked."""
    from lmb.notifications.dispatch import GROUP_SIZE
    from lmb.notifications.models import MessageStatus, OutboundMessage

    sink = SlowSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with fresh_database(tmp_path, os.environ.get("LMB_TEST_DATABASE_URL")) as url:
            expected = pending_outbox(url, MESSAGES, "crash-test")
            assert len(expected) == MESSAGES

            command, env = _flush_command(url, port)
            first = subprocess.Popen(
                command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            deadline = time.monotonic() + 30
            while len(sink.message_ids) < 3 * GROUP_SIZE + 2 and time.monotonic() < deadline:
                time.sleep(0.01)
            first.kill()
            first.wait(10)
            delivered_before_restart = len(sink.message_ids)
            assert 0 < delivered_before_restart < MESSAGES, "the kill did not land mid-flush"

            time.sleep(LEASE_SECONDS + 0.5)
            second = subprocess.Popen(
                command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            try:
                deadline = time.monotonic() + 60
                while set(sink.message_ids) != expected and time.monotonic() < deadline:
                    time.sleep(0.05)
                # A moment more: anything sent twice would arrive now.
                time.sleep(0.5)
            finally:
                second.terminate()
                second.wait(10)

            counts = Counter(sink.message_ids)
            assert set(counts) == expected, "a message never arrived"
            twice = [mid for mid, n in counts.items() if n > 1]
            assert len(twice) <= GROUP_SIZE and all(counts[mid] == 2 for mid in twice)
            app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
            with app.app_context():
                statuses = set(db.session.scalars(select(OutboundMessage.status)))
                assert statuses == {MessageStatus.sent}
                db.session.commit()  # the test calls services: they flush, the caller commits
                db.session.remove()
                db.engine.dispose()
    finally:
        controller.stop()
