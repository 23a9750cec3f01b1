"""Working in a partnership as equals (issues 16, 18): the co-written reports with their
history, proposals of the partner municipality for the Flemish side to confirm, each side's
spending, and a partner association's view of its country. Who may do what is named in
lmb/partnerships/permissions.py."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lmb.core.errors import ServiceError
from lmb.core.forms import ConfirmForm
from lmb.core.i18n import supported_locale
from lmb.core.permissions import guard, permission_required
from lmb.core.views import asks_first, confirm_page, flash_outcome, show_service_error, status_of
from lmb.extensions import db
from lmb.partnerships import services
from lmb.partnerships.forms import (
    ProposalForm,
    ReportDeadlinesForm,
    ReportPartForm,
    SpendingForm,
)
from lmb.partnerships.models import Country, PartnershipActivity, ReportKind, ReportPart
from lmb.partnerships.permissions import (
    manager_required,
    may_confirm_activity,
    may_follow,
    may_propose_activity,
    may_record_spending,
    may_see_country,
    may_write_part,
    side_of,
)
from lmb.partnerships.views import blueprint


def _partnership(slug: str):
    partnership = services.partnership_by_slug(slug)
    if partnership is None:
        abort(404)
    return partnership


def _activity(activity_id: int):
    return db.get_or_404(PartnershipActivity, activity_id)


def _part(part_id: int):
    return db.get_or_404(ReportPart, part_id)


def _kind(kind: str) -> ReportKind:
    try:
        return ReportKind(kind)
    except ValueError:
        abort(404)


# Reports


def _report_page(partnership, kind: ReportKind, form=None, status=200):
    report = partnership.report(kind)
    side = side_of(current_user, partnership)
    own = report.part(side) if report is not None and side is not None else None
    if form is None:
        form = ReportPartForm()
        form.language.data = _written_in(own)
        if own is not None:
            form.text.data = own.text
    return render_template(
        "partnerships/report.html",
        partnership=partnership,
        kind=kind,
        report=report,
        side=side,
        own=own,
        form=form,
        history=services.history(report) if report is not None else [],
        confirm_form=ConfirmForm(),
    ), status


def _written_in(part) -> str:
    """The language of what a part says, else the writer's own (their profile's), else Dutch."""
    if part is not None and part.versions:
        return part.language
    return supported_locale(current_user.locale) or "nl"


@blueprint.get("/partnerships/<slug>/reports/<kind>")
@permission_required(may_follow, load=_partnership)
def report(partnership, slug: str, kind: str):
    return _report_page(partnership, _kind(kind))


@blueprint.post("/partnerships/<slug>/reports/<kind>")
@permission_required(may_follow, load=_partnership)
def save_report_part(partnership, slug: str, kind: str):
    """Save a new version of the writer's own side's part; refused input keeps the text."""
    kind = _kind(kind)
    side = side_of(current_user, partnership)
    if side is None:
        abort(403)
    part = services.report_for(partnership, kind).part(side)
    guard(may_write_part, current_user, part)
    form = ReportPartForm()
    if not form.language.raw_data:  # a form without the choice: as it was, or the writer's own
        form.language.data = _written_in(part)
    if form.validate_on_submit():
        try:
            changed = services.save_part(
                part, by=current_user, text=form.text.data, language=form.language.data
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(
                _("Your part is saved as a new version.") if changed else _("Nothing changed."),
                "success",
            )
            return redirect(url_for("partnerships.report", slug=slug, kind=kind.value))
    return _report_page(partnership, kind, form=form, status=status_of(form))


@blueprint.get("/partnerships/reports/parts/<id:part_id>/hand-in")
@permission_required(may_write_part, load=_part)
def confirm_hand_in_report_part(part, part_id: int):
    report = part.report
    back = url_for("partnerships.report", slug=report.partnership.slug, kind=report.kind.value)
    return confirm_page(
        title=_("Hand in our part of the report?"),
        consequences=[
            _(
                "%(report)s: our part can no longer be changed once it is handed in.",
                report=report.kind.label,
            ),
            _("The other side and the association's staff read it, with its history."),
        ],
        action=url_for("partnerships.hand_in_report_part", part_id=part.id),
        button=_("Yes, hand in our part"),
        back=back,
    )


@blueprint.post("/partnerships/reports/parts/<id:part_id>/hand-in")
@asks_first
@permission_required(may_write_part, load=_part)
def hand_in_report_part(part, part_id: int):
    if ConfirmForm().validate_on_submit():
        flash_outcome(
            lambda: services.submit_part(part, by=current_user),
            _("Your part is handed in."),
        )
    partnership = part.report.partnership
    return redirect(
        url_for("partnerships.report", slug=partnership.slug, kind=part.report.kind.value)
    )


@blueprint.route("/partnerships/<slug>/reports/deadlines", methods=["GET", "POST"])
@manager_required
def report_deadlines(slug: str):
    partnership = _partnership(slug)
    form = ReportDeadlinesForm()
    if request.method == "GET":
        for kind, name in ((ReportKind.interim, "interim_due"), (ReportKind.final, "final_due")):
            existing = partnership.report(kind)
            form[name].data = existing.due_on if existing is not None else None
    if form.validate_on_submit():
        try:
            services.set_deadlines(
                partnership,
                by=current_user,
                interim_due=form.interim_due.data,
                final_due=form.final_due.data,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The deadlines of the reports are saved."), "success")
            return redirect(url_for("partnerships.partnership", slug=slug))
    return render_template(
        "partnerships/report_deadlines.html", partnership=partnership, form=form
    ), status_of(form)


# Proposals: the partner municipality proposes, the Flemish side confirms


@blueprint.route("/partnerships/<slug>/proposals/new", methods=["GET", "POST"])
@permission_required(may_propose_activity, load=_partnership)
def propose_activity(partnership, slug: str):
    form = ProposalForm()
    if form.validate_on_submit():
        try:
            services.propose_activity(
                partnership,
                by=current_user,
                title=form.title.data,
                description=form.description.data or "",
                starts_on=form.starts_on.data,
                ends_on=form.ends_on.data,
                planned_amount=form.planned_amount.data,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(
                _(
                    "Your proposal is sent; %(name)s confirms it.",
                    name=partnership.flemish_municipality.name,
                ),
                "success",
            )
            return redirect(url_for("partnerships.partnership", slug=slug))
    return render_template(
        "partnerships/proposal_form.html", partnership=partnership, form=form
    ), status_of(form)


@blueprint.post("/partnerships/activities/<id:activity_id>/confirm")
@permission_required(may_confirm_activity, load=_activity)
def confirm_activity(activity, activity_id: int):
    if ConfirmForm().validate_on_submit():
        flash_outcome(
            lambda: services.confirm_activity(activity, by=current_user),
            _("The activity is confirmed; it counts in the budget."),
        )
    return redirect(url_for("partnerships.partnership", slug=activity.partnership.slug))


@blueprint.get("/partnerships/activities/<id:activity_id>/decline")
@permission_required(may_confirm_activity, load=_activity)
def confirm_decline_activity(activity, activity_id: int):
    partnership = activity.partnership
    return confirm_page(
        title=_("Decline the proposal “%(title)s”?", title=activity.title),
        consequences=[
            _(
                "The proposal of %(name)s is removed; it does not count in the budget.",
                name=partnership.partner_municipality.name,
            )
        ],
        action=url_for("partnerships.decline_activity", activity_id=activity.id),
        button=_("Yes, decline the proposal"),
        back=url_for("partnerships.partnership", slug=partnership.slug),
    )


@blueprint.post("/partnerships/activities/<id:activity_id>/decline")
@asks_first
@permission_required(may_confirm_activity, load=_activity)
def decline_activity(activity, activity_id: int):
    slug = activity.partnership.slug
    if ConfirmForm().validate_on_submit():
        flash_outcome(
            lambda: services.decline_activity(activity, by=current_user),
            _("The proposal is declined."),
        )
    return redirect(url_for("partnerships.partnership", slug=slug))


# Each side's spending


@blueprint.route("/partnerships/activities/<id:activity_id>/spending", methods=["GET", "POST"])
@permission_required(may_record_spending, load=_activity)
def activity_spending(activity, activity_id: int):
    form = SpendingForm()
    if request.method == "GET":
        form.spent_amount.data = activity.spent_amount
    if form.validate_on_submit():
        try:
            services.record_spending(activity, by=current_user, spent_amount=form.spent_amount.data)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("What was spent is saved."), "success")
            return redirect(url_for("partnerships.partnership", slug=activity.partnership.slug))
    return render_template(
        "partnerships/spending_form.html", activity=activity, form=form
    ), status_of(form)


# A partner association's view of its country


def _country(country: str) -> Country:
    try:
        return Country(country)
    except ValueError:
        abort(404)


@blueprint.get("/partnerships/countries/<country>")
@permission_required(may_see_country, load=_country)
def country_partnerships(chosen: Country, country: str):
    partnerships = services.partnerships_in(chosen)
    return render_template(
        "partnerships/country.html",
        country=chosen,
        partnerships=partnerships,
        budgets={p.id: services.budget_overview(p) for p in partnerships},
    )
