"""Who may do what with partnerships: the association's staff run calls, partnerships and
outcomes; its administrators choose the steering group; a Flemish municipality applies.

Each rule is a named predicate `rule(user, subject)`. Pages ask through `manager_required` /
`selector_required` (lmb.core.permissions.permission_required), services through `require`
(NotAllowed). The staff's and the administrators' rules concern the person, not an object:
`permission_required(rule)` without `load` asks `rule(user)`, a service asks
`require(rule, user, None)`, and what the page granted stands for the service in the same
request, as for a rule about an object."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from lmb.accounts.models import OrganizationKind, Role
from lmb.accounts.permissions import is_member_of, member_organization_id
from lmb.core.permissions import Predicate, is_authenticated, permission_required
from lmb.core.permissions import require as core_require
from lmb.extensions import db
from lmb.partnerships.models import SteeringGroupMember


def require(predicate: Predicate, user, subject, message: str | None = None) -> None:
    """lmb.core.permissions.require, with the partnerships' own words for a refusal."""
    core_require(
        predicate,
        user,
        subject,
        message or _("Only the association's coordinators and administrators can do this."),
    )


# The rules


def can_manage(user, subject=None) -> bool:
    """The association's staff (coordinators, admins) run calls, partnerships and outcomes."""
    return is_authenticated(user) and user.role in (Role.admin, Role.coordinator)


def can_select(user, subject=None) -> bool:
    """The association (its admins) chooses the members of the steering group."""
    return is_authenticated(user) and user.role is Role.admin


def may_apply(user, call) -> bool:
    """A granted member of a Flemish municipality applies for it (a request awaiting a decision
    does not make one a member)."""
    if member_organization_id(user) is None:
        return False
    return user.organization is not None and user.organization.kind is OrganizationKind.municipality


def may_withdraw_application(user, application) -> bool:
    """The municipality that applied (a granted member of it), or the association's staff."""
    return is_member_of(user, application.organization_id) or can_manage(user)


def may_read_meeting_record(user, meeting) -> bool:
    """A yearly meeting's agenda, minutes and decisions: the association's staff, the steering
    group's present members, and a former member for a meeting held while they sat in it."""
    if not is_authenticated(user):
        return False
    if can_manage(user):
        return True
    held = meeting.session.starts_at
    return (
        db.session.scalar(
            select(SteeringGroupMember.id)
            .where(
                SteeringGroupMember.steering_group_id == meeting.steering_group_id,
                SteeringGroupMember.user_id == user.id,
                (SteeringGroupMember.ended_at.is_(None))
                | (
                    (SteeringGroupMember.started_at <= held) & (SteeringGroupMember.ended_at > held)
                ),
            )
            .limit(1)
        )
        is not None
    )


def may_withdraw_candidacy(user, candidacy) -> bool:
    """The candidate, or the association's administrators."""
    return candidacy.user_id == user.id or can_select(user)


# The pages of the association's staff, and of its administrators.
manager_required = permission_required(can_manage)
# The record of a yearly meeting is written by the staff (can_manage), read by the members.
selector_required = permission_required(can_select)
