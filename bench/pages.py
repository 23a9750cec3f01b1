"""Benchmark of the public pages under gunicorn, against a bare Flask route served the same way.

    .venv/bin/python bench/pages.py [--database-url URL] [--seconds 10] [--connections 8]

Not part of the test suite: it measures, prints a table and always exits 0.

1. A fresh database (a temporary SQLite file, or `lmb_bench_<random>` created on the
   PostgreSQL server of --database-url and dropped at the end), migrated and seeded: the real
   programmes and seven tracks (`seed_programmes`), 300 confirmed registrations per track
   (Core executemany), and sessions spread over the tracks so that one person, confirmed in all
   seven, has a personal feed of 400 sessions: 15 in the first track (whose page is measured),
   the rest spread over the other six.
2. Two gunicorn servers with the same settings (`-w 2`, sync workers, 127.0.0.1): `wsgi:app`
   on that database (LMB_SQLALCHEMY_DATABASE_URI, LMB_SECRET_KEY), and a Flask app with one
   route returning a constant string, written to the temporary directory.
3. Load from a separate process: wrk when installed, else a pure-Python generator (processes
   of threads on keep-alive http.client connections). For each URL a short warm-up, then a
   fixed duration at a fixed concurrency: requests/s, p50 and p99 latency for /tracks/, one
   track's page, the personal feed, the same track page and /agenda ("Mijn agenda") for the
   feed's person logged in (a session cookie of a server-side session, made in this process
   as the login form makes one; every request sends it with the same User-Agent, so the
   session stays unchanged), and the bare route. Each page's throughput is compared with the
   bare route's; target >= 0.35 for the public pages, >= 0.15 for the logged-in ones.

Besides req/s and latency, the table shows per request: SQL statements (counted in this
process through the test client, as tests/tracks/test_query_counts.py does), the gunicorn
workers' CPU time and the PostgreSQL backends' CPU time (from /proc: figures that other load
on the machine barely changes), and the share of the machine's CPU that other processes took
during each measurement, so that a noisy run shows as one.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import io
import math
import multiprocessing
import os
import platform
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask_migrate import upgrade

from lmb import create_app
from lmb.accounts.models import Organization, User
from lmb.accounts.services import calendar_token
from lmb.core.database import scratch_database
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.scheduling.models import Session, SessionStatus
from lmb.toolkits.models import Lesson, LessonSdg, LessonStatus, LessonTag
from lmb.tracks.models import PhaseKey, Registration, RegistrationStatus, Track
from lmb.tracks.seed import seed_programmes

ROOT = Path(__file__).resolve().parent.parent
REGISTRATIONS_PER_TRACK = 300
FEED_SESSIONS = 400
# Sessions of the first track, the one whose page is measured.
TRACK_PAGE_SESSIONS = 15
# The full personal feed, built (no page cache, no conditional request), in this process.
FULL_FEED_GOAL_MS = 50
# Approved lessons of the first track (its page lists ten of them), each a page of Markdown.
TRACK_LESSONS = 40
LESSON_BODY = (
    "## Wat we deden\n\nWe brachten de aankoopdienst, de milieudienst en twee leveranciers"
    " rond de tafel en legden de bestekken van drie jaar naast elkaar.\n\n"
) * 12
# The User-Agent of the logged-in requests: Flask-Login's session protection hashes it with
# the client's address into the session, so the cookie must be made for it.
USER_AGENT = "lmb-bench"
# Anonymous pages from the page cache and a feed's 304 from its version stamp.
TARGET_RATIO = 0.5
# The pages a logged-in person sees are rendered for them on every request (no page cache).
LOGGED_IN_TARGET_RATIO = 0.15
NOISY_PERCENT = 10
# One hash for every benchmark user: nobody logs in, and hashing would dominate the set-up.
PASSWORD_HASH = (
    "$argon2id$v=19$m=1024,t=1,p=1$YmVuY2hzYWx0YmVuY2g$2bFhR3c0lQb1lJXn3q0m0kq4m0cQ3bq3xw1gq8mQ0nU"
)
BARE_APP = '''\
"""A bare Flask app: one route, a constant string (the benchmark's baseline)."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    return "LMB Leertrajecten"
'''


# Databases


@contextlib.contextmanager
def fresh_database(tmp_dir: Path, base_url: str | None) -> Iterator[str]:
    """A new, empty database: a file under tmp_dir, or `lmb_bench_<random>` on PostgreSQL."""
    with scratch_database(tmp_dir, base_url, prefix="lmb_bench") as url:
        if base_url:
            print(f"created database {sa.engine.make_url(url).database}")
        yield url
        if base_url:
            print(f"dropped database {sa.engine.make_url(url).database}")


def db_label(args) -> str:
    if not args.database_url:
        return "SQLite"
    return "PostgreSQL " + sa.engine.make_url(args.database_url).render_as_string()


# Seeding


@dataclass
class Scene:
    track_slug: str
    track_sessions: int
    feed_token: str
    person_id: int
    tracks: int
    registrations: int
    sessions: int


def spread(total: int, parts: int) -> list[int]:
    """`total` in `parts` near-equal parts, the larger first: 100 in 7 is 15, 15, 14, ..."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def insert_users(count: int, prefix: str) -> list[int]:
    now = datetime.now(UTC)
    db.session.execute(
        sa.insert(User.__table__),
        [
            {
                "email": f"{prefix}{i}@bench.example",
                "name": f"Deelnemer {prefix}{i}",
                "locale": "en" if i % 10 == 0 else "nl",
                "password_hash": PASSWORD_HASH,
                "email_verified_at": now,
                "active": True,
            }
            for i in range(count)
        ],
    )
    return list(
        db.session.scalars(
            sa.select(User.id).where(User.email.like(f"{prefix}%@bench.example")).order_by(User.id)
        )
    )


def seed(registrations_per_track: int, feed_sessions: int) -> Scene:
    """The real seed, then sessions and confirmed people in every track (inside an app context)."""
    now = utcnow().replace(microsecond=0)
    seed_programmes(now)
    tracks = db.session.scalars(sa.select(Track).order_by(Track.number)).all()

    person_id = insert_users(1, "agenda")[0]
    sessions, registrations = [], []
    counts = [TRACK_PAGE_SESSIONS, *spread(feed_sessions - TRACK_PAGE_SESSIONS, len(tracks) - 1)]
    for track, count in zip(tracks, counts, strict=True):
        for n in range(count):
            starts_at = now + timedelta(days=7 * n + track.number, hours=1)
            sessions.append(
                {
                    "track_id": track.id,
                    "phase": list(PhaseKey)[n % 3],
                    "title": f"Bijeenkomst {n + 1}",
                    "agenda": "Verwelkoming, ervaringen uit de gemeenten, werk in groepen.",
                    "starts_at": starts_at,
                    "ends_at": starts_at + timedelta(hours=3),
                    "location": "VVSG, Bischoffsheimlaan 1-8, 1000 Brussel",
                    "status": SessionStatus.scheduled,
                    "uid": f"{uuid.uuid4()}@lmb-leertrajecten",
                }
            )
        people = [person_id, *insert_users(registrations_per_track - 1, f"t{track.number}-")]
        registrations += [
            {
                "track_id": track.id,
                "user_id": user_id,
                "status": RegistrationStatus.confirmed,
                "confirmed_at": now,
            }
            for user_id in people
        ]
    db.session.execute(sa.insert(Session.__table__), sessions)
    db.session.execute(sa.insert(Registration.__table__), registrations)
    insert_lessons(tracks[0], TRACK_LESSONS, now)
    db.session.commit()

    person = db.session.get(User, person_id)
    token = calendar_token(person)
    db.session.commit()  # services flush; their caller commits
    first = tracks[0]
    scene = Scene(
        track_slug=first.slug,
        track_sessions=len(first.sessions),
        feed_token=token,
        person_id=person_id,
        tracks=len(tracks),
        registrations=db.session.scalar(sa.select(sa.func.count()).select_from(Registration)),
        sessions=db.session.scalar(sa.select(sa.func.count()).select_from(Session)),
    )
    db.session.remove()
    return scene


def insert_lessons(track: Track, count: int, now: datetime) -> None:
    """`count` approved lessons of the track, from the organizations of its partners, each with
    two SDGs and a tag."""
    organizations = db.session.scalars(sa.select(Organization.id).order_by(Organization.id)).all()
    rows = [
        {
            "track_id": track.id,
            "phase": list(PhaseKey)[n % 3],
            "organization_id": organizations[n % len(organizations)] if organizations else None,
            "year": now.year,
            "title": f"Les {n + 1}: samen aankopen loont",
            "body": LESSON_BODY,
            "status": LessonStatus.approved,
            "submitted_at": now,
            "approved_at": now,
            "created_at": now,
            "updated_at": now,
        }
        for n in range(count)
    ]
    db.session.execute(sa.insert(Lesson.__table__), rows)
    ids = db.session.scalars(sa.select(Lesson.id).where(Lesson.track_id == track.id)).all()
    db.session.execute(
        sa.insert(LessonSdg.__table__),
        [{"lesson_id": i, "number": n} for i in ids for n in (12, 17)],
    )
    db.session.execute(
        sa.insert(LessonTag.__table__), [{"lesson_id": i, "tag": "aankoopbeleid"} for i in ids]
    )


def logged_in_client(app, user_id: int, warm_up: str):
    """A test client logged in as the person through a new server-side session (as the login
    form starts one), with the User-Agent and address of the benchmark's requests, after one
    GET of `warm_up` (which adds the CSRF token to the session): (client, its session cookie's
    value). The cookie then stays the same from request to request."""
    from flask_login.utils import _create_identifier

    from lmb.accounts.services import start_session

    with app.app_context():
        user = db.session.get(User, user_id)
        start_session(user)
        db.session.commit()  # services flush; their caller commits
        identity = user.get_id()
        db.session.remove()
    environ = {"REMOTE_ADDR": "127.0.0.1", "HTTP_USER_AGENT": USER_AGENT}
    with app.test_request_context(environ_base=environ):
        identifier = _create_identifier()
    client = app.test_client()
    client.environ_base.update(environ)
    with client.session_transaction() as session:
        session.update({"_user_id": identity, "_fresh": True, "_id": identifier})
    assert client.get(warm_up).status_code == 200, warm_up
    cookie = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    return client, cookie.value


def statements_per_request(app, paths: list[str], client=None) -> dict[str, int]:
    """SQL statements of one GET of each path, in this process (after one warm-up GET)."""
    client = client or app.test_client()
    counts = {}
    with app.app_context():
        engine = db.engine
    for path in paths:
        assert client.get(path).status_code == 200, path
        sent = []

        def record(conn, cursor, statement, parameters, context, executemany, sent=sent):
            sent.append(statement)

        sa.event.listen(engine, "before_cursor_execute", record)
        try:
            client.get(path)
        finally:
            sa.event.remove(engine, "before_cursor_execute", record)
        counts[path] = len(sent)
    return counts


def statements_of_304(app, path: str) -> int:
    """SQL statements of a conditional GET of the feed that the version stamp answers 304 (the
    page cache off, so it does not answer instead)."""
    cache = app.config["PAGE_CACHE_SECONDS"]
    app.config["PAGE_CACHE_SECONDS"] = 0
    try:
        client = app.test_client()
        with app.app_context():
            engine = db.engine
        headers = {"If-None-Match": client.get(path).headers["ETag"]}
        sent = []

        def record(conn, cursor, statement, *rest):
            sent.append(statement)

        sa.event.listen(engine, "before_cursor_execute", record)
        try:
            assert client.get(path, headers=headers).status_code == 304, path
        finally:
            sa.event.remove(engine, "before_cursor_execute", record)
        return len(sent)
    finally:
        app.config["PAGE_CACHE_SECONDS"] = cache


def entity_tag(url: str) -> str:
    """The ETag a plain GET of the URL answers with (what a feed reader then sends back)."""
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
        return response.headers["ETag"]


def full_feed_ms(app, path: str, requests: int = 30) -> dict[str, float]:
    """Median ms of building the feed in this process, the page cache off and no conditional
    request: plain and gzipped."""
    cache = app.config["PAGE_CACHE_SECONDS"]
    app.config["PAGE_CACHE_SECONDS"] = 0
    client = app.test_client()
    medians = {}
    try:
        for name, headers in (("plain", {}), ("gzip", {"Accept-Encoding": "gzip"})):
            times = []
            for n in range(requests + 3):
                started = time.perf_counter()
                response = client.get(path, headers=headers)
                if n >= 3:  # after a warm-up
                    times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, path
            medians[name] = sorted(times)[len(times) // 2]
        medians["events"] = client.get(path).data.count(b"BEGIN:VEVENT")
    finally:
        app.config["PAGE_CACHE_SECONDS"] = cache
    return medians


# Servers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn_command() -> str:
    beside = Path(sys.executable).parent / "gunicorn"
    found = str(beside) if beside.exists() else shutil.which("gunicorn")
    if not found:
        raise RuntimeError("gunicorn is not installed")
    return found


def _get(url: str, timeout: float = 10, headers: dict | None = None) -> tuple[int, bytes]:
    try:
        request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@contextlib.contextmanager
def gunicorn(
    name: str, spec: str, *, cwd: Path, env: dict, workers: int, log: Path, probe: str
) -> Iterator[Server]:
    """`gunicorn -w N -b 127.0.0.1:PORT spec` until the block ends."""
    port = free_port()
    command = [gunicorn_command(), "-w", str(workers), "-b", f"127.0.0.1:{port}"]
    command += ["--log-level", "warning", spec]
    with open(log, "wb") as out:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{name}: gunicorn exited ({process.returncode}):\n{tail(log)}")
            try:
                status, _body = _get(base + probe, timeout=5)
            except OSError:
                status = None
            if status == 200:
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name}: no 200 from {probe} (got {status}):\n{tail(log)}")
            time.sleep(0.2)
        print(f"{name}: gunicorn pid {process.pid} on {base} ({' '.join(command[1:])})")
        yield Server(base, process.pid)
    finally:
        stop(process)


@dataclass
class Server:
    base: str
    pid: int

    def cpu_seconds(self, database: str | None) -> tuple[float, float]:
        """CPU time (user + system) of the master's live children, the workers, and of the
        PostgreSQL backends of `database` (their titles name it); from Linux's /proc."""
        tick = os.sysconf("SC_CLK_TCK")
        workers = backends = 0.0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                cpu = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
                if int(fields[1]) == self.pid:  # ppid
                    workers += cpu
                elif database and database in (entry / "cmdline").read_text(errors="replace"):
                    backends += cpu
            except (OSError, IndexError, ValueError):
                continue
        return workers, backends


def own_cpu_seconds() -> float:
    """CPU time of this process and its reaped children (the load generator)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def machine_busy_seconds() -> float:
    """CPU time the whole machine spent busy (all CPUs), from /proc/stat; NaN elsewhere."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except (OSError, ValueError):
        return math.nan
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the gunicorn master (it stops its workers); SIGKILL to its group if it hangs."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# Load generation


@dataclass
class Load:
    requests: int
    seconds: float
    rate: float
    p50_ms: float
    p99_ms: float
    errors: int
    note: str = ""


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", value).groups()
    return float(number) * UNITS_MS[unit]


def run_wrk(
    url: str, seconds: float, connections: int, threads: int, headers: dict | None = None
) -> Load:
    command = ["wrk", f"-t{min(threads, connections)}", f"-c{connections}"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command += [f"-d{max(1, round(seconds))}s", "--timeout", "30s", "--latency", url]
    output = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, check=True
    ).stdout
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", output, re.MULTILINE))
    requests, duration = re.search(r"(\d+) requests in ([\d.]+\w+),", output).groups()
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return Load(
        requests=int(requests),
        seconds=_ms(duration) / 1000,
        rate=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=_ms(percentiles["50"]),
        p99_ms=_ms(percentiles["99"]),
        errors=errors,
    )


def _python_load_process(
    url: str, threads: int, seconds: float, results, barrier, headers: dict, expect: int
) -> None:
    """One process of the pure-Python generator: `threads` keep-alive connections."""
    import threading

    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    barrier.wait(120)  # every process starts its clock together
    started = time.perf_counter()
    stop_at = started + seconds
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client() -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        mine, failed = [], 0
        while True:
            begin = time.perf_counter()
            if begin >= stop_at:
                break
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status != expect:
                    failed += 1
                    continue
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                continue
            mine.append(time.perf_counter() - begin)
        connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    results.put((latencies, errors[0], time.perf_counter() - started))


def run_python(
    url: str,
    seconds: float,
    connections: int,
    processes: int,
    headers: dict | None = None,
    expect: int = 200,
) -> Load:
    """Processes of threads, each thread a keep-alive http.client connection (the server may
    close it after each response: http.client then opens a new one)."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    processes = max(1, min(processes, connections))
    shares = spread(connections, processes)
    barrier = context.Barrier(len(shares))
    children = [
        context.Process(
            target=_python_load_process,
            args=(url, share, seconds, results, barrier, headers or {}, expect),
        )
        for share in shares
    ]
    for child in children:
        child.start()
    latencies, errors, elapsed = [], 0, 0.0
    for _ in children:
        got, failed, took = results.get(timeout=seconds + 120)
        latencies += got
        errors += failed
        elapsed = max(elapsed, took)
    for child in children:
        child.join(10)
    latencies.sort()

    def percentile(p: float) -> float:
        if not latencies:
            return math.nan
        return latencies[min(len(latencies) - 1, math.ceil(p * len(latencies)) - 1)] * 1000

    return Load(
        requests=len(latencies),
        seconds=elapsed,
        rate=len(latencies) / elapsed if elapsed else 0.0,
        p50_ms=percentile(0.50),
        p99_ms=percentile(0.99),
        errors=errors,
    )


def load(args, url: str, seconds: float, headers: dict | None = None, expect: int = 200) -> Load:
    """wrk counts any 2xx or 3xx answer as a success; the Python generator the `expect`ed one."""
    if args.tool == "wrk":
        return run_wrk(url, seconds, args.connections, args.threads, headers)
    return run_python(url, seconds, args.connections, args.threads, headers, expect)


# The run


@dataclass
class Target:
    name: str
    url: str
    server: Server
    statements: int
    # Sent with every request: the logged-in pages' session cookie and User-Agent, or the
    # feed's If-None-Match.
    headers: dict | None = None
    # The ratio to the bare route to reach, and the answer every request must get.
    goal: float = TARGET_RATIO
    expect: int = 200
    result: Load | None = None
    cpu_ms: float = math.nan  # workers' CPU time per request
    db_cpu_ms: float = math.nan  # PostgreSQL backends' CPU time per request
    # Share of the machine's CPU used by other processes during the measurement (noise).
    other_percent: float = math.nan

    def measure(self, args, database: str | None) -> None:
        if args.warmup > 0:
            load(args, self.url, args.warmup, self.headers, self.expect)

        def snapshot():
            return (*self.server.cpu_seconds(database), own_cpu_seconds(), machine_busy_seconds())

        before = snapshot()
        started = time.perf_counter()
        self.result = load(args, self.url, args.seconds, self.headers, self.expect)
        elapsed = time.perf_counter() - started
        workers, backends, own, busy = (a - b for a, b in zip(snapshot(), before, strict=True))
        if self.result.requests:
            self.cpu_ms = workers * 1000 / self.result.requests
            self.db_cpu_ms = backends * 1000 / self.result.requests
        if busy == busy:  # not NaN: /proc/stat was readable
            other = max(0.0, busy - workers - backends - own)
            self.other_percent = 100 * other / (elapsed * (os.cpu_count() or 1))


def check_pages(targets: list[Target], scene: Scene) -> None:
    """Each URL answers 200, and the feed holds the sessions it should."""
    for target in targets:
        status, body = _get(target.url, timeout=30, headers=target.headers)
        if status != target.expect:
            raise RuntimeError(f"{target.name}: {target.url} answered {status}")
        extra = ""
        if target.name == "personal feed":
            events = body.count(b"BEGIN:VEVENT")
            extra = f", {events} sessions"
            if events != FEED_SESSIONS:
                print(f"warning: the feed holds {events} sessions, not {FEED_SESSIONS}")
        elif target.name in ("track page", "track, login"):
            extra = f", {scene.track_sessions} sessions, {REGISTRATIONS_PER_TRACK} confirmed"
        print(f"  {target.name:<16} {target.url}  {len(body):>7} bytes{extra}")


def report(args, targets: list[Target], scene: Scene, full_feed: dict[str, float]) -> None:
    bare_target = targets[-1]
    bare = bare_target.result
    print(
        f"\n== Pages under gunicorn -w {args.workers} (sync), {db_label(args)}; "
        f"{args.tool}, {args.connections} connections, {args.seconds:g} s per URL "
        f"after {args.warmup:g} s warm-up; {os.cpu_count()} CPUs =="
    )
    # The app's micro-cache of anonymous public pages (lmb/core/cache.py) is on by default;
    # LMB_PAGE_CACHE_SECONDS=0 measures every request rendered from the database.
    cache_seconds = os.environ.get("LMB_PAGE_CACHE_SECONDS", "5 (default)")
    print(f"page cache: LMB_PAGE_CACHE_SECONDS={cache_seconds}")
    print(
        f"{'page':<14} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} "
        f"{'SQL/req':>7} {'CPU ms':>7} {'DB ms':>6} {'other%':>6} {'ratio':>6}  verdict"
    )
    for target in targets:
        result = target.result
        is_bare = target is bare_target
        ratio = result.rate / bare.rate if bare.rate else 0.0
        verdict = "" if is_bare else ("PASS" if ratio >= target.goal else "FAIL")
        db_ms = f"{target.db_cpu_ms:.2f}" if args.database_url else "-"
        print(
            f"{target.name:<14} {result.requests:>8} {result.rate:>8.1f} {result.p50_ms:>8.2f} "
            f"{result.p99_ms:>8.2f} {result.errors:>6} {target.statements:>7} "
            f"{target.cpu_ms:>7.2f} {db_ms:>6} {target.other_percent:>6.1f} "
            f"{'1.00' if is_bare else f'{ratio:.2f}':>6}  {verdict}"
        )
    print(
        f"\nratio = page req/s / bare req/s; target >= {TARGET_RATIO} for the public pages and"
        f" the feed's 304, >= {LOGGED_IN_TARGET_RATIO} for the logged-in ones. CPU ms: the gunicorn"
        " workers' CPU time per request (little affected by other load); DB ms: the PostgreSQL"
        " backends' CPU time per request; other%: the share of the machine's CPU that other"
        " processes used during the measurement (noise)."
    )
    cpu_ratios = ", ".join(
        f"{t.name} {bare_target.cpu_ms / t.cpu_ms:.2f}" for t in targets[:-1] if t.cpu_ms > 0
    )
    print(f"CPU ratio (bare CPU ms / page CPU ms, workers only): {cpu_ratios}")
    print(
        f"Data: {scene.tracks} tracks, {scene.registrations} confirmed registrations,"
        f" {scene.sessions} sessions; the track page shows {scene.track_sessions} sessions;"
        f" the feed's person is confirmed in all {scene.tracks} tracks ({FEED_SESSIONS} sessions)."
    )
    busy = max(t.other_percent for t in targets)
    if busy > NOISY_PERCENT:
        print(
            f"warning: other processes used up to {busy:.0f}% of the machine's CPU during a"
            " measurement: req/s and latencies are noisy; CPU ms/req less so."
        )
    feed_verdict = "PASS" if full_feed["plain"] <= FULL_FEED_GOAL_MS else "FAIL"
    print(
        f"full feed ({full_feed['events']:.0f} events), built in-process without page cache or"
        f" conditional request: median {full_feed['plain']:.1f} ms, gzipped"
        f" {full_feed['gzip']:.1f} ms; goal <= {FULL_FEED_GOAL_MS} ms: {feed_verdict}"
    )
    failed = [t.name for t in targets[:-1] if t.result.rate / bare.rate < t.goal]
    if feed_verdict == "FAIL":
        failed.append("full feed")
    errors = sum(t.result.errors for t in targets)
    print(
        f"overall: {'FAIL (' + ', '.join(failed) + ')' if failed else 'PASS'}"
        + (f"; {errors} failed requests" if errors else "")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=None,
        help="PostgreSQL server URL; a fresh lmb_bench_* database is created and dropped"
        " (default: a temporary SQLite file)",
    )
    parser.add_argument("--seconds", type=float, default=10, help="load per URL (10)")
    parser.add_argument("--warmup", type=float, default=2, help="warm-up per URL (2)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections (8)")
    parser.add_argument(
        "--threads", type=int, default=2, help="wrk threads, or Python load processes (2)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument(
        "--tool",
        choices=("auto", "wrk", "python"),
        default="auto",
        help="load generator: wrk if installed (auto), or the pure-Python one",
    )
    args = parser.parse_args()
    if args.tool == "auto":
        args.tool = "wrk" if shutil.which("wrk") else "python"
    print(f"Python {platform.python_version()}, load generator: {args.tool}")

    with (
        tempfile.TemporaryDirectory(prefix="lmb-bench-pages-") as tmp,
        fresh_database(Path(tmp), args.database_url) as url,
    ):
        tmp_dir = Path(tmp)
        secret_key = f"bench-{secrets.token_hex(24)}"
        app = create_app(
            {
                "SECRET_KEY": secret_key,
                "SQLALCHEMY_DATABASE_URI": url,
                "SCHEDULER": "off",
                "MAIL_SERVER": None,
                "UPLOAD_FOLDER": str(tmp_dir / "uploads"),
            }
        )
        started = time.perf_counter()
        with app.app_context():
            # Alembic's logging config writes INFO lines to stderr; keep the output to figures.
            with contextlib.redirect_stderr(io.StringIO()):
                upgrade(directory=str(ROOT / "migrations"))
            scene = seed(REGISTRATIONS_PER_TRACK, FEED_SESSIONS)
        print(
            f"seeded {db_label(args)} in {time.perf_counter() - started:.1f} s: {scene.tracks} "
            f"tracks, {scene.registrations} registrations, {scene.sessions} sessions"
        )
        paths = {
            "catalogue": "/tracks/",
            "track page": f"/tracks/{scene.track_slug}",
            "personal feed": f"/calendar/{scene.feed_token}.ics",
        }
        statements = statements_per_request(app, list(paths.values()))
        logged_in_paths = {"track, login": paths["track page"], "agenda": "/agenda"}
        client, cookie = logged_in_client(app, scene.person_id, paths["track page"])
        logged_in = statements_per_request(app, list(logged_in_paths.values()), client)
        cookie_name = app.config.get("SESSION_COOKIE_NAME", "session")
        headers = {"Cookie": f"{cookie_name}={cookie}", "User-Agent": USER_AGENT}
        full_feed = full_feed_ms(app, paths["personal feed"])
        feed_304 = statements_of_304(app, paths["personal feed"])
        with app.app_context():
            db.engine.dispose()

        (tmp_dir / "bare_app.py").write_text(BARE_APP)
        env = {k: v for k, v in os.environ.items() if not k.startswith("LMB_")}
        env.update(
            LMB_SQLALCHEMY_DATABASE_URI=url,
            LMB_SECRET_KEY=secret_key,
            LMB_SCHEDULER="off",
            LMB_UPLOAD_FOLDER=str(tmp_dir / "uploads"),
        )
        if "LMB_PAGE_CACHE_SECONDS" in os.environ:
            env["LMB_PAGE_CACHE_SECONDS"] = os.environ["LMB_PAGE_CACHE_SECONDS"]
        settings = {"env": env, "workers": args.workers}
        # PostgreSQL's backends for this database name it in their titles; SQLite is in-process.
        database = sa.engine.make_url(url).database if args.database_url else None
        with (
            gunicorn(
                "lmb",
                "wsgi:app",
                cwd=ROOT,
                log=tmp_dir / "lmb.log",
                probe="/tracks/",
                **settings,
            ) as lmb,
            gunicorn(
                "bare",
                "bare_app:app",
                cwd=tmp_dir,
                log=tmp_dir / "bare.log",
                probe="/",
                **settings,
            ) as bare,
        ):
            targets = [
                Target(name, lmb.base + path, lmb, statements[path]) for name, path in paths.items()
            ]
            # A query string the view ignores: its own page-cache key, which a 304 never
            # fills, so every answer comes from the version stamp, none from the page cache.
            feed_url = lmb.base + paths["personal feed"]
            tag = {"If-None-Match": entity_tag(feed_url)}
            targets.append(Target("feed 304", feed_url + "?r=304", lmb, feed_304, tag, expect=304))
            targets += [
                Target(name, lmb.base + path, lmb, logged_in[path], headers, LOGGED_IN_TARGET_RATIO)
                for name, path in logged_in_paths.items()
            ]
            targets.append(Target("bare route", bare.base + "/", bare, 0))
            check_pages(targets, scene)
            for target in targets:
                target.measure(args, database)
                print(
                    f"  {target.name:<16} {target.result.rate:9.1f} req/s "
                    f"(p50 {target.result.p50_ms:.2f} ms, p99 {target.result.p99_ms:.2f} ms)"
                )
            lmb_log, bare_log = tail(tmp_dir / "lmb.log"), tail(tmp_dir / "bare.log")
        for name, text in (("lmb", lmb_log), ("bare", bare_log)):
            if text.strip():
                print(f"\n-- gunicorn log ({name}), last lines --\n{textwrap.indent(text, '  ')}")
        report(args, targets, scene, full_feed)


def _terminate(signum, frame):
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    # SIGTERM unwinds like Ctrl-C: the servers are stopped and the database dropped.
    signal.signal(signal.SIGTERM, _terminate)
    try:
        main()
    except Exception:  # a measurement: report the failure, exit 0 all the same
        import traceback

        traceback.print_exc()
    sys.exit(0)
