"""The coordinator's pages of a track: its registrations and their exports, adding and
confirming people, its sessions and their attendance, its settings; and a municipality's
people across tracks."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from lmb.accounts import services as accounts
from lmb.accounts.models import Organization
from lmb.core import dates
from lmb.core.errors import ServiceError
from lmb.core.forms import ConfirmForm
from lmb.core.models import utcnow
from lmb.core.permissions import permission_required
from lmb.core.views import (
    answer,
    asks_first,
    check_answers,
    confirm_page,
    download,
    flash_outcome,
    refused,
    show_service_error,
    status_of,
)
from lmb.extensions import db
from lmb.scheduling import services as scheduling
from lmb.scheduling.forms import moment_of, show_moment
from lmb.scheduling.models import Session
from lmb.tracks import exports, services
from lmb.tracks.forms import AddPersonForm, SessionForm, TrackSettingsForm
from lmb.tracks.models import RegistrationStatus
from lmb.tracks.permissions import (
    may_manage_its_track,
    may_see_organization_people,
    track_manager_required,
)
from lmb.tracks.views import blueprint, registration_row


def _organization_row(organization_id: int) -> Organization:
    return db.get_or_404(Organization, organization_id)


def _track_session_or_404(session_id: int) -> Session:
    """A session of a track; sessions of other domains are managed on their own pages."""
    session = db.get_or_404(Session, session_id)
    if session.track is None:
        abort(404)
    return session


# The coordinator's pages of one of the track's sessions: the view receives the session.
session_manager_required = permission_required(may_manage_its_track, _track_session_or_404)


def _registration_filters():
    status = request.args.get("status", "")
    organization = request.args.get("organization", "")
    search = request.args.get("q", "").strip()[:200]
    return {
        "status": RegistrationStatus[status] if status in RegistrationStatus.__members__ else None,
        "organization_id": int(organization)
        if organization.isascii() and organization.isdigit() and len(organization) < 10
        else None,
        "search": search,
    }


@blueprint.get("/tracks/<slug>/manage")
@login_required
@track_manager_required
def manage(track, slug: str):
    filters = _registration_filters()
    registrations = services.track_registrations(track, **filters)
    everyone = services.track_registrations(track)
    organizations = sorted(
        {r.user.organization for r in everyone if r.user.organization}, key=lambda o: o.name
    )
    return render_template(
        "tracks/manage.html",
        track=track,
        registrations=registrations,
        organizations=organizations,
        filters=filters,
        statuses=RegistrationStatus.choices(),
        counts=services.registration_counts([track.id])[track.id],
        attendance=scheduling.attendance_counts([s.id for s in track.sessions]),
        add_form=AddPersonForm(),
        now=utcnow(),
    )


@blueprint.get("/tracks/<slug>/registrations.<any(csv, xlsx):kind>")
@login_required
@track_manager_required
def export_registrations(track, slug: str, kind: str):
    registrations = services.track_registrations(track, **_registration_filters())
    filename = f"inschrijvingen-{track.slug}.{kind}"
    if kind == "csv":
        return download(exports.as_csv(registrations), filename)
    return download(exports.as_xlsx(registrations, track.title), filename)


@blueprint.post("/tracks/<slug>/registrations/add")
@login_required
@track_manager_required
def add_person(track, slug: str):
    form = AddPersonForm()
    if form.validate_on_submit():
        person = accounts.find_user_by_email(form.email.data)
        if person is None:
            flash(
                _("No account with this e-mail address. Ask the person to create one first."),
                "error",
            )
        else:
            flash_outcome(
                lambda: services.register(person, track, by=current_user),
                _("%(name)s is registered.", name=person.name),
            )
    else:
        flash(_("Enter a valid e-mail address."), "error")
    return redirect(url_for("tracks.manage", slug=track.slug))


@blueprint.post("/registrations/<id:registration_id>/confirm")
@login_required
@permission_required(may_manage_its_track, registration_row)
def confirm_registration(registration, registration_id: int):
    if ConfirmForm().validate_on_submit():
        flash_outcome(
            lambda: services.confirm(registration, by=current_user),
            _("The registration is confirmed."),
        )
    return redirect(url_for("tracks.manage", slug=registration.track.slug))


@blueprint.route("/tracks/<slug>/sessions/new", methods=["GET", "POST"])
@login_required
@track_manager_required
def new_session(track, slug: str):
    form = SessionForm()
    if form.validate_on_submit() and answer() != "change":
        starts_at, ends_at = moment_of(form)
        participants = services.registration_counts([track.id])[track.id].confirmed
        if answer() != "yes" and refused(
            form,
            lambda: scheduling.check_new_session(
                track, phase=form.phase.data, starts_at=starts_at, ends_at=ends_at
            ),
        ):
            return _session_page(form, track, None)
        if participants and answer() != "yes":
            return check_answers(
                title=_("Add the session %(title)s?", title=form.title.data),
                consequences=[
                    dates.span(starts_at, ends_at),
                    ngettext(
                        "%(num)s participant gets an invitation by mail for their calendar.",
                        "%(num)s participants get an invitation by mail for their calendars.",
                        participants,
                    ),
                ],
                button=_("Yes, add the session"),
                back=url_for("tracks.manage", slug=track.slug),
            )
        try:
            scheduling.create_session(
                track,
                phase=form.phase.data,
                title=form.title.data,
                starts_at=starts_at,
                ends_at=ends_at,
                location=form.location.data or "",
                online_url=form.online_url.data or "",
                agenda=form.agenda.data or "",
                capacity=form.capacity.data,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(
                _("The session is added; confirmed participants receive an invitation."), "success"
            )
            return redirect(url_for("tracks.manage", slug=track.slug))
    return _session_page(form, track, None)


def _session_page(form, track, session):
    """The session's form; 422 with the refusals on their fields after a POST that did not save."""
    page = render_template("tracks/session_form.html", form=form, track=track, session=session)
    return page, status_of(form)


