"""The administration of people, organizations and memberships, and the audit log."""

from datetime import date

from flask import (
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select

from lmb.accounts import membership as memberships
from lmb.accounts import services
from lmb.accounts.admin_parts import user_form_parts
from lmb.accounts.forms import MergeOrganizationForm, OrganizationForm, user_admin_form
from lmb.accounts.models import Membership, MembershipStatus, Organization, Role, User
from lmb.accounts.permissions import admin_required, staff_required
from lmb.accounts.views import _all_organizations, admin_blueprint
from lmb.core import audit
from lmb.core.database import contains_literally
from lmb.core.errors import ServiceError
from lmb.core.forms import ConfirmForm
from lmb.core.pagination import paginate
from lmb.core.spreadsheets import csv_bytes, xlsx_bytes
from lmb.core.views import asks_first, download, show_service_error
from lmb.extensions import db

# Administration

AUDIT_EXPORT_LIMIT = 50_000


@admin_blueprint.get("/")
@admin_required
def dashboard():
    return render_template("accounts/admin/dashboard.html")


@admin_blueprint.get("/users")
@admin_required
def users():
    query = select(User).order_by(User.name)
    search = request.args.get("q", "").strip()[:200]
    role = request.args.get("role", "")
    if search:
        needle = search.lower()
        query = query.where(
            or_(
                contains_literally(func.lower(User.name), needle),
                contains_literally(func.lower(User.email), needle),
            )
        )
    if role in Role.__members__:
        query = query.where(User.role == Role[role])
    page = paginate(query)
    return render_template(
        "accounts/admin/users.html", page=page, search=search, role=role, roles=Role.choices()
    )


@admin_blueprint.route("/users/<id:user_id>", methods=["GET", "POST"])
@admin_required
def edit_user(user_id: int):
    user = db.get_or_404(User, user_id)
    organizations = db.session.scalars(select(Organization).order_by(Organization.name)).all()
    form = user_admin_form(
        obj=user if request.method == "GET" else None,
        organizations=organizations,
        parts=user_form_parts.values(),
    )
    if request.method == "GET":
        form.organization_id.data = user.organization_id or 0
        for part in form.parts:
            form[part.name].data = part.load(user)
    if form.validate_on_submit():
        organization = db.session.get(Organization, form.organization_id.data or 0)
        try:
            services.admin_update_user(
                current_user,
                user,
                name=form.name.data,
                role=form.role.data,
                organization=organization,
                function=form.function.data,
                active=form.active.data,
            )
            for part in form.parts:
                part.save(user, form[part.name].data)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("%(name)s has been saved.", name=user.name), "success")
            return redirect(url_for("accounts_admin.users"))
    return render_template("accounts/admin/user.html", form=form, person=user), (
        422 if form.is_submitted() else 200
    )


@admin_blueprint.get("/organizations")
@staff_required
def organizations():
    query = select(Organization).order_by(Organization.name)
    search = request.args.get("q", "").strip()[:200]
    if search:
        query = query.where(contains_literally(func.lower(Organization.name), search.lower()))
    return render_template("accounts/admin/organizations.html", page=paginate(query), search=search)


