"""A person's own pages: profile, requests to join their organization, API tokens, privacy."""

import json

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from lmb.accounts import membership as memberships
from lmb.accounts import privacy, services
from lmb.accounts.forms import (
    ApiTokenForm,
    DecideRequestForm,
    EraseAccountForm,
    ProfileFields,
)
from lmb.accounts.models import Membership, Organization
from lmb.accounts.permissions import live_membership, may_decide, may_see_requests
from lmb.accounts.views import _all_organizations, _limit, blueprint
from lmb.core.errors import ServiceError
from lmb.core.forms import ConfirmForm
from lmb.core.i18n import remember_locale
from lmb.core.models import utcnow
from lmb.core.permissions import guard, permission_required
from lmb.core.views import asks_first, download, show_service_error
from lmb.extensions import db


@blueprint.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileFields()
    membership = live_membership(current_user)
    if request.method == "GET":
        form.name.data = current_user.name
        form.organization.data = (
            current_user.organization.name
            if current_user.organization
            else (membership.requested_name if membership else "")
        )
        form.function.data = current_user.function
        form.locale.data = current_user.locale
        form.time_zone.data = current_user.time_zone
    if form.validate_on_submit():
        services.update_profile(
            current_user,
            name=form.name.data,
            organization_name=form.organization.data or "",
            function=form.function.data,
            locale=form.locale.data,
            time_zone=form.time_zone.data,
        )
        flash(_("Your profile has been saved."), "success")
        response = redirect(url_for("accounts.profile"))
        return remember_locale(response, current_user.locale)
    return render_template(
        "accounts/profile.html",
        form=form,
        membership=membership,
        decides=may_see_requests(current_user),
    ), (422 if form.is_submitted() else 200)


# Requests to join an organization: staff decide every one, a contact their organization's.


@blueprint.get("/members/requests")
@login_required
@permission_required(may_see_requests)
def membership_requests():
    organizations = _all_organizations() if current_user.is_coordinator else []
    requests = memberships.requests_for(current_user)
    return render_template(
        "accounts/membership_requests.html",
        requests=requests,
        forms={
            m.id: DecideRequestForm(prefix=f"m{m.id}", organizations=organizations)
            for m in requests
        },
    )


def _request_or_404(membership_id: int) -> Membership:
    membership = db.get_or_404(Membership, membership_id)
    # Whoever may not decide it learns nothing of it.
    guard(may_decide, current_user, membership, status=404)
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
@asks_first
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
@asks_first
@login_required
def revoke_token(token_id: int):
    if ConfirmForm().validate_on_submit():
        try:
            services.revoke_api_token(current_user, token_id)
        except ServiceError as error:
            abort(404, description=error.message)
        flash(_("The token has been revoked."), "success")
    return redirect(url_for("accounts.tokens"))
