"""Sessions live on the server: logging out ends one (copied cookies stop working), a new
password ends all of them, revokes the API tokens and changes the calendar address."""

import re
from datetime import timedelta

import time_machine

from lmb.accounts import services
from lmb.accounts.models import ApiToken, User, UserSession
from lmb.core.models import utcnow
from lmb.extensions import db
from tests.conftest import Browser

PASSWORD = "correct horse battery"
NEW = {"password": "a new password!", "password_confirm": "a new password!"}


def copy_cookies(app, source: Browser, names: tuple[str, ...]) -> Browser:
    """A second browser holding copies of `source`'s cookies (as a thief would)."""
    client = app.test_client()
    for name in names:
        cookie = source.client.get_cookie(name)
        assert cookie is not None, f"no {name} cookie"
        client.set_cookie(name, cookie.value)
    return Browser(client)


def logged_in(browser: Browser) -> bool:
    return browser.get("/account/profile").status_code == 200


def test_a_session_cookie_copied_before_logout_is_refused_after(app, browser, make_user):
    make_user(email="tom@example.org")
    browser.login("tom@example.org")
    thief = copy_cookies(app, browser, ("session",))
    assert logged_in(thief)
    browser.submit("/account/logout", page="/")
    assert not logged_in(browser)
    assert not logged_in(thief)


def test_a_remember_me_cookie_copied_before_logout_is_refused_after(app, browser, make_user):
    make_user(email="tom@example.org")
    response = browser.submit(
        "/account/login", {"email": "tom@example.org", "password": PASSWORD, "remember": "y"}
    )
    assert response.status_code == 302
    # Only the remember-me cookie: a browser that was closed and opened again.
    thief = copy_cookies(app, browser, ("remember_token",))
    assert logged_in(thief)
    browser.submit("/account/logout", page="/")
    fresh_thief = copy_cookies(app, thief, ("remember_token",))
    assert not logged_in(fresh_thief)
    assert not logged_in(thief)


def test_logging_out_ends_only_that_session(make_browser, make_user):
    make_user(email="tom@example.org")
    laptop, phone = make_browser(), make_browser()
    laptop.login("tom@example.org")
    phone.login("tom@example.org")
    laptop.submit("/account/logout", page="/")
    assert not logged_in(laptop)
    assert logged_in(phone)


def _token_and_feed(app, email):
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == email))
        _token, secret = services.create_api_token(user, "sync")
        feed = f"/calendar/{services.calendar_token(user)}.ics"
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    return {"Authorization": f"Bearer {secret}"}, feed


def _new_feed(app, email):
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == email))
        feed = f"/calendar/{services.calendar_token(user)}.ics"
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    return feed


def test_changing_the_password_ends_sessions_revokes_tokens_and_moves_the_calendar(
    app, make_browser, make_user, smtp_server, flush_outbox
):
    make_user(email="tom@example.org")
    laptop, phone = make_browser(), make_browser()
    laptop.login("tom@example.org")
    phone.submit(
        "/account/login", {"email": "tom@example.org", "password": PASSWORD, "remember": "y"}
    )
    phone_remembered = copy_cookies(app, phone, ("remember_token",))
    headers, old_feed = _token_and_feed(app, "tom@example.org")
    assert phone.get("/api/v1/me", headers=headers).status_code == 200
    assert phone.get(old_feed).status_code == 200

    changed = laptop.submit("/account/password", {"current_password": PASSWORD, **NEW})
    assert changed.status_code == 302

    assert logged_in(laptop)  # the browser that changed it stays in, with a new session
    assert not logged_in(phone)
    assert not logged_in(phone_remembered)
    refused = phone.get("/api/v1/me", headers=headers)
    assert refused.status_code == 401
    assert refused.get_json()["error"]["code"] == "unauthorized"
    assert phone.get(old_feed).status_code == 404
    new_feed = _new_feed(app, "tom@example.org")
    assert new_feed != old_feed
    assert phone.get(new_feed).status_code == 200
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(UserSession)) == 1
        assert all(t.revoked_at for t in db.session.scalars(db.select(ApiToken)))

    flush_outbox()
    [mail] = smtp_server.to("tom@example.org")
    text = smtp_server.text_of(mail)
    assert "http://127.0.0.1:5000/account/tokens" in text
    assert "http://127.0.0.1:5000/agenda" in text
    assert "agenda" in text.lower() and "token" in text.lower() and "uitgelogd" in text


def test_resetting_the_password_ends_sessions_revokes_tokens_and_moves_the_calendar(
    app, make_browser, make_user, smtp_server, flush_outbox
):
    make_user(email="tom@example.org")
    phone, other = make_browser(), make_browser()
    phone.login("tom@example.org")
    headers, old_feed = _token_and_feed(app, "tom@example.org")
    other.submit("/account/reset", {"email": "tom@example.org"})
    flush_outbox()
    [reset_mail] = smtp_server.to("tom@example.org")
    link = re.search(
        r"http://127\.0\.0\.1:5000(/account/reset/\S+)", smtp_server.text_of(reset_mail)
    ).group(1)
    assert other.submit(link, NEW).status_code == 302

    assert not logged_in(phone)
    assert phone.get("/api/v1/me", headers=headers).status_code == 401
    assert phone.get(old_feed).status_code == 404
    assert phone.get(_new_feed(app, "tom@example.org")).status_code == 200
    flush_outbox()
    changed_mail = smtp_server.to("tom@example.org")[-1]
    assert "/agenda" in smtp_server.text_of(changed_mail)


