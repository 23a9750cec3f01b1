"""Finding memberships and organizations: by a person, by a typed name, by a mail domain, and
the requests a decider sees (the rules of who decides are lmb.accounts.permissions')."""

from __future__ import annotations

import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lmb.accounts.models import Membership, MembershipStatus, Organization, User
from lmb.accounts.permissions import contact_organization_id, live_membership
from lmb.core import text
from lmb.extensions import db


def mail_domain(email: str) -> str:
    """The domain of an address, lower-case ("" when there is none)."""
    local, at, domain = (email or "").strip().lower().rpartition("@")
    return domain if at and local else ""


def normalize_domain(domain: str) -> str:
    return domain.strip().lower().lstrip("@").rstrip(".")


def pending_request(user: User) -> Membership | None:
    membership = live_membership(user)
    return membership if membership and membership.status is MembershipStatus.asked else None


def name_key(name: str) -> str:
    """How organization names compare, in Python so that every database agrees (SQLite's
    lower() lowers only ASCII): compatibility forms folded (full-width letters, no-break
    spaces), case folded, runs of spaces as one, trimmed."""
    return " ".join(unicodedata.normalize("NFKC", name or "").casefold().split())


def find_organization(name: str) -> Organization | None:
    """The organization of that name, by name_key (the register holds a few hundred)."""
    if text.has_forbidden_characters(name):
        # No stored name holds one (and PostgreSQL cannot even compare a NUL).
        return None
    key = name_key(name)
    if not key:
        return None
    rows = db.session.execute(select(Organization.id, Organization.name).order_by(Organization.id))
    for organization_id, stored in rows:
        if name_key(stored) == key:
            return db.session.get(Organization, organization_id)
    return None


def domain_matches(user: User, organization: Organization | None) -> bool:
    """The person's VERIFIED address is exactly on one of the organization's mail domains."""
    if organization is None or not organization.auto_grant_by_domain or not user.is_verified:
        return False
    domain = mail_domain(user.email)
    return bool(domain) and domain in set(organization.domain_names)


def requests_for(user, *, include_decided: bool = False) -> list[Membership]:
    """The requests `user` may decide: all of them for staff, their organization's for a
    contact; oldest first."""
    query = (
        select(Membership)
        .options(selectinload(Membership.user), selectinload(Membership.organization))
        .order_by(Membership.created_at, Membership.id)
    )
    statuses = list(MembershipStatus) if include_decided else [MembershipStatus.asked]
    query = query.where(Membership.status.in_(statuses), Membership.user_id != user.id).where(
        Membership.user_id.in_(select(User.id).where(User.email_verified_at.is_not(None)))
    )
    if not user.is_coordinator:
        organization_id = contact_organization_id(user)
        if organization_id is None:
            return []
        query = query.where(Membership.organization_id == organization_id)
    return list(db.session.scalars(query))


def deciders(membership: Membership) -> list[User]:
    """Who hears of a new request: the organization's contacts, or else the admins."""
    contacts = []
    if membership.organization_id is not None:
        contacts = list(
            db.session.scalars(
                select(User)
                .join(Membership, Membership.user_id == User.id)
                .where(
                    Membership.organization_id == membership.organization_id,
                    Membership.status == MembershipStatus.granted,
                    Membership.contact.is_(True),
                    User.organization_id == membership.organization_id,
                    User.active.is_(True),
                    User.id != membership.user_id,
                )
            )
        )
    if contacts:
        return contacts
    from lmb.accounts.models import Role

    return list(
        db.session.scalars(select(User).where(User.role == Role.admin, User.active.is_(True)))
    )
