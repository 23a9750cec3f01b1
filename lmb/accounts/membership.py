"""Membership of an organization: a person asks, the organization (or the association) grants.

The only writer of `users.organization_id`, which holds the GRANTED organization and nothing
else: a person who asked and waits has no organization rights anywhere. Asking, granting and
refusing send `events.membership_*` (the mail goes through the outbox).

Who decides a request: coordinators and admins, for every organization; a granted member who
holds the organization's contact role, for that organization. An organization may grant
automatically when the person's verified address is on one of its mail domains (exactly the
domain: not `roeselare.be.evil.com`, not `xroeselare.be`, not a subdomain).
"""

from __future__ import annotations

import unicodedata

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update
from sqlalchemy.orm import selectinload

from lmb import events
from lmb.accounts import privacy
from lmb.accounts.models import Membership, MembershipStatus, Organization, User
from lmb.accounts.permissions import member_organization_id
from lmb.accounts.privacy import Handling
from lmb.core import text
from lmb.core.errors import Conflict, NotAllowed, ServiceError
from lmb.core.models import utcnow
from lmb.extensions import db

LIVE = (MembershipStatus.asked, MembershipStatus.granted)


def mail_domain(email: str) -> str:
    """The domain of an address, lower-case ("" when there is none)."""
    local, at, domain = (email or "").strip().lower().rpartition("@")
    return domain if at and local else ""


def normalize_domain(domain: str) -> str:
    return domain.strip().lower().lstrip("@").rstrip(".")


def live_membership(user: User) -> Membership | None:
    """The person's request awaiting a decision, or their granted membership."""
    if user is None or getattr(user, "id", None) is None:
        return None
    return db.session.scalar(
        select(Membership).where(Membership.user_id == user.id, Membership.status.in_(LIVE))
    )


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


# Who decides


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


# Changes


def _end_live(user: User, now) -> None:
    membership = live_membership(user)
    if membership is not None:
        membership.status = MembershipStatus.ended
        membership.ended_at = now
        membership.contact = False
    user.organization_id = None
    db.session.flush()


def _set_granted(membership: Membership, *, by: User | None, now, auto: bool = False) -> None:
    membership.status = MembershipStatus.granted
    membership.decided_by_id = by.id if by is not None else None
    membership.decided_at = now
    membership.auto_granted = auto
    membership.user.organization_id = membership.organization_id
    db.session.flush()
    # The relationship follows the column.
    db.session.expire(membership.user, ["organization"])


def domain_matches(user: User, organization: Organization | None) -> bool:
    """The person's VERIFIED address is exactly on one of the organization's mail domains."""
    if organization is None or not organization.auto_grant_by_domain or not user.is_verified:
        return False
    domain = mail_domain(user.email)
    return bool(domain) and domain in set(organization.domain_names)


def _try_auto_grant(membership: Membership, now) -> bool:
    if membership.status is MembershipStatus.asked and domain_matches(
        membership.user, membership.organization
    ):
        _set_granted(membership, by=None, now=now, auto=True)
        events.membership_granted.send(membership)
        return True
    return False


def _lock_person(user: User) -> None:
    """One change of a person's membership at a time: two saves of the profile at once (a
    double click) see each other's result instead of both ending the same membership and
    both asking (a 500 on the one-live-membership index). An UPDATE, not SELECT ... FOR
    UPDATE, so that SQLite takes its write lock too before anything is read."""
    if user.id is not None:
        db.session.execute(
            update(User)
            .where(User.id == user.id)
            .values(organization_id=User.organization_id)
            .execution_options(synchronize_session=False)
        )


def ask(user: User, organization_name: str) -> Membership | None:
    """The person asks to join the organization they name (case-insensitive exact name).

    Asking for another organization ends the present membership or request at once. A name
    that matches no organization stays a request for staff to resolve; the answer does not
    tell which, so the register cannot be probed. Asking for the organization one already
    belongs to (or already asked for) changes nothing. An empty name ends the membership.
    """
    name = (organization_name or "").strip()
    now = utcnow()
    _lock_person(user)
    organization = find_organization(name) if name else None
    current = live_membership(user)
    if current is not None:
        same = (
            current.organization_id == organization.id
            if organization is not None
            else current.organization_id is None
            and name_key(current.requested_name) == name_key(name)
        )
        if same and name:
            return current
    if not name:
        _end_live(user, now)
        db.session.flush()
        return None
    membership = Membership(
        user=user,
        organization=organization,
        requested_name=name[:200],
        status=MembershipStatus.asked,
    )
    _end_live(user, now)
    db.session.add(membership)
    db.session.flush()
    # Deciders hear of a request once the address is proven (see grant_by_verified_domain),
    # so that sign-ups with addresses nobody owns cannot flood an organization's contacts.
    if not _try_auto_grant(membership, now) and user.is_verified:
        events.membership_asked.send(membership)
    return membership


def _still_asked(membership: Membership) -> None:
    """The request as it is now, locked until this decision commits (PostgreSQL): two
    deciders answering at once, or the person changing organization meanwhile, cannot both
    win; the one that comes second is told it was decided already."""
    db.session.refresh(membership, with_for_update=True)
    if membership.status is not MembershipStatus.asked:
        raise Conflict(_("This request has been decided already."))


