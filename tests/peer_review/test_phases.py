"""What each phase allows (the table in lmb/peer_review/phases.py, and the services obeying
it), the Transition doing exactly what its preview says, two switches at once, and the
permission grants that spare a service a second check."""

import threading
from dataclasses import fields

import pytest
from flask_babel import gettext
from sqlalchemy import func, select

from lmb.core.errors import Conflict, NotAllowed, ServiceError
from lmb.extensions import db
from lmb.notifications.models import OutboundMessage
from lmb.peer_review import services
from lmb.peer_review.models import CriterionKind, ReviewAssignment, RoundPhase
from lmb.peer_review.phases import PHASES, PhaseRules, Transition, phases_where
from tests.conftest import is_postgres
from tests.peer_review.builders import answers, build_round, submit

# The table, phase by phase: the rules that hold (every other flag is false).
EXPECTED = {
    RoundPhase.setup: {
        "may_change_settings",
        "may_change_setup",
        "may_respond",
        "submission_deadline_ahead",
        "review_deadline_ahead",
    },
    RoundPhase.submission: {
        "may_change_settings",
        "may_change_setup",
        "may_submit",
        "may_allocate",
        "may_respond",
        "submission_deadline_ahead",
        "review_deadline_ahead",
    },
    RoundPhase.assessment: {
        "may_change_settings",
        "may_allocate",
        "announces_assignments",
        "may_review",
        "reviewers_read_work",
        "may_respond",
        "review_deadline_ahead",
    },
    RoundPhase.feedback: {
        "may_change_settings",
        "reviewers_read_work",
        "may_release",
        "offers_release",
        "may_respond",
    },
    RoundPhase.closed: {
        "reviewers_read_work",
        "may_release",
        "shows_names_held_until_closing",
    },
}
ADVANCES_AT = {
    RoundPhase.submission: "submission_deadline",
    RoundPhase.assessment: "review_deadline",
}
FLAGS = [f.name for f in fields(PhaseRules) if f.type == "bool"]


def test_every_phase_has_its_rules():
    assert list(PHASES) == list(RoundPhase)
    for phase, rules in PHASES.items():
        holding = {name for name in FLAGS if getattr(rules, name)}
        assert holding == EXPECTED[phase], phase
        assert rules.advances_at == ADVANCES_AT.get(phase), phase
        assert str(rules.summary)
    assert phases_where("review_deadline_ahead") == [
        RoundPhase.setup,
        RoundPhase.submission,
        RoundPhase.assessment,
    ]


def test_the_round_answers_for_its_phase(ctx):
    round_ = build_round(phase=RoundPhase.setup)["round"]
    for phase in RoundPhase:
        round_.phase = phase
        assert round_.rules is PHASES[phase]
        assert round_.allows("submit") is PHASES[phase].may_submit
    with pytest.raises(AttributeError):
        round_.allows("sumbit")


def _refused(action) -> bool:
    """Whether the service refused (for its phase: the callers below see to the rest)."""
    try:
        action()
    except NotAllowed:
        raise
    except ServiceError:
        db.session.rollback()
        return True
    return False


@pytest.mark.parametrize("phase", list(RoundPhase))
def test_the_services_obey_the_table(ctx, phase):
    """Each service that depends on the phase allows exactly what the table says."""
    built = build_round(phase=RoundPhase.assessment)
    round_, coordinator, people = built["round"], built["coordinator"], built["people"]
    mol = people["mol"]
    assignment = services.assignments_of(round_, mol.organization_id)[0]
    services.save_review(assignment, by=mol, answers=answers(round_), summary="", submit=True)
    submission = assignment.submission
    owner = next(p for p in people.values() if p.organization_id == submission.organization_id)
    other = next(p for p in people.values() if p not in (mol, owner))
    submission.released_at = round_.review_deadline
    round_.phase = phase
    db.session.commit()
    rules = PHASES[phase]

    tasks = {t.url_endpoint for t in services.tasks_for(mol, round_)}
    assert ("peer_review.submission" in tasks) is rules.may_submit
    assert ("peer_review.review" in tasks) is rules.may_review
    assert (
        "peer_review.feedback" in {t.url_endpoint for t in services.tasks_for(owner, round_)}
    ) is (rules.may_respond)
    assert _refused(lambda: submit(round_, mol)) is not rules.may_submit
    assert (
        _refused(
            lambda: services.save_review(
                assignment, by=mol, answers=answers(round_), summary="", submit=False
            )
        )
        is not rules.may_review
    )
    if not rules.may_allocate:
        assert _refused(lambda: services.commit_allocation(round_, by=None))
        assert _refused(lambda: services.assign(submission, other.organization_id, by=None))
    assert _refused(lambda: services.release(round_, by=coordinator)) is not rules.may_release
    assert (
        _refused(
            lambda: services.respond(
                submission, by=owner, response="Dank", points={}, candidate_outcome=False
            )
        )
        is not rules.may_respond
    )
    assert (
        _refused(lambda: services.update_round(round_, by=coordinator, title="Nieuw"))
        is not rules.may_change_settings
    )
    assert (
        _refused(lambda: services.update_round(round_, by=coordinator, ring=not round_.ring))
        is not rules.may_change_setup
    )
    assert (
        _refused(
            lambda: services.save_criterion(
                round_, by=coordinator, title="Extra", kind=CriterionKind.comment, weight=1
            )
        )
        is not rules.may_change_setup
    )


