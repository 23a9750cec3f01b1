"""Every form POST needs the CSRF token of the session; the API (Bearer tokens) does not."""

import pytest

FORMS = [
    "/account/signup",
    "/account/login",
    "/account/verify",
    "/account/reset",
    "/account/locale",
    "/account/logout",
]


@pytest.mark.parametrize("path", FORMS)
def test_posts_without_a_token_are_rejected_with_a_clear_message(browser, path):
    response = browser.client.post(path, data={"email": "tom@example.org", "password": "x"})
    assert response.status_code == 400
    assert "formulier" in response.get_data(as_text=True).lower()


def test_a_token_from_another_session_is_rejected(make_browser, make_user):
    make_user(email="tom@example.org")
    mine, theirs = make_browser(), make_browser()
    from tests.conftest import csrf_from

    token = csrf_from(theirs.get("/account/login").get_data(as_text=True))
    response = mine.client.post(
        "/account/login",
        data={"email": "tom@example.org", "password": "correct horse battery", "csrf_token": token},
    )
    assert response.status_code == 400


def test_logged_in_admin_forms_need_the_token_too(browser, make_user):
    make_user(email="admin@example.org", role="admin")
    browser.login("admin@example.org")
    response = browser.client.post(
        "/admin/organizations/new",
        data={"name": "Gemeente Mol", "kind": "municipality", "country": "BE"},
    )
    assert response.status_code == 400
