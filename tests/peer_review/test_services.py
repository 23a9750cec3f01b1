"""A round through its phases by the services, with the mails each step writes."""

import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from lmb.core.errors import NotAllowed, ServiceError
from lmb.extensions import db
from lmb.notifications.models import OutboundMessage
from lmb.notifications.sweep import sweep
from lmb.peer_review import services
from lmb.peer_review.models import (
    AssignmentStatus,
    ConflictReason,
    NameVisibility,
    ReviewStatus,
    RoundPhase,
)
from tests.builders import create_person
from tests.peer_review.builders import answers, build_round, pdf_bytes, submit


def _mails(prefix):
    return list(
        db.session.scalars(
            select(OutboundMessage).where(OutboundMessage.idempotency_key.like(f"{prefix}%"))
        )
    )


def test_opening_submission_invites_every_participating_organization(ctx):
    built = build_round(phase=RoundPhase.setup)
    round_ = built["round"]
    preview = services.preview_switch(round_)
    assert preview.target is RoundPhase.submission
    assert preview.mails == 3 and not preview.blockers
    services.switch_phase(round_, by=built["coordinator"])
    mails = _mails(f"review:{round_.id}:phase:submission")
    assert sorted(m.recipient_email for m in mails) == sorted(
        p.email for p in built["people"].values()
    )
    assert "meerjarenplan 2020-2025" in mails[0].subject


def test_preview_of_the_assessment_counts_allocations_and_mails(ctx):
    built = build_round()
    round_ = built["round"]
    for person in built["people"].values():
        submit(round_, person)
    preview = services.preview_switch(round_)
    assert preview.target is RoundPhase.assessment
    assert "3" in preview.lines[0] and "6" in preview.lines[0]
    assert preview.mails == 3
    services.switch_phase(round_, by=built["coordinator"])
    assignments = services.active_assignments(round_)
    assert len(assignments) == 6
    assert all(a.reviewer_id != a.submission.organization_id for a in assignments)
    assert len(_mails(f"review:{round_.id}:assigned:start")) == preview.mails


def test_late_versions_are_marked_and_kept(ctx):
    built = build_round()
    round_, mol = built["round"], built["people"]["mol"]
    submit(round_, mol)
    later = round_.submission_deadline + timedelta(hours=1)
    submission = services.submit(
        round_,
        by=mol,
        summary="v2",
        document=io.BytesIO(pdf_bytes("v2")),
        filename="v2.pdf",
        now=later,
    )
    assert [v.number for v in submission.versions] == [1, 2]
    assert [v.late for v in submission.versions] == [False, True]


def test_only_participants_can_submit_and_only_in_the_submission_phase(ctx):
    built = build_round(phase=RoundPhase.setup)
    stranger = create_person("stranger@example.org", organization="Stad Aalst")
    with pytest.raises(NotAllowed):
        submit(built["round"], stranger)
    with pytest.raises(ServiceError):
        submit(built["round"], built["people"]["mol"])


def test_confirmed_conflicts_are_respected_and_declared_ones_wait(ctx):
    built = build_round()
    round_, people = built["round"], built["people"]
    mol, gent = people["mol"].organization_id, people["gent"].organization_id
    conflict = services.declare_conflict(
        round_, by=people["mol"], first_id=mol, second_id=gent, reason=ConflictReason.intermunicipal
    )
    assert conflict.confirmed_at is None
    with pytest.raises(NotAllowed):
        services.declare_conflict(
            round_,
            by=people["roeselare"],
            first_id=mol,
            second_id=gent,
            reason=ConflictReason.merger,
        )
    services.confirm_conflict(conflict, by=built["coordinator"])
    for person in people.values():
        submit(round_, person)
    plan = services.plan_allocation(round_)
    assert not plan.complete  # three organizations, k=2 and one conflict
    assert all({a, r} != {mol, gent} for a, r in plan.pairs)


def test_review_flow_visibility_release_and_response(ctx):
    built = build_round(phase=RoundPhase.assessment)
    round_, people = built["round"], built["people"]
    mol = people["mol"]
    mine = services.assignments_of(round_, mol.organization_id)
    assert len(mine) == 2
    target = mine[0]
    other_org = next(
        p
        for p in people.values()
        if p.organization_id not in (mol.organization_id, target.submission.organization_id)
    )
    other = next(
        a
        for a in services.assignments_of(round_, other_org.organization_id)
        if a.submission_id == target.submission_id
    )
    services.save_review(other, by=other_org, answers=answers(round_, 3), summary="", submit=True)
    assert not services.may_see_reviews(mol, target.submission)
    with pytest.raises(ServiceError):
        services.save_review(target, by=mol, answers={}, summary="", submit=True)
    services.save_review(target, by=mol, answers=answers(round_, 1), summary="", submit=False)
    assert target.review.status is ReviewStatus.draft
    assert not services.may_see_reviews(mol, target.submission)
    services.save_review(target, by=mol, answers=answers(round_, 1), summary="", submit=True)
    assert services.may_see_reviews(mol, target.submission)

    reviewed = next(
        p for p in people.values() if p.organization_id == target.submission.organization_id
    )
    assert not services.may_see_reviews(reviewed, target.submission)
    with pytest.raises(ServiceError):
        services.release(round_, by=built["coordinator"])
    services.switch_phase(round_, by=built["coordinator"])
    with pytest.raises(ServiceError):
        services.save_review(target, by=mol, answers=answers(round_, 2), summary="", submit=True)
    released = services.release(round_, by=built["coordinator"], submission=target.submission)
    assert released == [target.submission]
    assert services.may_see_reviews(reviewed, target.submission)
    assert len(_mails(f"review:released:{target.submission_id}")) == 1

    summary = services.aggregates(round_, services.submitted_reviews(target.submission))
    assert summary[0].median == 2 and summary[0].spread == 2
    services.respond(
        target.submission,
        by=reviewed,
        response="We nemen het mee.",
        points={round_.criteria[0].id: "Koppelen aan doelen"},
        candidate_outcome=True,
    )
    assert target.submission.candidate_outcome
    assert target.submission.point_responses[0].text == "Koppelen aan doelen"


