"""Benchmark: does a password reset cost the same for a known and an unknown address?

    .venv/bin/python bench/password_reset.py [--requests 20] [--database-url URL]

Not part of the test suite: it measures and prints figures, and always exits 0.

A fresh database gets N verified accounts. Then N reset requests go through the whole HTTP
stack (form with CSRF token, service, outbox, commit) for a known address and N for an
unknown one, alternating, with each kind first in every other round, so that load on the
machine falls on both alike. Every request is the first for its address (as when someone
probes a list of addresses). Prints the mean and median time of each kind.
tests/accounts/test_login_answers.py does the same with 20 each and prints its figures.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade

from lmb import create_app
from lmb.accounts.models import Role
from lmb.accounts.services import create_verified_user
from lmb.core.database import scratch_database
from lmb.extensions import db

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    n = args.requests
    with scratch_database(Path(tempfile.mkdtemp()), args.database_url, "lmb_bench") as url:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "SECRET_KEY": "bench",
                "MAIL_LINK_RATE_LIMIT": "1000000 per minute",
                "PAGE_CACHE_SECONDS": 0,
            }
        )
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"))
            for number in range(n + 1):
                create_verified_user(
                    email=f"known{number}@example.org",
                    name="Known",
                    role=Role.participant,
                    password="a long enough password",
                )
            db.session.remove()
        client = app.test_client()
        page = client.get("/account/reset").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        timings: dict[str, list[float]] = {"known": [], "unknown": []}
        for number in range(n + 1):
            pair = [
                ("known", f"known{number}@example.org"),
                ("unknown", f"nobody{number}@example.org"),
            ]
            for kind, email in pair if number % 2 else reversed(pair):
                started = time.perf_counter()
                response = client.post("/account/reset", data={"email": email, "csrf_token": token})
                elapsed = time.perf_counter() - started
                assert response.status_code == 302, response.status_code
                if number:  # the first round warms up
                    timings[kind].append(elapsed * 1000)
        print(f"password reset, {n} requests each, {url.split(':')[0]}:")
        for kind, values in timings.items():
            print(
                f"  {kind:8} mean {statistics.mean(values):7.2f} ms"
                f"  median {statistics.median(values):7.2f} ms"
            )
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
