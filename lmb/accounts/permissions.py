"""Who may do what, as far as people are concerned: roles and organization membership.

The named predicates every domain's rules are built from (lmb.core.permissions holds only the
mechanism). Membership is the one notion every organization-scoped check uses.
"""

from __future__ import annotations

from lmb.accounts.models import Role
from lmb.core.permissions import admin_required, is_admin, role_required

__all__ = [
    "admin_required",
    "is_admin",
    "is_member_of",
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
    # users.organization_id holds the granted membership only (lmb/accounts/membership.py).
    return user.organization_id


def is_member_of(user, organization_id: int | None) -> bool:
    """`user` is a granted member of the organization `organization_id`."""
    return organization_id is not None and member_organization_id(user) == organization_id
