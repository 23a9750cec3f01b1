"""What a stranger learns from the login, sign-up and reset forms: nothing. Wrong passwords
count per account *and* client address; every failure has the same words; sign-up and reset
answer (and work) alike for known and unknown addresses."""

import re
import statistics
import time

from lmb.accounts.models import User
from lmb.extensions import db
from tests.conftest import Browser, csrf_from

PASSWORD = "correct horse battery"


def browser_at(app, address: str) -> Browser:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return Browser(client)


def same_page(html: str, *typed: str) -> str:
    """The page without what differs by nature: the CSRF token and the address typed."""
    html = re.sub(r'(name="csrf_token"[^>]*value=")[^"]+', r"\1TOKEN", html)
    html = re.sub(r'(<meta name="csrf-token" content=")[^"]+', r"\1TOKEN", html)
    for value in typed:
        html = html.replace(value, "ADDRESS")
    return html


def test_a_strangers_wrong_passwords_from_another_address_never_lock_the_owner_out(
    app, make_user, smtp_server, flush_outbox
):
    make_user(email="tom@example.org")
    stranger = browser_at(app, "203.0.113.66")
    for _ in range(12):
        response = stranger.submit(
            "/account/login", {"email": "tom@example.org", "password": "guess guess"}
        )
        assert response.status_code == 422
    # The stranger's address is paused for this account, even with the right password...
    paused = stranger.submit("/account/login", {"email": "tom@example.org", "password": PASSWORD})
    assert paused.status_code == 422
    # ...the owner, from their own address, is not.
    owner = browser_at(app, "198.51.100.7")
    assert owner.login("tom@example.org").status_code == 302
    # An IPv6 neighbour in the stranger's /64 is the stranger; the owner's IPv6 is not.
    for _ in range(5):
        browser_at(app, "2001:db8:1:2::66").submit(
            "/account/login", {"email": "tom@example.org", "password": "guess guess"}
        )
    neighbour = browser_at(app, "2001:db8:1:2::99")
    assert (
        neighbour.submit(
            "/account/login", {"email": "tom@example.org", "password": PASSWORD}
        ).status_code
        == 422
    )
    assert browser_at(app, "2001:db8:9:9::1").login("tom@example.org").status_code == 302
    # The owner is told, and told that their own logins still work.
    flush_outbox()
    notices = smtp_server.to("tom@example.org")
    assert notices and "eigen toestellen" in smtp_server.text_of(notices[0])


def test_every_failed_login_answers_with_the_same_words(app, make_user, smtp_server):
    make_user(email="wrong@example.org")
    make_user(email="paused@example.org")
    make_user(email="unverified@example.org")
    make_user(email="inactive@example.org")
    with app.app_context():
        for user in db.session.scalars(db.select(User)):
            if user.email == "unverified@example.org":
                user.email_verified_at = None
            if user.email == "inactive@example.org":
                user.active = False
        db.session.commit()
        db.session.remove()
    browser = browser_at(app, "192.0.2.10")
    for _ in range(5):
        browser.submit("/account/login", {"email": "paused@example.org", "password": "guess it"})
    attempts = {
        "unknown address": ("nobody@example.org", PASSWORD),
        "wrong password": ("wrong@example.org", "not the password"),
        "paused, right password": ("paused@example.org", PASSWORD),
        "unverified, right password": ("unverified@example.org", PASSWORD),
        "unverified, wrong password": ("unverified@example.org", "not the password"),
        "deactivated, right password": ("inactive@example.org", PASSWORD),
    }
    answers = {}
    for kind, (email, password) in attempts.items():
        response = browser.submit("/account/login", {"email": email, "password": password})
        answers[kind] = (response.status_code, same_page(response.get_data(as_text=True), email))
    statuses = {status for status, _ in answers.values()}
    assert statuses == {422}
    first = answers["unknown address"][1]
    assert "Aanmelden is niet gelukt" in first
    for kind, (_status, page) in answers.items():
        assert page == first, f"'{kind}' answers differently"


def test_sign_up_with_an_existing_address_answers_as_for_a_new_one_and_mails_the_owner(
    app, make_user, make_browser, smtp_server, flush_outbox
):
    make_user(email="tom@example.org")
    form = {
        "name": "Someone",
        "organization": "Stad Roeselare",
        "function": "other",
        "locale": "nl",
        "password": "een lang wachtwoord",
        "password_confirm": "een lang wachtwoord",
    }
    taken = make_browser().submit("/account/signup", {**form, "email": "Tom@Example.org"})
    new = make_browser().submit("/account/signup", {**form, "email": "Ann@Example.org"})
    assert taken.status_code == new.status_code == 200
    assert same_page(taken.get_data(as_text=True), "tom@example.org") == same_page(
        new.get_data(as_text=True), "ann@example.org"
    )
    with app.app_context():
        assert (
            db.session.scalar(
                db.select(db.func.count()).select_from(User).where(User.email == "tom@example.org")
            )
            == 1
        )
        tom = db.session.scalar(db.select(User).where(User.email == "tom@example.org"))
        assert tom.name == "Tom" and tom.is_verified  # the account itself is untouched
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    flush_outbox()
    [owner_mail] = smtp_server.to("tom@example.org")
    text = smtp_server.text_of(owner_mail)
    assert "registreren" in owner_mail["Subject"]
    assert "http://127.0.0.1:5000/account/login" in text
    assert "http://127.0.0.1:5000/account/reset" in text
    [new_mail] = smtp_server.to("ann@example.org")
    assert "/account/verify/" in smtp_server.text_of(new_mail)


