"""Mail for SDG partnerships and the steering group, and who is invited to their sessions.

The sessions of partnership activities and the steering group's yearly meetings have no track:
the resolvers below name their audience (scheduling.audiences), so the invites and
reminders of every session reach the partnership's contacts and the group's members.
"""

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, or_, select

from lmb import events
from lmb.core.i18n import InReaderLanguage
from lmb.core.models import utcnow
from lmb.core.urls import absolute_url
from lmb.extensions import db
from lmb.notifications.outbox import Draft, enqueue, enqueue_many
from lmb.partnerships.models import (
    ApplicationStatus,
    Partnership,
    PartnershipActivity,
    Side,
    SteeringGroup,
    SteeringGroupMeeting,
    SteeringGroupMember,
    partnership_contacts,
)
from lmb.partnerships.services.reports import responsible
from lmb.scheduling.audiences import Audience, AudienceKind, Owner, session_audiences
from lmb.scheduling.invites import audience_drafts
from lmb.scheduling.models import OwnerKind, Session, SessionStatus

# Audiences


def _steering_audience(group) -> Audience:
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
        bumps=_bumps(group.id, [p.id for p in people]),
    )


def _bumps(group_id: int, user_ids: list[int]) -> dict[int, int]:
    from lmb.partnerships.services import ended_memberships

    return {uid: 2 * count for uid, count in ended_memberships(group_id, user_ids).items()}


def steering_group_meeting(session: Session):
    meeting = db.session.scalar(
        select(SteeringGroupMeeting).where(SteeringGroupMeeting.session_id == session.id)
    )
    return _steering_audience(meeting.steering_group) if meeting else None


def partnership_activity(session: Session):
    activity = db.session.scalar(
        select(PartnershipActivity).where(PartnershipActivity.session_id == session.id)
    )
    if activity is None:
        return None
    partnership = activity.partnership
    return Audience(
        title=partnership.title,
        url=absolute_url("partnerships.partnership", slug=partnership.slug),
        people=list(partnership.contacts),
    )


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
    rows = db.session.execute(
        select(SteeringGroupMeeting.session_id, SteeringGroup.name, SteeringGroup.slug)
        .join(SteeringGroup, SteeringGroup.id == SteeringGroupMeeting.steering_group_id)
        .where(SteeringGroupMeeting.session_id.in_(session_ids))
    )
    return {
        session_id: Owner(name, absolute_url("partnerships.steering_group", slug=slug))
        for session_id, name, slug in rows
    }


