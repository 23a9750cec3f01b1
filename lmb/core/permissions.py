"""The mechanism of "who may see or change what", without any rule of its own.

The rules are named predicates `rule(user, obj) -> bool`, declared once by the domain that owns
them in `lmb/<domain>/permissions.py` (pretalx's `rules.py`): accounts (roles, membership),
tracks (`may_manage_track`), toolkits, partnerships, peer review. A view gets one of them through
`permission_required`; a service called from the API, the CLI or a test refuses (NotAllowed)
with the same predicate. Core knows no domain: roles are data handed in by the
caller, and "administrator" is what the person object says of itself (`user.is_admin`).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user


def login_required_verified(view):
    """A logged-in person; unauthenticated requests go to the login page."""
    from lmb.extensions import login_manager

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return view(*args, **kwargs)

    return wrapper


def is_authenticated(user) -> bool:
    return bool(user) and bool(getattr(user, "is_authenticated", False))


def is_admin(user) -> bool:
    """An administrator passes every check (the person object says whether it is one)."""
    return is_authenticated(user) and bool(getattr(user, "is_admin", False))


def has_role(*roles) -> Callable[[object], bool]:
    """The predicate "one of `roles`, or an administrator"; `roles` are the caller's values."""

    def predicate(user) -> bool:
        return is_admin(user) or (is_authenticated(user) and user.role in roles)

    predicate.__name__ = "has_role_" + "_".join(getattr(r, "name", str(r)) for r in roles)
    return predicate


def permission_required(predicate: Callable[..., bool], load: Callable[..., object] | None = None):
    """A view for the logged-in people `predicate` allows; anyone else gets a 403.

    Without `load`, `predicate(user)` decides. With `load`, the object is loaded first from
    the view's URL values (`load` is given those it names, and answers 404 when there is
    none), then `predicate(user, obj)` decides, and the view receives the object as its first
    argument, before its URL values. Anonymous people go to the login page before anything is
    loaded.
    """
    wanted = set(inspect.signature(load).parameters) if load is not None else set()

    def decorator(view):
        @wraps(view)
        @login_required_verified
        def wrapper(*args, **kwargs):
            if load is None:
                if not predicate(current_user):
                    abort(403)
                return view(*args, **kwargs)
            obj = load(**{name: value for name, value in kwargs.items() if name in wanted})
            if not predicate(current_user, obj):
                abort(403)
            return view(obj, *args, **kwargs)

        return wrapper

    return decorator


def role_required(*roles):
    """A logged-in person with one of `roles` (admins pass every check); else 403."""
    return permission_required(has_role(*roles))


admin_required = permission_required(is_admin)
