"""Sign-up, verification by mail (a real SMTP server), and the first login."""

import re
from datetime import timedelta

import time_machine

from lmb.accounts import membership
from lmb.accounts.models import MembershipStatus, User
from lmb.core.models import utcnow
from lmb.extensions import db

SIGNUP = {
    "email": "Sofie.Peeters@Example.org",
    "name": "Sofie Peeters",
    "organization": "Stad Roeselare",
    "organization_kind": "municipality",
    "function": "global_policy_officer",
    "locale": "nl",
    "password": "een lang wachtwoord",
    "password_confirm": "een lang wachtwoord",
}


def verification_link(mail_sink, address):
    [message] = mail_sink.to(address)
    match = re.search(r"http://127\.0\.0\.1:5000(/account/verify/\S+)", mail_sink.text_of(message))
    assert match, mail_sink.text_of(message)
    return match.group(1)


def test_sign_up_sends_a_verification_mail_and_the_link_allows_login(
    app, browser, smtp_server, flush_outbox
):
    # Within one second: a login of an unverified account sends the link again, and a link
    # made in the same second is the same link, so one mail (a later login sends a fresh one).
    with time_machine.travel(utcnow(), tick=False):
        response = browser.submit("/account/signup", SIGNUP)
        assert response.status_code == 200
        assert "sofie.peeters@example.org" in response.get_data(as_text=True)

        # Not verified yet: login is refused with the reason.
        refused = browser.submit(
            "/account/login",
            {"email": "sofie.peeters@example.org", "password": SIGNUP["password"]},
        )
        assert refused.status_code == 422
        assert "verifi" in refused.get_data(as_text=True).lower()

    result = flush_outbox()
    assert result.sent == 1 and result.pending == 0
    [message] = smtp_server.to("sofie.peeters@example.org")
    assert message["Message-ID"]
    assert message.get_content_type() == "multipart/alternative"
    assert message.get_body(preferencelist=("html",)) is not None
    assert "List-Unsubscribe" not in message  # account mail cannot be unsubscribed from

    link = verification_link(smtp_server, "sofie.peeters@example.org")
    page = browser.get(link)
    assert page.status_code == 200 and "sofie.peeters@example.org" in page.get_data(as_text=True)
    # The link asks for the account's password, and verifying logs in.
    assert browser.submit(link, {"password": SIGNUP["password"]}).status_code == 302
    assert browser.get("/account/profile").status_code == 200

    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "sofie.peeters@example.org"))
        assert user.is_verified
        # The organization typed is only asked for: no membership until it is granted.
        assert user.organization is None
        request = membership.live_membership(user)
        assert request.status is MembershipStatus.asked
        assert request.requested_name == "Stad Roeselare"
        assert user.function.name == "global_policy_officer"


def test_signing_up_twice_with_one_address_makes_one_account_and_says_nothing(app, browser):
    assert browser.submit("/account/signup", SIGNUP).status_code == 200
    again = browser.submit("/account/signup", {**SIGNUP, "email": "sofie.peeters@example.org"})
    # The same answer as for a new address (see test_login_answers.py); the owner is mailed.
    assert again.status_code == 200
    assert 'aria-invalid="true"' not in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 1


def test_sign_up_asks_to_join_an_existing_organization_and_creates_none(app, browser, make_user):
    make_user(email="tom@example.org", organization="Stad Roeselare")
    browser.submit("/account/signup", {**SIGNUP, "organization": "stad roeselare"})
    browser.submit("/account/signup", {**SIGNUP, "email": "x@example.org", "organization": "Nieuw"})
    with app.app_context():
        from lmb.accounts.models import Organization

        assert db.session.scalar(db.select(db.func.count()).select_from(Organization)) == 1
        sofie = db.session.scalar(db.select(User).where(User.email == "sofie.peeters@example.org"))
        request = membership.live_membership(sofie)
        assert sofie.organization_id is None
        assert request.status is MembershipStatus.asked
        assert request.organization.name == "Stad Roeselare"
        other = membership.live_membership(
            db.session.scalar(db.select(User).where(User.email == "x@example.org"))
        )
        assert other.organization is None and other.requested_name == "Nieuw"