@admin_blueprint.route("/organizations/new", methods=["GET", "POST"])
@admin_blueprint.route("/organizations/<id:organization_id>", methods=["GET", "POST"])
@staff_required
def edit_organization(organization_id: int | None = None):
    organization = db.get_or_404(Organization, organization_id) if organization_id else None
    form = OrganizationForm(obj=organization)
    if request.method == "GET" and organization is not None:
        form.mail_domains.data = "\n".join(organization.domain_names)
    if form.validate_on_submit():
        try:
            services.save_organization(
                organization,
                form.name.data,
                form.kind.data,
                form.country.data,
                domains=services.parse_domains(form.mail_domains.data or ""),
                auto_grant_by_domain=form.auto_grant_by_domain.data,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The organization has been saved."), "success")
            return redirect(url_for("accounts_admin.organizations"))
    people = []
    if organization is not None:
        people = db.session.scalars(
            select(Membership)
            .where(
                Membership.organization_id == organization.id,
                Membership.status.in_([MembershipStatus.asked, MembershipStatus.granted]),
            )
            .order_by(Membership.status, Membership.created_at)
        ).all()
    return render_template(
        "accounts/admin/organization.html",
        form=form,
        organization=organization,
        people=people,
        delete_form=ConfirmForm(),
        merge_form=MergeOrganizationForm(
            organizations=[o for o in _all_organizations() if o is not organization]
        ),
    ), (422 if form.is_submitted() else 200)


@admin_blueprint.post("/organizations/<id:organization_id>/merge")
@asks_first
@staff_required
def merge_organization(organization_id: int):
    organization = db.get_or_404(Organization, organization_id)
    form = MergeOrganizationForm(
        organizations=[o for o in _all_organizations() if o is not organization]
    )
    survivor = None
    if form.validate_on_submit():
        survivor = db.session.get(Organization, form.survivor_id.data or 0)
    if survivor is None:
        flash(_("Choose the organization to merge into."), "error")
        return redirect(
            url_for("accounts_admin.edit_organization", organization_id=organization_id)
        )
    name = organization.name
    try:
        services.merge_organizations(survivor, organization, by=current_user)
    except ServiceError as error:
        flash(error.message, "error")
        return redirect(
            url_for("accounts_admin.edit_organization", organization_id=organization_id)
        )
    flash(_("%(old)s has been merged into %(new)s.", old=name, new=survivor.name), "success")
    return redirect(url_for("accounts_admin.edit_organization", organization_id=survivor.id))


@admin_blueprint.post("/memberships/<id:membership_id>/contact")
@staff_required
def toggle_contact(membership_id: int):
    membership = db.get_or_404(Membership, membership_id)
    if ConfirmForm().validate_on_submit():
        try:
            memberships.set_contact(membership, not membership.contact, by=current_user)
        except ServiceError as error:
            flash(error.message, "error")
        else:
            flash(_("The contact role has been changed."), "success")
    return redirect(
        url_for("accounts_admin.edit_organization", organization_id=membership.organization_id)
        if membership.organization_id
        else url_for("accounts_admin.organizations")
    )


@admin_blueprint.post("/organizations/<id:organization_id>/delete")
@asks_first
@staff_required
def delete_organization(organization_id: int):
    organization = db.get_or_404(Organization, organization_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.delete_organization(organization)
        except ServiceError as error:
            flash(error.message, "error")
            return redirect(
                url_for("accounts_admin.edit_organization", organization_id=organization.id)
            )
        flash(_("The organization has been deleted."), "success")
    return redirect(url_for("accounts_admin.organizations"))


def _audit_filters() -> dict:
    since = None
    raw = request.args.get("since", "")
    if raw:
        try:
            since = date.fromisoformat(raw[:10])
        except ValueError:
            since = None
    return {
        "actor": request.args.get("actor", "").strip()[:200],
        "entity": request.args.get("entity", "").strip()[:80],
        "since": since,
    }


@admin_blueprint.get("/audit")
@admin_required
def audit_log():
    """Every change by a coordinator or admin: who, what, when, before and after."""
    filters = _audit_filters()
    return render_template(
        "accounts/admin/audit.html",
        page=paginate(audit.audit_query(**filters)),
        filters=filters,
        entities=audit.audited_entities(),
    )


@admin_blueprint.get("/audit.<any(csv, xlsx):fmt>")
@admin_required
def audit_export(fmt: str):
    entries = db.session.scalars(audit.audit_query(**_audit_filters()).limit(AUDIT_EXPORT_LIMIT))
    rows = audit.export_rows(entries)
    body = csv_bytes(rows) if fmt == "csv" else xlsx_bytes([(_("Audit log"), rows)])
    return download(body, f"audit-log.{fmt}")
