"""Mail for SDG partnerships and the steering group: members and candidates, applications,
the partnership's people, the partner's proposals, and the calls as themes people follow.

Who is invited to their sessions (a partnership's meetings, the steering group's yearly
meeting) is lmb.partnerships.audiences, which this module imports and so registers."""

from flask_babel import lazy_gettext as _l

from lmb import events
from lmb.core.models import utcnow
from lmb.core.urls import absolute_url
from lmb.notifications.outbox import Draft, enqueue, enqueue_many
from lmb.notifications.subscriptions import ThemeSource, theme_sources
from lmb.partnerships.audiences import member_bumps, steering_audience, upcoming
from lmb.partnerships.models import (
    ApplicationStatus,
    Side,
)
from lmb.partnerships.services.reports import responsible
from lmb.scheduling.audiences import Audience
from lmb.scheduling.invites import audience_drafts
from lmb.tracks.mail import tell_news

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
    audience = steering_audience(group)
    drafts = []
    for meeting in group.meetings:
        for session in upcoming([meeting.session]):
            drafts += audience_drafts(
                session, audience, [member.user], method="REQUEST", change="new"
            )
    enqueue_many(drafts)


@events.steering_group_member_removed.connect
def withdraw_meeting_invites(member, **_):
    group = member.steering_group
    # The ended membership is counted: 2 * count - 1 lies between the last REQUEST and any
    # REQUEST after joining again.
    count = member_bumps(group.id, [member.user_id]).get(member.user_id, 0)
    audience = steering_audience(group)._replace(bumps={member.user_id: count - 1})
    drafts = []
    for meeting in group.meetings:
        for session in upcoming([meeting.session]):
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
        subject=_l("Your application: %(call)s", call=application.call.title),
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
        subject=_l("Decision on your application: %(call)s", call=application.call.title),
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
    sessions = upcoming([a.session for a in partnership.activities if a.session is not None])
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
        "title": activity.title,
        "description": activity.description,
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
    enqueue_many(
        [
            Draft(
                key=f"partnership-activity:{activity.id}:proposed:user:{person.id}",
                kind="partnerships/activity_proposed",
                template="partnerships/mail/partnerships/activity_proposed",
                recipient=person,
                subject=_l(
                    "%(partner)s proposes an activity: %(title)s",
                    partner=activity.partnership.partner_municipality.name,
                    title=activity.title,
                ),
                context=_proposal_context(activity),
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
        subject=_l("Your proposal is confirmed: %(title)s", title=activity.title)
        if confirmed
        else _l("Your proposal is declined: %(title)s", title=activity.title),
        context={**_proposal_context(activity), "confirmed": confirmed},
    )


# Calls as themes people follow: a new call for SDG partnerships, a changed call for the
# steering group's candidates (issue 16).

CALL_THEMES = {
    "partnerships": _l("Calls for SDG partnerships"),
    "steering-group": _l("Calls for candidates for the steering group"),
}


def _call_choices() -> list[tuple[str, str]]:
    return [(id_, str(title)) for id_, title in CALL_THEMES.items()]


def _call_titles(ids: list[str]) -> dict:
    return {id_: CALL_THEMES[id_] for id_ in ids if id_ in CALL_THEMES}


theme_sources.add(
    ThemeSource(
        kind="calls",
        heading=_l("Calls"),
        choices=_call_choices,
        titles=_call_titles,
        content=False,
    ),
    key="calls",
)


@events.call_saved.connect
def tell_call_news(call, created: bool, **_):
    from lmb.partnerships.models import CandidateCall

    if isinstance(call, CandidateCall):
        which = "steering-group"
        url = absolute_url("partnerships.steering_group", slug=call.steering_group.slug)
    elif created:
        which = "partnerships"
        url = absolute_url("partnerships.call", slug=call.slug)
    else:
        return  # a call for partnerships is news when it is published
    stamp = utcnow().isoformat()
    tell_news(
        f"calls:{which}",
        CALL_THEMES[which],
        key=f"call:{which}:{call.id}:{stamp}",
        title=call.title,
        summary=plain_summary(call.description),
        url=url,
    )


def plain_summary(text: str) -> str:
    return " ".join((text or "").split())[:1000]