@blueprint.route("/sessions/<id:session_id>/edit", methods=["GET", "POST"])
@login_required
@session_manager_required
def edit_session(session, session_id: int):
    track = session.track
    form = SessionForm(obj=session if request.method == "GET" else None)
    if request.method == "GET":
        show_moment(form, session)
    if form.validate_on_submit() and answer() != "change":
        starts_at, ends_at = moment_of(form)
        visible = {
            "title": form.title.data,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "location": form.location.data or "",
            "online_url": form.online_url.data or "",
        }
        participants = services.registration_counts([track.id])[track.id].confirmed
        if answer() != "yes" and refused(
            form,
            lambda: scheduling.check_change(session, starts_at=starts_at, ends_at=ends_at),
        ):
            return _session_page(form, track, session)
        if (
            participants
            and answer() != "yes"
            and session.status.name == "scheduled"
            and scheduling.would_change(session, **visible)
        ):
            return check_answers(
                title=_("Change the session %(title)s?", title=session.title),
                consequences=[
                    _(
                        "From %(old)s to %(new)s.",
                        old=dates.span(session.starts_at, session.ends_at),
                        new=dates.span(starts_at, ends_at),
                    )
                    if (starts_at, ends_at) != (session.starts_at, session.ends_at)
                    else _("The time stays %(when)s.", when=dates.span(starts_at, ends_at)),
                    ngettext(
                        "%(num)s participant gets the update by mail; their calendar follows.",
                        "%(num)s participants get the update by mail; their calendars follow.",
                        participants,
                    ),
                ],
                button=_("Yes, change the session"),
                back=url_for("tracks.edit_session", session_id=session.id),
            )
        try:
            changed = scheduling.change_session(
                session,
                title=form.title.data,
                starts_at=starts_at,
                ends_at=ends_at,
                location=form.location.data or "",
                online_url=form.online_url.data or "",
                agenda=form.agenda.data or "",
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(
                _("The session is changed; participants receive the update in their calendar.")
                if changed
                else _("The session is saved."),
                "success",
            )
            return redirect(url_for("tracks.manage", slug=track.slug))
    return _session_page(form, track, session)


@blueprint.get("/sessions/<id:session_id>/cancel")
@login_required
@session_manager_required
def confirm_cancel_session(session, session_id: int):
    """Asks first, saying how many participants get a cancellation."""
    track = session.track
    participants = services.registration_counts([track.id])[track.id].confirmed
    return confirm_page(
        title=_("Cancel the session %(title)s?", title=session.title),
        consequences=[
            ngettext(
                "%(num)s participant gets a cancellation by mail; it removes the session from their calendar.",
                "%(num)s participants get a cancellation by mail; it removes the session from their calendars.",
                participants,
            ),
            _("The session stays on the track's page as cancelled; it cannot be planned again."),
        ],
        action=url_for("tracks.cancel_session", session_id=session.id),
        button=_("Yes, cancel the session"),
        back=url_for("tracks.edit_session", session_id=session.id),
    )


@blueprint.post("/sessions/<id:session_id>/cancel")
@asks_first
@login_required
@session_manager_required
def cancel_session(session, session_id: int):
    track = session.track
    if ConfirmForm().validate_on_submit():
        scheduling.cancel_session(session)
        flash(_("The session is cancelled; participants' calendars remove it."), "success")
    return redirect(url_for("tracks.manage", slug=track.slug))


@blueprint.route("/sessions/<id:session_id>/attendance", methods=["GET", "POST"])
@login_required
@session_manager_required
def attendance(session, session_id: int):
    track = session.track
    people = services.track_registrations(track, status=RegistrationStatus.confirmed)
    if request.method == "POST":
        if not ConfirmForm().validate_on_submit():
            abort(400)
        known = {r.user_id for r in people}
        present = {
            int(v)
            for v in request.form.getlist("present")
            if v.isascii() and v.isdigit() and int(v) in known
        }
        try:
            scheduling.record_attendance(session, present, by=current_user)
        except ServiceError as error:
            flash(error.message, "error")
        else:
            flash(_("Attendance is saved."), "success")
            return redirect(url_for("tracks.manage", slug=track.slug))
    return render_template(
        "tracks/attendance.html",
        session=session,
        track=track,
        people=people,
        intents={a.user_id: a for a in scheduling.attendance_of_session(session.id)},
    )


@blueprint.route("/tracks/<slug>/settings", methods=["GET", "POST"])
@login_required
@track_manager_required
def settings(track, slug: str):
    form = TrackSettingsForm()
    if request.method == "GET":
        form.show_window(track)
        form.moderated.data = track.moderated
        form.reminder_offsets.data = ", ".join(track.reminder_offsets or [])
    if form.validate_on_submit():
        offsets = [
            v.strip().upper() for v in (form.reminder_offsets.data or "").split(",") if v.strip()
        ]
        try:
            services.update_track(
                track,
                by=current_user,
                moderated=form.moderated.data,
                reminder_offsets=offsets,
                **form.window(),
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The track's settings are saved."), "success")
            return redirect(url_for("tracks.manage", slug=track.slug))
    return render_template("tracks/settings.html", form=form, track=track), (
        422 if form.is_submitted() else 200
    )


@blueprint.get("/organizations/<id:organization_id>")
@login_required
@permission_required(may_see_organization_people, _organization_row)
def organization(organization, organization_id: int):
    """A municipality's people across tracks: for its members, coordinators and admins."""
    return render_template(
        "tracks/organization.html",
        organization=organization,
        registrations=services.organization_registrations(organization.id),
    )
