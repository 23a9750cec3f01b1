"""Account pages (sign-up, login, profile, tokens) and the administration of people."""

import json
from datetime import date

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, or_, select

from lmb.accounts import membership as memberships
from lmb.accounts import privacy, services
from lmb.accounts.forms import (
    ApiTokenForm,
    ChangePasswordForm,
    DecideRequestForm,
    EmailForm,
    EraseAccountForm,
    LoginForm,
    MergeOrganizationForm,
    OrganizationForm,
    ProfileFields,
    ResetPasswordForm,
    SignUpForm,
    UserAdminForm,
    VerifyForm,
)
from lmb.accounts.models import Membership, MembershipStatus, Organization, Role, User
from lmb.accounts.permissions import admin_required, staff_required
from lmb.core import audit
from lmb.core.database import contains_literally
from lmb.core.errors import ServiceError
from lmb.core.forms import ConfirmForm
from lmb.core.i18n import LOCALE_COOKIE, remember_locale, supported_locale
from lmb.core.models import utcnow
from lmb.core.pagination import paginate
from lmb.core.spreadsheets import csv_bytes, xlsx_bytes
from lmb.core.views import download, safe_next, show_service_error
from lmb.extensions import db, limiter
from lmb.tracks import services as tracks

blueprint = Blueprint("accounts", __name__, url_prefix="/account")
admin_blueprint = Blueprint("accounts_admin", __name__, url_prefix="/admin")


def _all_organizations() -> list[Organization]:
    """The register, for staff only (anonymous visitors and participants never get it)."""
    return list(db.session.scalars(select(Organization).order_by(Organization.name)))


def _limit(name: str):
    """A per-address limit on posting a form, read from the config when the request comes."""
    return limiter.limit(lambda: current_app.config[name], methods=["POST"])


