"""Who hears of a report on an action (the mail of lmb.evaluations.mail and the question
before the report, which says how many, ask the same functions)."""

from __future__ import annotations

from sqlalchemy import func, select

from lmb.accounts.models import User
from lmb.evaluations import services
from lmb.evaluations.models import Action
from lmb.extensions import db
from lmb.notifications.models import Subscription
from lmb.tracks.models import Track


def told_of_update(action: Action, by_id: int | None) -> list[User]:
    """The action's active owners and its programme's coordinators, but not who reports."""
    people = {p.id: p for p in action.owners if p.active}
    people.update({p.id: p for p in services.coordinators_of(action.priority.evaluation.programme)})
    people.pop(by_id, None)
    return list(people.values())


def followers(action: Action) -> int:
    """How many people follow a theme of the action's programme (they hear of a new status,
    at once or in their weekly digest, when the evaluation is published)."""
    programme = action.priority.evaluation.programme
    tracks = select(Track.id).where(Track.programme_id == programme.id)
    return db.session.scalar(
        select(func.count(func.distinct(Subscription.user_id)))
        .join(User, User.id == Subscription.user_id)
        .where(Subscription.track_id.in_(tracks), User.active.is_(True))
    )
