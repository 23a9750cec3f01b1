"""The account pages that ask first: revoking an API token, refusing a request to join an
organization, merging or deleting an organization. Each is the GET of the action's own URL; its form POSTs there."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from lmb.accounts.models import ApiToken, Membership, Organization
from lmb.accounts.permissions import may_decide, may_revoke_token, staff_required
from lmb.accounts.views import admin_blueprint, blueprint
from lmb.core.permissions import allowed, guard
from lmb.core.views import confirm_page
from lmb.extensions import db


@blueprint.get("/tokens/<id:token_id>/revoke")
@login_required
def confirm_revoke_token(token_id: int):
    token = db.session.get(ApiToken, token_id)
    if token is None or not allowed(may_revoke_token, current_user, token):
        abort(404)
    return confirm_page(
        title=_("Revoke the token %(name)s?", name=token.name),
        consequences=[
            _("Every program that uses this token loses its access at once."),
            _("A revoked token cannot be used again; make a new one if you need it."),
        ],
        action=url_for("accounts.revoke_token", token_id=token.id),
        button=_("Yes, revoke the token"),
        back=url_for("accounts.tokens"),
    )


@admin_blueprint.get("/organizations/<id:organization_id>/merge")
@staff_required
def confirm_merge_organization(organization_id: int):
    organization = db.get_or_404(Organization, organization_id)
    back = url_for("accounts_admin.edit_organization", organization_id=organization.id)
    chosen = request.args.get("survivor_id", "")
    survivor = (
        db.session.get(Organization, int(chosen))
        if chosen.isascii() and chosen.isdigit() and len(chosen) < 10
        else None
    )
    if survivor is None or survivor.id == organization.id:
        flash(_("Choose the organization to merge into."), "error")
        return redirect(back)
    return confirm_page(
        title=_("Merge %(old)s into %(new)s?", old=organization.name, new=survivor.name),
        consequences=[
            ngettext(
                "%(num)s member moves to %(new)s.",
                "%(num)s members move to %(new)s.",
                len(organization.members),
                new=survivor.name,
            ),
            _(
                "Requests, mail domains, lessons, peer-review work, applications, partnerships "
                "and outcome records move too; %(old)s disappears from the register.",
                old=organization.name,
            ),
            _("A merge cannot be undone."),
        ],
        hidden={"survivor_id": survivor.id},
        action=url_for("accounts_admin.merge_organization", organization_id=organization.id),
        button=_("Yes, merge"),
        back=back,
    )


@admin_blueprint.get("/organizations/<id:organization_id>/delete")
@staff_required
def confirm_delete_organization(organization_id: int):
    organization = db.get_or_404(Organization, organization_id)
    return confirm_page(
        title=_("Delete the organization %(name)s?", name=organization.name),
        consequences=[_("%(name)s disappears from the register for good.", name=organization.name)],
        action=url_for("accounts_admin.delete_organization", organization_id=organization.id),
        button=_("Yes, delete the organization"),
        back=url_for("accounts_admin.edit_organization", organization_id=organization.id),
    )


@blueprint.get("/members/requests/<id:membership_id>/refuse")
@login_required
def confirm_refuse_membership(membership_id: int):
    membership = db.get_or_404(Membership, membership_id)
    # Whoever may not decide it learns nothing of it.
    guard(may_decide, current_user, membership, status=404)
    asked_for = (
        membership.organization.name if membership.organization else membership.requested_name
    )
    lines = [
        _(
            "%(name)s does not become a member of %(org)s: they do not act for it on the platform.",
            name=membership.user.name,
            org=asked_for,
        ),
        _("They keep their account and may ask again."),
    ]
    if membership.user.active:
        lines.append(_("%(name)s is told by mail.", name=membership.user.name))
    return confirm_page(
        title=_("Refuse the request of %(name)s?", name=membership.user.name),
        consequences=lines,
        action=url_for("accounts.refuse_membership", membership_id=membership.id),
        button=_("Yes, refuse the request"),
        back=url_for("accounts.membership_requests"),
    )