@blueprint.route("/signup", methods=["GET", "POST"])
@_limit("SIGNUP_RATE_LIMIT")
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("tracks.home"))
    form = SignUpForm()
    if request.method == "GET":
        form.locale.data = request.cookies.get(LOCALE_COOKIE, "nl")
    if form.validate_on_submit():
        try:
            services.sign_up(
                email=form.email.data,
                name=form.name.data,
                password=form.password.data,
                organization_name=form.organization.data or "",
                function=form.function.data,
                locale=form.locale.data,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            # The same page whether the address was new or already had an account.
            email = services.normalize_email(form.email.data)
            return render_template("accounts/signup_done.html", email=email)
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/signup.html", form=form), status


@blueprint.route("/verify/<token>", methods=["GET", "POST"])
@_limit("LOGIN_RATE_LIMIT")
def verify_email(token: str):
    """The link from the mail asks for the account's password before it verifies."""
    try:
        user = services.verification_link_user(token)
    except ServiceError as error:
        flash(error.message, "error")
        return redirect(url_for("accounts.resend_verification"))
    if user.is_verified:
        flash(_("This e-mail address is verified already. You can log in."), "success")
        return redirect(url_for("accounts.login"))
    form = VerifyForm()
    if form.validate_on_submit():
        try:
            user = services.verify_email(
                token, form.password.data, client_address=request.remote_addr
            )
        except ServiceError as error:
            flash(error.message, "error")
        else:
            if current_user.is_authenticated:
                # Someone else was logged in in this browser: that session ends first.
                services.end_session(current_user)
                logout_user()
            services.start_session(user)
            login_user(user)
            flash(
                _("Thank you, your e-mail address is verified. Welcome, %(name)s.", name=user.name),
                "success",
            )
            return remember_locale(redirect(url_for("tracks.home")), user.locale)
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/verify.html", form=form, email=user.email), status


@blueprint.route("/verify", methods=["GET", "POST"])
@_limit("MAIL_LINK_RATE_LIMIT")
def resend_verification():
    form = EmailForm()
    if form.validate_on_submit():
        services.resend_verification(form.email.data)
        flash(_("If an unverified account uses this address, a new link is on its way."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/resend_verification.html", form=form), (
        422 if form.is_submitted() else 200
    )


@blueprint.route("/login", methods=["GET", "POST"])
@_limit("LOGIN_RATE_LIMIT")
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next"), url_for("tracks.home")))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                form.email.data, form.password.data, client_address=request.remote_addr
            )
        except ServiceError as error:
            flash(error.message, "error")
        else:
            services.start_session(user)
            login_user(user, remember=form.remember.data)
            flash(_("Welcome, %(name)s.", name=user.name), "success")
            response = redirect(safe_next(request.args.get("next"), url_for("tracks.home")))
            return remember_locale(response, user.locale)
    return render_template("accounts/login.html", form=form), 422 if form.is_submitted() else 200


@blueprint.post("/logout")
def logout():
    form = ConfirmForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            # Ended on the server: a copy of the session or remember-me cookie stops working.
            services.end_session(current_user)
        logout_user()
        flash(_("You are logged out."), "success")
    return redirect(url_for("tracks.home"))


@blueprint.post("/locale")
def set_locale():
    """The language switch: remembered in a cookie, and on the account when logged in."""
    form = ConfirmForm()
    locale = supported_locale(request.form.get("locale"))
    response = redirect(safe_next(request.form.get("next")))
    if form.validate_on_submit() and locale:
        remember_locale(response, locale)
        if current_user.is_authenticated:
            services.set_locale(current_user, locale)
    return response


@blueprint.route("/reset", methods=["GET", "POST"])
@_limit("MAIL_LINK_RATE_LIMIT")
def request_reset():
    form = EmailForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data, locale=str(get_locale()))
        flash(_("If an account uses this address, a reset link is on its way."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_request.html", form=form), (
        422 if form.is_submitted() else 200
    )


@blueprint.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        services.user_for_reset_token(token)
    except ServiceError as error:
        flash(error.message, "error")
        return redirect(url_for("accounts.request_reset"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            logout_user()
            flash(_("Your password has been changed. Log in with the new one."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form), (
        422 if form.is_submitted() else 200
    )


@blueprint.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileFields()
    membership = memberships.live_membership(current_user)
    if request.method == "GET":
        form.name.data = current_user.name
        form.organization.data = (
            current_user.organization.name
            if current_user.organization
            else (membership.requested_name if membership else "")
        )
        form.function.data = current_user.function
        form.locale.data = current_user.locale
    if form.validate_on_submit():
        services.update_profile(
            current_user,
            name=form.name.data,
            organization_name=form.organization.data or "",
            function=form.function.data,
            locale=form.locale.data,
        )
        flash(_("Your profile has been saved."), "success")
        response = redirect(url_for("accounts.profile"))
        return remember_locale(response, current_user.locale)
    return render_template(
        "accounts/profile.html",
        form=form,
        membership=membership,
        decides=memberships.may_see_requests(current_user),
    ), (422 if form.is_submitted() else 200)


# Requests to join an organization: staff decide every one, a contact their organization's.


@blueprint.get("/members/requests")
@login_required
def membership_requests():
    if not memberships.may_see_requests(current_user):
        abort(403)
    organizations = _all_organizations() if current_user.is_coordinator else []
    requests = memberships.requests_for(current_user)
    return render_template(
        "accounts/membership_requests.html",
        requests=requests,
        forms={
            m.id: DecideRequestForm(prefix=f"m{m.id}", organizations=organizations)
            for m in requests
        },
        refuse_form=ConfirmForm(),
    )


def _request_or_404(membership_id: int) -> Membership:
    membership = db.get_or_404(Membership, membership_id)
    # Whoever may not decide it learns nothing of it.
    if not memberships.may_decide(current_user, membership):
        abort(404)
    return membership


@blueprint.post("/members/requests/<id:membership_id>/grant")
@login_required
def grant_membership(membership_id: int):
    membership = _request_or_404(membership_id)
    form = DecideRequestForm(
        prefix=f"m{membership.id}",
        organizations=_all_organizations() if current_user.is_coordinator else [],
    )
    if form.validate_on_submit():
        chosen = db.session.get(Organization, form.organization_id.data or 0)
        try:
            memberships.grant(membership, by=current_user, organization=chosen)
        except ServiceError as error:
            flash(error.message, "error")
        else:
            flash(_("%(name)s is now a member.", name=membership.user.name), "success")
    else:
        flash(_("The form expired. Please send it again."), "error")
    return redirect(url_for("accounts.membership_requests"))


@blueprint.post("/members/requests/<id:membership_id>/refuse")
@login_required
def refuse_membership(membership_id: int):
    membership = _request_or_404(membership_id)
    if ConfirmForm().validate_on_submit():
        try:
            memberships.refuse(membership, by=current_user)
        except ServiceError as error:
            flash(error.message, "error")
        else:
            flash(_("The request has been refused."), "success")
    return redirect(url_for("accounts.membership_requests"))


@blueprint.route("/password", methods=["GET", "POST"])
@login_required
# Every form that checks a password is limited like the login: a copied session cookie must
# not let anyone guess the password at leisure.
@_limit("LOGIN_RATE_LIMIT")
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.password.data)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            # Every session ended with the password: this browser gets a new one, and only this.
            user = current_user._get_current_object()
            services.start_session(user)
            login_user(user)
            flash(_("Your password has been changed. Other sessions are logged out."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_password.html", form=form), (
        422 if form.is_submitted() else 200
    )


@blueprint.route("/tokens", methods=["GET", "POST"])
@login_required
def tokens():
    form = ApiTokenForm()
    new_secret = None
    if form.validate_on_submit():
        _token, new_secret = services.create_api_token(current_user, form.name.data)
        form = ApiTokenForm(formdata=None)
    return render_template(
        "accounts/tokens.html",
        form=form,
        revoke_form=ConfirmForm(),
        new_secret=new_secret,
        tokens=sorted(current_user.api_tokens, key=lambda t: t.created_at, reverse=True),
        now=utcnow(),
    ), (422 if form.errors else 200)


@blueprint.get("/privacy")
@login_required
def privacy_page():
    return render_template(
        "accounts/privacy.html", form=EraseAccountForm(), erasure_notes=privacy.erasure_notes()
    )


@blueprint.get("/privacy/data.<any(json, html):fmt>")
@login_required
def privacy_data(fmt: str):
    """Everything the platform holds about me, as JSON or as a readable page to keep."""
    data = privacy.personal_data(current_user)
    stamp = utcnow().strftime("%Y%m%d")
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    else:
        body = render_template(
            "accounts/privacy_data.html", data=data, titles=privacy.section_titles()
        )
    return download(body, f"lmb-my-data-{stamp}.{fmt}")


@blueprint.post("/privacy/erase")
@login_required
@_limit("LOGIN_RATE_LIMIT")
def erase_account():
    form = EraseAccountForm()
    if form.validate_on_submit():
        try:
            privacy.erase(current_user, password=form.password.data)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            logout_user()
            flash(_("Your account and your personal data are erased."), "success")
            return redirect(url_for("tracks.home"))
    return render_template(
        "accounts/privacy.html", form=form, erasure_notes=privacy.erasure_notes()
    ), 422


@blueprint.post("/tokens/<id:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    if ConfirmForm().validate_on_submit():
        try:
            services.revoke_api_token(current_user, token_id)
        except ServiceError as error:
            abort(404, description=error.message)
        flash(_("The token has been revoked."), "success")
    return redirect(url_for("accounts.tokens"))


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
    all_tracks = tracks.all_tracks()
    form = UserAdminForm(
        obj=user if request.method == "GET" else None,
        organizations=organizations,
        tracks=all_tracks,
    )
    if request.method == "GET":
        form.organization_id.data = user.organization_id or 0
        form.tracks.data = [t.id for t in user.coordinated_tracks]
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
            tracks.set_coordinated_tracks(user, form.tracks.data)
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
