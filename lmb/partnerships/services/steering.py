"""The steering group: its call for candidates, candidacies and members per seat (its yearly
meeting is in steering_meetings.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lmb import events
from lmb.core import dates
from lmb.core.errors import Conflict, ServiceError
from lmb.core.models import utcnow
from lmb.core.timezones import to_local
from lmb.extensions import db
from lmb.partnerships.models import (
    Candidacy,
    CandidacyStatus,
    CandidateCall,
    Seat,
    SteeringGroup,
    SteeringGroupMember,
)
from lmb.partnerships.permissions import can_select, may_withdraw_candidacy, require
from lmb.partnerships.services.shared import CallClosed

# Checked once: the administrators' pages are behind `selector_required`
# (lmb/partnerships/permissions.py); what a test or the API calls with any person refuses here.


def steering_groups() -> list[SteeringGroup]:
    return list(db.session.scalars(select(SteeringGroup).order_by(SteeringGroup.id)))


def steering_group_by_slug(slug: str) -> SteeringGroup | None:
    return db.session.scalar(select(SteeringGroup).where(SteeringGroup.slug == slug))


def calls_of(group: SteeringGroup) -> list[CandidateCall]:
    return list(
        db.session.scalars(
            select(CandidateCall)
            .where(CandidateCall.steering_group_id == group.id)
            .order_by(CandidateCall.closes_at.desc())
        )
    )


def candidate_call_by_slug(slug: str) -> CandidateCall | None:
    return db.session.scalar(select(CandidateCall).where(CandidateCall.slug == slug))


def update_candidate_call(
    call: CandidateCall,
    *,
    by,
    title: str,
    description: str,
    opens_at: datetime | None,
    closes_at: datetime,
    title_fr: str | None = None,
    description_fr: str | None = None,
) -> None:
    """Change a call's texts or window, e.g. to extend the deadline or open a new round."""
    if opens_at is not None and closes_at <= opens_at:
        raise ServiceError(_("The deadline must fall after the opening."), field="closes_day")
    call.title = title.strip()
    call.description = description.strip()
    if title_fr is not None:
        call.title_fr, call.description_fr = title_fr.strip(), (description_fr or "").strip()
    call.opens_at, call.closes_at = opens_at, closes_at
    db.session.flush()
    events.call_saved.send(call, created=False)


def deadline_at_midnight(call: CandidateCall) -> bool:
    """A deadline at the start of a day (local time) means "before that day" (seed 001's "vóór
    15 september": candidacies are refused from 15 September 00:00, the 14th is the last day)."""
    local = to_local(call.closes_at)
    return (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)


def last_day(call: CandidateCall) -> date:
    """The last day on which a candidacy is accepted."""
    return to_local(call.closes_at - timedelta(microseconds=1)).date()


def deadline_text(call: CandidateCall) -> str:
    """ "before Thursday 15 September 2022" for a deadline at midnight, else the moment."""
    if deadline_at_midnight(call):
        return _("before %(day)s", day=dates.day(to_local(call.closes_at).date()))
    return _("until %(moment)s", moment=dates.moment(call.closes_at))


def stand_as_candidate(
    user,
    call: CandidateCall,
    seat: Seat,
    *,
    motivation: str,
    committee_member: bool = False,
    now: datetime | None = None,
) -> Candidacy:
    """A person stands for one of the call's seats; refused after the deadline."""
    now = now or utcnow()
    if now >= call.closes_at:
        raise CallClosed(
            _(
                "Candidacies were accepted %(deadline)s; this call is closed.",
                deadline=deadline_text(call),
            )
        )
    if call.opens_at is not None and now < call.opens_at:
        raise CallClosed(_("This call is not open yet."))
    if seat not in call.seats:
        raise ServiceError(_("This call does not ask for that seat."), field="seat")
    if not motivation.strip():
        raise ServiceError(_("This field is required."), field="motivation")
    if live_candidacy(call, user) is not None:
        raise Conflict(_("You have already stood as a candidate in this call."))
    # By ids: an object linked to the call would be in the call's list before the savepoint
    # below adds it, and be flushed (or warned about) outside it.
    candidacy = Candidacy(
        call_id=call.id,
        seat_id=seat.id,
        user_id=user.id,
        motivation=motivation.strip(),
        committee_member=bool(committee_member),
    )
    try:
        # A savepoint: the caller's transaction survives the refusal.
        with db.session.begin_nested():
            db.session.add(candidacy)
    except IntegrityError:
        raise Conflict(_("You have already stood as a candidate in this call.")) from None
    events.candidacy_submitted.send(candidacy)
    db.session.flush()
    return candidacy


