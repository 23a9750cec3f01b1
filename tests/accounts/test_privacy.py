"""GDPR: a person downloads all their data and erases their account; history keeps its counts;
retention purges unverified accounts and old mail texts."""

import json
from datetime import timedelta

from sqlalchemy import func, select

from lmb.accounts.models import Function, User
from lmb.accounts.privacy import purge
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.notifications.models import MessageStatus, OutboundMessage, Subscription
from lmb.peer_review import services as peer_review
from lmb.peer_review.models import Review, RoundPhase
from lmb.tracks.models import Registration, RegistrationStatus
from tests.peer_review.builders import answers, build_round


def _scene(app):
    with app.app_context():
        built = build_round(phase=RoundPhase.assessment, slug="privacy")
        mol = built["people"]["mol"]
        assignment = peer_review.assignments_of(built["round"], mol.organization_id)[0]
        peer_review.save_review(
            assignment,
            by=mol,
            answers=answers(built["round"], comment="<script>x</script>"),
            summary="Mijn review",
            submit=True,
        )
        db.session.add(Subscription(user_id=mol.id, track_id=built["track"].id))
        db.session.commit()
        data = {"email": mol.email, "id": mol.id, "track": built["track"].id}
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    return data


def test_a_person_downloads_all_their_data(app, make_browser):
    scene = _scene(app)
    browser = make_browser()
    browser.login(scene["email"])
    assert browser.get("/account/privacy").status_code == 200
    response = browser.get("/account/privacy/data.json")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["account"]["email"] == scene["email"]
    assert data["tracks"]["registrations"][0]["status"] == "confirmed"
    assert data["peer_review"]["reviews_written"][0]["summary"] == "Mijn review"
    assert data["notifications"]["themes"][0]["frequency"]
    assert any("reviews" in m["subject"] or m["subject"] for m in data["notifications"]["messages"])
    html = browser.get("/account/privacy/data.html").get_data(as_text=True)
    assert scene["email"] in html and "Mijn review" in html
    assert "<script>x</script>" not in html
    anonymous = make_browser()
    assert anonymous.get("/account/privacy/data.json").status_code == 302


def test_erasing_removes_personal_data_but_keeps_the_counts(app, make_browser):
    scene = _scene(app)
    with app.app_context():
        registrations = db.session.scalar(
            select(func.count(Registration.id)).where(
                Registration.track_id == scene["track"],
                Registration.status == RegistrationStatus.confirmed,
            )
        )
        reviews = db.session.scalar(select(func.count(Review.id)))
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    browser = make_browser()
    browser.login(scene["email"])
    refused = browser.submit(
        "/account/privacy/erase", {"password": "wrong", "understood": "y"}, page="/account/privacy"
    )
    assert refused.status_code == 422
    refused = browser.submit(
        "/account/privacy/erase", {"password": "correct horse battery"}, page="/account/privacy"
    )
    assert refused.status_code == 422
    done = browser.submit(
        "/account/privacy/erase",
        {"password": "correct horse battery", "understood": "y"},
        page="/account/privacy",
    )
    assert done.status_code == 302
    with app.app_context():
        user = db.session.get(User, scene["id"])
        assert user.email == f"erased-{scene['id']}@erased.invalid"
        assert user.name == "—" and user.password_hash is None and not user.active
        assert (
            db.session.scalar(
                select(func.count(Subscription.id)).where(Subscription.user_id == user.id)
            )
            == 0
        )
        mails = db.session.scalars(
            select(OutboundMessage).where(OutboundMessage.recipient_user_id == user.id)
        ).all()
        assert all(
            m.recipient_email.endswith("@erased.invalid") and m.body_text == "" for m in mails
        )
        assert all(m.status is not MessageStatus.pending for m in mails)
        assert (
            db.session.scalar(
                select(func.count(Registration.id)).where(
                    Registration.track_id == scene["track"],
                    Registration.status == RegistrationStatus.confirmed,
                )
            )
            == registrations
        )
        assert db.session.scalar(select(func.count(Review.id))) == reviews
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    # The old session is over and the old password opens nothing.
    assert browser.get("/account/profile").status_code == 302
    again = make_browser()
    response = again.submit(
        "/account/login", {"email": scene["email"], "password": "correct horse battery"}
    )
    assert response.status_code == 422


