"""The evaluations' services with the real database: reports on actions keep a dated history
with evidence, reach the owners, the coordinators and the programme's subscribers; the
follow-up puts late actions first; lessons and outcomes name the recommendation they answer."""

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from lmb.core.errors import NotAllowed, ServiceError
from lmb.evaluations import services
from lmb.evaluations.models import ActionStatus, EvidenceKind
from lmb.extensions import db
from lmb.notifications.models import Frequency, OutboundMessage, Subscription
from lmb.partnerships.models import OutcomeRecord
from lmb.toolkits import services as toolkits
from lmb.tracks.models import PhaseKey, Track
from tests.builders import create_person
from tests.evaluations.builders import make_plan, staff
from tests.security.scene import pdf_bytes


def kinds_to(email: str) -> list[str]:
    return sorted(
        db.session.scalars(
            select(OutboundMessage.kind).where(OutboundMessage.recipient_email == email)
        )
    )


def test_a_report_keeps_its_history_and_evidence_and_tells_who_should_know(ctx):
    owner = create_person("eigenaar@example.org")
    coordinator = staff()
    follower = create_person("volger@example.org")
    _evaluation, action = make_plan(coordinator=coordinator, owner=owner)
    track = db.session.scalar(select(Track).where(Track.slug == "sdg-piloot"))
    db.session.add(
        Subscription(user_id=follower.id, track_id=track.id, frequency=Frequency.immediately)
    )
    lesson = toolkits.create_lesson(
        coordinator, track, title="Wat we leerden", body="Veel.", phase=PhaseKey.labo
    )
    db.session.commit()

    first = services.update_action(
        action,
        by=coordinator,
        status=ActionStatus.in_progress,
        note="De locatie ligt vast.",
        evidence=[services.EvidenceInput(kind=EvidenceKind.lesson, target_id=lesson.id)],
    )
    second = services.update_action(
        action,
        by=owner,
        status=ActionStatus.in_progress,
        evidence=[
            services.EvidenceInput(
                kind=EvidenceKind.url, url="https://www.vvsg.be/sdg", label="Programma"
            ),
            services.EvidenceInput(
                kind=EvidenceKind.file, stream=io.BytesIO(pdf_bytes()), filename="verslag.pdf"
            ),
        ],
    )
    db.session.commit()
    assert [(u.old_status, u.status) for u in reversed(action.updates)] == [
        (ActionStatus.planned, ActionStatus.in_progress),
        (ActionStatus.in_progress, ActionStatus.in_progress),
    ]
    assert [(e.kind, e.update_id) for e in action.evidence] == [
        (EvidenceKind.lesson, first.id),
        (EvidenceKind.url, second.id),
        (EvidenceKind.file, second.id),
    ]
    assert action.evidence[0].label == "Wat we leerden"
    assert action.evidence[2].file_kind == "pdf"
    # The owner hears of the coordinator's report and the coordinator of the owner's; nobody
    # of their own. The subscriber hears once, of the change of status.
    assert kinds_to("eigenaar@example.org") == ["evaluation/action_updated"]
    assert kinds_to("coordinator@example.org") == ["evaluation/action_updated"]
    assert kinds_to("volger@example.org") == ["news/item"]


def test_who_may_report_and_what_a_report_needs(ctx):
    owner = create_person("eigenaar@example.org")
    stranger = create_person("vreemd@example.org")
    _evaluation, action = make_plan(owner=owner)
    with pytest.raises(NotAllowed):
        services.update_action(action, by=stranger, status=ActionStatus.done)
    with pytest.raises(ServiceError) as nothing:
        services.update_action(action, by=owner, status=ActionStatus.planned, note="  ")
    assert nothing.value.field == "note"
    with pytest.raises(ServiceError) as missing:
        services.update_action(
            action,
            by=owner,
            status=ActionStatus.done,
            evidence=[services.EvidenceInput(kind=EvidenceKind.outcome, target_id=999)],
        )
    assert missing.value.field == "evidence_id"
    with pytest.raises(ServiceError) as link:
        services.update_action(
            action,
            by=owner,
            status=ActionStatus.done,
            evidence=[services.EvidenceInput(kind=EvidenceKind.url, url="javascript:alert(1)")],
        )
    assert link.value.field == "evidence_url"
    db.session.rollback()
    assert action.status is ActionStatus.planned and action.updates == []


def test_the_follow_up_puts_late_actions_first(ctx):
    coordinator = staff()
    evaluation, on_time = make_plan(coordinator=coordinator, when="2030")
    priority = on_time.priority
    late = services.save_action(
        priority, None, by=coordinator, text="Te laat", when_text="Zomer 2019"
    )
    undated = services.save_action(priority, None, by=coordinator, text="Ooit", when_text="")
    done = services.save_action(
        priority, None, by=coordinator, text="Klaar", when_text="April 2019"
    )
    services.update_action(done, by=coordinator, status=ActionStatus.done)
    db.session.commit()
    [section] = services.follow_up(evaluation, date(2026, 11, 30))
    assert section.recommendation.number == 1
    assert [a.text for a in section.actions] == ["Te laat", "Klaar", on_time.text, "Ooit"]
    assert late.overdue(date(2026, 11, 30)) and not done.overdue(date(2026, 11, 30))
    assert undated.ends_on is None


def test_a_lesson_or_an_outcome_names_the_recommendation_it_answers(ctx):
    coordinator = staff()
    evaluation, _action = make_plan(coordinator=coordinator)
    recommendation = evaluation.recommendations[0]
    track = db.session.scalar(select(Track).where(Track.slug == "sdg-piloot"))
    outcome = OutcomeRecord(
        track=track,
        visited_on=date(2019, 8, 1),
        actor="Gemeente",
        change="De SDG's staan in het meerjarenplan.",
        occurred_on=date(2019, 7, 1),
    )
    db.session.add(outcome)
    db.session.flush()
    services.link_recommendation(
        recommendation, by=coordinator, kind=EvidenceKind.outcome, target_id=outcome.id
    )
    with pytest.raises(ServiceError):
        services.link_recommendation(
            recommendation, by=coordinator, kind=EvidenceKind.url, target_id=1
        )
    assert services.answers_to(EvidenceKind.outcome, outcome.id) == [recommendation]
    assert [e.label for e in services.answered_by(recommendation)] == [
        "De SDG's staan in het meerjarenplan."
    ]


def test_recommendation_numbers_are_unique_per_evaluation(ctx):
    coordinator = staff()
    evaluation, _action = make_plan(coordinator=coordinator)
    with pytest.raises(ServiceError) as taken:
        services.save_recommendation(evaluation, None, by=coordinator, number=1, title="Nog eens")
    assert taken.value.field == "number"
    with pytest.raises(ServiceError):
        services.save_action(
            evaluation.priorities[0],
            None,
            by=coordinator,
            text="Omgekeerd",
            starts_on=date(2020, 2, 1),
            ends_on=date(2020, 2, 1) - timedelta(days=1),
        )