def live_candidacy(call: CandidateCall, user) -> Candidacy | None:
    if not user.is_authenticated:
        return None
    return db.session.scalar(
        select(Candidacy).where(
            Candidacy.call_id == call.id,
            Candidacy.user_id == user.id,
            Candidacy.status != CandidacyStatus.withdrawn,
        )
    )


def withdraw_candidacy(candidacy: Candidacy, *, by) -> None:
    require(
        may_withdraw_candidacy, by, candidacy, _("Only the candidate can withdraw this candidacy.")
    )
    if candidacy.status is not CandidacyStatus.submitted:
        raise ServiceError(_("Only a candidacy that awaits a decision can be withdrawn."))
    candidacy.status = CandidacyStatus.withdrawn
    db.session.flush()


def candidacies(call: CandidateCall) -> list[Candidacy]:
    return list(
        db.session.scalars(
            select(Candidacy)
            .where(Candidacy.call_id == call.id)
            .order_by(Candidacy.seat_id, Candidacy.created_at)
        )
    )


def members(group: SteeringGroup) -> list[SteeringGroupMember]:
    """The present members, seat by seat."""
    return list(
        db.session.scalars(
            select(SteeringGroupMember)
            .join(Seat, Seat.id == SteeringGroupMember.seat_id)
            .where(
                SteeringGroupMember.steering_group_id == group.id,
                SteeringGroupMember.ended_at.is_(None),
            )
            .order_by(Seat.position, SteeringGroupMember.started_at)
        )
    )


def ended_memberships(group_id: int, user_ids: list[int]) -> dict[int, int]:
    if not user_ids:
        return {}
    rows = db.session.execute(
        select(SteeringGroupMember.user_id, func.count())
        .where(
            SteeringGroupMember.steering_group_id == group_id,
            SteeringGroupMember.user_id.in_(user_ids),
            SteeringGroupMember.ended_at.is_not(None),
        )
        .group_by(SteeringGroupMember.user_id)
    )
    return dict(rows.all())


def _taken(seat: Seat) -> int:
    return db.session.scalar(
        select(func.count()).where(
            SteeringGroupMember.seat_id == seat.id, SteeringGroupMember.ended_at.is_(None)
        )
    )


def _add_member(group: SteeringGroup, seat: Seat, user_id: int, candidacy=None, now=None):
    if _taken(seat) >= seat.places:
        raise Conflict(_("The seat %(seat)s is taken; end that membership first.", seat=seat.label))
    already = db.session.scalar(
        select(SteeringGroupMember.id).where(
            SteeringGroupMember.steering_group_id == group.id,
            SteeringGroupMember.user_id == user_id,
            SteeringGroupMember.ended_at.is_(None),
        )
    )
    if already is not None:
        raise Conflict(_("This person is a member of the steering group already."))
    member = SteeringGroupMember(
        steering_group=group,
        seat=seat,
        user_id=user_id,
        candidacy_id=candidacy.id if candidacy else None,
        started_at=now or utcnow(),
    )
    db.session.add(member)
    db.session.flush()
    events.steering_group_member_added.send(member)
    return member


def select_candidacy(candidacy: Candidacy, *, by, now: datetime | None = None):
    """The association picks a candidate for the seat they stood for."""
    require(can_select, by, None, _("Only administrators of the association can do this."))
    if candidacy.status is not CandidacyStatus.submitted:
        raise ServiceError(_("This candidacy has been decided already."))
    now = now or utcnow()
    member = _add_member(
        candidacy.call.steering_group, candidacy.seat, candidacy.user_id, candidacy, now
    )
    candidacy.status = CandidacyStatus.selected
    candidacy.decided_at = now
    candidacy.decided_by_id = by.id
    db.session.flush()
    return member


def decline_candidacy(candidacy: Candidacy, *, by, now: datetime | None = None) -> None:
    if candidacy.status is not CandidacyStatus.submitted:
        raise ServiceError(_("This candidacy has been decided already."))
    candidacy.status = CandidacyStatus.declined
    candidacy.decided_at = now or utcnow()
    candidacy.decided_by_id = by.id
    db.session.flush()
    events.candidacy_declined.send(candidacy)
    db.session.flush()


def end_membership(member: SteeringGroupMember, *, by, now: datetime | None = None) -> None:
    if member.ended_at is not None:
        return
    member.ended_at = now or utcnow()
    db.session.flush()
    events.steering_group_member_removed.send(member)
    db.session.flush()
