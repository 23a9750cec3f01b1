"""Who is invited to the sessions of SDG partnerships: the sessions of partnership activities
and the steering group's yearly meetings have no track, so the resolvers below name their
audience (scheduling.audiences), and the invites, reminders, agenda and feeds of every such
session reach the partnership's contacts and the group's members. Registered on import
(lmb.partnerships.mail imports this module)."""

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import joinedload

from lmb.core.models import utcnow
from lmb.core.urls import absolute_url
from lmb.extensions import db
from lmb.partnerships.models import (
    Partnership,
    PartnershipActivity,
    SteeringGroupMeeting,
    SteeringGroupMember,
    partnership_contacts,
)
from lmb.scheduling.audiences import Audience, AudienceKind, Owner, session_audiences
from lmb.scheduling.models import OwnerKind, Session, SessionStatus


def steering_audience(group) -> Audience:
    members = db.session.scalars(
        select(SteeringGroupMember).where(
            SteeringGroupMember.steering_group_id == group.id,
            SteeringGroupMember.ended_at.is_(None),
        )
    ).all()
    people = [m.user for m in members]
    return Audience(
        title=group.name,
        url=absolute_url("partnerships.steering_group", slug=group.slug),
        people=people,
        bumps=member_bumps(group.id, [p.id for p in people]),
    )


def member_bumps(group_id: int, user_ids: list[int]) -> dict[int, int]:
    from lmb.partnerships.services import ended_memberships

    return {uid: 2 * count for uid, count in ended_memberships(group_id, user_ids).items()}


def of_meeting(audience: Audience, meeting: SteeringGroupMeeting) -> Audience:
    """The group's audience for one of its meetings: the meeting's title ("Yearly meeting
    2026") and agenda (its French beside the Dutch) in each reader's language."""
    return audience._replace(
        session_title=lambda: meeting.title_in_reader_language()[0],
        agenda=lambda: meeting.in_reader_language("agenda")[0],
    )


def steering_group_meeting(session: Session):
    meeting = db.session.scalar(
        select(SteeringGroupMeeting).where(SteeringGroupMeeting.session_id == session.id)
    )
    return of_meeting(steering_audience(meeting.steering_group), meeting) if meeting else None


def activity_audience(activity: PartnershipActivity) -> Audience:
    """The partnership's contacts, for the session of one of its activities: its title and
    description (the session's agenda) in each reader's language, the French if it has one."""
    partnership = activity.partnership
    return Audience(
        title=partnership.title,
        url=absolute_url("partnerships.partnership", slug=partnership.slug),
        people=list(partnership.contacts),
        session_title=lambda: activity.shown("title"),
        agenda=lambda: activity.shown("description"),
    )


def partnership_activity(session: Session):
    activity = db.session.scalar(
        select(PartnershipActivity).where(PartnershipActivity.session_id == session.id)
    )
    return activity_audience(activity) if activity is not None else None


def _member_of_group(user):
    # A cancelled meeting only for a member who had it: seated before it was cancelled.
    return exists().where(
        SteeringGroupMeeting.session_id == Session.id,
        SteeringGroupMember.steering_group_id == SteeringGroupMeeting.steering_group_id,
        SteeringGroupMember.user_id == user.id,
        SteeringGroupMember.ended_at.is_(None),
        or_(
            Session.status == SessionStatus.scheduled,
            Session.cancelled_at.is_(None),
            SteeringGroupMember.started_at <= Session.cancelled_at,
        ),
    )


def _meeting_owners(session_ids: list[int]) -> dict[int, Owner]:
    """The group of each meeting, with the meeting's title and agenda in the page's language."""
    meetings = db.session.scalars(
        select(SteeringGroupMeeting)
        .where(SteeringGroupMeeting.session_id.in_(session_ids))
        .options(
            joinedload(SteeringGroupMeeting.steering_group),
            joinedload(SteeringGroupMeeting.session),
        )
    )
    owners = {}
    for meeting in meetings:
        title, lang = meeting.title_in_reader_language()
        owners[meeting.session_id] = Owner(
            meeting.steering_group.name,
            absolute_url("partnerships.steering_group", slug=meeting.steering_group.slug),
            session_title=title,
            title_lang=lang,
            agenda=meeting.in_reader_language("agenda")[0],
        )
    return owners


def _meeting_bumps(user, session_ids: list[int]) -> dict[int, int]:
    """{session id: bump} of these meetings for one person: two per ended membership of
    the meeting's group, as member_bumps counts them for the invites (scheduling.sequences)."""
    rows = db.session.execute(
        select(SteeringGroupMeeting.session_id, func.count(SteeringGroupMember.id))
        .join(
            SteeringGroupMember,
            SteeringGroupMember.steering_group_id == SteeringGroupMeeting.steering_group_id,
        )
        .where(
            SteeringGroupMeeting.session_id.in_(session_ids),
            SteeringGroupMember.user_id == user.id,
            SteeringGroupMember.ended_at.is_not(None),
        )
        .group_by(SteeringGroupMeeting.session_id)
    )
    return {session_id: 2 * count for session_id, count in rows}


def _contact_of_partnership(user):
    # The contacts of a partnership carry no date they became one: a cancelled activity
    # stays in the feed of every present contact.
    return exists().where(
        PartnershipActivity.session_id == Session.id,
        partnership_contacts.c.partnership_id == PartnershipActivity.partnership_id,
        partnership_contacts.c.user_id == user.id,
    )


def _activity_owners(session_ids: list[int]) -> dict[int, Owner]:
    """The partnership of each activity's session, with the activity's title and description
    in the page's language (the French if it has one)."""
    rows = db.session.execute(
        select(PartnershipActivity, Partnership.title, Partnership.slug)
        .join(Partnership, Partnership.id == PartnershipActivity.partnership_id)
        .where(PartnershipActivity.session_id.in_(session_ids))
        .order_by(PartnershipActivity.id)
    )
    owners: dict[int, Owner] = {}
    for activity, title, slug in rows:
        if activity.session_id in owners:
            continue
        shown, lang = activity.in_reader_language("title")
        owners[activity.session_id] = Owner(
            title,
            absolute_url("partnerships.partnership", slug=slug),
            session_title=shown,
            title_lang=lang,
            agenda=activity.shown("description"),
        )
    return owners


STEERING_GROUP_MEETINGS = session_audiences.add(
    AudienceKind(steering_group_meeting, _member_of_group, _meeting_owners, _meeting_bumps),
    key=OwnerKind.steering_meeting.value,
)
PARTNERSHIP_ACTIVITIES = session_audiences.add(
    AudienceKind(partnership_activity, _contact_of_partnership, _activity_owners),
    key=OwnerKind.partnership_activity.value,
)


def upcoming(sessions) -> list[Session]:
    now = utcnow()
    return [s for s in sessions if s.status is SessionStatus.scheduled and s.ends_at > now]
