"""The evaluations' part of the authorization matrix's scene: the seeded management response
(seed 003, published) gets the evaluators' report as an upload, and Sofie owns one action of
its plan, on which she reported with a file as evidence; a visit of outcome harvesting to her
municipality is planned."""

from __future__ import annotations

import io

from sqlalchemy import select

from lmb.evaluations import services
from lmb.evaluations.models import Action, ActionStatus, Evaluation, EvidenceKind


def add_evaluation(scene, *, sofie, coordinator, pdf: bytes) -> None:
    from lmb.extensions import db

    evaluation = db.session.scalar(select(Evaluation).order_by(Evaluation.id))
    services.save_evaluation(
        evaluation,
        by=coordinator,
        programme=evaluation.programme,
        report=io.BytesIO(pdf),
        report_filename="rapport.pdf",
    )
    action = db.session.scalar(select(Action).where(Action.when_text == "Voorjaar 2020"))
    services.save_action(
        action.priority,
        action,
        by=coordinator,
        text=action.text,
        who=action.who,
        when_text=action.when_text,
        owners=[sofie],
    )
    services.update_action(
        action,
        by=sofie,
        status=ActionStatus.in_progress,
        evidence=[
            services.EvidenceInput(
                kind=EvidenceKind.file, stream=io.BytesIO(pdf), filename="mapping.pdf"
            )
        ],
    )
    # A visit of outcome harvesting to Sofie's municipality.
    from datetime import timedelta

    from lmb.core.models import utcnow
    from lmb.partnerships.visits import plan_visit

    starts_at = utcnow() + timedelta(days=40)
    visit = plan_visit(
        by=coordinator,
        municipality=sofie.organization,
        track=None,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
    )
    db.session.commit()
    scene.ids.update(
        visit_id=visit.id,
        evaluation_id=evaluation.id,
        recommendation_id=evaluation.recommendations[0].id,
        action_id=action.id,
        evidence_id=action.evidence[0].id,
    )
