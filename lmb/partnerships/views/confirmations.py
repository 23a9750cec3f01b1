"""The pages that ask first: ending a steering-group membership, cancelling a meeting,
selecting, not selecting or withdrawing an application or a candidacy say what will happen,
in numbers; their form POSTs to the action itself."""

from flask import request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from lmb.core import dates
from lmb.core.models import utcnow
from lmb.core.permissions import guard
from lmb.core.views import confirm_page
from lmb.extensions import db
from lmb.partnerships.forms import SelectApplicationForm
from lmb.partnerships.models import (
    Candidacy,
    PartnershipActivity,
    PartnershipApplication,
    SteeringGroupMeeting,
    SteeringGroupMember,
)
from lmb.partnerships.permissions import (
    manager_required,
    may_withdraw_application,
    may_withdraw_candidacy,
    selector_required,
)
from lmb.partnerships.views import blueprint
from lmb.scheduling.audiences import audience_of


def _invited(session) -> int:
    audience = audience_of(session) if session is not None else None
    return len(audience.people) if audience is not None else 0


def _cancellation(session) -> str:
    return ngettext(
        "%(num)s person gets a cancellation by mail; it removes the meeting from their calendar.",
        "%(num)s people get a cancellation by mail; it removes the meeting from their calendars.",
        _invited(session),
    )


@blueprint.get("/steering-group/members/<id:member_id>/end")
@selector_required
def confirm_end_membership(member_id: int):
    member = db.get_or_404(SteeringGroupMember, member_id)
    group = member.steering_group
    return confirm_page(
        title=_("End the membership of %(name)s?", name=member.user.name),
        consequences=[
            _(
                "%(name)s is no longer a member of %(group)s; the seat becomes vacant.",
                name=member.user.name,
                group=group.name,
            ),
            _("The invitations to the coming yearly meetings are withdrawn from their calendar."),
        ],
        action=url_for("partnerships.end_membership", member_id=member.id),
        button=_("Yes, end the membership"),
        back=url_for("partnerships.steering_group", slug=group.slug),
    )


@blueprint.get("/steering-group/meetings/<id:meeting_id>/cancel")
@selector_required
def confirm_cancel_meeting(meeting_id: int):
    meeting = db.get_or_404(SteeringGroupMeeting, meeting_id)
    return confirm_page(
        title=_("Cancel the meeting %(title)s?", title=meeting.session.title),
        consequences=[_cancellation(meeting.session)],
        action=url_for("partnerships.cancel_meeting", meeting_id=meeting.id),
        button=_("Yes, cancel the meeting"),
        back=url_for("partnerships.edit_meeting", meeting_id=meeting.id),
    )


@blueprint.get("/partnerships/activities/<id:activity_id>/cancel-meeting")
@manager_required
def confirm_cancel_activity_meeting(activity_id: int):
    activity = db.get_or_404(PartnershipActivity, activity_id)
    return confirm_page(
        title=_("Cancel the meeting %(title)s?", title=activity.title),
        consequences=[_cancellation(activity.session)],
        action=url_for("partnerships.cancel_activity_meeting", activity_id=activity.id),
        button=_("Yes, cancel the meeting"),
        back=url_for("partnerships.edit_activity", activity_id=activity.id),
    )


@blueprint.get("/partnerships/applications/<id:application_id>/decline")
@manager_required
def confirm_decline_application(application_id: int):
    application = db.get_or_404(PartnershipApplication, application_id)
    return confirm_page(
        title=_("Not select the application of %(org)s?", org=application.organization.name),
        consequences=[
            _("The application of %(org)s is not selected.", org=application.organization.name),
            _("The municipality is told by mail."),
        ],
        action=url_for("partnerships.decline_application", application_id=application.id),
        button=_("Yes, do not select it"),
        back=url_for("partnerships.applications", slug=application.call.slug),
    )


@blueprint.get("/partnerships/applications/<id:application_id>/withdraw")
@login_required
def confirm_withdraw_application(application_id: int):
    application = db.get_or_404(PartnershipApplication, application_id)
    guard(may_withdraw_application, current_user, application, status=404)
    return confirm_page(
        title=_("Withdraw the application of %(org)s?", org=application.organization.name),
        consequences=[_("The application is withdrawn; it is no longer considered.")],
        action=url_for("partnerships.withdraw_application", application_id=application.id),
        button=_("Yes, withdraw the application"),
        back=url_for("partnerships.call", slug=application.call.slug),
    )


