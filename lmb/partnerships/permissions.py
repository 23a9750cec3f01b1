"""Who may do what with partnerships: the association's staff run calls, partnerships and
outcomes; its administrators choose the steering group."""

from __future__ import annotations

from lmb.accounts.models import Role
from lmb.accounts.permissions import is_member_of
from lmb.core.permissions import is_authenticated, permission_required


def can_manage(user) -> bool:
    """The association's staff (coordinators, admins) run calls, partnerships and outcomes."""
    return is_authenticated(user) and user.role in (Role.admin, Role.coordinator)


def can_select(user) -> bool:
    """The association (its admins) chooses the members of the steering group."""
    return is_authenticated(user) and user.role is Role.admin


def may_withdraw_application(user, application) -> bool:
    """The municipality that applied (a granted member of it), or the association's staff."""
    return is_member_of(user, application.organization_id) or can_manage(user)


def may_withdraw_candidacy(user, candidacy) -> bool:
    """The candidate, or the association's administrators."""
    return candidacy.user_id == user.id or can_select(user)


# The pages of the association's staff, and of its administrators.
manager_required = permission_required(can_manage)
selector_required = permission_required(can_select)
