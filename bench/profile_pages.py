"""In-process cost of the logged-in pages: ms and SQL statements per request, and a profile.

    PYTHONPATH=. .venv/bin/python bench/profile_pages.py [--database-url URL] [--requests 300]
        [--profile track|agenda] [--top 40]

Seeds a fresh database as bench/pages.py does (`seed`), logs in its person (confirmed in all
seven tracks) through a server-side session, and times GETs of that person's track page and
`/agenda` through the test client (and of "floor", a route added here that only loads the
logged-in person and returns a constant: what any logged-in page costs at least), no server and no HTTP: the figures that bench/pages.py's
"CPU ms" column adds gunicorn and HTTP to. With --profile, cProfile over those requests
(sorted by cumulative time, then by own time).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import ROOT, db_label, fresh_database, logged_in_client, seed  # noqa: E402

from lmb import create_app  # noqa: E402
from lmb.extensions import db  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None, help="PostgreSQL server URL")
    parser.add_argument("--requests", type=int, default=300, help="timed GETs per page (300)")
    parser.add_argument("--profile", choices=("floor", "track", "agenda"), help="cProfile one page")
    parser.add_argument("--top", type=int, default=40, help="profile lines (40)")
    parser.add_argument("--dump", help="also write the profile to this file (pstats format)")
    args = parser.parse_args()

    with (
        tempfile.TemporaryDirectory(prefix="lmb-profile-pages-") as tmp,
        fresh_database(Path(tmp), args.database_url) as url,
    ):
        app = create_app(
            {
                "SECRET_KEY": "profile-pages",
                "SQLALCHEMY_DATABASE_URI": url,
                "SCHEDULER": "off",
                "MAIL_SERVER": None,
                "UPLOAD_FOLDER": str(Path(tmp) / "uploads"),
            }
        )
        # The floor: a logged-in request that loads the person and returns a constant.
        from flask_login import current_user

        @app.get("/_floor")
        def floor():
            return "in" if current_user.is_authenticated else "out"

        with app.app_context():
            with contextlib.redirect_stderr(io.StringIO()):
                upgrade(directory=str(ROOT / "migrations"))
            scene = seed(50, 100)
        client, _cookie = logged_in_client(app, scene.person_id, f"/tracks/{scene.track_slug}")
        pages = {
            "floor": "/_floor",
            "track": f"/tracks/{scene.track_slug}",
            "agenda": "/agenda",
        }
        with app.app_context():
            engine = db.engine
        print(f"{db_label(args)}: {args.requests} GETs per page, logged in, in-process")
        for name, path in pages.items():
            for _ in range(20):
                assert client.get(path).status_code == 200, path
            sent: list[str] = []

            def record(conn, cursor, statement, *rest, sent=sent):
                sent.append(statement)

            sa.event.listen(engine, "before_cursor_execute", record)
            response = client.get(path)
            sa.event.remove(engine, "before_cursor_execute", record)
            assert "Set-Cookie" not in response.headers, "the session changed on each request"
            started, cpu = time.perf_counter(), time.process_time()
            for _ in range(args.requests):
                client.get(path)
            wall = (time.perf_counter() - started) * 1000 / args.requests
            cpu = (time.process_time() - cpu) * 1000 / args.requests
            print(
                f"  {name:<7} {path:<40} {wall:6.2f} ms wall {cpu:6.2f} ms CPU"
                f" {len(sent):3d} statements {len(response.data):7d} bytes"
            )
            if args.profile == name:
                profile = cProfile.Profile()
                profile.enable()
                for _ in range(args.requests):
                    client.get(path)
                profile.disable()
                stats = pstats.Stats(profile)
                if args.dump:
                    stats.dump_stats(args.dump)
                stats.sort_stats("cumulative").print_stats(args.top)
                stats.sort_stats("tottime").print_stats(args.top)
                for n, statement in enumerate(sent, 1):
                    print(f"{n}. {' '.join(statement.split())[:400]}")
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
