"""Pages of SDG partnerships: the overview, a partnership with its activities and budget, calls
and applications, the steering group (candidacies, members, yearly meeting), outcome harvesting."""

from datetime import time, timedelta

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_currency
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from lmb.accounts.models import Organization, OrganizationKind, User
from lmb.core.errors import ServiceError
from lmb.core.forms import ConfirmForm
from lmb.core.models import utcnow
from lmb.core.timezones import local_datetime, to_local
from lmb.core.views import flash_outcome, show_service_error
from lmb.extensions import db, login_manager
from lmb.partnerships import exports, services
from lmb.partnerships.forms import (
    ActivityForm,
    ApplicationForm,
    CallForm,
    CandidacyForm,
    CandidateCallForm,
    ContactsForm,
    MeetingForm,
    OutcomeForm,
    PartnershipEditForm,
    PartnershipForm,
    SelectApplicationForm,
    StedenbandForm,
)
from lmb.partnerships.models import (
    Candidacy,
    OutcomeRecord,
    PartnershipActivity,
    PartnershipApplication,
    SteeringGroupMeeting,
    SteeringGroupMember,
)
from lmb.tracks import services as tracks

blueprint = Blueprint("partnerships", __name__)
END_OF_DAY = time(23, 59, 59)


def _manager_only():
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if not services.can_manage(current_user):
        abort(403)


def _admin_only():
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if not services.can_select(current_user):
        abort(403)


def _status(form) -> int:
    return 422 if form.is_submitted() else 200


