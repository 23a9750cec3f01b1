"""Calls for partnerships and the applications municipalities send to them."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lmb.accounts.permissions import member_organization_id
from lmb.core.errors import ServiceError
from lmb.core.forms import ConfirmForm
from lmb.core.models import utcnow
from lmb.core.permissions import permission_required
from lmb.core.uploads import send_stored
from lmb.core.views import asks_first, flash_outcome, show_service_error, status_of
from lmb.extensions import db, login_manager
from lmb.partnerships import services
from lmb.partnerships.forms import ApplicationForm, CallForm, SelectApplicationForm
from lmb.partnerships.models import PartnershipApplication
from lmb.partnerships.permissions import manager_required, may_read_decision
from lmb.partnerships.views import blueprint, call_window, day_and_time


def _application(application_id: int):
    return db.get_or_404(PartnershipApplication, application_id)


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
        services.live_application(call, member_organization_id(current_user))
        if current_user.is_authenticated
        else None
    )
    if request.method == "POST":
        if not current_user.is_authenticated:
            abort(login_manager.unauthorized())
        if form.validate_on_submit():
            try:
                services.apply(
                    current_user,
                    call,
                    country=form.country.data,
                    motivation=form.motivation.data,
                    details=_details(form),
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
    ), status_of(form)


def _details(form) -> services.ApplicationDetails:
    upload = form.decision.data
    chosen = upload is not None and getattr(upload, "filename", "")
    return services.ApplicationDetails(
        proposed_partner=form.proposed_partner.data or "",
        sdgs=form.sdgs.data or [],
        contact_name=form.contact_name.data or "",
        contact_email=form.contact_email.data or "",
        partner_contact=form.partner_contact.data or "",
        decision=upload.stream if chosen else None,
        decision_filename=upload.filename if chosen else "",
    )


@blueprint.get("/partnerships/applications/<id:application_id>/decision")
@permission_required(may_read_decision, load=_application)
def application_decision(application, application_id: int):
    if not application.decision_stored_name:
        abort(404)
    return send_stored(
        application.decision_stored_name, application.decision_filename, application.decision_kind
    )


@blueprint.route("/partnerships/calls/new", methods=["GET", "POST"])
@manager_required
def new_call():
    return _call_form_page(None)


@blueprint.route("/partnerships/calls/<slug>/edit", methods=["GET", "POST"])
@manager_required
def edit_call(slug: str):
    return _call_form_page(_call_or_404(slug))


def _call_form_page(call):
    form = CallForm(obj=call if request.method == "GET" else None)
    if request.method == "GET" and call is not None:
        form.opens_day.data, form.opens_time.data = day_and_time(call.opens_at)
        form.closes_day.data, form.closes_time.data = day_and_time(call.closes_at)
    if form.validate_on_submit():
        opens_at, closes_at = call_window(form)
        try:
            saved = services.save_call(
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
            return redirect(url_for("partnerships.call", slug=saved.slug))
    return render_template("partnerships/call_form.html", form=form, call=call), status_of(form)


@blueprint.get("/partnerships/calls/<slug>/applications")
@manager_required
def applications(slug: str):
    call = _call_or_404(slug)
    return render_template(
        "partnerships/applications.html",
        call=call,
        select_form=SelectApplicationForm(),
        confirm_form=ConfirmForm(),
    )


@blueprint.post("/partnerships/applications/<id:application_id>/select")
@asks_first
@manager_required
def select_application(application_id: int):
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
        # Back to the question, which shows each missing or wrong value on its field.
        return redirect(
            url_for(
                "partnerships.confirm_select_application",
                application_id=application.id,
                partner_municipality=request.form.get("partner_municipality", ""),
                starts_on=request.form.get("starts_on", ""),
            )
        )
    return redirect(url_for("partnerships.applications", slug=application.call.slug))


@blueprint.post("/partnerships/applications/<id:application_id>/decline")
@asks_first
@manager_required
def decline_application(application_id: int):
    application = db.get_or_404(PartnershipApplication, application_id)
    if ConfirmForm().validate_on_submit():
        flash_outcome(
            lambda: services.decline_application(application, by=current_user),
            _("The application is not selected; the municipality is told."),
        )
    return redirect(url_for("partnerships.applications", slug=application.call.slug))


@blueprint.post("/partnerships/applications/<id:application_id>/withdraw")
@asks_first
@login_required
def withdraw_application(application_id: int):
    application = db.get_or_404(PartnershipApplication, application_id)
    if ConfirmForm().validate_on_submit():
        flash_outcome(
            lambda: services.withdraw_application(application, by=current_user),
            _("The application is withdrawn."),
        )
    return redirect(url_for("partnerships.call", slug=application.call.slug))
