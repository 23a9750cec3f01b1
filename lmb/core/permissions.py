"""The mechanism of "who may see or change what", without any rule of its own.

The rules are named predicates `rule(user, obj) -> bool`, declared once by the domain that owns
them in `lmb/<domain>/permissions.py` (pretalx's `rules.py`): accounts (roles, membership),
tracks (`may_manage_track`), toolkits, partnerships, peer review. A view gets one of them through
`permission_required` (or `guard` inside a view); a service refuses with the same predicate
through `require` (NotAllowed). A rule is evaluated once per request: what a page's check
granted is remembered for the rest of the request, so the service it then calls finds the
grant instead of checking again. Outside a request (the CLI, the scheduler, tests calling
services) every `require` checks. Only grants are remembered, never refusals, and only for the
request that established them. Core knows no domain: roles are data handed in by the
caller, and "administrator" is what the person object says of itself (`user.is_admin`).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import wraps

from flask import abort, has_request_context, request
from flask_login import current_user

from lmb.core.errors import NotAllowed

Predicate = Callable[[object, object], bool]

_GRANTS = "lmb.permissions.grants"


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


def _key(predicate: Predicate, user, subject) -> tuple:
    return (
        predicate.__name__,
        getattr(user, "id", None),
        type(subject).__name__,
        getattr(subject, "id", None),
    )


def _grants() -> set | None:
    """This request's grants, or None outside a request."""
    if not has_request_context():
        return None
    return request.environ.setdefault(_GRANTS, set())


def _ask(predicate: Callable[..., bool], user, subject) -> bool:
    """A rule about an object is asked `rule(user, obj)`; a rule without one `rule(user)`."""
    return bool(predicate(user) if subject is None else predicate(user, subject))


def allowed(predicate: Predicate, user, subject=None) -> bool:
    """Whether `predicate` allows `user` on `subject` (or, without a subject, at all); a grant
    counts for the rest of the request. An object not stored yet has no identity to remember
    a grant by, so it is asked each time."""
    if not is_authenticated(user) or (subject is not None and getattr(subject, "id", None) is None):
        return _ask(predicate, user, subject)
    grants = _grants()
    key = _key(predicate, user, subject)
    if grants is not None and key in grants:
        return True
    if not _ask(predicate, user, subject):
        return False
    if grants is not None:
        grants.add(key)
    return True


def require(predicate: Predicate, user, subject, message: str) -> None:
    """For services: refuse with NotAllowed(`message`) unless allowed."""
    if not allowed(predicate, user, subject):
        raise NotAllowed(message)


def guard(predicate: Predicate, user, subject, *, status: int = 403) -> None:
    """For pages and the API: answer `status` unless allowed."""
    if not allowed(predicate, user, subject):
        abort(status)


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
                guard(predicate, current_user, None)
                return view(*args, **kwargs)
            obj = load(**{name: value for name, value in kwargs.items() if name in wanted})
            guard(predicate, current_user, obj)
            return view(obj, *args, **kwargs)

        return wrapper

    return decorator


def role_required(*roles):
    """A logged-in person with one of `roles` (admins pass every check); else 403."""
    return permission_required(has_role(*roles))


admin_required = permission_required(is_admin)
