"""The administration of accounts: made verified by staff, changed by an administrator."""

from __future__ import annotations

import secrets

from flask_babel import gettext as _

from lmb.accounts import membership
from lmb.accounts.auth import hash_password
from lmb.accounts.models import (
    Function,
    Organization,
    Role,
    User,
)
from lmb.accounts.services.organizations import get_or_create_organization
from lmb.accounts.services.passwords import end_credentials
from lmb.accounts.services.people import (
    check_new_password,
    find_user_by_email,
    normalize_email,
)
from lmb.core.errors import Conflict, NotAllowed
from lmb.core.models import utcnow
from lmb.extensions import db

# Administration


def create_verified_user(
    *,
    email: str,
    name: str,
    role: Role,
    organization_name: str | None = None,
    password: str | None = None,
    function: Function = Function.other,
) -> tuple[User, str]:
    """An account that can log in at once (CLI, seed). Returns the user and the password."""
    email = normalize_email(email)
    if find_user_by_email(email) is not None:
        raise Conflict(_("An account with this e-mail address already exists."), field="email")
    password = password or secrets.token_urlsafe(12)
    check_new_password(password)
    user = User(
        email=email,
        name=name.strip(),
        role=role,
        function=function,
        password_hash=hash_password(password),
        email_verified_at=utcnow(),
    )
    db.session.add(user)
    db.session.flush()
    if organization_name:
        # Made by staff (CLI, seed): a granted member at once.
        membership.place(user, get_or_create_organization(organization_name))
    db.session.flush()
    return user, password


def admin_update_user(
    admin: User,
    user: User,
    *,
    name: str,
    role: Role,
    organization: Organization | None,
    function: Function,
    active: bool,
) -> None:
    if user.id == admin.id and (role is not Role.admin or not active):
        raise NotAllowed(_("You cannot take away your own administrator rights."), field="role")
    user.name = name.strip()
    user.role = role
    user.function = function
    if user.active and not active:
        # Reactivating later must not bring a copied token or feed address back.
        end_credentials(user)
    user.active = active
    membership.place(user, organization, by=admin)
    db.session.flush()
