"""The database goes away in the middle of a request: the person gets a clear 503 page, the
half-done transaction leaves nothing behind, /healthz says 503, and once the database is back
the app serves again without a restart.

PostgreSQL is reached through a proxy that the test cuts and restores: to the app this is the
server going away (connections dropped, new ones refused), without stopping the machine's
PostgreSQL under other users."""

import os

import pytest
from flask_migrate import upgrade
from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url

from lmb import create_app
from lmb.extensions import db
from tests.conftest import ROOT, TEST_CONFIG, Browser, fresh_database
from tests.resilience.proxy import OutageProxy

pytestmark = pytest.mark.postgres_only


@pytest.fixture
def outage(tmp_path):
    base = os.environ.get("LMB_TEST_DATABASE_URL", "")
    if not base.startswith("postgresql"):
        pytest.skip("PostgreSQL only")
    server = make_url(base)
    with (
        fresh_database(tmp_path, base) as url,
        OutageProxy((server.host or "127.0.0.1", server.port or 5432)) as proxy,
    ):
        proxied = make_url(url).set(host="127.0.0.1", port=proxy.port)
        app = create_app(
            {
                **TEST_CONFIG,
                "SQLALCHEMY_DATABASE_URI": proxied.render_as_string(hide_password=False),
                "UPLOAD_FOLDER": str(tmp_path / "uploads"),
            }
        )
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"))
            from lmb.tracks.models import Registration
            from tests.builders import brussels, create_open_track, create_person, create_session

            track = create_open_track("uitval", "Uitval", capacity=10)
            create_session(track, brussels(2030, 3, 1, 10))
            create_person("sofie@example.org")
            db.session.commit()  # the test calls services: they flush, the caller commits
            db.session.remove()
        yield app, proxy, Registration
        with app.app_context():
            db.engine.dispose()


def _count(app, model):
    with app.app_context():
        value = db.session.scalar(select(func.count()).select_from(model))
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    return value


def test_the_database_going_away_mid_request_gives_503_and_leaves_nothing_half_written(outage):
    from lmb.notifications.models import OutboundMessage

    app, proxy, Registration = outage
    browser = Browser(app.test_client())
    browser.login("sofie@example.org")
    assert browser.get("/healthz").status_code == 200
    messages_before = _count(app, OutboundMessage)

    # Cut the database right after the registration's INSERT, before the commit.
    armed = {"on": True}
    with app.app_context():
        engine = db.engine

    def cut_after_insert(conn, cursor, statement, *args):
        if armed["on"] and statement.lstrip().upper().startswith("INSERT INTO REGISTRATIONS"):
            armed["on"] = False
            proxy.cut()

    event.listen(engine, "after_cursor_execute", cut_after_insert)
    try:
        token_page = browser.get("/tracks/uitval").get_data(as_text=True)
        from tests.conftest import csrf_from

        response = browser.client.post(
            "/tracks/uitval/register", data={"csrf_token": csrf_from(token_page)}
        )
    finally:
        event.remove(engine, "after_cursor_execute", cut_after_insert)
    assert armed["on"] is False, "the request never reached its INSERT"
    assert response.status_code == 503
    assert "tijdelijk niet beschikbaar" in response.get_data(as_text=True)
    assert browser.get("/healthz").status_code == 503
    api = browser.get("/api/v1/tracks")
    assert api.status_code == 503 and api.get_json()["error"]["code"]

    proxy.restore()
    # Back without a restart; the half-done registration and its mail are not there.
    assert browser.get("/healthz").status_code == 200
    assert _count(app, Registration) == 0
    assert _count(app, OutboundMessage) == messages_before
    assert browser.get("/tracks/uitval").status_code == 200
    again = browser.submit("/tracks/uitval/register", {}, page="/tracks/uitval")
    assert again.status_code == 302
    assert _count(app, Registration) == 1
    assert _count(app, OutboundMessage) > messages_before
