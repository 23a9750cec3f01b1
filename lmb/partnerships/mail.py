"""Mail for SDG partnerships and the steering group: members and candidates, applications,
the partnership's people and the partner's proposals (the calls as themes people follow are
lmb.partnerships.call_news).

Who is invited to their sessions (a partnership's meetings, the steering group's yearly
meeting) is lmb.partnerships.audiences, which this module imports and so registers."""

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from lmb import events
from lmb.core.i18n import InReaderLanguage
from lmb.core.urls import absolute_url
from lmb.notifications.outbox import Draft, enqueue, enqueue_many
from lmb.partnerships.audiences import (
    activity_audience,
    member_bumps,
    of_meeting,
    steering_audience,
    upcoming,
)
from lmb.partnerships.models import (
    ApplicationStatus,
    Side,
)
from lmb.partnerships.services.reports import responsible
from lmb.scheduling.invites import audience_drafts

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
                session,
                of_meeting(audience, meeting),
                [member.user],
                method="REQUEST",
                change="new",
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
                session,
                of_meeting(audience, meeting),
                [member.user],
                method="CANCEL",
                change="cancelled",
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
    drafts = []
    for activity in partnership.activities:
        if activity.session is None or not upcoming([activity.session]):
            continue
        session, audience = activity.session, activity_audience(activity)
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