def test_retention_purges_unverified_accounts_and_old_mail_texts(app, make_user):
    from lmb.accounts.services import sign_up
    from lmb.notifications.outbox import enqueue

    kept = make_user(email="bevestigd@example.org")
    with app.test_request_context():
        enqueue(
            key="old-mail",
            kind="account/password_changed",
            template="accounts/mail/account/password_changed",
            recipient=db.session.get(User, kept),
            subject="Oud bericht",
            context={"revoked_tokens": 0, "agenda_url": "https://example.org/a"},
        )
        sign_up(
            email="nooit-bevestigd@example.org",
            name="Nooit",
            organization_name="Stad Gent",
            function=Function.other,
            locale="nl",
            password="correct horse battery",
        )
        for message in db.session.scalars(select(OutboundMessage)):
            message.status = MessageStatus.sent
        db.session.commit()
        later = utcnow() + timedelta(days=200)
        done = purge(later)
        # The purged account's mail went with it (erased); the other's old text is cleared.
        assert done == {"unverified_accounts": 1, "message_bodies": 1}
        old = db.session.scalar(
            select(OutboundMessage).where(OutboundMessage.subject == "Oud bericht")
        )
        assert old.body_text == "" and old.recipient_email == "bevestigd@example.org"
        assert (
            db.session.scalar(select(User).where(User.email == "nooit-bevestigd@example.org"))
            is None
        )
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()


def test_a_purged_account_leaves_no_name_or_address_anywhere(app):
    """Retention deletes an unverified account as erasure would: its verification mail (sent or
    still waiting) and its request to join keep neither its name nor its address."""
    from lmb.accounts.services import sign_up
    from tests.accounts.test_privacy_domains import _mentions

    with app.app_context():
        for email, name in (
            ("zebedeus@example.org", "Zebedeus Onbevestigd"),
            ("wachtend@example.org", "Wachtende Wilhelmina"),
        ):
            sign_up(
                email=email,
                name=name,
                organization_name="Stad Gent",
                function=Function.other,
                locale="nl",
                password="correct horse battery",
            )
        sent = db.session.scalar(
            select(OutboundMessage).where(OutboundMessage.recipient_email == "zebedeus@example.org")
        )
        sent.status = MessageStatus.sent
        db.session.commit()
        done = purge(utcnow() + timedelta(days=40))
        assert done["unverified_accounts"] == 2
        needles = ["zebedeus", "Onbevestigd", "wachtend@", "Wilhelmina"]
        assert _mentions(needles) == []
        waiting = db.session.scalars(
            select(OutboundMessage).where(OutboundMessage.status == MessageStatus.pending)
        ).all()
        assert waiting == []
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()


def test_retention_keeps_an_unverified_account_a_domain_holds_on_to(app):
    """An unverified account with a registration stays: the tracks domain says so through
    `privacy.keeps_unverified` (accounts imports no other domain); without one it goes."""
    from lmb.accounts import privacy
    from tests.builders import create_person, create_track, registered

    with app.test_request_context():
        track = create_track(slug="bewaard")
        held, free = create_person("ingeschreven@example.org"), create_person("los@example.org")
        registered(held, track)
        for person in (held, free):
            person.email_verified_at = None
        db.session.commit()
        assert "tracks.registrations" in privacy.keeps_unverified
        done = purge(utcnow() + timedelta(days=200))
        assert done["unverified_accounts"] == 1
        emails = set(db.session.scalars(select(User.email)))
        assert "ingeschreven@example.org" in emails and "los@example.org" not in emails
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
