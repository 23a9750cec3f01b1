"""Demo data for `lmb seed --demo` (issue 17): the demo coordinator coordinates the SDG pilot of
2017-2019 (so the action plan's reports and overdue actions reach someone), and the action
"Peer review stimuleren in SDG-piloottraject ... (Gedaan in april 2019)" links to a closed peer
review round of the pilot. The round's title is the document's; its days are the demo's (the
document says only "april 2019"). Added only when missing."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import select

from lmb.accounts.services import find_user_by_email
from lmb.core.timezones import local_datetime
from lmb.evaluations.models import Action, Evidence, EvidenceKind
from lmb.evaluations.seed import PILOT_TRACK
from lmb.extensions import db
from lmb.peer_review.models import ReviewRound, RoundPhase
from lmb.tracks.models import Track

ROUND_TITLE = "Peer review van integratie SDG's in nieuwe meerjarenplannen"
COORDINATOR = "coordinator@example.org"


def seed_demo_evaluations() -> int:
    pilot = db.session.scalar(select(Track).where(Track.slug == PILOT_TRACK))
    coordinator = find_user_by_email(COORDINATOR)
    if pilot is None or coordinator is None:
        return 0
    added = 0
    if coordinator not in pilot.coordinators:
        pilot.coordinators.append(coordinator)
        added += 1
    round_ = db.session.scalar(
        select(ReviewRound).where(
            ReviewRound.track_id == pilot.id, ReviewRound.title == ROUND_TITLE
        )
    )
    if round_ is None:
        round_ = ReviewRound(
            track=pilot,
            title=ROUND_TITLE,
            deliverable="meerjarenplan 2020-2025",
            submission_deadline=local_datetime(date(2019, 4, 15), time(17)),
            review_deadline=local_datetime(date(2019, 4, 30), time(17)),
            phase=RoundPhase.closed,
            advance_by_dates=False,
            reviews_per_submission=1,
        )
        db.session.add(round_)
        db.session.flush()
        added += 1
    action = db.session.scalar(select(Action).where(Action.when_text == "Gedaan in april 2019"))
    linked = db.session.scalar(
        select(Evidence.id).where(
            Evidence.kind == EvidenceKind.review_round, Evidence.target_id == round_.id
        )
    )
    if action is not None and linked is None:
        db.session.add(
            Evidence(
                action=action,
                kind=EvidenceKind.review_round,
                target_id=round_.id,
                label=ROUND_TITLE,
            )
        )
        added += 1
    db.session.flush()
    return added