def _meeting_bumps(user, session_ids: list[int]) -> dict[int, int]:
    """{session id: bump} of these meetings for one person: two per ended membership of
    the meeting's group, as _bumps counts them for the invites (scheduling.sequences)."""
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
    rows = db.session.execute(
        select(PartnershipActivity.session_id, Partnership.title, Partnership.slug)
        .join(Partnership, Partnership.id == PartnershipActivity.partnership_id)
        .where(PartnershipActivity.session_id.in_(session_ids))
        .order_by(PartnershipActivity.id)
    )
    owners: dict[int, Owner] = {}
    for session_id, title, slug in rows:
        owners.setdefault(
            session_id, Owner(title, absolute_url("partnerships.partnership", slug=slug))
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


def _upcoming(sessions) -> list[Session]:
    now = utcnow()
    return [s for s in sessions if s.status is SessionStatus.scheduled and s.ends_at > now]


# Steering group


@events.steering_group_member_added.connect
def welcome_member_and_invite(member, **_):
    group = member.steering_group
    url = absolute_url("partnerships.steering_group", slug=group.slug)
    enqueue(
        key=f"steering-group:member:{member.id}:welcome",
        kind="partnerships/member_added",
        template="partnerships/mail/partnerships/member_added",
        recipient=member.user,
        subject=_l("Welcome to the %(group)s", group=group.name),
        context={"group": group, "seat": member.seat, "group_url": url},
    )
    audience = _steering_audience(group)
    drafts = []
    for meeting in group.meetings:
        for session in _upcoming([meeting.session]):
            drafts += audience_drafts(
                session, audience, [member.user], method="REQUEST", change="new"
            )
    enqueue_many(drafts)


@events.steering_group_member_removed.connect
def withdraw_meeting_invites(member, **_):
    group = member.steering_group
    # The ended membership is counted: 2 * count - 1 lies between the last REQUEST and any
    # REQUEST after joining again.
    count = _bumps(group.id, [member.user_id]).get(member.user_id, 0)
    audience = _steering_audience(group)._replace(bumps={member.user_id: count - 1})
    drafts = []
    for meeting in group.meetings:
        for session in _upcoming([meeting.session]):
            drafts += audience_drafts(
                session, audience, [member.user], method="CANCEL", change="cancelled"
            )
    enqueue_many(drafts)


@events.candidacy_submitted.connect
def confirm_candidacy(candidacy, **_):
    group = candidacy.call.steering_group
    enqueue(
        key=f"steering-group:candidacy:{candidacy.id}:received",
        kind="partnerships/candidacy_received",
        template="partnerships/mail/partnerships/candidacy_received",
        recipient=candidacy.user,
        subject=_l("Your candidacy for the %(group)s", group=group.name),
        context={
            "group": group,
            "call": candidacy.call,
            "seat": candidacy.seat,
            "group_url": absolute_url("partnerships.steering_group", slug=group.slug),
        },
    )


@events.candidacy_declined.connect
def tell_candidacy_declined(candidacy, **_):
    group = candidacy.call.steering_group
    enqueue(
        key=f"steering-group:candidacy:{candidacy.id}:declined",
        kind="partnerships/candidacy_declined",
        template="partnerships/mail/partnerships/candidacy_declined",
        recipient=candidacy.user,
        subject=_l("Your candidacy for the %(group)s", group=group.name),
        context={"group": group, "seat": candidacy.seat},
    )


# Partnerships


@events.partnership_application_submitted.connect
def confirm_application(application, **_):
    if application.submitted_by is None:
        return
    enqueue(
        key=f"partnerships:application:{application.id}:received",
        kind="partnerships/application_received",
        template="partnerships/mail/partnerships/application_received",
        recipient=application.submitted_by,
        subject=lambda: gettext("Your application: %(call)s", call=application.call.shown("title")),
        context={"application": application, "call": application.call},
    )


@events.partnership_application_decided.connect
def tell_application_decision(application, **_):
    if application.submitted_by is None:
        return
    partnership = application.partnership
    enqueue(
        key=f"partnerships:application:{application.id}:{application.status.name}",
        kind="partnerships/application_decided",
        template="partnerships/mail/partnerships/application_decided",
        recipient=application.submitted_by,
        subject=lambda: gettext(
            "Decision on your application: %(call)s", call=application.call.shown("title")
        ),
        context={
            "application": application,
            "call": application.call,
            "selected": application.status is ApplicationStatus.selected,
            "partnership": partnership,
            "partnership_url": (
                absolute_url("partnerships.partnership", slug=partnership.slug)
                if partnership
                else None
            ),
        },
    )


@events.partnership_contacts_changed.connect
def invite_partnership_contacts(partnership, added, removed, **_):
    sessions = _upcoming([a.session for a in partnership.activities if a.session is not None])
    if not sessions:
        return
    audience = Audience(
        title=partnership.title,
        url=absolute_url("partnerships.partnership", slug=partnership.slug),
        people=list(partnership.contacts),
    )
    drafts = []
    for session in sessions:
        drafts += audience_drafts(session, audience, added, method="REQUEST", change="new")
        drafts += audience_drafts(session, audience, removed, method="CANCEL", change="cancelled")
    enqueue_many(drafts)


# Proposals of the partner municipality (issue 18)


def _proposal_context(activity) -> dict:
    partnership = activity.partnership
    return {
        # Read in each recipient's language when the mail is rendered (the French, if any).
        "title": InReaderLanguage(lambda: activity.shown("title")),
        "description": InReaderLanguage(lambda: activity.shown("description")),
        "starts_on": activity.starts_on,
        "ends_on": activity.ends_on,
        "amount": activity.planned_amount,
        "partnership_title": partnership.title,
        "partner": partnership.partner_municipality.name,
        "flemish": partnership.flemish_municipality.name,
        "proposed_by": activity.proposed_by.name if activity.proposed_by else "",
        "partnership_url": absolute_url("partnerships.partnership", slug=partnership.slug)
        + "#proposals",
    }


@events.partnership_activity_proposed.connect
def ask_the_flemish_side(activity, **_):
    """The Flemish side's people are asked to confirm a proposal of the partner municipality."""
    context = _proposal_context(activity)

    def subject() -> str:
        return gettext(
            "%(partner)s proposes an activity: %(title)s",
            partner=activity.partnership.partner_municipality.name,
            title=activity.shown("title"),
        )

    enqueue_many(
        [
            Draft(
                key=f"partnership-activity:{activity.id}:proposed:user:{person.id}",
                kind="partnerships/activity_proposed",
                template="partnerships/mail/partnerships/activity_proposed",
                recipient=person,
                subject=subject,
                context=context,
            )
            for person in responsible(activity.partnership, Side.flemish)
        ]
    )


@events.partnership_activity_decided.connect
def tell_the_proposer(activity, confirmed: bool, **_):
    person = activity.proposed_by
    if person is None or not person.active:
        return
    enqueue(
        key=f"partnership-activity:{activity.id}:decided:user:{person.id}",
        kind="partnerships/activity_decided",
        template="partnerships/mail/partnerships/activity_decided",
        recipient=person,
        subject=(
            (
                lambda: gettext(
                    "Your proposal is confirmed: %(title)s", title=activity.shown("title")
                )
            )
            if confirmed
            else (
                lambda: gettext(
                    "Your proposal is declined: %(title)s", title=activity.shown("title")
                )
            )
        ),
        context={**_proposal_context(activity), "confirmed": confirmed},
    )
