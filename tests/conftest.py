"""Fixtures for the whole suite: a migrated database (SQLite, or PostgreSQL when
LMB_TEST_DATABASE_URL is set), the app, seed data, a real SMTP server, form helpers."""

from __future__ import annotations

import email
import email.policy
import os
import re
import socket
import threading
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from lmb import create_app
from lmb.core.database import scratch_database
from lmb.extensions import db

ROOT = Path(__file__).resolve().parent.parent


# Databases


@contextmanager
def fresh_database(tmp_dir: Path, base_url: str | None = None):
    """A new, empty database for one purpose; dropped afterwards (PostgreSQL)."""
    base_url = base_url if base_url is not None else os.environ.get("LMB_TEST_DATABASE_URL")
    with scratch_database(tmp_dir, base_url, prefix="lmb_test") as url:
        yield url


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    with fresh_database(tmp_path_factory.mktemp("db")) as url:
        yield url


def is_postgres(app) -> bool:
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")


TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key",
    "BASE_URL": "http://127.0.0.1:5000",
    "SERVER_NAME": None,
    "SCHEDULER": "off",
    # Tests read their own writes at once; tests/core/test_cache.py turns the cache on.
    "PAGE_CACHE_SECONDS": 0,
    # Cheap hashing keeps the suite fast; production uses the library's defaults.
    "ARGON2_TIME_COST": 1,
    "ARGON2_MEMORY_COST": 1024,
    "MAIL_SERVER": None,
    # Hundreds of logins come from 127.0.0.1; tests/accounts/test_rate_limits.py lowers these.
    "LOGIN_RATE_LIMIT": "100000 per minute",
    "MAIL_LINK_RATE_LIMIT": "100000 per minute",
    "SIGNUP_RATE_LIMIT": "100000 per minute",
    "MAIL_DEFAULT_SENDER": "LMB Leertrajecten <leertrajecten@vvsg.example>",
}


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    from flask_migrate import upgrade

    application = create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads")),
        }
    )
    with application.app_context():
        upgrade(directory=str(ROOT / "migrations"))
    return application


@pytest.fixture(autouse=True)
def _clean_database(request, app):
    """Every test starts from empty tables, whatever it committed."""
    yield
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as connection:
            if is_postgres(app):
                connection.execute(
                    sa.text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
                )
            else:
                for table in tables:
                    connection.execute(sa.text(f"DELETE FROM {table}"))
        db.session.remove()


@pytest.fixture
def ctx(app):
    """An app context for calling services directly."""
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def seeded(app):
    from lmb.core.models import utcnow
    from lmb.modalities.seed import seed_modalities
    from lmb.tracks.seed import seed_programmes

    with app.app_context():
        seed_programmes(utcnow())
        seed_modalities()
        # Services add and flush; the caller (here the test) commits once.
        db.session.commit()
        db.session.remove()


# People


@pytest.fixture
def make_user(app):
    """make_user(email, role="participant", password=..., organization=...) → user id."""
    from lmb.accounts.models import Role
    from lmb.accounts.services import create_verified_user

    def make(
        email="person@example.org",
        role="participant",
        password="correct horse battery",
        organization="Stad Roeselare",
        name=None,
    ):
        with app.app_context():
            user, _ = create_verified_user(
                email=email,
                name=name or email.split("@")[0].title(),
                role=Role[role],
                organization_name=organization,
                password=password,
            )
            user_id = user.id
            db.session.commit()  # services add and flush; the caller commits
            db.session.remove()
        return user_id

    return make


# HTTP with real CSRF tokens


CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_INPUT.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


class Browser:
    """A test client that fills forms the way a person does: GET the page, POST with its token."""

    def __init__(self, client):
        self.client = client

    def get(self, path, **kwargs):
        return self.client.get(path, **kwargs)

    def submit(self, path, data=None, *, page=None, follow_redirects=False, **kwargs):
        token = csrf_from(self.client.get(page or path).get_data(as_text=True))
        return self.client.post(
            path,
            data={**(data or {}), "csrf_token": token},
            follow_redirects=follow_redirects,
            **kwargs,
        )

    def confirm(self, path, data=None, **kwargs):
        """Answer yes on the confirmation page of a destructive or mass-mail action (its form
        sends `confirmed=yes`, lmb.core.views.asks_first); a bare POST only asks."""
        return self.submit(path, {**(data or {}), "confirmed": "yes"}, **kwargs)

    def login(self, email, password="correct horse battery"):
        response = self.submit("/account/login", {"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        return response


@pytest.fixture
def browser(app):
    return Browser(app.test_client())


@pytest.fixture
def make_browser(app):
    return lambda: Browser(app.test_client())


# Mail: a real SMTP server on 127.0.0.1


class MailSink:
    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.envelopes = []
        self.reply: str | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reply:
            return self.reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in m["To"]]

    def text_of(self, message: EmailMessage) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(app):
    """An aiosmtpd server the app delivers to for the length of the test."""
    sink = MailSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        yield sink
    finally:
        controller.stop()
        app.config.update(MAIL_SERVER=None, MAIL_PORT=25)


@pytest.fixture
def flush_outbox(app):
    from lmb.notifications.dispatch import flush

    def run():
        with app.app_context():
            result = flush()
            db.session.remove()
        return result

    return run


# A served app for the browser


@pytest.fixture(scope="session")
def live_server(app):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"{CHROMIUM} is not installed (apt-get install -y chromium); .ci/run installs it"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield DutchFirst(browser)
        browser.close()


class DutchFirst:
    """The browser, whose pages ask for Dutch unless a test gives another locale: the app
    honours Accept-Language until a person chooses (issue 14), and Chromium asks for en-US."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **options):
        options.setdefault("locale", "nl-BE")
        return self._browser.new_context(**options)

    def new_page(self, **options):
        options.setdefault("locale", "nl-BE")
        return self._browser.new_page(**options)

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(base_url=live_server)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


# A real IMAP server (the reply mailbox of calendar answers)


@pytest.fixture(scope="session")
def dovecot_server():
    """Dovecot on 127.0.0.1 for the session (tests/dovecot.py); skipped when it is not
    installed here (.ci/run installs dovecot-imapd)."""
    from tests.dovecot import Dovecot, installed

    if not installed():
        pytest.skip("Dovecot is not installed (apt-get install -y dovecot-imapd); .ci/run does")
    server = Dovecot()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def reply_mailbox(app, dovecot_server):
    """An empty reply mailbox the app reads (LMB_REPLY_IMAP_URL and its password)."""
    from tests.dovecot import PASSWORD

    dovecot_server.empty()
    app.config.update(REPLY_IMAP_URL=dovecot_server.url, REPLY_IMAP_PASSWORD=PASSWORD)
    try:
        yield dovecot_server
    finally:
        app.config.update(
            REPLY_IMAP_URL=None,
            REPLY_IMAP_PASSWORD=None,
            REPLY_IMAP_OAUTH2_TOKEN=None,
            REPLY_ADDRESS=None,
        )
