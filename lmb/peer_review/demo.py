"""Demo data: a review round on track 1, open for submissions, with the rubric of seed 003's
example ("peer review van de integratie van de SDG's in nieuwe meerjarenplannen")."""

from datetime import time, timedelta

from sqlalchemy import select

from lmb.core.models import utcnow
from lmb.core.timezones import local_datetime, to_local
from lmb.extensions import db
from lmb.peer_review import services
from lmb.peer_review.models import Criterion, CriterionKind, ReviewRound, RoundPhase
from lmb.tracks.models import Track

TITLE = "Demo: peer review van de SDG's in het meerjarenplan"
CRITERIA = [
    (
        "Integratie van de SDG's",
        "Hoe sturen de SDG's de doelstellingen en acties van het meerjarenplan?",
        CriterionKind.levels,
        [
            "SDG's enkel als label bij bestaande acties",
            "Enkele doelstellingen gekoppeld aan SDG's",
            "SDG's verbonden met beleidsdoelen en indicatoren",
            "SDG's geven mee richting aan de keuzes",
            "SDG's sturen de keuzes en de opvolging",
        ],
        3,
        False,
    ),
    (
        "Betrokkenheid van burgers en middenveld",
        "Werden burgers, adviesraden en middenveld betrokken bij de keuzes?",
        CriterionKind.yes_no,
        [],
        1,
        False,
    ),
    (
        "Inspiratie voor andere gemeenten",
        "Wat kunnen andere gemeenten van dit plan overnemen?",
        CriterionKind.comment,
        [],
        1,
        True,
    ),
]


def seed_demo_review_round() -> int:
    track = db.session.scalar(select(Track).where(Track.number == 1).order_by(Track.id))
    if track is None or not track.coordinators:
        return 0
    exists = db.session.scalar(
        select(ReviewRound.id).where(ReviewRound.track_id == track.id, ReviewRound.title == TITLE)
    )
    if exists is not None:
        return 0
    today = to_local(utcnow()).date()
    round_ = services.create_round(
        by=track.coordinators[0],
        track=track,
        title=TITLE,
        deliverable="meerjarenplan 2020-2025: SDG-integratie",
        instructions=(
            "Laad uw meerjarenplan op (PDF, DOCX of ODT) en vat in enkele zinnen samen hoe de "
            "SDG's erin verwerkt zijn. Elke gemeente beoordeelt daarna het plan van een andere."
        ),
        submission_deadline=local_datetime(today + timedelta(days=14), time(17)),
        review_deadline=local_datetime(today + timedelta(days=28), time(17)),
        reviews_per_submission=1,
    )
    for position, (title, description, kind, levels, weight, independent) in enumerate(CRITERIA, 1):
        db.session.add(
            Criterion(
                round=round_,
                position=position,
                title=title,
                description=description,
                kind=kind,
                levels=levels,
                weight=weight,
                independent=independent,
            )
        )
    round_.phase = RoundPhase.submission
    round_.phase_changed_at = utcnow()
    db.session.flush()
    return 1
