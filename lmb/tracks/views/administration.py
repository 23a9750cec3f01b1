"""The staff's pages of programmes (their dates, contact and milestones) and of tracks (start
a new one, edit all a track's page holds). The rules are the services'; a refusal is shown on
its field."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from lmb.core.errors import ServiceError
from lmb.core.forms import ConfirmForm
from lmb.core.permissions import permission_required
from lmb.core.templating import period
from lmb.core.views import (
    answer,
    asks_first,
    check_answers,
    confirm_page,
    refused,
    show_service_error,
    status_of,
)
from lmb.extensions import db
from lmb.tracks import services
from lmb.tracks.forms import MilestoneForm, ProgrammeForm, TrackForm
from lmb.tracks.models import DatePrecision, Milestone, TrackStatus
from lmb.tracks.permissions import (
    may_manage_milestone,
    may_run_programmes,
    may_start_track,
    programme_manager_required,
    programme_or_404,
    track_manager_required,
)
from lmb.tracks.views import blueprint


def _milestone_row(milestone_id: int) -> Milestone:
    return db.get_or_404(Milestone, milestone_id)


milestone_manager_required = permission_required(may_manage_milestone, _milestone_row)


def _page(template: str, form, **context):
    """The form again after a POST that did not save: 422, with the refusals on the fields."""
    return render_template(template, form=form, **context), status_of(form)


def _programme_values(form: ProgrammeForm) -> dict:
    return {
        "title": form.title.data,
        "summary": form.summary.data or "",
        "title_fr": form.title_fr.data or "",
        "summary_fr": form.summary_fr.data or "",
        "starts_on": form.starts_on.data,
        "ends_on": form.ends_on.data,
        "contact_name": form.contact_name.data or "",
        "contact_email": form.contact_email.data or "",
    }


@blueprint.route("/programmes/new", methods=["GET", "POST"])
@login_required
@permission_required(may_run_programmes)
def new_programme():
    form = ProgrammeForm()
    if form.validate_on_submit():
        try:
            programme = services.save_programme(None, by=current_user, **_programme_values(form))
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The programme is created. Add its milestones."), "success")
            return redirect(url_for("tracks.edit_programme", slug=programme.slug))
    return _page("tracks/programme_form.html", form, programme=None)


@blueprint.route("/programmes/<slug>/edit", methods=["GET", "POST"])
@login_required
@programme_manager_required
def edit_programme(programme, slug: str):
    form = ProgrammeForm(obj=programme if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            services.save_programme(programme, by=current_user, **_programme_values(form))
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The programme is saved."), "success")
            return redirect(url_for("tracks.programme", slug=programme.slug))
    return _page("tracks/programme_form.html", form, programme=programme)


def _save_milestone(form: MilestoneForm, programme, milestone=None):
    return services.save_milestone(
        programme,
        milestone,
        by=current_user,
        kind=form.kind.data,
        title=form.title.data,
        title_en=form.title_en.data or "",
        description=form.description.data or "",
        description_en=form.description_en.data or "",
        title_fr=form.title_fr.data or "",
        description_fr=form.description_fr.data or "",
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
        period=form.period.data or "",
    )


@blueprint.route("/programmes/<slug>/milestones/new", methods=["GET", "POST"])
@login_required
@programme_manager_required
def new_milestone(programme, slug: str):
    form = MilestoneForm()
    if form.validate_on_submit():
        try:
            _save_milestone(form, programme)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The milestone is added."), "success")
            return redirect(url_for("tracks.edit_programme", slug=programme.slug))
    return _page("tracks/milestone_form.html", form, programme=programme, milestone=None)


@blueprint.route("/milestones/<id:milestone_id>/edit", methods=["GET", "POST"])
@login_required
@milestone_manager_required
def edit_milestone(milestone, milestone_id: int):
    programme = milestone.programme
    form = MilestoneForm(obj=milestone if request.method == "GET" else None)
    if request.method == "GET" and milestone.precision is not DatePrecision.day:
        form.starts_on.data = form.ends_on.data = None
        form.period.data = period(milestone.starts_on, milestone.ends_on, milestone.precision)
    elif request.method == "GET" and milestone.ends_on == milestone.starts_on:
        form.ends_on.data = None
    if form.validate_on_submit():
        try:
            _save_milestone(form, programme, milestone)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The milestone is saved."), "success")
            return redirect(url_for("tracks.edit_programme", slug=programme.slug))
    return _page("tracks/milestone_form.html", form, programme=programme, milestone=milestone)


@blueprint.get("/milestones/<id:milestone_id>/delete")
@login_required
@milestone_manager_required
def confirm_delete_milestone(milestone, milestone_id: int):
    """Asks first, as every removal does (core.views.confirm_page)."""
    return confirm_page(
        title=_("Remove the milestone %(title)s?", title=milestone.shown_title),
        consequences=[
            _(
                "The milestone disappears from the page and the timeline of %(programme)s.",
                programme=milestone.programme.title,
            )
        ],
        action=url_for("tracks.delete_milestone", milestone_id=milestone.id),
        button=_("Yes, remove the milestone"),
        back=url_for("tracks.edit_programme", slug=milestone.programme.slug),
    )


@blueprint.post("/milestones/<id:milestone_id>/delete")
@asks_first
@login_required
@milestone_manager_required
def delete_milestone(milestone, milestone_id: int):
    programme = milestone.programme
    if ConfirmForm().validate_on_submit():
        services.delete_milestone(milestone, by=current_user)
        flash(_("The milestone is removed."), "success")
    return redirect(url_for("tracks.edit_programme", slug=programme.slug))


def _track_changes(form: TrackForm) -> dict | None:
    """The form's changes, or None when a phase has only one of its dates."""
    changes = form.changes()
    return None if any(field.errors for field in form) else changes


