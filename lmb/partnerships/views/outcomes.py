"""Outcome harvesting: the list with filters, the export, recording outcomes."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from lmb.accounts.models import Organization, OrganizationKind
from lmb.core.errors import ServiceError
from lmb.core.timezones import to_local
from lmb.core.views import download, show_service_error, status_of
from lmb.extensions import db
from lmb.partnerships import exports, services
from lmb.partnerships.candidates import candidate, candidates
from lmb.partnerships.forms import (
    OutcomeForm,
)
from lmb.partnerships.models import (
    OutcomeRecord,
    OutcomeVisit,
)
from lmb.partnerships.permissions import manager_required
from lmb.partnerships.views import (
    blueprint,
)
from lmb.tracks import services as tracks

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
@manager_required
def outcomes():
    filters = _filters()
    return render_template(
        "partnerships/outcomes.html",
        candidates=candidates("submission", current_user),
        records=services.outcomes(filters),
        filters=filters,
        years=services.outcome_years(),
        **_choices(),
    )


@blueprint.get("/outcomes/export.xlsx")
@manager_required
def outcomes_xlsx():
    return download(exports.outcomes_xlsx(services.outcomes(_filters())), "outcome-harvesting.xlsx")


@blueprint.get("/outcomes/<id:record_id>")
@manager_required
def outcome(record_id: int):
    return render_template(
        "partnerships/outcome.html", record=db.get_or_404(OutcomeRecord, record_id)
    )


def _visit_of_request(record):
    """?visit=ID: the outcome is harvested during that planned visit."""
    if record is not None:
        return record.visit
    raw = request.args.get("visit", "")
    return (
        db.session.get(OutcomeVisit, int(raw))
        if raw.isascii() and raw.isdigit() and len(raw) < 10
        else None
    )


def _outcome_form_page(record):
    choices = _choices()
    form = OutcomeForm(obj=record if request.method == "GET" else None, **choices)
    visit = _visit_of_request(record)
    if request.method == "GET" and record is None:
        _prefill_from_peer_review(form)
        if visit is not None:
            form.municipality_id.data = visit.municipality_id
            form.track_id.data = visit.track_id or 0
            form.visited_on.data = (
                to_local(visit.session.starts_at).date() if visit.session else None
            )
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
                visit=visit,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The outcome is recorded."), "success")
            return redirect(url_for("partnerships.outcome", record_id=saved.id))
    return render_template(
        "partnerships/outcome_form.html", form=form, record=record, visit=visit
    ), status_of(form)


def _prefill_from_peer_review(form) -> None:
    """?from_submission=ID: a response marked as a candidate outcome in peer review."""
    raw = request.args.get("from_submission", "")
    submission = (
        candidate("submission", current_user, int(raw))
        if raw.isascii() and raw.isdigit() and len(raw) < 10
        else None
    )
    if submission is None:
        # Not a candidate outcome, or one of a round this coordinator does not coordinate.
        return
    round_ = submission.round
    form.municipality_id.data = submission.organization_id
    form.track_id.data = round_.track_id or 0
    form.actor.data = submission.organization.name
    form.change.data = submission.response
    form.sources.data = _(
        "Peer review “%(round)s”: the response of %(org)s to its reviews",
        round=round_.title,
        org=submission.organization.name,
    )


@blueprint.route("/outcomes/new", methods=["GET", "POST"])
@manager_required
def new_outcome():
    return _outcome_form_page(None)


@blueprint.route("/outcomes/<id:record_id>/edit", methods=["GET", "POST"])
@manager_required
def edit_outcome(record_id: int):
    return _outcome_form_page(db.get_or_404(OutcomeRecord, record_id))
