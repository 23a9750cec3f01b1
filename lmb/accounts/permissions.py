"""Who may do what, as far as people are concerned: roles and organization membership.

The named predicates every domain's rules are built from (lmb.core.permissions holds only the
mechanism). Membership is the one notion every organization-scoped check uses: a granted
member of an organization, and who decides a request to join one (staff for every
organization, a granted member holding its contact role for theirs).
"""

from __future__ import annotations

from sqlalchemy import select

from lmb.accounts.models import Membership, MembershipStatus, Role, User
from lmb.core.permissions import admin_required, is_admin, is_authenticated, role_required
from lmb.extensions import db

__all__ = [
    "LIVE",
    "admin_required",
    "contact_organization_id",
    "is_admin",
    "is_contact_of",
    "is_member_of",
    "live_membership",
    "may_change_request_organization",
    "may_decide",
    "may_give_contact_role",
    "may_merge_organizations",
    "may_revoke_token",
    "may_see_requests",
    "member_organization_id",
    "staff_required",
]


# Coordinators and admins: the association's staff pages.
staff_required = role_required(Role.coordinator)


def member_organization_id(user) -> int | None:
    """The organization `user` is a granted member of, or None: anonymous, deactivated, or
    only asked to join (a request awaiting a decision gives no rights anywhere)."""
    if not user or not getattr(user, "is_authenticated", False) or not user.active:
        return None
    # users.organization_id holds the granted membership only (lmb/accounts/membership/).
    return user.organization_id


def is_member_of(user, organization_id: int | None) -> bool:
    """`user` is a granted member of the organization `organization_id`."""
    return organization_id is not None and member_organization_id(user) == organization_id


# A person's membership: one request awaiting a decision, or one granted membership, at most.

LIVE = (MembershipStatus.asked, MembershipStatus.granted)


def live_membership(user: User) -> Membership | None:
    """The person's request awaiting a decision, or their granted membership."""
    if user is None or getattr(user, "id", None) is None:
        return None
    return db.session.scalar(
        select(Membership).where(Membership.user_id == user.id, Membership.status.in_(LIVE))
    )


# Who decides a request to join an organization


def is_contact_of(user, organization_id: int | None) -> bool:
    """A granted member of the organization who holds its contact role."""
    if organization_id is None or member_organization_id(user) != organization_id:
        return False
    membership = live_membership(user)
    return bool(
        membership
        and membership.status is MembershipStatus.granted
        and membership.organization_id == organization_id
        and membership.contact
    )


def contact_organization_id(user) -> int | None:
    """The organization whose requests `user` may decide as its contact, if any."""
    organization_id = member_organization_id(user)
    return organization_id if is_contact_of(user, organization_id) else None


def may_decide(user, membership: Membership) -> bool:
    """Staff, or a contact of the organization asked for; never the person who asked (staff
    do not grant themselves into an organization: another decider does)."""
    if not user or not getattr(user, "is_authenticated", False) or not user.active:
        return False
    if membership.user_id == user.id:
        return False
    if user.is_coordinator:
        return True
    return is_contact_of(user, membership.organization_id)


def may_see_requests(user) -> bool:
    return bool(
        user
        and getattr(user, "is_authenticated", False)
        and user.active
        and (user.is_coordinator or contact_organization_id(user) is not None)
    )


# What only the association (coordinators and admins) does


def _is_staff(user) -> bool:
    return is_authenticated(user) and user.is_coordinator


def may_change_request_organization(user, membership: Membership) -> bool:
    """Say which organization a request means (a free-typed name, or another one)."""
    return _is_staff(user)


def may_give_contact_role(user, membership: Membership) -> bool:
    """Give or take an organization's contact role."""
    return _is_staff(user)


def may_merge_organizations(user, organization) -> bool:
    """Merge an organization into another one."""
    return _is_staff(user)


# A person's own things


def may_revoke_token(user, token) -> bool:
    """A person's own API token (anyone else's is as if it did not exist)."""
    return token is not None and token.user_id == user.id
