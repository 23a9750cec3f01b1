"""Who may see or change what: role checks for views and the track rule shared by all domains."""

from functools import wraps

from flask import abort
from flask_login import current_user

from lmb.accounts.models import Role


def login_required_verified(view):
    """A logged-in person; unauthenticated requests go to the login page."""
    from lmb.extensions import login_manager

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return view(*args, **kwargs)

    return wrapper


def role_required(*roles: Role):
    """A logged-in person with one of `roles` (admins pass every check); else 403."""

    def decorator(view):
        @wraps(view)
        @login_required_verified
        def wrapper(*args, **kwargs):
            if current_user.role is not Role.admin and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorator


admin_required = role_required(Role.admin)


def can_manage_track(user, track) -> bool:
    """Admins manage every track; coordinators the tracks they are attached to."""
    if not user or not user.is_authenticated:
        return False
    if user.role is Role.admin:
        return True
    return user.role is Role.coordinator and any(c.id == user.id for c in track.coordinators)


# Organization membership: the one notion every organization-scoped check uses.


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
