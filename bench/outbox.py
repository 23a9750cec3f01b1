"""Benchmark of the notifications engine: outbox dispatch throughput and reminder sweep time.

    .venv/bin/python bench/outbox.py [--messages 10000] [--database-url URL] [--skip-100k]

Not part of the test suite: it measures and prints figures, and always exits 0.

1. Outbox throughput. N pending messages are written with `enqueue_many`; `flush()` runs
   until nothing is pending, against a local aiosmtpd sink. Then, against the same sink, a
   bare smtplib loop sends the same N messages (same headers and texts, read back from the
   outbox rows) over one connection. The EmailMessage is built inside the timed loop, since
   the dispatcher builds it too. Target: dispatcher / bare >= 0.7.
2. Reminder sweep. Fresh databases with 10 tracks, each with one session starting 20 hours
   after a fixed moment (so the P1D reminder is due) and confirmed registrations: 10,000,
   then 100,000 in all. `sweep(moment)` runs twice; the second must find nothing new.
   Targets: 10k under 2 s, time(100k) / time(10k) <= 12.

The sink runs in its own process by default, so that its Python work does not compete with
the sender for this process's GIL; `--sink thread` runs it in-process as the tests do.
`--no-prepare` (PostgreSQL) turns off psycopg's server-side prepared statements, and
`--profile` prints cProfile's top functions for each timed section (inflating the times).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import multiprocessing
import pstats
import smtplib
import socket
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import sqlalchemy as sa
from aiosmtpd.controller import Controller
from flask_migrate import upgrade

from lmb import create_app
from lmb.accounts.models import User
from lmb.core.database import scratch_database, unit_of_work
from lmb.extensions import db
from lmb.notifications.dispatch import flush
from lmb.notifications.mail import _transfer_encoding, sender_address
from lmb.notifications.models import MessageStatus, OutboundMessage
from lmb.notifications.outbox import Draft, enqueue_many
from lmb.notifications.sweep import sweep
from lmb.scheduling.models import Session
from lmb.tracks.models import (
    PhaseKey,
    Programme,
    Registration,
    RegistrationStatus,
    Track,
    TrackStatus,
)

ROOT = Path(__file__).resolve().parent.parent

# The sweep moment: a Tuesday morning, so the Monday weekly digest plays no part.
MOMENT = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
TRACKS = 10
OUTBOX_RECIPIENTS = 300
INSERT_CHUNK = 10_000
# One hash for every benchmark user: hashing 100k passwords would dominate the set-up.
PASSWORD_HASH = (
    "$argon2id$v=19$m=1024,t=1,p=1$YmVuY2hzYWx0YmVuY2g$2bFhR3c0lQb1lJXn3q0m0kq4m0cQ3bq3xw1gq8mQ0nU"
)

TARGET_RATIO = 0.7
TARGET_SWEEP_10K = 2.0
TARGET_SCALING = 12.0


# The SMTP sink: counts messages and does nothing else.


class CountingHandler:
    """An aiosmtpd handler that counts DATA commands; RCPT is aiosmtpd's default (accept)."""

    def __init__(self, counter):
        self.counter = counter

    async def handle_DATA(self, server, session, envelope):
        # One event-loop thread writes; readers only read, so no lock is needed.
        self.counter.value += 1
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_controller(counter, port: int) -> Controller:
    # A fixed server_hostname spares aiosmtpd a getfqdn() per connection.
    controller = Controller(
        CountingHandler(counter),
        hostname="127.0.0.1",
        port=port,
        server_hostname="sink.localhost",
    )
    controller.start()
    return controller


def _sink_process(port: int, counter, ready, stop) -> None:
    controller = _start_controller(counter, port)
    ready.set()
    stop.wait()
    controller.stop()