def test_weighted_total_leaves_out_independent_criteria(ctx):
    built = build_round(phase=RoundPhase.assessment)
    round_, mol = built["round"], built["people"]["mol"]
    assignment = services.assignments_of(round_, mol.organization_id)[0]
    review = services.save_review(
        assignment, by=mol, answers=answers(round_, 3, 0), summary="", submit=True
    )
    # levels 3/3 weight 2, yes/no 0/1 weight 1 → 2/3
    assert services.total_percent(round_, review) == pytest.approx(66.7)
    round_.criteria[1].independent = True
    assert services.total_percent(round_, review) == 100


def test_declining_gives_the_slot_to_another_organization_or_leaves_it_open(ctx):
    built = build_round(phase=RoundPhase.assessment)
    round_, mol = built["round"], built["people"]["mol"]
    assignment = services.assignments_of(round_, mol.organization_id)[0]
    with pytest.raises(ServiceError):
        services.decline(assignment, by=mol, reason="  ")
    replacement = services.decline(assignment, by=mol, reason="Zelfde consultant")
    assert assignment.status is AssignmentStatus.declined
    # Three organizations, k=2: the only other eligible one already reviews it.
    assert replacement is None
    assert services.open_slots(round_) == {assignment.submission_id: 1}
    assert _mails(f"review:declined:{assignment.id}")


def test_names_are_hidden_until_closing_when_the_round_says_so(ctx):
    built = build_round(phase=RoundPhase.assessment, names=NameVisibility.after_closing)
    round_, people = built["round"], built["people"]
    submission = round_.submissions[0]
    owner = next(p for p in people.values() if p.organization_id == submission.organization_id)
    assert not services.shows_reviewer_names(owner, submission)
    round_.phase = RoundPhase.closed
    assert services.shows_reviewer_names(owner, submission)
    round_.names = NameVisibility.hidden
    assert not services.shows_reviewer_names(owner, submission)


def test_deadlines_move_the_round_and_reminders_follow(ctx):
    built = build_round()
    round_, people = built["round"], built["people"]
    submit(round_, people["mol"])
    due = round_.submission_deadline - timedelta(days=2)
    sweep(due)
    keys = [m.idempotency_key for m in _mails(f"reminder:review-round:{round_.id}:")]
    # Gent and Roeselare have not submitted; Mol has.
    assert len(keys) == 2 and all(":due:" in k for k in keys)
    sweep(due)
    assert len(_mails(f"reminder:review-round:{round_.id}:")) == 2
    for person in (people["gent"], people["roeselare"]):
        submit(round_, person)
    moved = services.advance_rounds(round_.submission_deadline)
    assert moved == [(round_, RoundPhase.assessment)]
    overdue = round_.review_deadline + timedelta(hours=1)
    sweep(round_.review_deadline - timedelta(days=1))
    sweep(overdue)
    stages = [
        m.idempotency_key.split(":")[-5]
        for m in _mails(f"reminder:review-round:{round_.id}:assessment")
    ]
    assert stages.count("due") == 3 and stages.count("overdue") == 3
    services.advance_rounds(overdue)
    assert round_.phase is RoundPhase.feedback


def test_closing_releases_what_was_not_released(ctx):
    built = build_round(phase=RoundPhase.assessment)
    round_, mol = built["round"], built["people"]["mol"]
    assignment = services.assignments_of(round_, mol.organization_id)[0]
    services.save_review(assignment, by=mol, answers=answers(round_), summary="", submit=True)
    services.switch_phase(round_, by=built["coordinator"])
    preview = services.preview_switch(round_)
    assert preview.target is RoundPhase.closed and preview.mails == 1
    services.switch_phase(round_, by=built["coordinator"])
    assert assignment.submission.released_at is not None


def test_only_coordinators_of_the_track_manage_the_round(ctx):
    built = build_round(phase=RoundPhase.setup)
    other = create_person("other-coordinator@example.org", role="coordinator", organization="VVSG")
    with pytest.raises(NotAllowed):
        services.switch_phase(built["round"], by=other)
    with pytest.raises(NotAllowed):
        services.switch_phase(built["round"], by=built["people"]["mol"])


def test_deadline_order_and_review_count_are_checked(ctx):
    built = build_round(phase=RoundPhase.setup)
    round_ = built["round"]
    with pytest.raises(ServiceError) as refused:
        services.update_round(
            round_, by=built["coordinator"], review_deadline=round_.submission_deadline
        )
    assert refused.value.field == "review_deadline"
    with pytest.raises(ServiceError):
        services.update_round(round_, by=built["coordinator"], reviews_per_submission=0)


def test_any_participant_of_the_organization_uploads_and_one_is_the_contact(ctx):
    built = build_round()
    round_, mol = built["round"], built["people"]["mol"]
    colleague = create_person("collega@sdg-plannen.example.org", organization="Gemeente Mol")
    from tests.builders import registered

    registered(colleague, built["track"])
    submit(round_, mol)
    submission = services.submit(
        round_,
        by=colleague,
        summary="Nieuwe versie",
        document=io.BytesIO(pdf_bytes("v2")),
        filename="v2.pdf",
        contact=colleague,
    )
    assert len(submission.versions) == 2 and submission.contact == colleague
    with pytest.raises(ServiceError):
        services.submit(round_, by=mol, summary="x", contact=built["people"]["gent"])