def grant(membership: Membership, *, by: User, organization: Organization | None = None) -> None:
    """Grant a request; staff may first say which organization a free-typed name means."""
    if not may_decide(by, membership):
        raise NotAllowed(_("Only the association or a contact of the organization can decide."))
    _still_asked(membership)
    if not membership.user.is_verified:
        raise ServiceError(_("This person has not verified their e-mail address yet."))
    if organization is not None and organization.id != membership.organization_id:
        if not by.is_coordinator:
            raise NotAllowed(_("Only the association can change the organization of a request."))
        membership.organization = organization
        db.session.flush()
    if membership.organization is None:
        raise ServiceError(
            _("Choose the organization this request is for first."), field="organization_id"
        )
    _set_granted(membership, by=by, now=utcnow())
    events.membership_granted.send(membership)
    db.session.flush()


def refuse(membership: Membership, *, by: User) -> None:
    if not may_decide(by, membership):
        raise NotAllowed(_("Only the association or a contact of the organization can decide."))
    _still_asked(membership)
    membership.status = MembershipStatus.refused
    membership.decided_by_id = by.id
    membership.decided_at = utcnow()
    db.session.flush()
    events.membership_refused.send(membership)
    db.session.flush()


def set_contact(membership: Membership, contact: bool, *, by: User) -> None:
    """Staff give or take the organization's contact role (a granted member only)."""
    if not by.is_coordinator:
        raise NotAllowed(_("Only the association can give the contact role."))
    if membership.status is not MembershipStatus.granted:
        raise ServiceError(_("Only a granted member can hold the contact role."))
    membership.contact = contact
    db.session.flush()


def place(user: User, organization: Organization | None, *, by: User | None = None) -> None:
    """Staff (or the seed and CLI) put a person straight into an organization: the old
    membership ends and a granted one begins. None ends the membership. Flushes only."""
    with db.session.no_autoflush:
        _lock_person(user)
        current = live_membership(user)
    if organization is not None and (
        current is not None
        and current.status is MembershipStatus.granted
        and current.organization_id == organization.id
        and user.organization_id == organization.id
    ):
        return
    if organization is None and user.organization_id is None and current is not None:
        # No organization, as before: a request that waits keeps waiting (the admin's form
        # shows the granted organization only; saving it must not end a request unseen).
        return
    now = utcnow()
    if current is not None:
        current.status = MembershipStatus.ended
        current.ended_at = now
        current.contact = False
    # One change of the person's row (one audit entry), whatever happened to the requests.
    user.organization_id = organization.id if organization is not None else None
    db.session.flush()
    if organization is not None:
        db.session.add(
            Membership(
                user=user,
                organization=organization,
                requested_name=organization.name,
                status=MembershipStatus.granted,
                decided_by_id=by.id if by is not None else None,
                decided_at=now,
            )
        )
        db.session.flush()
    db.session.expire(user, ["organization"])


@events.email_verified.connect
def grant_by_verified_domain(user, **_):
    """A request waiting when the address gets verified may now be granted by its domain;
    else its deciders hear of it now."""
    membership = pending_request(user)
    if membership is not None and not _try_auto_grant(membership, utcnow()):
        events.membership_asked.send(membership)


# Privacy: the person's requests are theirs to download, and go with the account.


personal = privacy.register(
    "memberships",
    _l("Organization memberships and requests"),
    on_erasure=_l(
        "Your requests to join an organization are deleted; the membership you held stays as "
        "an anonymous entry, so that the numbers per organization stay right."
    ),
    covers={
        "memberships.user_id": privacy.Covered(Handling.kept, personal=("requested_name",)),
        "memberships.organization_id": Handling.organization,
        "memberships.decided_by_id": Handling.cleared,
        "organization_domains.organization_id": Handling.organization,
    },
    # Before the account (order 50), which keeps users.organization_id for the same counts.
    order=40,
)


@personal.exporter
def membership_data(user: User) -> list[dict]:
    rows = db.session.scalars(
        select(Membership).where(Membership.user_id == user.id).order_by(Membership.id)
    )
    # The register's name only where the person was a member: a request shows what they typed
    # (the export must not tell which names the register holds).
    member = (MembershipStatus.granted, MembershipStatus.ended)
    return [
        {
            "organization": m.organization.name
            if m.organization and m.status in member and m.decided_at
            else None,
            "requested_name": m.requested_name,
            "status": m.status.name,
            "contact": m.contact,
            "asked_at": m.created_at.isoformat() if m.created_at else None,
            "decided_at": m.decided_at.isoformat() if m.decided_at else None,
            "ended_at": m.ended_at.isoformat() if m.ended_at else None,
        }
        for m in rows
    ]


@personal.eraser
def forget_memberships_of(erasure: privacy.Erasure) -> None:
    user = erasure.user
    db.session.execute(
        delete(Membership).where(
            Membership.user_id == user.id, Membership.status != MembershipStatus.granted
        )
    )
    db.session.execute(
        update(Membership)
        .where(Membership.user_id == user.id)
        .values(requested_name="", contact=False)
    )
    db.session.execute(
        update(Membership).where(Membership.decided_by_id == user.id).values(decided_by_id=None)
    )