class Sink:
    """A counting SMTP server on 127.0.0.1, in a child process or in a thread of this one."""

    def __init__(self, mode: str):
        self.mode = mode
        self.port = _free_port()
        self._context = multiprocessing.get_context("spawn")

    def __enter__(self) -> Sink:
        if self.mode == "process":
            self.counter = self._context.RawValue("q", 0)
            ready, self._stop = self._context.Event(), self._context.Event()
            self._process = self._context.Process(
                target=_sink_process, args=(self.port, self.counter, ready, self._stop)
            )
            self._process.start()
            deadline = time.monotonic() + 30
            while not ready.wait(0.1):
                if not self._process.is_alive() or time.monotonic() > deadline:
                    raise RuntimeError("the SMTP sink did not start")
        else:

            class Counter:
                value = 0

            self.counter = Counter()
            self._controller = _start_controller(self.counter, self.port)
        return self

    def __exit__(self, *exc) -> None:
        if self.mode == "process":
            self._stop.set()
            self._process.join(10)
        else:
            self._controller.stop()

    @property
    def received(self) -> int:
        return self.counter.value


# Databases and the app


@contextlib.contextmanager
def fresh_database(tmp_dir: Path, base_url: str | None) -> Iterator[str]:
    """A new, empty database: a file under tmp_dir, or `lmb_bench_<random>` on PostgreSQL."""
    with scratch_database(tmp_dir, base_url, prefix="lmb_bench") as url:
        yield url


@contextlib.contextmanager
def bench_app(tmp_dir: Path, args, smtp_port: int):
    """The app on a fresh, migrated database, mailing to the sink; inside an app context."""
    engine_options = {"pool_pre_ping": True}
    if args.no_prepare and args.database_url:
        # psycopg prepares a statement server-side from its 5th execution, and PostgreSQL may
        # then cache a generic plan made while a table was still empty; this turns that off.
        engine_options["connect_args"] = {"prepare_threshold": None}
    with fresh_database(tmp_dir, args.database_url) as url:
        app = create_app(
            {
                "SECRET_KEY": "bench-secret-key",
                "BASE_URL": "http://127.0.0.1:5000",
                "SQLALCHEMY_DATABASE_URI": url,
                "SQLALCHEMY_ENGINE_OPTIONS": engine_options,
                "SCHEDULER": "off",
                "ARGON2_TIME_COST": 1,
                "ARGON2_MEMORY_COST": 1024,
                "MAIL_SERVER": "127.0.0.1",
                "MAIL_PORT": smtp_port,
                "UPLOAD_FOLDER": str(tmp_dir / "uploads"),
                "OUTBOX_SYNCHRONOUS_COMMIT": getattr(args, "synchronous_commit", "off") == "on",
            }
        )
        with app.app_context():
            # Alembic's logging config writes INFO lines to stderr; keep the output to figures.
            with contextlib.redirect_stderr(io.StringIO()):
                upgrade(directory=str(ROOT / "migrations"))
            try:
                yield app
            finally:
                db.session.remove()
                db.engine.dispose()


def insert_users(count: int, prefix: str) -> list[int]:
    """`count` verified participants through Core executemany; their ids in insertion order."""
    now = datetime.now(UTC)
    table = User.__table__
    for start in range(0, count, INSERT_CHUNK):
        db.session.execute(
            sa.insert(table),
            [
                {
                    "email": f"{prefix}{i}@bench.example",
                    "name": f"Deelnemer {i}",
                    # One in ten reads English, as a mixed audience would.
                    "locale": "en" if i % 10 == 0 else "nl",
                    "password_hash": PASSWORD_HASH,
                    "email_verified_at": now,
                    "active": True,
                }
                for i in range(start, min(start + INSERT_CHUNK, count))
            ],
        )
    db.session.commit()
    return list(
        db.session.scalars(
            sa.select(User.id).where(User.email.like(f"{prefix}%")).order_by(User.id)
        )
    )


# Profiling (optional): the figures of a profiled run are inflated.


@dataclass
class Profiler:
    enabled: bool
    reports: list[str] = field(default_factory=list)

    @contextlib.contextmanager
    def section(self, name: str):
        if not self.enabled:
            yield
            return
        profile = cProfile.Profile()
        profile.enable()
        try:
            yield
        finally:
            profile.disable()
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(30)
            self.reports.append(f"--- profile: {name} ---\n{out.getvalue()}")


# 1. Outbox throughput


