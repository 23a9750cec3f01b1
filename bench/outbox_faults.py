"""Lost and duplicated mail under faults: a flush of N mails (3,000) against a local aiosmtpd
sink, with (a) the scheduler killed mid-flush and started again, five times, and (b) two
dispatchers at once and slow SMTP (a lease shorter than a batch), and (c) the scheduler
stopped with SIGTERM mid-flush (a deploy) with the default 5-minute lease.

    .venv/bin/python bench/outbox_faults.py [--messages 3000] [--database-url URL] [--code DIR]

Every dispatcher is a real process (`lmb scheduler`, `lmb outbox flush`) run with the code in
--code on its PYTHONPATH (default: this checkout), so the figures of the code before a change
come from the same script: `git archive <commit> | tar -x -C /tmp/before` and
`--code /tmp/before`. The sink counts Message-IDs: lost = written but never received,
duplicated = received more than once. Not part of the test suite; always exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import Counter
from pathlib import Path

import sqlalchemy as sa
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.MULTILINE | re.IGNORECASE)

PREPARE = textwrap.dedent(
    """
    import contextlib, io, sys
    from flask_migrate import upgrade
    from lmb import create_app
    from lmb.extensions import db
    from lmb.notifications.outbox import Draft, enqueue_many
    from lmb.accounts.services import create_verified_user
    from lmb.accounts.models import Role

    url, count = sys.argv[1], int(sys.argv[2])
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
                      "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 1024,
                      "BASE_URL": "http://127.0.0.1:5000"})
    with app.app_context():
        with contextlib.redirect_stderr(io.StringIO()):
            upgrade(directory=sys.argv[3])
        person, _ = create_verified_user(email="ontvanger@example.org", name="Ontvanger",
                                         role=Role.participant, organization_name="Stad X",
                                         password="correct horse battery")
        enqueue_many([Draft(key=f"faults:{n}", kind="account/password_changed",
                            recipient=person, subject=f"Bericht {n}") for n in range(count)])
        db.session.commit()
    """
)


class Sink:
    """Counts Message-IDs; waits `stall` seconds per message (slow SMTP)."""

    def __init__(self):
        self.stall = 0.0
        self.ids: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):
        if self.stall:
            await asyncio.sleep(self.stall)
        match = MESSAGE_ID.search(envelope.content)
        self.ids.append(match.group(1) if match else b"?")
        return "250 OK"


def scratch(base_url: str | None, tmp: Path, name: str) -> str:
    if not base_url:
        return f"sqlite:///{tmp / name}.sqlite3"
    engine = sa.create_engine(base_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name}"))
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return sa.engine.make_url(base_url).set(database=name).render_as_string(hide_password=False)


def drop(base_url: str | None, name: str) -> None:
    if base_url:
        engine = sa.create_engine(base_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        engine.dispose()


def prepare(code: Path, url: str, count: int) -> set[bytes]:
    subprocess.run(
        [sys.executable, "-c", PREPARE, url, str(count), str(code / "migrations")],
        env={**os.environ, "PYTHONPATH": str(code)},
        check=True,
        capture_output=True,
    )
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        ids = {
            row[0].encode()
            for row in connection.execute(sa.text("SELECT message_id FROM outbound_messages"))
        }
    engine.dispose()
    return ids


def environment(code: Path, url: str, port: int, tmp: Path, lease: int) -> dict:
    return {
        **os.environ,
        "PYTHONPATH": str(code),
        "LMB_SQLALCHEMY_DATABASE_URI": url,
        "LMB_SECRET_KEY": "bench",
        "LMB_BASE_URL": "http://127.0.0.1:5000",
        "LMB_MAIL_SERVER": "127.0.0.1",
        "LMB_MAIL_PORT": str(port),
        "LMB_SCHEDULER": "off",
        "LMB_OUTBOX_CLAIM_LEASE_SECONDS": str(lease),
        "LMB_SCHEDULER_LOCK_FILE": str(tmp / "scheduler.lock"),
        "LMB_SCHEDULER_LOCK_POLL_SECONDS": "0.2",
    }


def start(command: list[str], env: dict, code: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [str(BIN / "lmb"), *command],
        env=env,
        cwd=str(code),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_until(predicate, seconds: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds and not predicate():
        time.sleep(0.05)
    return time.monotonic() - started


def report(name: str, expected: set[bytes], sink: Sink, seconds: float) -> tuple[int, int]:
    counts = Counter(sink.ids)
    lost = len(expected - set(counts))
    duplicated = sum(n - 1 for mid, n in counts.items() if mid in expected and n > 1)
    print(
        f"{name}: written {len(expected)}, received {len(sink.ids)}, "
        f"lost {lost}, duplicated {duplicated}, all in after {seconds:.1f} s"
    )
    return lost, duplicated


def killed_scheduler(args, code, sink, port, tmp) -> tuple[int, int]:
    """`lmb scheduler` SIGKILLed five times mid-flush, each time started again at once."""
    name = f"lmb_faults_kill_{os.getpid()}"
    url = scratch(args.database_url, tmp, name)
    try:
        expected = prepare(code, url, args.messages)
        sink.ids.clear()
        sink.stall = 0.002
        env = environment(code, url, port, tmp, args.lease)
        started = time.monotonic()
        process = start(["scheduler"], env, code)
        step = args.messages // 6
        for kill in range(1, 6):
            wait_until(lambda k=kill: len(set(sink.ids)) >= k * step, 120)
            process.send_signal(signal.SIGKILL)
            process.wait(10)
            process = start(["scheduler"], env, code)
        # The scheduler dispatches at start and every 30 s; a killed claim waits for its lease.
        wait_until(lambda: expected <= set(sink.ids), args.lease + 75)
        seconds = time.monotonic() - started
        time.sleep(1)  # anything sent twice arrives now
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        return report("(a) scheduler killed 5x", expected, sink, seconds)
    finally:
        drop(args.database_url, name)


def stopped_scheduler(args, code, sink, port, tmp) -> tuple[int, int]:
    """`lmb scheduler` stopped with SIGTERM mid-flush (a deploy) and started again at once,
    with the default lease of 5 minutes: how much mail is held back 45 s later."""
    name = f"lmb_faults_term_{os.getpid()}"
    url = scratch(args.database_url, tmp, name)
    try:
        expected = prepare(code, url, args.messages)
        sink.ids.clear()
        sink.stall = 0.002
        env = environment(code, url, port, tmp, 300)
        started = time.monotonic()
        process = start(["scheduler"], env, code)
        wait_until(lambda: len(sink.ids) >= args.messages // 3, 120)
        process.send_signal(signal.SIGTERM)
        process.wait(60)
        process = start(["scheduler"], env, code)
        wait_until(lambda: expected <= set(sink.ids), 45)
        seconds = time.monotonic() - started
        time.sleep(1)
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        counts = Counter(sink.ids)
        held = len(expected - set(counts))
        duplicated = sum(n - 1 for mid, n in counts.items() if mid in expected and n > 1)
        print(
            f"(c) scheduler stopped (SIGTERM), lease 300 s: written {len(expected)}, "
            f"held back 45 s after the restart {held}, duplicated {duplicated} "
            f"({seconds:.1f} s in all)"
        )
        return held, duplicated
    finally:
        drop(args.database_url, name)


def two_dispatchers(args, code, sink, port, tmp) -> tuple[int, int]:
    """Two `lmb outbox flush` at once, slow SMTP (a batch of 200 outlives the lease)."""
    name = f"lmb_faults_two_{os.getpid()}"
    url = scratch(args.database_url, tmp, name)
    try:
        expected = prepare(code, url, args.messages)
        sink.ids.clear()
        sink.stall = args.stall
        env = environment(code, url, port, tmp, args.lease)
        started = time.monotonic()
        first = start(["outbox", "flush"], env, code)
        wait_until(lambda: len(sink.ids) >= 100, 60)
        second = start(["outbox", "flush"], env, code)
        for process in (first, second):
            process.wait(600)
        # What a dispatcher left claimed goes out at the next flush after the lease.
        if not expected <= set(sink.ids):
            time.sleep(args.lease + 0.5)
            start(["outbox", "flush"], env, code).wait(600)
        seconds = time.monotonic() - started
        return report("(b) two dispatchers, slow SMTP", expected, sink, seconds)
    finally:
        drop(args.database_url, name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--database-url", default=None, help="PostgreSQL base URL (else SQLite)")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout to run")
    parser.add_argument("--lease", type=int, default=3, help="claim lease in seconds (3)")
    parser.add_argument(
        "--stall", type=float, default=0.02, help="slow SMTP: seconds per message (0.02)"
    )
    parser.add_argument("--only", choices=("a", "b", "c"), default=None)
    args = parser.parse_args()
    sink = Sink()
    port = int(os.environ.get("BENCH_SMTP_PORT", "0")) or _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port, server_hostname="sink")
    controller.start()
    label = "PostgreSQL" if args.database_url else "SQLite"
    print(f"== {args.messages} mails, {label}, code {args.code}, lease {args.lease} s ==")
    try:
        with tempfile.TemporaryDirectory(prefix="lmb-faults-") as tmp:
            if args.only in (None, "a"):
                killed_scheduler(args, args.code, sink, port, Path(tmp))
            if args.only in (None, "b"):
                two_dispatchers(args, args.code, sink, port, Path(tmp))
            if args.only in (None, "c"):
                stopped_scheduler(args, args.code, sink, port, Path(tmp))
    finally:
        controller.stop()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


if __name__ == "__main__":
    try:
        main()
    except Exception:  # a measurement: report the failure, exit 0 all the same
        import traceback

        traceback.print_exc()
    sys.exit(0)
