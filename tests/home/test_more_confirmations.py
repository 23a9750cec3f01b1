"""The questions added to the class of actions that ask first (tests/core/test_asks_first.py):
confirming a conflict, storing the allocation, sending a failed message again. Each says what
will happen, with its numbers, and only its "yes" acts."""

from __future__ import annotations

import sqlalchemy as sa

from lmb.extensions import db
from lmb.peer_review import services as peer_review
from lmb.peer_review.models import Conflict, ConflictReason, RoundPhase
from lmb.peer_review.teams import team
from tests.home.test_confirmations import ask_then_do
from tests.peer_review.builders import build_round, submit


def a_round_with_three_submissions(slug: str, phase=RoundPhase.submission):
    built = build_round(phase=RoundPhase.submission, slug=slug)
    for person in built["people"].values():
        submit(built["round"], person)
    round_ = built["round"]
    if phase is RoundPhase.assessment:
        peer_review.switch_phase(round_, by=built["coordinator"])
    db.session.commit()
    return built


def test_storing_the_allocation_in_the_assessment_says_how_many_people_are_mailed(
    app, make_browser
):
    with app.app_context():
        built = a_round_with_three_submissions("verdelen", RoundPhase.assessment)
        round_ = built["round"]
        # The switch allocated already; nobody started: storing again replaces those.
        before = len(peer_review.active_assignments(round_))
        people = sum(len(team(round_, o.id)) for o in round_.organizations)
        ids = round_.id, built["coordinator"].email
        db.session.remove()
    round_id, email = ids
    coordinator = make_browser()
    coordinator.login(email)
    question = coordinator.get(f"/review-rounds/{round_id}/allocation/store")
    assert question.status_code == 200
    text = question.get_data(as_text=True)
    assert "6 toewijzingen worden bewaard." in text
    assert "3 organisaties beoordelen werk in deze ronde." in text
    if before:
        assert f"{before} eerdere toewijzingen, nog niet begonnen, worden vervangen." in text
    assert f"{people} personen krijgen een e-mail met het werk om te beoordelen." in text
    # A bare POST only asks.
    bare = coordinator.submit(f"/review-rounds/{round_id}/allocation/store")
    assert bare.status_code == 303
    done = coordinator.confirm(f"/review-rounds/{round_id}/allocation/store")
    assert done.status_code == 302
    with app.app_context():
        from lmb.peer_review.models import ReviewRound

        assert len(peer_review.active_assignments(db.session.get(ReviewRound, round_id))) == 6
        db.session.remove()


def test_storing_the_allocation_before_the_assessment_mails_nobody(app, make_browser):
    with app.app_context():
        built = a_round_with_three_submissions("indienen")
        ids = built["round"].id, built["coordinator"].email
        db.session.remove()
    round_id, email = ids
    coordinator = make_browser()
    coordinator.login(email)
    text, done = ask_then_do(
        coordinator,
        f"/review-rounds/{round_id}/allocation",
        f"/review-rounds/{round_id}/allocation/store",
    )
    assert "Nu krijgt niemand een e-mail" in text
    assert done.status_code == 302
    # Reviews have not started: asked again, the page still offers to store it anew.
    again = coordinator.get(f"/review-rounds/{round_id}/allocation/store")
    assert again.status_code == 200
    assert "6 eerdere toewijzingen, nog niet begonnen, worden vervangen." in again.get_data(
        as_text=True
    )


def test_confirming_a_conflict_asks_first_and_names_the_assignments_that_stay(app, make_browser):
    with app.app_context():
        built = a_round_with_three_submissions("conflict")
        round_ = built["round"]
        peer_review.commit_allocation(round_, by=built["coordinator"])
        mol, gent = built["people"]["mol"], built["people"]["gent"]
        conflict = peer_review.declare_conflict(
            round_,
            by=mol,
            first_id=mol.organization_id,
            second_id=gent.organization_id,
            reason=ConflictReason.intermunicipal,
        )
        db.session.commit()
        ids = conflict.id, round_.id, built["coordinator"].email
        db.session.remove()
    conflict_id, round_id, email = ids
    coordinator = make_browser()
    coordinator.login(email)
    text, done = ask_then_do(
        coordinator,
        f"/review-rounds/{round_id}/conflicts",
        f"/review-conflicts/{conflict_id}/confirm",
    )
    assert "Gemeente Mol en Stad Gent beoordelen elkaars werk" in text
    # k=2 of 3 organizations: they review each other both ways.
    assert "2 toewijzingen tussen hen blijven" in text
    assert done.status_code == 302
    with app.app_context():
        assert db.session.get(Conflict, conflict_id).confirmed_at is not None
        db.session.remove()


def test_sending_a_failed_message_again_asks_first(app, make_browser):
    from lmb.core.models import utcnow
    from lmb.notifications.models import MessageStatus, OutboundMessage
    from tests.builders import create_person

    with app.app_context():
        admin = create_person("beheer@example.org", role="admin")
        message = OutboundMessage(
            idempotency_key="test:failed",
            kind="test/failed",
            recipient_email="sofie@example.org",
            subject="Uitnodiging",
            body_text="Tekst",
            body_html="<p>Tekst</p>",
            status=MessageStatus.failed,
            attempts=8,
            next_attempt_at=utcnow(),
            last_error="550 mailbox unavailable",
        )
        db.session.add(message)
        db.session.commit()
        ids = message.id, admin.email
        db.session.remove()
    message_id, email = ids
    browser = make_browser()
    browser.login(email)
    text, done = ask_then_do(
        browser, f"/admin/outbox/{message_id}", f"/admin/outbox/{message_id}/retry"
    )
    assert "1 persoon krijgt deze e-mail opnieuw: sofie@example.org." in text
    assert done.status_code == 302
    with app.app_context():
        assert db.session.get(OutboundMessage, message_id).status is MessageStatus.pending
        count = db.session.scalar(sa.select(sa.func.count()).select_from(OutboundMessage))
        assert count == 1
        db.session.remove()
    # Not failed any more: the question says so and offers no button.
    again = browser.get(f"/admin/outbox/{message_id}/retry")
    assert again.status_code == 409