@dataclass
class OutboxFigures:
    messages: int
    enqueue_seconds: float = 0.0
    flush_seconds: float = 0.0
    flush_sent: int = 0
    flush_other: str = ""
    sink_flush: int = 0
    rows_sent: int = 0
    bare_seconds: float = 0.0
    sink_bare: int = 0

    @property
    def flush_rate(self) -> float:
        return self.flush_sent / self.flush_seconds if self.flush_seconds else 0.0

    @property
    def bare_rate(self) -> float:
        return self.sink_bare / self.bare_seconds if self.bare_seconds else 0.0

    @property
    def ratio(self) -> float:
        return self.flush_rate / self.bare_rate if self.bare_rate else 0.0


def outbox_phase(args, tmp_dir: Path, sink: Sink, profiler: Profiler) -> OutboxFigures:
    figures = OutboxFigures(args.messages)
    with bench_app(tmp_dir, args, sink.port) as app:
        insert_users(OUTBOX_RECIPIENTS, "ontvanger")
        recipients = db.session.scalars(sa.select(User).order_by(User.id)).all()
        drafts = [
            Draft(
                key=f"bench:outbox:{i}",
                kind="account/password_changed",
                template="accounts/mail/account/password_changed",
                recipient=recipients[i % len(recipients)],
                subject="Test",
            )
            for i in range(args.messages)
        ]
        started = time.perf_counter()
        written = enqueue_many(drafts)
        db.session.commit()
        figures.enqueue_seconds = time.perf_counter() - started
        assert written == args.messages, written
        db.session.remove()

        # The dispatcher: flush() until nothing is pending, as the scheduler would call it.
        before = sink.received
        failed = retrying = dropped = 0
        started = time.perf_counter()
        with profiler.section("flush"):
            while True:
                result = flush()
                figures.flush_sent += result.sent
                failed += result.failed
                retrying += result.retrying
                dropped += result.dropped
                if result.pending == 0 or result.sent + result.dropped + result.failed == 0:
                    break
        figures.flush_seconds = time.perf_counter() - started
        figures.flush_other = f"failed {failed}, retrying {retrying}, dropped {dropped}"
        figures.sink_flush = sink.received - before
        db.session.remove()
        figures.rows_sent = db.session.scalar(
            sa.select(sa.func.count()).where(OutboundMessage.status == MessageStatus.sent)
        )

        # The same messages, read back from the outbox (outside the timed section).
        rows = db.session.execute(
            sa.select(
                OutboundMessage.subject,
                OutboundMessage.recipient_email,
                User.name,
                OutboundMessage.body_text,
                OutboundMessage.body_html,
                OutboundMessage.message_id,
                OutboundMessage.locale,
            )
            .outerjoin(User, User.id == OutboundMessage.recipient_user_id)
            .order_by(OutboundMessage.id)
        ).all()
        sender = sender_address(app.config["MAIL_DEFAULT_SENDER"])
        db.session.remove()

        # Bare smtplib: one connection; each message built in the loop with build_email's
        # headers and transfer encodings (text and HTML alternatives), as the dispatcher
        # builds its own.
        before = sink.received
        started = time.perf_counter()
        with profiler.section("bare smtplib"):
            smtp = smtplib.SMTP("127.0.0.1", sink.port, timeout=10)
            for subject, address, name, text, html, message_id, locale in rows:
                email = EmailMessage()
                email["Subject"] = subject
                email["From"] = sender
                email["To"] = Address(display_name=name or "", addr_spec=address)
                email["Date"] = format_datetime(datetime.now(UTC))
                email["Message-ID"] = message_id
                email["Auto-Submitted"] = "auto-generated"
                email["Content-Language"] = locale
                email.set_content(text, cte=_transfer_encoding(text))
                email.add_alternative(html, subtype="html", cte=_transfer_encoding(html))
                smtp.send_message(email, from_addr=sender.addr_spec, to_addrs=[address])
            smtp.quit()
        figures.bare_seconds = time.perf_counter() - started
        figures.sink_bare = sink.received - before

    print(f"\n== Outbox throughput ({args.messages} messages, {db_label(args)}) ==")
    print(f"enqueue_many + commit:  {figures.enqueue_seconds:8.2f} s")
    print(
        f"dispatcher flush():     {figures.flush_seconds:8.2f} s  "
        f"{figures.flush_rate:8.0f} msg/s  (sent {figures.flush_sent}; {figures.flush_other})"
    )
    print(f"  sink received {figures.sink_flush}, outbox rows sent {figures.rows_sent}")
    print(
        f"bare smtplib loop:      {figures.bare_seconds:8.2f} s  "
        f"{figures.bare_rate:8.0f} msg/s  (sink received {figures.sink_bare})"
    )
    print(f"dispatcher / bare:      {figures.ratio:8.2f}")
    return figures