# The Transition


def _outbox() -> int:
    return db.session.scalar(select(func.count(OutboundMessage.id)))


def test_each_switch_does_what_its_preview_said(ctx):
    built = build_round(phase=RoundPhase.setup)
    round_, coordinator, people = built["round"], built["coordinator"], built["people"]
    seen = []
    while round_.phase.next is not None:
        if round_.phase is RoundPhase.submission:
            for person in people.values():
                submit(round_, person)
        if round_.phase is RoundPhase.assessment:
            mol = people["mol"]
            for assignment in services.assignments_of(round_, mol.organization_id):
                services.save_review(
                    assignment, by=mol, answers=answers(round_), summary="", submit=True
                )
        transition = Transition.next_of(round_)
        preview = transition.preview()
        lines, mails = list(preview.lines), preview.mails
        pairs = sorted(preview.allocation.pairs) if preview.allocation else None
        releasing = {s.id for s in preview.releases}
        before = _outbox()
        done = transition.apply(by=coordinator)
        seen.append(round_.phase)
        assert round_.phase is preview.target
        assert (done.lines, done.mails) == (lines, mails)
        assert _outbox() - before == mails, round_.phase
        if pairs is not None:
            stored = db.session.scalars(select(ReviewAssignment)).all()
            assert sorted((a.submission.organization_id, a.reviewer_id) for a in stored) == pairs
        assert {s.id for s in round_.submissions if s.released_at} >= releasing
    assert seen == [
        RoundPhase.submission,
        RoundPhase.assessment,
        RoundPhase.feedback,
        RoundPhase.closed,
    ]
    assert Transition.next_of(round_).preview().target is None
    with pytest.raises(ServiceError, match=gettext("This round is closed.")):
        Transition.next_of(round_).apply(by=coordinator)


def test_a_switch_previewed_before_another_one_is_refused(ctx):
    built = build_round(phase=RoundPhase.setup)
    round_, coordinator = built["round"], built["coordinator"]
    seen_by_one = Transition.next_of(round_)
    seen_by_other = Transition.next_of(round_)
    assert seen_by_one.preview().target is RoundPhase.submission
    seen_by_other.apply(by=coordinator)
    with pytest.raises(Conflict) as refused:
        seen_by_one.apply(by=coordinator)
    assert refused.value.message == gettext(
        "The round changed in the meantime. Check the preview again."
    )
    assert round_.phase is RoundPhase.submission


def test_only_a_coordinator_applies_a_switch(ctx):
    built = build_round(phase=RoundPhase.setup)
    with pytest.raises(NotAllowed):
        Transition.next_of(built["round"]).apply(by=built["people"]["mol"])
    assert built["round"].phase is RoundPhase.setup


@pytest.mark.postgres_only
def test_two_switches_at_once_move_the_round_once(app, database_url):
    """Two coordinators press "move to the assessment" at the same moment, each in its own
    connection: one switch happens (one allocation, one set of mails), the other is told."""
    if not is_postgres(app):
        pytest.skip("needs PostgreSQL's concurrent connections; SQLite serialises writers")
    with app.app_context():
        built = build_round(slug="at-once")
        for person in built["people"].values():
            submit(built["round"], person)
        round_id, coordinator_id = built["round"].id, built["coordinator"].id
        pairs = len(services.plan_allocation(built["round"]).pairs)
        db.session.remove()

    from lmb import create_app
    from lmb.accounts.models import User
    from lmb.peer_review.models import ReviewRound
    from tests.conftest import TEST_CONFIG

    concurrent = create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 2, "max_overflow": 0},
        }
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def press():
        with concurrent.app_context():
            try:
                round_ = db.session.get(ReviewRound, round_id)
                transition = Transition.next_of(round_)
                assert transition.preview().target is RoundPhase.assessment
                barrier.wait(30)
                transition.apply(by=db.session.get(User, coordinator_id))
                db.session.commit()  # the test calls services: they flush, the caller commits
                outcomes.append("moved")
            except Conflict as refusal:
                outcomes.append(refusal.message)
            except Exception as error:  # noqa: BLE001 - asserted below
                outcomes.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=press) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    with concurrent.app_context():
        db.engine.dispose()
    with app.app_context():
        refusal = gettext("The round changed in the meantime. Check the preview again.")
        assert sorted(outcomes) == sorted(["moved", refusal])
        round_ = db.session.get(ReviewRound, round_id)
        assert round_.phase is RoundPhase.assessment
        assert len(services.active_assignments(round_)) == pairs
        started = db.session.scalar(
            select(func.count(OutboundMessage.id)).where(
                OutboundMessage.idempotency_key.like(f"review:{round_id}:assigned:start%")
            )
        )
        assert started == 3
