"""The micro-cache of public pages: anonymous visitors only, their own CSRF token, no cookies kept."""

import pytest

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
