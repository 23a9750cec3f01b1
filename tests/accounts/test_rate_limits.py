"""Login, reset and sign-up forms are limited per client address; the answer is a clear 429."""

import pytest

from lmb.extensions import limiter


@pytest.fixture
def limits_on(app):
    saved = {key: app.config[key] for key in ("LOGIN_RATE_LIMIT", "MAIL_LINK_RATE_LIMIT")}
    limiter.reset()
    app.config.update(LOGIN_RATE_LIMIT="3 per minute", MAIL_LINK_RATE_LIMIT="2 per minute")
    yield
    app.config.update(saved)
    limiter.reset()


def test_too_many_login_attempts_from_one_address_get_429(limits_on, make_user, browser):
    make_user(email="target@example.org")
    for _ in range(3):
        response = browser.submit(
            "/account/login", {"email": "target@example.org", "password": "wrong password"}
        )
        assert response.status_code == 422
    blocked = browser.submit(
        "/account/login", {"email": "target@example.org", "password": "correct horse battery"}
    )
    assert blocked.status_code == 429
    assert "Te veel pogingen" in blocked.get_data(as_text=True)
    assert blocked.headers.get("Retry-After")
    # Reading the page stays possible; only posting is limited.
    assert browser.get("/account/login").status_code == 200


def test_another_address_is_not_blocked(limits_on, make_user, app):
    from tests.conftest import Browser

    make_user(email="target@example.org")
    first = Browser(app.test_client())
    for _ in range(4):
        first.submit("/account/login", {"email": "target@example.org", "password": "nope"})
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.0.0.2"
    second = Browser(other)
    response = second.submit(
        "/account/login", {"email": "target@example.org", "password": "correct horse battery"}
    )
    assert response.status_code == 302


def test_reset_requests_are_limited(limits_on, browser, app):
    for _ in range(2):
        assert browser.submit("/account/reset", {"email": "x@example.org"}).status_code == 302
    assert browser.submit("/account/reset", {"email": "x@example.org"}).status_code == 429


def test_with_redis_two_workers_share_the_counts(app, make_user):
    """LMB_RATELIMIT_STORAGE_URI=redis://...: the limit holds across processes (here: two apps
    on the same database, as two gunicorn workers would be)."""
    import socket

    import redis

    from lmb import create_app
    from tests.conftest import TEST_CONFIG, Browser

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    make_user(email="target@example.org")
    store = redis.Redis(host="127.0.0.1", port=6379, db=15)
    store.flushdb()
    config = {
        **TEST_CONFIG,
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/15",
        "LOGIN_RATE_LIMIT": "3 per minute",
    }
    workers = []
    try:
        workers += [create_app(config) for _ in range(2)]
        statuses = []
        for attempt in range(4):
            browser = Browser(workers[attempt % 2].test_client())
            response = browser.submit(
                "/account/login", {"email": "target@example.org", "password": "wrong"}
            )
            statuses.append(response.status_code)
        assert statuses == [422, 422, 422, 429]
        assert store.keys("*"), "nothing was counted in Redis"
    finally:
        store.flushdb()
        for worker in workers:
            with worker.app_context():
                from lmb.extensions import db

                db.engine.dispose()
        # The limiter is one object: give it back a memory store for the rest of the suite.
        create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/account/login", {"email": "target@example.org", "password": "wrong password"}),
        ("/account/reset", {"email": "target@example.org"}),
        ("/account/verify", {"email": "target@example.org"}),
    ],
)
def test_rotating_ipv6_addresses_inside_one_64_does_not_escape_the_limits(
    limits_on, make_user, app, path, data
):
    """An IPv6 client holds a whole /64 (2^64 addresses): the rate limits count it as one
    client, as the login throttle does; another /64 is another client."""
    from tests.conftest import Browser

    make_user(email="target@example.org")
    answers = []
    for host in range(1, 6):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"2001:db8:1:2::{host:x}"
        answers.append(Browser(client).submit(path, data).status_code)
    assert 429 in answers, answers
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "2001:db8:1:3::1"
    assert Browser(other).submit(path, data).status_code != 429


@pytest.mark.parametrize(
    ("path", "data"),
    [
        (
            "/account/password",
            {
                "current_password": "a guess",
                "password": "a new password!",
                "password_confirm": "a new password!",
            },
        ),
        ("/account/privacy/erase", {"password": "a guess", "understood": "y"}),
    ],
)
def test_every_form_that_checks_a_password_is_limited_like_the_login(
    limits_on, make_user, browser, path, data
):
    """Whoever holds a copied session cookie must not be able to guess the password at
    leisure through the forms that ask for it again (change it, erase the account)."""
    make_user(email="target@example.org")
    browser.login("target@example.org")
    page = "/account/privacy" if "erase" in path else path
    answers = [browser.submit(path, data, page=page).status_code for _ in range(4)]
    assert answers[:3] == [422, 422, 422] and answers[3] == 429, answers
