"""Login, wrong passwords, throttling, logout, password change and reset."""

import re
from datetime import timedelta

import time_machine

from lmb.accounts.models import User
from lmb.core.models import utcnow
from lmb.extensions import db

PASSWORD = "correct horse battery"


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(browser, make_user):
    make_user(email="tom@example.org")
    wrong = browser.submit("/account/login", {"email": "tom@example.org", "password": "nope nope"})
    unknown = browser.submit("/account/login", {"email": "who@example.org", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 422
    assert browser.get("/account/profile").status_code == 302


def test_five_failures_from_one_address_pause_it_and_mail_a_notice(
    app, browser, make_user, smtp_server, flush_outbox
):
    make_user(email="tom@example.org")
    for _ in range(5):
        browser.submit("/account/login", {"email": "tom@example.org", "password": "guess guess"})
    # Paused for this address: even the right password is refused from here now.
    locked = browser.submit("/account/login", {"email": "tom@example.org", "password": PASSWORD})
    assert locked.status_code == 422
    assert flush_outbox().sent == 1
    assert len(smtp_server.to("tom@example.org")) == 1

    with time_machine.travel(utcnow() + timedelta(minutes=16), tick=False):
        assert browser.login("tom@example.org", PASSWORD).status_code == 302


def test_logout_needs_a_post_with_a_token(browser, make_user):
    make_user(email="tom@example.org")
    browser.login("tom@example.org")
    assert browser.get("/account/logout").status_code == 405
    browser.submit("/account/logout", page="/")
    assert browser.get("/account/profile").status_code == 302


def test_changing_the_password_ends_other_sessions(
    make_browser, make_user, smtp_server, flush_outbox
):
    make_user(email="tom@example.org")
    laptop, phone = make_browser(), make_browser()
    laptop.login("tom@example.org")
    phone.login("tom@example.org")
    changed = laptop.submit(
        "/account/password",
        {
            "current_password": PASSWORD,
            "password": "a new password!",
            "password_confirm": "a new password!",
        },
    )
    assert changed.status_code == 302
    assert laptop.get("/account/profile").status_code == 200
    assert phone.get("/account/profile").status_code == 302
    flush_outbox()
    assert len(smtp_server.to("tom@example.org")) == 1


def test_password_change_with_a_wrong_current_password_is_a_form_error(browser, make_user):
    make_user(email="tom@example.org")
    browser.login("tom@example.org")
    response = browser.submit(
        "/account/password",
        {
            "current_password": "wrong one",
            "password": "a new password!",
            "password_confirm": "a new password!",
        },
    )
    assert response.status_code == 422


def test_a_forgotten_password_is_reset_through_a_single_use_link(
    app, browser, make_user, smtp_server, flush_outbox
):
    make_user(email="tom@example.org")
    browser.submit("/account/reset", {"email": "tom@example.org"})
    browser.submit("/account/reset", {"email": "unknown@example.org"})
    # The unknown address is told that no account uses it (see test_login_answers.py).
    assert flush_outbox().sent == 2
    text = smtp_server.text_of(smtp_server.to("tom@example.org")[0])
    link = re.search(r"http://127\.0\.0\.1:5000(/account/reset/\S+)", text).group(1)

    new = {"password": "brand new secret", "password_confirm": "brand new secret"}
    assert browser.submit(link, new).status_code == 302
    browser.login("tom@example.org", "brand new secret")
    # The link worked once.
    assert browser.get(link).status_code == 302
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "tom@example.org"))
        assert user.auth_version == 2


def test_login_redirects_only_to_local_pages(browser, make_user):
    make_user(email="tom@example.org")
    token_page = browser.get("/account/login?next=https://evil.example/")
    assert token_page.status_code == 200
    response = browser.submit(
        "/account/login?next=https://evil.example/",
        {"email": "tom@example.org", "password": PASSWORD},
    )
    assert response.location == "/overview"  # Mijn overzicht, never the other site