def test_an_expired_token_gets_a_401_that_says_so(app, browser, make_user):
    make_user(email="tom@example.org")
    headers, _feed = _token_and_feed(app, "tom@example.org")
    assert browser.get("/api/v1/me", headers=headers).status_code == 200
    with time_machine.travel(utcnow() + timedelta(days=366), tick=False):
        response = browser.get("/api/v1/me", headers=headers)
        assert response.status_code == 401
        error = response.get_json()["error"]
        assert error["code"] == "unauthorized"
        assert "verlopen" in error["message"] and "/account/tokens" in error["message"]


def test_token_lifetime_is_configurable(app, make_user):
    make_user(email="tom@example.org")
    saved = app.config["API_TOKEN_DAYS"]
    app.config["API_TOKEN_DAYS"] = 30
    try:
        with app.app_context():
            user = db.session.scalar(db.select(User).where(User.email == "tom@example.org"))
            token, _secret = services.create_api_token(user, "kort")
            assert token.expires_at - token.created_at == timedelta(days=30)
            db.session.commit()  # the test calls services: they flush, the caller commits
            db.session.remove()
    finally:
        app.config["API_TOKEN_DAYS"] = saved


def test_a_tokens_last_use_is_recorded_and_shown(app, browser, make_user):
    make_user(email="tom@example.org")
    browser.login("tom@example.org")
    page = browser.submit("/account/tokens", {"name": "Outlook sync"}).get_data(as_text=True)
    secret = re.search(r"(lmb_[A-Za-z0-9_\-]+)", page).group(1)
    headers = {"Authorization": f"Bearer {secret}"}

    def last_used():
        with app.app_context():
            value = db.session.scalar(db.select(ApiToken.last_used_at))
            db.session.commit()  # the test calls services: they flush, the caller commits
            db.session.remove()
        return value

    assert last_used() is None
    assert "nooit" in browser.get("/account/tokens").get_data(as_text=True)
    browser.get("/api/v1/me", headers=headers)
    first = last_used()
    assert first is not None
    listing = browser.get("/account/tokens").get_data(as_text=True)
    assert "nooit" not in listing and "Vervalt" in listing
    later = utcnow() + timedelta(hours=2)
    with time_machine.travel(later, tick=False):
        browser.get("/api/v1/me", headers=headers)
    assert last_used() - first >= timedelta(hours=2) - timedelta(seconds=5)


def test_sessions_and_pauses_are_exported_and_go_on_erasure(app, make_browser, make_user):
    from lmb.accounts.models import LoginThrottle

    make_user(email="tom@example.org")
    stranger = make_browser()
    stranger.client.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    stranger.submit("/account/login", {"email": "tom@example.org", "password": "a guess!"})
    tom = make_browser()
    tom.login("tom@example.org")
    data = tom.get("/account/privacy/data.json").get_json()
    assert len(data["logins"]["browser_sessions"]) == 1
    assert data["logins"]["wrong_passwords_by_address"][0]["address"] == "203.0.113.9"
    erased = tom.submit(
        "/account/privacy/erase", {"password": PASSWORD, "understood": "y"}, page="/account/privacy"
    )
    assert erased.status_code == 302
    with app.app_context():
        for model in (UserSession, LoginThrottle):
            assert db.session.scalar(db.select(db.func.count()).select_from(model)) == 0
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()


def test_deactivating_ends_every_credential_so_reactivating_brings_none_back(
    app, make_browser, make_user
):
    """An admin deactivates a person (they left, or their account was misused): sessions,
    API tokens and the calendar address end as with a new password, so that reactivating
    the account later does not bring a copied token or feed address back to life."""
    make_user(email="admin@example.org", role="admin")
    user_id = make_user(email="tom@example.org")
    headers, old_feed = _token_and_feed(app, "tom@example.org")
    admin = make_browser()
    assert admin.get("/api/v1/me", headers=headers).status_code == 200
    admin.login("admin@example.org")
    form = {"name": "Tom", "role": "participant", "organization_id": "0", "function": "other"}
    assert admin.submit(f"/admin/users/{user_id}", form).status_code == 302
    assert admin.get("/api/v1/me", headers=headers).status_code == 401
    assert admin.submit(f"/admin/users/{user_id}", {**form, "active": "y"}).status_code == 302
    assert admin.get("/api/v1/me", headers=headers).status_code == 401
    assert admin.get(old_feed).status_code == 404
    with app.app_context():
        assert all(t.revoked_at for t in db.session.scalars(db.select(ApiToken)))
