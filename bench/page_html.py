"""The HTML of the logged-in track pages and Mijn agenda, saved to compare before and after a
change that must not alter them (a speed-up of the templates or the queries).

    PYTHONPATH=. .venv/bin/python bench/page_html.py DIR
    diff -r -w BEFORE_DIR AFTER_DIR

Seeds a fresh SQLite database with the seed, the demo data (`lmb seed --demo`) and the scene
of bench/pages.py (one session cancelled, two online), at a fixed moment (utcnow is frozen), then saves for every person who
holds a registration or a meeting: /agenda (and its second page when there is one) and the
page of every track, in Dutch and in English; and every track page for a visitor. CSRF tokens
and calendar addresses are random and replaced by a placeholder.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lmb.core.models  # noqa: E402

FROZEN = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
_real_utcnow = lmb.core.models.utcnow


def _frozen_utcnow() -> datetime:
    return FROZEN


def freeze_time() -> None:
    """Every module that imported lmb.core.models.utcnow gets the frozen one."""
    for module in list(sys.modules.values()):
        if getattr(module, "utcnow", None) is _real_utcnow:
            module.utcnow = _frozen_utcnow


from pages import ROOT, fresh_database, logged_in_client, seed  # noqa: E402

from lmb import create_app  # noqa: E402
from lmb.extensions import db  # noqa: E402

RANDOM = [
    (re.compile(r'name="csrf_token" value="[^"]*"'), 'name="csrf_token" value="CSRF"'),
    (re.compile(r"/calendar/[A-Za-z0-9_\-]{20,}"), "/calendar/TOKEN"),
    (re.compile(r"(/feeds?/)[A-Za-z0-9_\-.]{20,}"), r"\1TOKEN"),
]


def normalized(html: str) -> str:
    for pattern, replacement in RANDOM:
        html = pattern.sub(replacement, html)
    return html


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="lmb-page-html-") as tmp,
        fresh_database(Path(tmp), None) as url,
    ):
        app = create_app(
            {
                "SECRET_KEY": "page-html",
                "SQLALCHEMY_DATABASE_URI": url,
                "SCHEDULER": "off",
                "MAIL_SERVER": None,
                "UPLOAD_FOLDER": str(Path(tmp) / "uploads"),
            }
        )
        import lmb.demo  # noqa: F401 - imports what the demo seeds, before freezing
        from lmb.evaluations.seed import seed_evaluations
        from lmb.modalities.seed import seed_modalities
        from lmb.partnerships.seed import seed_steering_group

        freeze_time()
        with app.app_context():
            with contextlib.redirect_stderr(io.StringIO()):
                upgrade(directory=str(ROOT / "migrations"))
            scene = seed(50, 100)
            seed_modalities()
            seed_steering_group()
            seed_evaluations()
            db.session.commit()
            lmb.demo.seed_demo()
            # Both kinds of row the pages write otherwise: a cancelled session, an online one.
            first = db.session.scalars(
                sa.text("SELECT id FROM sessions WHERE track_id IS NOT NULL ORDER BY id LIMIT 3")
            ).all()
            db.session.execute(
                sa.text(
                    "UPDATE sessions SET status = 'cancelled', cancelled_at = :at WHERE id = :id"
                ),
                {"at": FROZEN.replace(tzinfo=None), "id": first[0]},
            )
            db.session.execute(
                sa.text(
                    "UPDATE sessions SET location = '', online_url = 'https://example.org/x'"
                    " WHERE id IN (:a, :b)"
                ),
                {"a": first[1], "b": first[2]},
            )
            db.session.commit()
            freeze_time()
            slugs = db.session.scalars(sa.text("SELECT slug FROM tracks ORDER BY number")).all()
            people = db.session.scalars(
                sa.text(
                    "SELECT id FROM users WHERE id IN (SELECT user_id FROM registrations)"
                    " AND (email NOT LIKE '%bench.example' OR id = :person) ORDER BY id"
                ),
                {"person": scene.person_id},
            ).all()
            db.session.remove()
        saved = 0
        visitor = app.test_client()
        for slug in slugs:
            (out / f"visitor-track-{slug}.html").write_text(
                normalized(visitor.get(f"/tracks/{slug}").get_data(as_text=True))
            )
            saved += 1
        for person in people:
            for locale in ("nl", "en"):
                with app.app_context():
                    db.session.execute(
                        sa.text("UPDATE users SET locale = :l WHERE id = :id"),
                        {"l": locale, "id": person},
                    )
                    db.session.commit()
                    db.session.remove()
                client, _cookie = logged_in_client(app, person, "/agenda")
                paths = ["/agenda", "/agenda?page=2", *[f"/tracks/{s}" for s in slugs]]
                for path in paths:
                    response = client.get(path)
                    name = path.strip("/").replace("/", "-").replace("?", "-")
                    (out / f"{person}-{locale}-{name}.html").write_text(
                        f"{response.status_code}\n" + normalized(response.get_data(as_text=True))
                    )
                    saved += 1
        with app.app_context():
            db.engine.dispose()
        print(f"{saved} pages saved in {out}")


if __name__ == "__main__":
    main()
