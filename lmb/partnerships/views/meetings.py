"""The steering group's yearly meeting: planned and moved (the save asks first, as it mails
the members), cancelled, and its record, which the members read and the coordinators write."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from lmb.core import dates
from lmb.core.errors import ServiceError
from lmb.core.forms import ConfirmForm
from lmb.core.permissions import permission_required
from lmb.core.views import (
    answer,
    asks_first,
    check_answers,
    flash_outcome,
    refused,
    show_service_error,
    status_of,
)
from lmb.extensions import db
from lmb.partnerships import services
from lmb.partnerships.forms import MeetingForm, MeetingRecordForm
from lmb.partnerships.models import SteeringGroupMeeting
from lmb.partnerships.permissions import (
    manager_required,
    may_read_meeting_record,
    selector_required,
)
from lmb.partnerships.views import blueprint, moved
from lmb.partnerships.views.steering import group_or_404
from lmb.scheduling import services as scheduling
from lmb.scheduling.forms import moment_of, show_moment


def _meeting_question(group, meeting, form, starts_at, ends_at):
    """A meeting planned invites the members, a meeting moved sends them the update: the save
    asks first when there are members to mail (None: it mails nobody)."""
    members = services.steering_invitees(group)
    location, online_url = form.location.data or "", form.online_url.data or ""
    if not members:
        return None
    if meeting is None:
        return check_answers(
            title=_("Plan the yearly meeting of %(group)s?", group=group.name),
            consequences=[
                dates.span(starts_at, ends_at),
                ngettext(
                    "%(num)s member of the steering group gets an invitation by mail for their "
                    "calendar.",
                    "%(num)s members of the steering group get an invitation by mail for their "
                    "calendars.",
                    members,
                ),
            ],
            button=_("Yes, plan the meeting and invite"),
            back=url_for("partnerships.steering_group", slug=group.slug),
        )
    session = meeting.session
    if session.status.name != "scheduled" or not scheduling.would_change(
        session, starts_at=starts_at, ends_at=ends_at, location=location, online_url=online_url
    ):
        return None
    return check_answers(
        title=_("Change the meeting %(title)s?", title=session.title),
        consequences=[
            moved(session, starts_at, ends_at),
            ngettext(
                "%(num)s member of the steering group gets the update by mail; their calendar "
                "follows.",
                "%(num)s members of the steering group get the update by mail; their calendars "
                "follow.",
                members,
            ),
        ],
        button=_("Yes, save and send the update"),
        back=url_for("partnerships.steering_group", slug=group.slug),
    )


@blueprint.route("/steering-group/<slug>/meetings/new", methods=["GET", "POST"])
@selector_required
def new_meeting(slug: str):
    group = group_or_404(slug)
    form = MeetingForm()
    if form.validate_on_submit() and answer() != "change":
        starts_at, ends_at = moment_of(form)
        place = {"location": form.location.data or "", "online_url": form.online_url.data or ""}
        if answer() != "yes" and refused(
            form,
            lambda: services.check_new_meeting(
                group, starts_at=starts_at, ends_at=ends_at, **place
            ),
        ):
            return _form_page(form, group, None)
        if answer() != "yes" and (
            question := _meeting_question(group, None, form, starts_at, ends_at)
        ):
            return question
        try:
            services.schedule_meeting(
                group,
                by=current_user,
                starts_at=starts_at,
                ends_at=ends_at,
                agenda=form.agenda.data or "",
                **place,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The meeting is planned; the members receive an invitation."), "success")
            return redirect(url_for("partnerships.steering_group", slug=group.slug))
    return _form_page(form, group, None)


def _form_page(form, group, meeting):
    return render_template(
        "partnerships/meeting_form.html",
        form=form,
        group=group,
        meeting=meeting,
        confirm_form=ConfirmForm(),
    ), status_of(form)


@blueprint.route("/steering-group/meetings/<id:meeting_id>/edit", methods=["GET", "POST"])
@selector_required
def edit_meeting(meeting_id: int):
    meeting = db.get_or_404(SteeringGroupMeeting, meeting_id)
    session = meeting.session
    form = MeetingForm(obj=session if request.method == "GET" else None)
    if request.method == "GET":
        show_moment(form, session)
    if form.validate_on_submit() and answer() != "change":
        starts_at, ends_at = moment_of(form)
        changes = {
            "starts_at": starts_at,
            "ends_at": ends_at,
            "location": form.location.data or "",
            "online_url": form.online_url.data or "",
        }
        if answer() != "yes" and refused(form, lambda: services.check_move(meeting, **changes)):
            return _form_page(form, meeting.steering_group, meeting)
        if answer() != "yes" and (
            question := _meeting_question(meeting.steering_group, meeting, form, starts_at, ends_at)
        ):
            return question
        try:
            services.move_meeting(
                meeting, by=current_user, agenda=form.agenda.data or "", **changes
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The meeting is saved; members' calendars follow."), "success")
            return redirect(
                url_for("partnerships.steering_group", slug=meeting.steering_group.slug)
            )
    return _form_page(form, meeting.steering_group, meeting)


@blueprint.post("/steering-group/meetings/<id:meeting_id>/cancel")
@asks_first
@selector_required
def cancel_meeting(meeting_id: int):
    meeting = db.get_or_404(SteeringGroupMeeting, meeting_id)
    if ConfirmForm().validate_on_submit():
        flash_outcome(
            lambda: services.cancel_meeting(meeting, by=current_user),
            _("The meeting is cancelled; members' calendars remove it."),
        )
    return redirect(url_for("partnerships.steering_group", slug=meeting.steering_group.slug))


# The record of a yearly meeting: the members read it, the association's coordinators write it.


def _meeting(meeting_id: int) -> SteeringGroupMeeting:
    return db.get_or_404(SteeringGroupMeeting, meeting_id)


@blueprint.get("/steering-group/meetings/<id:meeting_id>")
@permission_required(may_read_meeting_record, load=_meeting)
def meeting(meeting: SteeringGroupMeeting, meeting_id: int):
    return render_template(
        "partnerships/meeting.html",
        meeting=meeting,
        group=meeting.steering_group,
        can_write=services.can_manage(current_user),
    )


@blueprint.route("/steering-group/meetings/<id:meeting_id>/record", methods=["GET", "POST"])
@manager_required
def write_meeting_record(meeting_id: int):
    meeting = _meeting(meeting_id)
    form = MeetingRecordForm(
        obj=meeting if request.method == "GET" else None,
        agenda=meeting.session.agenda if request.method == "GET" else None,
    )
    if form.validate_on_submit():
        try:
            services.write_meeting_record(
                meeting,
                by=current_user,
                agenda=form.agenda.data or "",
                minutes=form.minutes.data or "",
                decisions=form.decisions.data or "",
                agenda_fr=form.agenda_fr.data or "",
                minutes_fr=form.minutes_fr.data or "",
                decisions_fr=form.decisions_fr.data or "",
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The meeting's record is saved; the members can read it."), "success")
            return redirect(url_for("partnerships.meeting", meeting_id=meeting.id))
    return render_template(
        "partnerships/meeting_record_form.html",
        form=form,
        meeting=meeting,
        group=meeting.steering_group,
    ), status_of(form)