# 2. Reminder sweep


@dataclass
class SweepFigures:
    registrations: int
    populate_seconds: float = 0.0
    first_seconds: float = 0.0
    first_count: int = 0
    second_seconds: float = 0.0
    second_count: int = 0


def populate_sweep(registrations: int) -> None:
    """TRACKS tracks, each with one session due for its P1D reminder at MOMENT and
    registrations / TRACKS confirmed participants (one distinct person per registration)."""
    programme = Programme(
        slug="bench", title="Benchmark", starts_on=date(2026, 1, 1), ends_on=date(2027, 12, 31)
    )
    tracks = []
    for number in range(1, TRACKS + 1):
        track = Track(
            programme=programme,
            number=number,
            slug=f"bench-{number}",
            title=f"Leertraject {number}",
            status=TrackStatus.running,
        )
        # The model, not tracks.services.create_session: no domain event, no invites.
        track.sessions.append(
            Session(
                phase=PhaseKey.labo,
                title=f"Labo {number}",
                starts_at=MOMENT + timedelta(hours=20),
                ends_at=MOMENT + timedelta(hours=23),
                location="VVSG, Bischoffsheimlaan 1-8, 1000 Brussel",
            )
        )
        tracks.append(track)
    db.session.add_all(tracks)
    db.session.commit()
    track_ids = [t.id for t in tracks]

    user_ids = insert_users(registrations, "deelnemer")
    per_track = registrations // TRACKS
    now = datetime.now(UTC)
    table = Registration.__table__
    rows = [
        {
            "track_id": track_ids[index // per_track],
            "user_id": user_id,
            "status": RegistrationStatus.confirmed,
            "confirmed_at": now,
        }
        for index, user_id in enumerate(user_ids[: per_track * TRACKS])
    ]
    for start in range(0, len(rows), INSERT_CHUNK):
        db.session.execute(sa.insert(table), rows[start : start + INSERT_CHUNK])
    db.session.commit()
    db.session.remove()


def sweep_phase(
    args, tmp_dir: Path, sink: Sink, registrations: int, profiler: Profiler
) -> SweepFigures:
    figures = SweepFigures(registrations)
    with bench_app(tmp_dir, args, sink.port):
        started = time.perf_counter()
        populate_sweep(registrations)
        figures.populate_seconds = time.perf_counter() - started

        # Each sweep in its own session and transaction, as each scheduler job is.
        started = time.perf_counter()
        with profiler.section(f"sweep {registrations} (first)"), unit_of_work():
            figures.first_count = sweep(MOMENT)
        figures.first_seconds = time.perf_counter() - started
        db.session.remove()

        started = time.perf_counter()
        with profiler.section(f"sweep {registrations} (second)"), unit_of_work():
            figures.second_count = sweep(MOMENT)
        figures.second_seconds = time.perf_counter() - started

    print(f"\n== Reminder sweep ({registrations} registrations, {db_label(args)}) ==")
    print(f"populate (Core executemany): {figures.populate_seconds:8.2f} s")
    print(
        f"first sweep:                 {figures.first_seconds:8.2f} s  wrote {figures.first_count}"
    )
    print(
        f"second sweep:                {figures.second_seconds:8.2f} s  wrote {figures.second_count}"
    )
    return figures


# Summary


def db_label(args) -> str:
    if not args.database_url:
        return "SQLite"
    label = "PostgreSQL " + sa.engine.make_url(args.database_url).render_as_string()
    label += f", synchronous_commit {args.synchronous_commit}"
    return label + (", no prepared statements" if args.no_prepare else "")


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def summary(
    args, outbox: OutboxFigures, small: SweepFigures | None, big: SweepFigures | None
) -> None:
    n = args.messages
    print(f"\n== Summary ({db_label(args)}, sink in a {args.sink}) ==")
    print(
        f"outbox: dispatcher {outbox.flush_rate:.0f} msg/s, bare smtplib {outbox.bare_rate:.0f}"
        f" msg/s, ratio {outbox.ratio:.2f} (target >= {TARGET_RATIO})"
        f"  {verdict(outbox.ratio >= TARGET_RATIO)}"
    )
    print(
        f"outbox: sink received {outbox.sink_flush} (flush) and {outbox.sink_bare} (bare),"
        f" expected {n} each"
        f"  {verdict(outbox.sink_flush == n and outbox.sink_bare == n and outbox.rows_sent == n)}"
    )
    if small is None:
        return
    print(
        f"sweep {small.registrations}: {small.first_seconds:.2f} s, wrote {small.first_count}"
        f" (target < {TARGET_SWEEP_10K} s)"
        f"  {verdict(small.first_seconds < TARGET_SWEEP_10K)}"
    )
    sweeps = [small] + ([big] if big else [])
    counts_ok = all(s.first_count == s.registrations and s.second_count == 0 for s in sweeps)
    print(
        "sweep counts: "
        + ", ".join(f"{s.first_count} then {s.second_count}" for s in sweeps)
        + f" (expected {' and '.join(str(s.registrations) for s in sweeps)}, then 0)"
        f"  {verdict(counts_ok)}"
    )
    second = "second sweeps (no target): " + ", ".join(
        f"{s.second_seconds:.2f} s ({s.registrations})" for s in sweeps
    )
    if big and small.second_seconds:
        second += f"; ratio {big.second_seconds / small.second_seconds:.1f}"
    print(second)
    if big:
        scaling = big.first_seconds / small.first_seconds
        print(
            f"sweep {big.registrations}: {big.first_seconds:.2f} s; ratio"
            f" {big.registrations // small.registrations}x data: {scaling:.1f}"
            f" (target <= {TARGET_SCALING})  {verdict(scaling <= TARGET_SCALING)}"
        )
    else:
        print("sweep 100k: skipped (--skip-100k)")
    if args.profile:
        print("(profiled run: the times above include cProfile's overhead)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000, help="outbox size (10000)")
    parser.add_argument(
        "--database-url",
        default=None,
        help="PostgreSQL server URL; a fresh lmb_bench_* database is created and dropped"
        " (default: a temporary SQLite file)",
    )
    parser.add_argument("--registrations", type=int, default=10_000, help="small sweep (10000)")
    parser.add_argument("--skip-100k", action="store_true", help="skip the 10x sweep")
    parser.add_argument(
        "--sink", choices=("process", "thread"), default="process", help="where the sink runs"
    )
    parser.add_argument(
        "--no-prepare",
        action="store_true",
        help="PostgreSQL: no server-side prepared statements (psycopg prepare_threshold=None)",
    )
    parser.add_argument(
        "--profile", action="store_true", help="print cProfile's top functions per timed section"
    )
    parser.add_argument(
        "--synchronous-commit",
        choices=("on", "off"),
        default="off",
        help="PostgreSQL: commit each result durably (on) or asynchronously (off, the default),"
        " to weigh LMB_OUTBOX_SYNCHRONOUS_COMMIT",
    )
    parser.add_argument(
        "--outbox-only", action="store_true", help="measure the outbox only, no sweeps"
    )
    args = parser.parse_args()

    profiler = Profiler(args.profile)
    with tempfile.TemporaryDirectory(prefix="lmb-bench-") as tmp, Sink(args.sink) as sink:
        tmp_dir = Path(tmp)
        outbox = outbox_phase(args, tmp_dir, sink, profiler)
        if args.outbox_only:
            small = big = None
        else:
            small = sweep_phase(args, tmp_dir, sink, args.registrations, profiler)
            big = (
                None
                if args.skip_100k
                else sweep_phase(args, tmp_dir, sink, args.registrations * 10, profiler)
            )
    for report in profiler.reports:
        print(report)
    summary(args, outbox, small, big)


if __name__ == "__main__":
    try:
        main()
    except Exception:  # a measurement: report the failure, exit 0 all the same
        import traceback

        traceback.print_exc()
    sys.exit(0)
