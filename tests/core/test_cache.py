"""The micro-cache of public pages: anonymous visitors only, their own CSRF token, no cookies kept."""

from contextlib import contextmanager

import pytest
from flask import request_started

from lmb.core import cache
from tests.conftest import csrf_from
from tests.tracks.test_query_counts import count_queries


@pytest.fixture
def cached(app):
    app.config["PAGE_CACHE_SECONDS"] = 60
    with app.app_context():
        cache.clear()
    yield
    app.config["PAGE_CACHE_SECONDS"] = 0
    with app.app_context():
        cache.clear()


def test_a_second_anonymous_visit_is_served_from_memory(app, make_browser, seeded, cached):
    first, second = make_browser(), make_browser()
    page = first.get("/tracks/").get_data(as_text=True)
    with app.app_context(), count_queries() as statements:
        again = second.get("/tracks/")
    assert again.status_code == 200
    assert again.get_data(as_text=True).count("Duurzaam bankieren") == page.count(
        "Duurzaam bankieren"
    )
    assert statements == []
    assert "Content-Security-Policy" in again.headers


def test_each_visitor_gets_their_own_csrf_token_on_a_cached_page(make_browser, seeded, cached):
    first, second = make_browser(), make_browser()
    token_one = csrf_from(first.get("/").get_data(as_text=True))
    token_two = csrf_from(second.get("/").get_data(as_text=True))
    assert token_one != token_two
    # The language switch on the cached page works for the second visitor.
    response = second.client.post(
        "/account/locale", data={"locale": "en", "next": "/", "csrf_token": token_two}
    )
    assert response.status_code == 302
    assert '<html lang="en">' in second.get("/").get_data(as_text=True)


def test_logged_in_people_always_see_the_page_fresh(app, make_browser, make_user, seeded, cached):
    make_user(email="tom@example.org")
    browser = make_browser()
    browser.get("/tracks/duurzaam-bankieren")
    browser.login("tom@example.org")
    with app.app_context(), count_queries() as statements:
        browser.get("/tracks/duurzaam-bankieren")
    assert statements != []


@contextmanager
def requests_flask_saw(app):
    """How many requests reached Flask (a request context) inside the block."""
    seen = []

    def count(sender, **extra):
        seen.append(1)

    request_started.connect(count, app)
    try:
        yield seen
    finally:
        request_started.disconnect(count, app)


def test_a_cached_page_reaches_a_new_visitor_without_flask(app, seeded, cached):
    """The middleware answers before Flask: no request context, no session, no database;
    the visitor still gets the security headers, a session cookie and a CSRF token that
    works."""
    through_flask = app.test_client().get("/tracks/")
    visitor = app.test_client()
    with requests_flask_saw(app) as seen, app.app_context(), count_queries() as statements:
        response = visitor.get("/tracks/")
    assert seen == [] and statements == []
    assert response.status_code == 200
    assert "Duurzaam bankieren" in response.get_data(as_text=True)
    assert "Content-Security-Policy" in response.headers
    assert "session=" in response.headers["Set-Cookie"]
    # The same cookie attributes as Flask's own session interface writes.
    attributes = {"HttpOnly", "Path=/", "SameSite=Lax"}
    for cookie in (through_flask.headers["Set-Cookie"], response.headers["Set-Cookie"]):
        assert set(cookie.split("; ")[1:]) == attributes
    assert int(response.headers["Content-Length"]) == len(response.get_data())
    token = csrf_from(response.get_data(as_text=True))
    switched = visitor.post(
        "/account/locale", data={"locale": "en", "next": "/tracks/", "csrf_token": token}
    )
    assert switched.status_code == 302
    # The chosen language is a page of its own in the cache.
    assert '<html lang="en">' in visitor.get("/tracks/").get_data(as_text=True)


def test_a_returning_anonymous_visitor_keeps_their_token(app, make_browser, seeded, cached):
    first = make_browser()
    token = csrf_from(first.get("/").get_data(as_text=True))
    with requests_flask_saw(app) as seen:
        again = first.get("/")
    assert seen == []
    assert "Set-Cookie" not in again.headers
    # A new signature of the same session token: accepted by the same form.
    response = first.client.post(
        "/account/locale",
        data={"locale": "en", "next": "/", "csrf_token": csrf_from(again.get_data(as_text=True))},
    )
    assert response.status_code == 302 and token


def test_logged_in_people_go_through_flask(app, make_browser, make_user, seeded, cached):
    make_user(email="tom@example.org")
    make_browser().get("/tracks/")
    browser = make_browser()
    browser.login("tom@example.org")
    with requests_flask_saw(app) as seen:
        assert 'action="/account/logout"' in browser.get("/tracks/").get_data(as_text=True)
    assert seen == [1]
