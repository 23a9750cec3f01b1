"""Visits of outcome harvesting: plan one (a session with invites) and see what it harvested."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from lmb.accounts.models import Organization, OrganizationKind
from lmb.core import dates
from lmb.core.errors import ServiceError
from lmb.core.views import answer, check_answers, refused, show_service_error, status_of
from lmb.extensions import db
from lmb.partnerships import visits as visit_services
from lmb.partnerships.forms import VisitForm
from lmb.partnerships.models import OutcomeVisit
from lmb.partnerships.permissions import manager_required
from lmb.partnerships.views import blueprint
from lmb.scheduling.forms import moment_of
from lmb.tracks import services as tracks


def _municipalities():
    return db.session.scalars(
        select(Organization)
        .where(Organization.kind == OrganizationKind.municipality)
        .order_by(Organization.name)
    ).all()


def _visit_question(municipality, starts_at, ends_at):
    """A visit invites the municipality's people: the save asks first when it mails anyone
    besides the coordinator who plans it."""
    people = visit_services.visit_invitees(municipality, by=current_user)
    if not people:
        return None
    return check_answers(
        title=_("Plan the visit to %(municipality)s?", municipality=municipality.name),
        consequences=[
            dates.span(starts_at, ends_at),
            ngettext(
                "%(num)s person of %(municipality)s gets an invitation by mail for their calendar.",
                "%(num)s people of %(municipality)s get an invitation by mail for their calendars.",
                people,
                municipality=municipality.name,
            ),
            _("You get the invitation too."),
        ],
        button=_("Yes, plan the visit and invite"),
        back=url_for("partnerships.visits"),
    )


@blueprint.route("/outcomes/visits/new", methods=["GET", "POST"])
@manager_required
def new_visit():
    municipalities, all_tracks = _municipalities(), tracks.all_tracks()
    form = VisitForm(municipalities=municipalities, tracks=all_tracks)
    if form.validate_on_submit() and answer() != "change":
        starts_at, ends_at = moment_of(form)
        municipality = next((m for m in municipalities if m.id == form.municipality_id.data), None)
        if answer() != "yes" and refused(
            form,
            lambda: visit_services.check_visit(
                by=current_user, municipality=municipality, starts_at=starts_at, ends_at=ends_at
            ),
        ):
            return render_template("partnerships/visit_form.html", form=form), status_of(form)
        if answer() != "yes" and (question := _visit_question(municipality, starts_at, ends_at)):
            return question
        try:
            visit = visit_services.plan_visit(
                by=current_user,
                municipality=municipality,
                track=next((t for t in all_tracks if t.id == form.track_id.data), None),
                starts_at=starts_at,
                ends_at=ends_at,
                location=form.location.data or "",
                purpose=form.purpose.data or "",
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The visit is planned; its people get an invitation."), "success")
            return redirect(url_for("partnerships.visit", visit_id=visit.id))
    return render_template("partnerships/visit_form.html", form=form), status_of(form)


@blueprint.get("/outcomes/visits/<id:visit_id>")
@manager_required
def visit(visit_id: int):
    visit = db.get_or_404(OutcomeVisit, visit_id)
    return render_template("partnerships/visit.html", visit=visit, next=request.path)


@blueprint.get("/outcomes/visits/")
@manager_required
def visits():
    return render_template("partnerships/visits.html", visits=visit_services.visits())
