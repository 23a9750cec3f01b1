"""The steering group: candidacies, selection and members (its yearly meeting: meetings.py)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lmb.core.errors import ServiceError
from lmb.core.forms import ConfirmForm
from lmb.core.models import utcnow
from lmb.core.views import asks_first, flash_outcome, show_service_error, status_of
from lmb.extensions import db
from lmb.partnerships import services
from lmb.partnerships.forms import (
    CandidacyForm,
    CandidateCallForm,
    SteeringGroupDescriptionForm,
)
from lmb.partnerships.models import (
    Candidacy,
    SteeringGroupMember,
)
from lmb.partnerships.permissions import (
    selector_required,
)
from lmb.partnerships.views import (
    blueprint,
    call_window,
    day_and_time,
)

# The steering group


def group_or_404(slug: str):
    group = services.steering_group_by_slug(slug)
    if group is None:
        abort(404)
    return group


def _readable(group) -> set[int]:
    """The meetings whose record the reader may open (members and the association's staff)."""
    return {m.id for m in group.meetings if services.may_read_record(current_user, m)}


@blueprint.get("/steering-group/<slug>")
def steering_group(slug: str):
    group = group_or_404(slug)
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
        readable=_readable(group),
        deadline_text=services.deadline_text,
        deadline_at_midnight=services.deadline_at_midnight,
        last_day=services.last_day,
        confirm_form=ConfirmForm(),
    )


@blueprint.route("/steering-group/<slug>/description", methods=["GET", "POST"])
@selector_required
def edit_steering_group_description(slug: str):
    """The group's description in Dutch, English and French; it mails nobody."""
    group = group_or_404(slug)
    form = SteeringGroupDescriptionForm(obj=group if request.method == "GET" else None)
    if form.validate_on_submit():
        services.describe_steering_group(
            group,
            by=current_user,
            description=form.description.data or "",
            description_en=form.description_en.data or "",
            description_fr=form.description_fr.data or "",
        )
        flash(_("The description is saved."), "success")
        return redirect(url_for("partnerships.steering_group", slug=group.slug))
    return render_template(
        "partnerships/steering_description_form.html", form=form, group=group
    ), status_of(form)


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
        readable=_readable(group),
        deadline_text=services.deadline_text,
        deadline_at_midnight=services.deadline_at_midnight,
        last_day=services.last_day,
        confirm_form=ConfirmForm(),
    ), 422


@blueprint.route("/steering-group/calls/<slug>/edit", methods=["GET", "POST"])
@selector_required
def edit_candidate_call(slug: str):
    call = services.candidate_call_by_slug(slug)
    if call is None:
        abort(404)
    form = CandidateCallForm(obj=call if request.method == "GET" else None)
    if request.method == "GET":
        form.opens_day.data, form.opens_time.data = day_and_time(call.opens_at)
        form.closes_day.data, form.closes_time.data = day_and_time(call.closes_at)
    if form.validate_on_submit():
        opens_at, closes_at = call_window(form)
        try:
            services.update_candidate_call(
                call,
                by=current_user,
                title=form.title.data,
                description=form.description.data or "",
                title_fr=form.title_fr.data or "",
                description_fr=form.description_fr.data or "",
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
    ), status_of(form)


@blueprint.get("/steering-group/calls/<slug>/candidacies")
@selector_required
def candidacies(slug: str):
    call = services.candidate_call_by_slug(slug)
    if call is None:
        abort(404)
    return render_template(
        "partnerships/candidacies.html",
        call=call,
        deadline=services.deadline_text(call),
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
@asks_first
@selector_required
def select_candidacy(candidacy_id: int):
    candidacy = _candidacy_action(
        candidacy_id,
        lambda c: services.select_candidacy(c, by=current_user),
        _("The candidate is a member now and is invited to the yearly meetings."),
    )
    return redirect(url_for("partnerships.candidacies", slug=candidacy.call.slug))


@blueprint.post("/steering-group/candidacies/<id:candidacy_id>/decline")
@asks_first
@selector_required
def decline_candidacy(candidacy_id: int):
    candidacy = _candidacy_action(
        candidacy_id,
        lambda c: services.decline_candidacy(c, by=current_user),
        _("The candidacy is not selected; the candidate is told."),
    )
    return redirect(url_for("partnerships.candidacies", slug=candidacy.call.slug))


@blueprint.post("/steering-group/candidacies/<id:candidacy_id>/withdraw")
@asks_first
@login_required
def withdraw_candidacy(candidacy_id: int):
    candidacy = _candidacy_action(
        candidacy_id,
        lambda c: services.withdraw_candidacy(c, by=current_user),
        _("Your candidacy is withdrawn."),
    )
    return redirect(url_for("partnerships.steering_group", slug=candidacy.call.steering_group.slug))


@blueprint.post("/steering-group/members/<id:member_id>/end")
@asks_first
@selector_required
def end_membership(member_id: int):
    member = db.get_or_404(SteeringGroupMember, member_id)
    if ConfirmForm().validate_on_submit():
        flash_outcome(
            lambda: services.end_membership(member, by=current_user),
            _("The membership has ended; the meeting invitations are withdrawn."),
        )
    return redirect(url_for("partnerships.steering_group", slug=member.steering_group.slug))