@blueprint.get("/steering-group/candidacies/<id:candidacy_id>/decline")
@selector_required
def confirm_decline_candidacy(candidacy_id: int):
    candidacy = db.get_or_404(Candidacy, candidacy_id)
    return confirm_page(
        title=_("Not select %(name)s?", name=candidacy.user.name),
        consequences=[
            _(
                "The candidacy of %(name)s for %(seat)s is not selected.",
                name=candidacy.user.name,
                seat=candidacy.seat.label,
            ),
            _("The candidate is told by mail."),
        ],
        action=url_for("partnerships.decline_candidacy", candidacy_id=candidacy.id),
        button=_("Yes, do not select %(name)s", name=candidacy.user.name),
        back=url_for("partnerships.candidacies", slug=candidacy.call.slug),
    )


@blueprint.get("/steering-group/candidacies/<id:candidacy_id>/withdraw")
@login_required
def confirm_withdraw_candidacy(candidacy_id: int):
    candidacy = db.get_or_404(Candidacy, candidacy_id)
    guard(may_withdraw_candidacy, current_user, candidacy, status=404)
    return confirm_page(
        title=_("Withdraw your candidacy?"),
        consequences=[
            _(
                "Your candidacy for %(seat)s is withdrawn; it is no longer considered.",
                seat=candidacy.seat.label,
            )
        ],
        action=url_for("partnerships.withdraw_candidacy", candidacy_id=candidacy.id),
        button=_("Yes, withdraw my candidacy"),
        back=url_for("partnerships.steering_group", slug=candidacy.call.steering_group.slug),
    )


@blueprint.get("/partnerships/applications/<id:application_id>/select")
@manager_required
def confirm_select_application(application_id: int):
    """The applications page sends the partner municipality and start date here (a GET form);
    the question shows them again, with their errors, before the partnership is made."""
    application = db.get_or_404(PartnershipApplication, application_id)
    back = url_for("partnerships.applications", slug=application.call.slug)
    if application.status.name != "submitted":
        return confirm_page(
            title=_("This application has been decided already."),
            consequences=[application.status.label],
            action=None,
            button=_("Back to the applications"),
            back=back,
            status=409,
        )
    asked = bool(request.args)
    form = SelectApplicationForm(formdata=request.args if asked else None, meta={"csrf": False})
    if asked:
        form.validate()
    organization = application.organization.name
    lines = [
        _(
            "%(org)s starts a partnership with %(partner)s on %(day)s.",
            org=organization,
            partner=form.partner_municipality.data,
            day=dates.day(form.starts_on.data),
        )
        if form.partner_municipality.data and form.starts_on.data and not form.errors
        else _(
            "%(org)s starts a partnership with the partner municipality you name.", org=organization
        ),
        _("The application is selected; this cannot be undone."),
    ]
    if application.submitted_by is not None:
        lines.append(
            _(
                "%(name)s, who applied, is told by mail and takes part in the partnership.",
                name=application.submitted_by.name,
            )
        )
    return confirm_page(
        title=_("Select the application of %(org)s?", org=organization),
        consequences=lines,
        form=form,
        action=url_for("partnerships.select_application", application_id=application.id),
        button=_("Yes, start the partnership"),
        back=back,
    )


@blueprint.get("/steering-group/candidacies/<id:candidacy_id>/select")
@selector_required
def confirm_select_candidacy(candidacy_id: int):
    candidacy = db.get_or_404(Candidacy, candidacy_id)
    group = candidacy.call.steering_group
    now = utcnow()
    coming = sum(
        1
        for meeting in group.meetings
        if meeting.session.status.name == "scheduled" and meeting.session.starts_at > now
    )
    return confirm_page(
        title=_("Select %(name)s?", name=candidacy.user.name),
        consequences=[
            _(
                "%(name)s becomes a member of %(group)s, on the seat %(seat)s.",
                name=candidacy.user.name,
                group=group.name,
                seat=candidacy.seat.label,
            ),
            ngettext(
                "They get the invitation to %(num)s coming yearly meeting by mail.",
                "They get the invitations to %(num)s coming yearly meetings by mail.",
                coming,
            ),
        ],
        action=url_for("partnerships.select_candidacy", candidacy_id=candidacy.id),
        button=_("Yes, select %(name)s", name=candidacy.user.name),
        back=url_for("partnerships.candidacies", slug=candidacy.call.slug),
    )