def _xlsx(body: bytes, name: str) -> Response:
    response = Response(
        body, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _window(form, *, open_required=True):
    opens_at = None
    if form.opens_day.data is not None:
        opens_at = local_datetime(form.opens_day.data, form.opens_time.data or time(0))
    closes_at = local_datetime(form.closes_day.data, form.closes_time.data or END_OF_DAY)
    return opens_at, closes_at


# Overview and partnerships


@blueprint.get("/partnerships/")
def overview():
    now = utcnow()
    return render_template(
        "partnerships/overview.html",
        partnerships=services.partnerships(),
        calls=services.calls(),
        groups=services.steering_groups(),
        now=now,
        can_manage=services.can_manage(current_user),
        applications=services.applications_of(current_user),
        my_meetings=(
            services.meetings_of_member(current_user) if current_user.is_authenticated else []
        ),
    )


def _partnership_or_404(slug: str):
    partnership = services.partnership_by_slug(slug)
    if partnership is None:
        abort(404)
    return partnership


@blueprint.get("/partnerships/<slug>")
def partnership(slug: str):
    partnership = _partnership_or_404(slug)
    return render_template(
        "partnerships/partnership.html",
        partnership=partnership,
        budget=services.budget_overview(partnership),
        can_manage=services.can_manage(current_user),
        today=to_local(utcnow()).date(),
        confirm_form=ConfirmForm(),
    )


@blueprint.route("/partnerships/new", methods=["GET", "POST"])
def new_partnership():
    _manager_only()
    form = PartnershipForm()
    if form.validate_on_submit():
        try:
            created = services.create_partnership(
                by=current_user,
                country=form.country.data,
                flemish_municipality=form.flemish_municipality.data,
                partner_municipality=form.partner_municipality.data,
                starts_on=form.starts_on.data,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The partnership is added."), "success")
            return redirect(url_for("partnerships.edit_partnership", slug=created.slug))
    return render_template("partnerships/partnership_new.html", form=form), _status(form)


@blueprint.route("/partnerships/<slug>/edit", methods=["GET", "POST"])
def edit_partnership(slug: str):
    _manager_only()
    partnership = _partnership_or_404(slug)
    form = PartnershipEditForm(obj=partnership if request.method == "GET" else None)
    if request.method == "GET":
        form.sdgs.data = [str(n) for n in partnership.sdgs or []]
    if form.validate_on_submit():
        try:
            services.update_partnership(
                partnership,
                by=current_user,
                title=form.title.data,
                summary=form.summary.data or "",
                starts_on=form.starts_on.data,
                ends_on=form.ends_on.data,
                budget_flemish=form.budget_flemish.data,
                budget_partner=form.budget_partner.data,
                sdgs=form.sdgs.data,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The partnership is saved."), "success")
            return redirect(url_for("partnerships.partnership", slug=partnership.slug))
    contacts = ContactsForm(prefix="contacts")
    contacts.emails.data = "\n".join(u.email for u in partnership.contacts)
    stedenband = StedenbandForm(prefix="stedenband", obj=None)
    if partnership.stedenband_since:
        stedenband.since.data = partnership.stedenband_since
        stedenband.url.data = partnership.stedenband_url
        stedenband.note.data = partnership.stedenband_note
    return render_template(
        "partnerships/partnership_edit.html",
        partnership=partnership,
        form=form,
        contacts=contacts,
        stedenband=stedenband,
    ), _status(form)


@blueprint.post("/partnerships/<slug>/contacts")
def partnership_contacts(slug: str):
    _manager_only()
    partnership = _partnership_or_404(slug)
    form = ContactsForm(prefix="contacts")
    if form.validate_on_submit():
        emails = {e.strip().lower() for e in (form.emails.data or "").split() if e.strip()}
        people = list(db.session.scalars(select(User).where(User.email.in_(emails))))
        unknown = sorted(emails - {u.email for u in people})
        if unknown:
            flash(_("No account for: %(emails)s", emails=", ".join(unknown)[:500]), "error")
        else:
            services.set_contacts(partnership, people, by=current_user)
            flash(_("The people of the partnership are saved."), "success")
    else:
        flash(_("Some of the input is not valid."), "error")
    return redirect(url_for("partnerships.edit_partnership", slug=slug))


@blueprint.post("/partnerships/<slug>/stedenband")
def partnership_stedenband(slug: str):
    _manager_only()
    partnership = _partnership_or_404(slug)
    form = StedenbandForm(prefix="stedenband")
    if form.validate_on_submit():
        flash_outcome(
            lambda: services.record_stedenband(
                partnership,
                by=current_user,
                since=form.since.data,
                url=form.url.data or "",
                note=form.note.data or "",
            ),
            _("The partnership continues as a stedenband."),
        )
    else:
        for errors in form.errors.values():
            flash(" ".join(str(e) for e in errors), "error")
    return redirect(url_for("partnerships.edit_partnership", slug=slug))


# Activities


def _meeting(form):
    if not form.meeting.data:
        return None
    starts_at = local_datetime(form.day.data, form.starts.data)
    ends_at = local_datetime(form.day.data, form.ends.data)
    if ends_at <= starts_at:
        ends_at += timedelta(days=1)
    return services.Meeting(
        starts_at=starts_at,
        ends_at=ends_at,
        location=form.location.data or "",
        online_url=form.online_url.data or "",
    )


def _activity_form_page(partnership, activity):
    form = ActivityForm(obj=activity if request.method == "GET" else None)
    if request.method == "GET" and activity is not None and activity.session is not None:
        session = activity.session
        form.meeting.data = True
        form.day.data = to_local(session.starts_at).date()
        form.starts.data = to_local(session.starts_at).time()
        form.ends.data = to_local(session.ends_at).time()
        form.location.data = session.location
        form.online_url.data = session.online_url
    if form.validate_on_submit():
        try:
            services.save_activity(
                partnership,
                activity,
                by=current_user,
                title=form.title.data,
                description=form.description.data or "",
                starts_on=form.starts_on.data,
                ends_on=form.ends_on.data or form.starts_on.data,
                side=form.side.data,
                planned_amount=form.planned_amount.data,
                spent_amount=form.spent_amount.data or 0,
                meeting=_meeting(form),
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The activity is saved."), "success")
            return redirect(url_for("partnerships.partnership", slug=partnership.slug))
    return render_template(
        "partnerships/activity_form.html",
        partnership=partnership,
        activity=activity,
        form=form,
        confirm_form=ConfirmForm(),
    ), _status(form)


@blueprint.route("/partnerships/<slug>/activities/new", methods=["GET", "POST"])
def new_activity(slug: str):
    _manager_only()
    return _activity_form_page(_partnership_or_404(slug), None)


@blueprint.route("/partnerships/activities/<id:activity_id>/edit", methods=["GET", "POST"])
def edit_activity(activity_id: int):
    _manager_only()
    activity = db.get_or_404(PartnershipActivity, activity_id)
    return _activity_form_page(activity.partnership, activity)


@blueprint.post("/partnerships/activities/<id:activity_id>/cancel-meeting")
def cancel_activity_meeting(activity_id: int):
    _manager_only()
    activity = db.get_or_404(PartnershipActivity, activity_id)
    if ConfirmForm().validate_on_submit():
        flash_outcome(
            lambda: services.cancel_activity_meeting(activity, by=current_user),
            _("The meeting is cancelled; the invitations are withdrawn."),
        )
    return redirect(url_for("partnerships.partnership", slug=activity.partnership.slug))


# Budget


@blueprint.get("/partnerships/budget")
def budget():
    _manager_only()
    overviews = [services.budget_overview(p) for p in services.partnerships()]
    return render_template("partnerships/budget.html", overviews=overviews)


@blueprint.get("/partnerships/budget.xlsx")
def budget_xlsx():
    _manager_only()
    overviews = [services.budget_overview(p) for p in services.partnerships()]
    return _xlsx(exports.budget_xlsx(overviews), "budget-sdg-partnerschappen")


@blueprint.get("/partnerships/<slug>/budget.xlsx")
def partnership_budget_xlsx(slug: str):
    _manager_only()
    partnership = _partnership_or_404(slug)
    return _xlsx(
        exports.budget_xlsx([services.budget_overview(partnership)]), f"budget-{partnership.slug}"
    )


# Calls for partnerships


def _call_or_404(slug: str):
    call = services.call_by_slug(slug)
    if call is None:
        abort(404)
    return call


@blueprint.route("/partnerships/calls/<slug>", methods=["GET", "POST"])
def call(slug: str):
    call = _call_or_404(slug)
    form = ApplicationForm()
    mine = (
        services.live_application(call, current_user.organization_id)
        if current_user.is_authenticated
        else None
    )
    if request.method == "POST":
        if not current_user.is_authenticated:
            abort(login_manager.unauthorized())
        if form.validate_on_submit():
            try:
                services.apply(
                    current_user, call, country=form.country.data, motivation=form.motivation.data
                )
            except ServiceError as error:
                show_service_error(form, error)
            else:
                flash(_("Your municipality's application is received."), "success")
                return redirect(url_for("partnerships.call", slug=call.slug))
    return render_template(
        "partnerships/call.html",
        call=call,
        form=form,
        mine=mine,
        now=utcnow(),
        can_manage=services.can_manage(current_user),
    ), _status(form)


@blueprint.route("/partnerships/calls/new", methods=["GET", "POST"])
def new_call():
    _manager_only()
    return _call_form_page(None)


@blueprint.route("/partnerships/calls/<slug>/edit", methods=["GET", "POST"])
def edit_call(slug: str):
    _manager_only()
    return _call_form_page(_call_or_404(slug))


def _call_form_page(call):
    form = CallForm(obj=call if request.method == "GET" else None)
    if request.method == "GET" and call is not None:
        form.opens_day.data, form.opens_time.data = _day_time(call.opens_at)
        form.closes_day.data, form.closes_time.data = _day_time(call.closes_at)
    if form.validate_on_submit():
        opens_at, closes_at = _window(form)
        try:
            saved = services.save_call(
                call,
                by=current_user,
                title=form.title.data,
                description=form.description.data or "",
                opens_at=opens_at,
                closes_at=closes_at,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The call is saved."), "success")
            return redirect(url_for("partnerships.call", slug=saved.slug))
    return render_template("partnerships/call_form.html", form=form, call=call), _status(form)


def _day_time(moment):
    if moment is None:
        return None, None
    local = to_local(moment)
    return local.date(), local.time().replace(microsecond=0)


@blueprint.get("/partnerships/calls/<slug>/applications")
def applications(slug: str):
    _manager_only()
    call = _call_or_404(slug)
    return render_template(
        "partnerships/applications.html",
        call=call,
        select_form=SelectApplicationForm(),
        confirm_form=ConfirmForm(),
    )


@blueprint.post("/partnerships/applications/<id:application_id>/select")
def select_application(application_id: int):
    _manager_only()
    application = db.get_or_404(PartnershipApplication, application_id)
    form = SelectApplicationForm()
    if form.validate_on_submit():
        flash_outcome(
            lambda: services.select_application(
                application,
                by=current_user,
                partner_municipality=form.partner_municipality.data,
                starts_on=form.starts_on.data,
            ),
            _("The application is selected; the partnership is added."),
        )
    else:
        flash(_("Name the partner municipality and the start date."), "error")
    return redirect(url_for("partnerships.applications", slug=application.call.slug))


@blueprint.post("/partnerships/applications/<id:application_id>/decline")
def decline_application(application_id: int):
    _manager_only()
    application = db.get_or_404(PartnershipApplication, application_id)
    if ConfirmForm().validate_on_submit():
        flash_outcome(
            lambda: services.decline_application(application, by=current_user),
            _("The application is not selected; the municipality is told."),
        )
    return redirect(url_for("partnerships.applications", slug=application.call.slug))


@blueprint.post("/partnerships/applications/<id:application_id>/withdraw")
@login_required
def withdraw_application(application_id: int):
    application = db.get_or_404(PartnershipApplication, application_id)
    if ConfirmForm().validate_on_submit():
        flash_outcome(
            lambda: services.withdraw_application(application, by=current_user),
            _("The application is withdrawn."),
        )
    return redirect(url_for("partnerships.call", slug=application.call.slug))


# The steering group


def _group_or_404(slug: str):
    group = services.steering_group_by_slug(slug)
    if group is None:
        abort(404)
    return group


@blueprint.get("/steering-group/<slug>")
def steering_group(slug: str):
    group = _group_or_404(slug)
    now = utcnow()
    calls = services.calls_of(group)
    forms = {c.id: CandidacyForm(seats=c.seats, prefix=f"call{c.id}") for c in calls}
    return render_template(
        "partnerships/steering_group.html",
        group=group,
        calls=calls,
        forms=forms,
        now=now,
        members=services.members(group),
        mine={c.id: services.live_candidacy(c, current_user) for c in calls},
        can_select=services.can_select(current_user),
        confirm_form=ConfirmForm(),
    )


@blueprint.post("/steering-group/calls/<slug>/apply")
@login_required
def stand_as_candidate(slug: str):
    call = services.candidate_call_by_slug(slug)
    if call is None:
        abort(404)
    group = call.steering_group
    form = CandidacyForm(seats=call.seats, prefix=f"call{call.id}")
    if form.validate_on_submit():
        seat = next(s for s in call.seats if s.id == form.seat.data)
        try:
            services.stand_as_candidate(
                current_user,
                call,
                seat,
                motivation=form.motivation.data,
                committee_member=form.committee_member.data,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("Thank you: your candidacy is received."), "success")
            return redirect(url_for("partnerships.steering_group", slug=group.slug))
    calls = services.calls_of(group)
    forms = {c.id: CandidacyForm(seats=c.seats, prefix=f"call{c.id}") for c in calls}
    forms[call.id] = form
    return render_template(
        "partnerships/steering_group.html",
        group=group,
        calls=calls,
        forms=forms,
        now=utcnow(),
        members=services.members(group),
        mine={c.id: services.live_candidacy(c, current_user) for c in calls},
        can_select=services.can_select(current_user),
        confirm_form=ConfirmForm(),
    ), 422


@blueprint.route("/steering-group/calls/<slug>/edit", methods=["GET", "POST"])
def edit_candidate_call(slug: str):
    _admin_only()
    call = services.candidate_call_by_slug(slug)
    if call is None:
        abort(404)
    form = CandidateCallForm(obj=call if request.method == "GET" else None)
    if request.method == "GET":
        form.opens_day.data, form.opens_time.data = _day_time(call.opens_at)
        form.closes_day.data, form.closes_time.data = _day_time(call.closes_at)
    if form.validate_on_submit():
        opens_at, closes_at = _window(form)
        try:
            services.update_candidate_call(
                call,
                by=current_user,
                title=form.title.data,
                description=form.description.data or "",
                opens_at=opens_at,
                closes_at=closes_at,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The call is saved."), "success")
            return redirect(url_for("partnerships.candidacies", slug=call.slug))
    return render_template(
        "partnerships/call_form.html", form=form, call=call, candidate_call=True
    ), _status(form)


@blueprint.get("/steering-group/calls/<slug>/candidacies")
def candidacies(slug: str):
    _admin_only()
    call = services.candidate_call_by_slug(slug)
    if call is None:
        abort(404)
    return render_template(
        "partnerships/candidacies.html",
        call=call,
        group=call.steering_group,
        candidacies=services.candidacies(call),
        members=services.members(call.steering_group),
        confirm_form=ConfirmForm(),
    )


def _candidacy_action(candidacy_id: int, action, message: str):
    candidacy = db.get_or_404(Candidacy, candidacy_id)
    if ConfirmForm().validate_on_submit():
        flash_outcome(lambda: action(candidacy), message)
    return candidacy


@blueprint.post("/steering-group/candidacies/<id:candidacy_id>/select")
def select_candidacy(candidacy_id: int):
    _admin_only()
    candidacy = _candidacy_action(
        candidacy_id,
        lambda c: services.select_candidacy(c, by=current_user),
        _("The candidate is a member now and is invited to the yearly meetings."),
    )
    return redirect(url_for("partnerships.candidacies", slug=candidacy.call.slug))


@blueprint.post("/steering-group/candidacies/<id:candidacy_id>/decline")
def decline_candidacy(candidacy_id: int):
    _admin_only()
    candidacy = _candidacy_action(
        candidacy_id,
        lambda c: services.decline_candidacy(c, by=current_user),
        _("The candidacy is not selected; the candidate is told."),
    )
    return redirect(url_for("partnerships.candidacies", slug=candidacy.call.slug))


@blueprint.post("/steering-group/candidacies/<id:candidacy_id>/withdraw")
@login_required
def withdraw_candidacy(candidacy_id: int):
    candidacy = _candidacy_action(
        candidacy_id,
        lambda c: services.withdraw_candidacy(c, by=current_user),
        _("Your candidacy is withdrawn."),
    )
    return redirect(url_for("partnerships.steering_group", slug=candidacy.call.steering_group.slug))


@blueprint.post("/steering-group/members/<id:member_id>/end")
def end_membership(member_id: int):
    _admin_only()
    member = db.get_or_404(SteeringGroupMember, member_id)
    if ConfirmForm().validate_on_submit():
        flash_outcome(
            lambda: services.end_membership(member, by=current_user),
            _("The membership has ended; the meeting invitations are withdrawn."),
        )
    return redirect(url_for("partnerships.steering_group", slug=member.steering_group.slug))


def _meeting_times(form):
    starts_at = local_datetime(form.day.data, form.starts.data)
    ends_at = local_datetime(form.day.data, form.ends.data)
    return starts_at, ends_at


@blueprint.route("/steering-group/<slug>/meetings/new", methods=["GET", "POST"])
def new_meeting(slug: str):
    _admin_only()
    group = _group_or_404(slug)
    form = MeetingForm()
    if form.validate_on_submit():
        starts_at, ends_at = _meeting_times(form)
        try:
            services.schedule_meeting(
                group,
                by=current_user,
                starts_at=starts_at,
                ends_at=ends_at,
                location=form.location.data or "",
                online_url=form.online_url.data or "",
                agenda=form.agenda.data or "",
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The meeting is planned; the members receive an invitation."), "success")
            return redirect(url_for("partnerships.steering_group", slug=group.slug))
    return render_template(
        "partnerships/meeting_form.html", form=form, group=group, meeting=None
    ), _status(form)


@blueprint.route("/steering-group/meetings/<id:meeting_id>/edit", methods=["GET", "POST"])
def edit_meeting(meeting_id: int):
    _admin_only()
    meeting = db.get_or_404(SteeringGroupMeeting, meeting_id)
    session = meeting.session
    form = MeetingForm(obj=session if request.method == "GET" else None)
    if request.method == "GET":
        form.day.data = to_local(session.starts_at).date()
        form.starts.data = to_local(session.starts_at).time()
        form.ends.data = to_local(session.ends_at).time()
    if form.validate_on_submit():
        starts_at, ends_at = _meeting_times(form)
        try:
            services.move_meeting(
                meeting,
                by=current_user,
                starts_at=starts_at,
                ends_at=ends_at,
                location=form.location.data or "",
                online_url=form.online_url.data or "",
                agenda=form.agenda.data or "",
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The meeting is saved; members' calendars follow."), "success")
            return redirect(
                url_for("partnerships.steering_group", slug=meeting.steering_group.slug)
            )
    return render_template(
        "partnerships/meeting_form.html",
        form=form,
        group=meeting.steering_group,
        meeting=meeting,
        confirm_form=ConfirmForm(),
    ), _status(form)


@blueprint.post("/steering-group/meetings/<id:meeting_id>/cancel")
def cancel_meeting(meeting_id: int):
    _admin_only()
    meeting = db.get_or_404(SteeringGroupMeeting, meeting_id)
    if ConfirmForm().validate_on_submit():
        flash_outcome(
            lambda: services.cancel_meeting(meeting, by=current_user),
            _("The meeting is cancelled; members' calendars remove it."),
        )
    return redirect(url_for("partnerships.steering_group", slug=meeting.steering_group.slug))


# Outcome harvesting


def _positive(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isascii() and value.isdigit() and 0 < int(value) < 2**31 else None


def _filters() -> services.OutcomeFilters:
    substantiated = {"yes": True, "no": False}.get(request.args.get("substantiated", ""))
    sdg = _positive("sdg")
    year = _positive("year")
    return services.OutcomeFilters(
        sdg=sdg if sdg and sdg <= 17 else None,
        municipality_id=_positive("municipality"),
        partnership_id=_positive("partnership"),
        track_id=_positive("track"),
        year=year if year and 1900 < year < 3000 else None,
        substantiated=substantiated,
        text=request.args.get("q", "")[:200].replace("\x00", ""),
    )


def _choices():
    municipalities = db.session.scalars(
        select(Organization)
        .where(
            Organization.kind.in_(
                [OrganizationKind.municipality, OrganizationKind.partner_municipality]
            )
        )
        .order_by(Organization.name)
    ).all()
    return {
        "municipalities": municipalities,
        "partnerships": services.partnerships(),
        "tracks": tracks.all_tracks(),
    }


@blueprint.get("/outcomes/")
def outcomes():
    _manager_only()
    filters = _filters()
    return render_template(
        "partnerships/outcomes.html",
        records=services.outcomes(filters),
        filters=filters,
        years=services.outcome_years(),
        **_choices(),
    )


@blueprint.get("/outcomes/export.xlsx")
def outcomes_xlsx():
    _manager_only()
    return _xlsx(exports.outcomes_xlsx(services.outcomes(_filters())), "outcome-harvesting")


@blueprint.get("/outcomes/<id:record_id>")
def outcome(record_id: int):
    _manager_only()
    return render_template(
        "partnerships/outcome.html", record=db.get_or_404(OutcomeRecord, record_id)
    )


def _outcome_form_page(record):
    choices = _choices()
    form = OutcomeForm(obj=record if request.method == "GET" else None, **choices)
    if request.method == "GET" and record is not None:
        form.sdgs.data = [str(n) for n in record.sdgs or []]
        form.municipality_id.data = record.municipality_id or 0
        form.partnership_id.data = record.partnership_id or 0
        form.track_id.data = record.track_id or 0
    if form.validate_on_submit():
        try:
            saved = services.save_outcome(
                record,
                by=current_user,
                municipality=db.session.get(Organization, form.municipality_id.data or 0),
                partnership=next(
                    (p for p in choices["partnerships"] if p.id == form.partnership_id.data), None
                ),
                track=next((t for t in choices["tracks"] if t.id == form.track_id.data), None),
                sdgs=form.sdgs.data,
                visited_on=form.visited_on.data,
                actor=form.actor.data,
                change=form.change.data,
                occurred_on=form.occurred_on.data,
                place=form.place.data or "",
                significance=form.significance.data or "",
                contribution=form.contribution.data or "",
                sources=form.sources.data or "",
                substantiation=form.substantiation.data or "",
                confirmed_by=form.confirmed_by.data or "",
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The outcome is recorded."), "success")
            return redirect(url_for("partnerships.outcome", record_id=saved.id))
    return render_template("partnerships/outcome_form.html", form=form, record=record), _status(
        form
    )


@blueprint.route("/outcomes/new", methods=["GET", "POST"])
def new_outcome():
    _manager_only()
    return _outcome_form_page(None)


@blueprint.route("/outcomes/<id:record_id>/edit", methods=["GET", "POST"])
def edit_outcome(record_id: int):
    _manager_only()
    return _outcome_form_page(db.get_or_404(OutcomeRecord, record_id))


@blueprint.app_template_filter("euro")
def euro(value) -> str:
    """An exact amount in euros, in the reader's language (€ 35.000,00 / €35,000.00)."""
    return "" if value is None else format_currency(value, "EUR")