def test_a_reset_for_an_unknown_address_mails_that_no_account_uses_it(
    browser, smtp_server, flush_outbox
):
    answer = browser.submit("/account/reset", {"email": "Nobody@Example.org"})
    assert answer.status_code == 302
    flush_outbox()
    [mail] = smtp_server.to("nobody@example.org")
    text = smtp_server.text_of(mail)
    assert "geen actieve account" in text and "/account/reset/" not in text


def test_a_reset_costs_the_same_for_known_and_unknown_addresses(app, make_user, capsys):
    """Same answer, same work (a signed link, one outbox message, a commit): the mean time
    of 20 requests for each is printed. The requests alternate (in turn first), so load on the machine hits
    both alike; the check only catches a gross difference (such as skipping all work)."""
    # Each request is the first for its address, as when someone probes a list of addresses.
    for number in range(21):
        make_user(email=f"known{number}@example.org")
    browser = Browser(app.test_client())
    token = csrf_from(browser.get("/account/reset").get_data(as_text=True))
    timings = {"known": [], "unknown": []}
    answers = {}
    for round_ in range(21):
        pair = [("known", f"known{round_}@example.org"), ("unknown", f"nobody{round_}@x.org")]
        for kind, email in pair if round_ % 2 else reversed(pair):  # neither always goes first
            started = time.perf_counter()
            response = browser.client.post(
                "/account/reset", data={"email": email, "csrf_token": token}
            )
            elapsed = time.perf_counter() - started
            answers.setdefault(kind, set()).add((response.status_code, response.location))
            if round_:  # the first round warms caches up
                timings[kind].append(elapsed)
    assert answers["known"] == answers["unknown"] == {(302, "/account/login")}
    means = {kind: statistics.mean(values) * 1000 for kind, values in timings.items()}
    medians = {kind: statistics.median(values) * 1000 for kind, values in timings.items()}
    with capsys.disabled():
        print(
            f"\npassword reset, 20 requests each ({app.config['SQLALCHEMY_DATABASE_URI'][:10]}):"
            f" known mean {means['known']:.2f} ms (median {medians['known']:.2f}),"
            f" unknown mean {means['unknown']:.2f} ms (median {medians['unknown']:.2f})"
        )
    low, high = sorted(medians.values())
    assert high < 3 * low + 20, medians


def test_forms_a_stranger_fills_in_for_someone_elses_address_cannot_flood_that_inbox(app):
    """Reset and 'send the verification link again' (also sent when an unverified account
    logs in) mail whatever address is typed; the limit per client address does not protect
    the owner from many addresses. Each kind is at most three an hour per account (a person
    who asks again still gets a fresh link); a reset for an unknown address, a sign-up
    attempt and a lock-out notice at most one."""
    from datetime import UTC, datetime

    import time_machine
    from sqlalchemy import func, select

    from lmb.accounts import services
    from lmb.accounts.models import Function
    from lmb.notifications.models import OutboundMessage

    with app.app_context(), time_machine.travel(datetime(2026, 11, 30, 9, 59, tzinfo=UTC)):
        services.create_verified_user(
            email="known@example.org", name="K", role=services.Role.participant, password=PASSWORD
        )
        services.sign_up(
            email="unverified@example.org",
            name="U",
            password=PASSWORD,
            organization_name="",
            function=Function.other,
            locale="nl",
        )
        for seconds in range(0, 56, 7):
            # Links made in another second are other links (a new signature).
            traveller = time_machine.travel(datetime(2026, 11, 30, 10, 0, seconds, tzinfo=UTC))
            traveller.start()
            services.request_password_reset("known@example.org")
            services.request_password_reset("unknown@example.org")
            services.resend_verification("unverified@example.org")
            services.sign_up(
                email="known@example.org",
                name="K",
                password=PASSWORD,
                organization_name="",
                function=Function.other,
                locale="nl",
            )
            traveller.stop()

        def count(kind, to):
            return db.session.scalar(
                select(func.count())
                .select_from(OutboundMessage)
                .where(OutboundMessage.kind == kind, OutboundMessage.recipient_email == to)
            )

        assert count("account/reset", "known@example.org") == 3
        # The mail of the sign-up itself counts too.
        assert count("account/verify", "unverified@example.org") == 3
        assert count("account/reset_unknown", "unknown@example.org") == 1
        assert count("account/signup_attempt", "known@example.org") == 1


def test_wrong_passwords_sent_in_parallel_are_all_counted(app, make_user):
    """A stranger who sends the guesses at once must not slip past the pause: each wrong
    password counts, however many come at the same moment (a read-then-write count let
    parallel attempts overwrite each other's count)."""
    import threading

    import pytest

    from lmb.accounts import services

    make_user(email="target@example.org")
    guesses = 12
    barrier = threading.Barrier(guesses)
    errors = []

    def guess():
        with app.app_context():
            barrier.wait()
            try:
                services.authenticate("target@example.org", "wrong!", client_address="10.7.7.7")
            except services.LoginRefused:
                # As the login page does: its answer (422) commits the counted failure.
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=guess) for _ in range(guesses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    # More than LOGIN_MAX_FAILURES (5) wrong passwords: this address is paused, even for the
    # right one.
    with app.app_context(), pytest.raises(services.LoginRefused):
        services.authenticate("target@example.org", PASSWORD, client_address="10.7.7.7")