def test_a_tampered_verification_link_is_refused(browser):
    response = browser.get("/account/verify/not-a-token", follow_redirects=True)
    assert response.status_code == 200
    assert "/account/verify" in response.request.path


def test_short_passwords_and_mismatches_are_form_errors(browser):
    short = browser.submit(
        "/account/signup", {**SIGNUP, "password": "kort", "password_confirm": "kort"}
    )
    assert short.status_code == 422
    mismatch = browser.submit("/account/signup", {**SIGNUP, "password_confirm": "iets anders!!"})
    assert mismatch.status_code == 422


def test_a_new_verification_link_can_be_requested(browser, smtp_server, flush_outbox):
    start = utcnow()
    # Within one second (a double click) the signed link is the same: one mail. The clock
    # stands still here, so a slow machine cannot let the two fall in different seconds.
    with time_machine.travel(start, tick=False):
        browser.submit("/account/signup", SIGNUP)
        browser.submit("/account/verify", {"email": "sofie.peeters@example.org"})
    # A request a minute later sends a new link.
    with time_machine.travel(start + timedelta(minutes=1), tick=False):
        browser.submit("/account/verify", {"email": "sofie.peeters@example.org"})
        browser.submit("/account/verify", {"email": "nobody@example.org"})
        assert flush_outbox().sent == 2
    assert len(smtp_server.to("sofie.peeters@example.org")) == 2


def test_a_verification_link_alone_does_not_hand_an_account_to_whoever_signed_up(
    app, browser, make_browser, smtp_server, flush_outbox
):
    """Pre-hijacking: a stranger signs up with the mayor's address and a password of their
    own, asking for the mayor's municipality. The mayor clicking the link out of good faith
    must not verify the stranger's account (which a mail domain would then grant)."""
    stranger = dict(SIGNUP, email="mayor@example.org", password="the strangers secret")
    stranger["password_confirm"] = stranger["password"]
    assert browser.submit("/account/signup", stranger).status_code == 200
    flush_outbox()
    link = verification_link(smtp_server, "mayor@example.org")

    mayor = make_browser()
    page = mayor.get(link)
    assert page.status_code == 200
    assert 'type="password"' in page.get_data(as_text=True)
    wrong = mayor.submit(link, {"password": "what the mayor guesses"})
    assert wrong.status_code == 422
    assert mayor.submit(link, {"password": ""}).status_code == 422

    def verified() -> bool:
        with app.app_context():
            user = db.session.scalar(db.select(User).where(User.email == "mayor@example.org"))
            result = user.is_verified
            db.session.commit()  # the test calls services: they flush, the caller commits
            db.session.remove()
        return result

    assert not verified()
    assert mayor.get("/account/profile").status_code == 302  # not logged in
    # The page points the owner of the address to a reset, which makes the account theirs.
    assert "/account/reset" in page.get_data(as_text=True)

    # Whoever knows the account's password confirms it, and is logged in.
    assert browser.submit(link, {"password": stranger["password"]}).status_code == 302
    assert verified()
    assert browser.get("/account/profile").status_code == 200
    # Used once: the link now only says the address is verified.
    again = make_browser().get(link)
    assert again.status_code == 302 and again.headers["Location"].endswith("/account/login")


def test_wrong_passwords_on_the_verification_page_count_like_logins(
    app, browser, make_browser, smtp_server, flush_outbox
):
    app.config["LOGIN_MAX_FAILURES"] = 3
    try:
        browser.submit("/account/signup", SIGNUP)
        flush_outbox()
        link = verification_link(smtp_server, "sofie.peeters@example.org")
        guesser = make_browser()
        for _ in range(3):
            assert guesser.submit(link, {"password": "a wrong guess"}).status_code == 422
        # Paused from that address: even the right password does not verify from there now.
        assert guesser.submit(link, {"password": SIGNUP["password"]}).status_code == 422
        with app.app_context():
            user = db.session.scalar(
                db.select(User).where(User.email == "sofie.peeters@example.org")
            )
            assert not user.is_verified
            db.session.commit()  # the test calls services: they flush, the caller commits
            db.session.remove()
    finally:
        app.config["LOGIN_MAX_FAILURES"] = 5
