"""The steering group: its call for candidates, candidacies, members per seat, yearly meeting."""

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
    SteeringGroupMeeting,
    SteeringGroupMember,
)
from lmb.partnerships.permissions import (
    can_manage,
    can_select,
    may_read_meeting_record,
    may_withdraw_candidacy,
    require,
)
from lmb.partnerships.services.shared import CallClosed
from lmb.scheduling import services as scheduling
from lmb.scheduling.models import OwnerKind
from lmb.tracks.services import parse_period

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


# The yearly meeting


def meeting_title(group: SteeringGroup, year: int) -> str:
    return _("Yearly meeting %(year)s", year=year)


def schedule_meeting(
    group: SteeringGroup,
    *,
    by,
    starts_at: datetime,
    ends_at: datetime,
    location: str = "",
    online_url: str = "",
    agenda: str = "",
) -> SteeringGroupMeeting:
    """Plan the year's meeting (once a year, autumn 2022 to 2026); members get an invite."""
    year = to_local(starts_at).year
    if not group.meets_from <= year <= group.meets_until:
        raise ServiceError(
            _(
                "The steering group meets once a year from %(first)s to %(last)s.",
                first=group.meets_from,
                last=group.meets_until,
            ),
            field="day",
        )
    _check_first_autumn(group, starts_at)
    if any(m.year == year and m.session.status.name == "scheduled" for m in group.meetings):
        raise Conflict(
            _("The meeting of %(year)s is planned already; move it instead.", year=year),
            field="day",
        )
    if not (location.strip() or online_url.strip()):
        raise ServiceError(_("Give a location or an online link."), field="location")
    old = next((m for m in group.meetings if m.year == year), None)
    if old is not None:
        # A cancelled meeting of that year makes way for the new one (its session stays).
        db.session.delete(old)
        db.session.flush()
    meeting = SteeringGroupMeeting(steering_group=group, year=year)
    scheduling.create_session(
        None,
        phase=None,
        title=meeting_title(group, year),
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        online_url=online_url,
        agenda=agenda,
        owner_kind=OwnerKind.steering_meeting,
        owner=meeting,
    )
    return meeting


def _check_first_autumn(group: SteeringGroup, starts_at: datetime) -> None:
    """Seed 001: the group meets "vanaf najaar 2022": its first year's meeting is in autumn."""
    autumn = parse_period(f"najaar {group.meets_from}")
    if to_local(starts_at).year == group.meets_from and to_local(starts_at).date() < autumn[0]:
        raise ServiceError(
            _(
                "The steering group meets from autumn %(year)s: plan the meeting of %(year)s on "
                "%(day)s or later.",
                year=group.meets_from,
                day=dates.day(autumn[0]),
            ),
            field="day",
        )


def move_meeting(meeting: SteeringGroupMeeting, *, by, **changes) -> bool:
    starts_at = changes.get("starts_at")
    if starts_at is not None:
        _check_first_autumn(meeting.steering_group, starts_at)
    if starts_at is not None and to_local(starts_at).year != meeting.year:
        raise ServiceError(
            _("Keep the meeting in %(year)s; plan another year's separately.", year=meeting.year),
            field="day",
        )
    return scheduling.change_session(meeting.session, **changes)


def cancel_meeting(meeting: SteeringGroupMeeting, *, by) -> None:
    scheduling.cancel_session(meeting.session)


def write_meeting_record(
    meeting: SteeringGroupMeeting,
    *,
    by,
    agenda: str,
    minutes: str,
    decisions: str,
    agenda_fr: str = "",
    minutes_fr: str = "",
    decisions_fr: str = "",
) -> None:
    """The association's coordinators write a meeting's agenda, minutes and decisions, in Dutch
    and (for the partners) in French; a changed Dutch agenda reaches the members' calendars as
    the session's change."""
    require(can_manage, by, None)
    written = (minutes, decisions, minutes_fr, decisions_fr)
    if meeting.session.status.name == "cancelled" and any(text.strip() for text in written):
        raise ServiceError(_("A cancelled meeting has no minutes or decisions."), field="minutes")
    if agenda.strip() != (meeting.session.agenda or "").strip():
        scheduling.change_session(meeting.session, agenda=agenda.strip())
    meeting.minutes = minutes.strip()
    meeting.decisions = decisions.strip()
    meeting.agenda_fr = agenda_fr.strip()
    meeting.minutes_fr = minutes_fr.strip()
    meeting.decisions_fr = decisions_fr.strip()
    db.session.flush()


def may_read_record(user, meeting: SteeringGroupMeeting) -> bool:
    return may_read_meeting_record(user, meeting)


def meeting_by_session(session_id: int) -> SteeringGroupMeeting | None:
    return db.session.scalar(
        select(SteeringGroupMeeting).where(SteeringGroupMeeting.session_id == session_id)
    )


def meetings_of_member(user) -> list[SteeringGroupMeeting]:
    """The meetings of the groups a person sits in (for their overview)."""
    groups = select(SteeringGroupMember.steering_group_id).where(
        SteeringGroupMember.user_id == user.id, SteeringGroupMember.ended_at.is_(None)
    )
    return list(
        db.session.scalars(
            select(SteeringGroupMeeting)
            .where(SteeringGroupMeeting.steering_group_id.in_(groups))
            .order_by(SteeringGroupMeeting.year)
        )
    )
