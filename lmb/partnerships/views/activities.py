"""A partnership's activities: the form (a meeting is a session that invites the
partnership's people, so its save asks first) and cancelling a meeting."""

from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from lmb.core import dates
from lmb.core.errors import ServiceError
from lmb.core.forms import ConfirmForm
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
from lmb.partnerships.forms import ActivityForm
from lmb.partnerships.models import PartnershipActivity
from lmb.partnerships.permissions import manager_required
from lmb.partnerships.views import blueprint, moved
from lmb.partnerships.views.partnerships import partnership_or_404
from lmb.scheduling import services as scheduling
from lmb.scheduling.forms import moment_of, show_moment


def _meeting(form):
    if not form.meeting.data:
        return None
    starts_at, ends_at = moment_of(form)
    if ends_at <= starts_at:
        ends_at += timedelta(days=1)
    return services.Meeting(
        starts_at=starts_at,
        ends_at=ends_at,
        location=form.location.data or "",
        online_url=form.online_url.data or "",
    )


def _activity_question(partnership, activity, form, meeting):
    """The question before a save that mails the partnership's people: a new meeting invites
    them, a moved one sends them the update. None when the save mails nobody."""
    people = services.partnership_invitees(partnership)
    if meeting is None or not people:
        return None
    session = activity.session if activity is not None else None
    if session is None:
        return check_answers(
            title=_("Plan the meeting %(title)s?", title=form.title.data),
            consequences=[
                dates.span(meeting.starts_at, meeting.ends_at),
                ngettext(
                    "%(num)s person of the partnership gets an invitation by mail for their "
                    "calendar.",
                    "%(num)s people of the partnership get an invitation by mail for their "
                    "calendars.",
                    people,
                ),
            ],
            button=_("Yes, save and invite"),
            back=url_for("partnerships.partnership", slug=partnership.slug),
        )
    if session.status.name != "scheduled" or not scheduling.would_change(
        session,
        title=form.title.data,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        location=meeting.location,
        online_url=meeting.online_url,
    ):
        return None
    return check_answers(
        title=_("Change the meeting %(title)s?", title=session.title),
        consequences=[
            moved(session, meeting.starts_at, meeting.ends_at),
            ngettext(
                "%(num)s person of the partnership gets the update by mail; their calendar "
                "follows.",
                "%(num)s people of the partnership get the update by mail; their calendars follow.",
                people,
            ),
        ],
        button=_("Yes, save and send the update"),
        back=url_for("partnerships.partnership", slug=partnership.slug),
    )


def _activity_form_page(partnership, activity):
    form = ActivityForm(obj=activity if request.method == "GET" else None)
    if request.method == "GET" and activity is not None and activity.session is not None:
        session = activity.session
        form.meeting.data = True
        show_moment(form, session)
        form.location.data = session.location
        form.online_url.data = session.online_url
    if form.validate_on_submit() and answer() != "change":
        values = {
            "starts_on": form.starts_on.data,
            "ends_on": form.ends_on.data or form.starts_on.data,
            "side": form.side.data,
            "planned_amount": form.planned_amount.data,
            "spent_amount": form.spent_amount.data or 0,
            "meeting": _meeting(form),
        }
        if answer() != "yes" and refused(
            form, lambda: services.check_activity(partnership, activity, **values)
        ):
            return _form_page(partnership, activity, form)
        if answer() != "yes" and (
            question := _activity_question(partnership, activity, form, values["meeting"])
        ):
            return question
        try:
            services.save_activity(
                partnership,
                activity,
                by=current_user,
                title=form.title.data,
                description=form.description.data or "",
                title_fr=form.title_fr.data or "",
                description_fr=form.description_fr.data or "",
                **values,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The activity is saved."), "success")
            return redirect(url_for("partnerships.partnership", slug=partnership.slug))
    return _form_page(partnership, activity, form)


def _form_page(partnership, activity, form):
    return render_template(
        "partnerships/activity_form.html",
        partnership=partnership,
        activity=activity,
        form=form,
        confirm_form=ConfirmForm(),
    ), status_of(form)


@blueprint.route("/partnerships/<slug>/activities/new", methods=["GET", "POST"])
@manager_required
def new_activity(slug: str):
    return _activity_form_page(partnership_or_404(slug), None)


@blueprint.route("/partnerships/activities/<id:activity_id>/edit", methods=["GET", "POST"])
@manager_required
def edit_activity(activity_id: int):
    activity = db.get_or_404(PartnershipActivity, activity_id)
    return _activity_form_page(activity.partnership, activity)


@blueprint.post("/partnerships/activities/<id:activity_id>/cancel-meeting")
@asks_first
@manager_required
def cancel_activity_meeting(activity_id: int):
    activity = db.get_or_404(PartnershipActivity, activity_id)
    if ConfirmForm().validate_on_submit():
        flash_outcome(
            lambda: services.cancel_activity_meeting(activity, by=current_user),
            _("The meeting is cancelled; the invitations are withdrawn."),
        )
    return redirect(url_for("partnerships.partnership", slug=activity.partnership.slug))
