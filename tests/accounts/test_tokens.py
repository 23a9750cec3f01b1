"""API tokens: created on the profile, shown once, used as Bearer, revoked."""

import re


def test_a_token_created_on_the_page_authenticates_the_api_until_revoked(browser, make_user):
    make_user(email="tom@example.org")
    browser.login("tom@example.org")
    page = browser.submit("/account/tokens", {"name": "Outlook sync"}).get_data(as_text=True)
    secret = re.search(r"(lmb_[A-Za-z0-9_\-]+)", page).group(1)
    headers = {"Authorization": f"Bearer {secret}"}

    me = browser.get("/api/v1/me", headers=headers)
    assert me.status_code == 200
    assert me.get_json()["email"] == "tom@example.org"
    assert me.get_json()["organization"]["name"] == "Stad Roeselare"
    assert me.get_json()["membership_request"] is None
    feed = me.get_json()["calendar_feed_url"]
    assert feed.startswith("http://127.0.0.1:5000/calendar/") and feed.endswith(".ics")
    assert browser.get(feed.removeprefix("http://127.0.0.1:5000")).status_code == 200
    # Shown once: the list shows only the prefix.
    assert secret not in browser.get("/account/tokens").get_data(as_text=True)

    token_id = re.search(r"/account/tokens/(\d+)/revoke", page).group(1)
    browser.confirm(f"/account/tokens/{token_id}/revoke", page="/account/tokens")
    assert browser.get("/api/v1/me", headers=headers).status_code == 401


def test_nobody_revokes_another_persons_token(make_browser, make_user):
    make_user(email="tom@example.org")
    make_user(email="mallory@example.org")
    tom, mallory = make_browser(), make_browser()
    tom.login("tom@example.org")
    page = tom.submit("/account/tokens", {"name": "mine"}).get_data(as_text=True)
    secret = re.search(r"(lmb_[A-Za-z0-9_\-]+)", page).group(1)
    token_id = re.search(r"/account/tokens/(\d+)/revoke", page).group(1)
    mallory.login("mallory@example.org")
    response = mallory.confirm(f"/account/tokens/{token_id}/revoke", page="/account/tokens")
    assert response.status_code == 404
    assert tom.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200


def test_missing_or_malformed_tokens_get_a_json_401(browser):
    for header in (
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Basic abc"},
        {"Authorization": "Bearer lmb_nonsense"},
    ):
        response = browser.get("/api/v1/me", headers=header)
        assert response.status_code == 401
        assert response.get_json()["error"]["code"] == "unauthorized"


def test_the_api_shows_a_request_waiting_as_typed_and_no_organization(browser, make_user):
    make_user(email="tom@example.org")
    browser.login("tom@example.org")
    saved = browser.submit(
        "/account/profile",
        {"name": "Tom", "organization": "STAD  KORTRIJK", "function": "other", "locale": "nl"},
    )
    assert saved.status_code == 302
    page = browser.submit("/account/tokens", {"name": "sync"}).get_data(as_text=True)
    secret = re.search(r"(lmb_[A-Za-z0-9_\-]+)", page).group(1)
    me = browser.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).get_json()
    # Asking ended the Roeselare membership; the request shows what was typed, nothing more.
    assert me["organization"] is None
    assert me["membership_request"]["requested_name"] == "STAD  KORTRIJK"
    assert me["membership_request"]["asked_at"]