@blueprint.route("/programmes/<slug>/tracks/new", methods=["GET", "POST"])
@login_required
@permission_required(may_start_track, programme_or_404)
def new_track(programme, slug: str):
    form = TrackForm()
    if request.method == "GET":
        form.status.data = form.status.choices[0][0]
    if form.validate_on_submit() and (changes := _track_changes(form)) is not None:
        try:
            track = services.start_track(programme, by=current_user, **changes)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The track is started."), "success")
            return redirect(url_for("tracks.track", slug=track.slug))
    return _page("tracks/track_form.html", form, programme=programme, track=None)


@blueprint.route("/tracks/<slug>/edit", methods=["GET", "POST"])
@login_required
@track_manager_required
def edit_track(track, slug: str):
    form = TrackForm()
    if request.method == "GET":
        form.show(track)
    if (
        form.validate_on_submit()
        and (changes := _track_changes(form)) is not None
        and answer() != "change"
    ):
        opening = changes.get("status") is TrackStatus.open and track.status is not TrackStatus.open
        told = services.told_when_opened(track) if opening else 0
        if answer() != "yes" and refused(
            form, lambda: services.check_update(track, by=current_user, **changes)
        ):
            return _page("tracks/track_form.html", form, programme=track.programme, track=track)
        if told and answer() != "yes":
            return check_answers(
                title=_("Open %(title)s for registration?", title=track.title),
                consequences=[
                    ngettext(
                        "%(num)s person who asked to be told or follows the theme hears of it by mail.",
                        "%(num)s people who asked to be told or follow the theme hear of it by mail.",
                        told,
                    )
                ],
                button=_("Yes, save and open the track"),
                back=url_for("tracks.track", slug=track.slug),
            )
        try:
            services.update_track(track, by=current_user, **changes)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The track is saved."), "success")
            return redirect(url_for("tracks.track", slug=track.slug))
    return _page("tracks/track_form.html", form, programme=track.programme, track=track)
