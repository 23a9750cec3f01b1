"""The steering group's yearly meeting: planned, moved and cancelled through scheduling (its
members are invited), and its record (agenda, minutes, decisions in Dutch and French)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from lmb.accounts.models import User
from lmb.core import dates
from lmb.core.errors import Conflict, ServiceError
from lmb.core.timezones import to_local
from lmb.extensions import db
from lmb.partnerships.models import SteeringGroup, SteeringGroupMeeting, SteeringGroupMember
from lmb.partnerships.permissions import can_manage, may_read_meeting_record, require
from lmb.scheduling import services as scheduling
from lmb.scheduling.models import OwnerKind
from lmb.tracks.services import parse_period


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
    check_new_meeting(
        group, starts_at=starts_at, ends_at=ends_at, location=location, online_url=online_url
    )
    year = to_local(starts_at).year
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


def check_new_meeting(
    group: SteeringGroup,
    *,
    starts_at: datetime,
    ends_at: datetime,
    location: str = "",
    online_url: str = "",
) -> None:
    """What schedule_meeting would refuse (a year outside the group's, before its first autumn,
    a year whose meeting is planned already, no place, impossible times), without planning:
    the form asks before it invites the members only after."""
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
    scheduling.check_new_session(None, phase=None, starts_at=starts_at, ends_at=ends_at)


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
    check_move(meeting, **changes)
    return scheduling.change_session(meeting.session, **changes)


def check_move(meeting: SteeringGroupMeeting, **changes) -> None:
    """What move_meeting would refuse (another year, before the group's first autumn, no place
    left, a cancelled meeting, impossible times), without moving: the form asks first after."""
    session, starts_at = meeting.session, changes.get("starts_at")
    if starts_at is not None:
        _check_first_autumn(meeting.steering_group, starts_at)
    if starts_at is not None and to_local(starts_at).year != meeting.year:
        raise ServiceError(
            _("Keep the meeting in %(year)s; plan another year's separately.", year=meeting.year),
            field="day",
        )
    location = changes.get("location")
    online_url = changes.get("online_url")
    location = session.location if location is None else location
    online_url = session.online_url if online_url is None else online_url
    if not ((location or "").strip() or (online_url or "").strip()):
        raise ServiceError(_("Give a location or an online link."), field="location")
    scheduling.check_change(session, starts_at=starts_at, ends_at=changes.get("ends_at"))


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


def steering_invitees(group: SteeringGroup) -> int:
    """How many members an invitation to (or a change of) the group's meeting reaches."""
    return db.session.scalar(
        select(func.count())
        .select_from(SteeringGroupMember)
        .join(User, User.id == SteeringGroupMember.user_id)
        .where(
            SteeringGroupMember.steering_group_id == group.id,
            SteeringGroupMember.ended_at.is_(None),
            User.active.is_(True),
        )
    )
