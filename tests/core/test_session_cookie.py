"""The session cookie is checked on every request as Flask checks it, also once the app has
seen (and remembered) that exact cookie: lmb.core.sessions."""

import time
from datetime import timedelta

import pytest
from flask import session


@pytest.fixture
def cookie_app(database_url):
    from lmb import create_app

    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "first key"}
    )

    @app.get("/_put/<value>")
    def put(value):
        session["value"] = value
        return "ok"

    @app.get("/_read")
    def read():
        return session.get("value", "nothing")

    return app


def _cookie_of(client) -> str:
    return client.get_cookie("session").value


def test_the_same_cookie_reads_the_same_each_time(cookie_app):
    client = cookie_app.test_client()
    client.get("/_put/apple")
    for _ in range(3):
        assert client.get("/_read").get_data(as_text=True) == "apple"


def test_a_changed_cookie_is_refused_after_the_right_one_was_seen(cookie_app):
    client = cookie_app.test_client()
    client.get("/_put/apple")
    good = _cookie_of(client)
    assert client.get("/_read").get_data(as_text=True) == "apple"
    client.set_cookie("session", good[:-2] + ("AA" if not good.endswith("AA") else "BB"))
    assert client.get("/_read").get_data(as_text=True) == "nothing"


def test_a_seen_cookie_is_refused_once_the_key_changes(cookie_app):
    client = cookie_app.test_client()
    client.get("/_put/apple")
    assert client.get("/_read").get_data(as_text=True) == "apple"
    cookie_app.config["SECRET_KEY"] = "second key"
    assert client.get("/_read").get_data(as_text=True) == "nothing"
    # The old key as a fallback still reads it, as Flask's own sessions do.
    cookie_app.config["SECRET_KEY_FALLBACKS"] = ["first key"]
    assert client.get("/_read").get_data(as_text=True) == "apple"


def test_a_seen_cookie_is_refused_once_it_is_older_than_the_session_lifetime(cookie_app):
    client = cookie_app.test_client()
    client.get("/_put/apple")
    assert client.get("/_read").get_data(as_text=True) == "apple"
    cookie_app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=1)
    time.sleep(2.1)
    assert client.get("/_read").get_data(as_text=True) == "nothing"
