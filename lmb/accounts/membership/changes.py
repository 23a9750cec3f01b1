"""Changes of a membership: asking, granting, refusing, the contact role, and staff placing a
person. The only writer of `users.organization_id`."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import update

from lmb import events
from lmb.accounts.membership.lookup import (
    domain_matches,
    find_organization,
    name_key,
    pending_request,
)
from lmb.accounts.models import Membership, MembershipStatus, Organization, User
from lmb.accounts.permissions import (
    live_membership,
    may_change_request_organization,
    may_decide,
    may_give_contact_role,
)
from lmb.core.errors import Conflict, ServiceError
from lmb.core.models import utcnow
from lmb.core.permissions import require
from lmb.extensions import db


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


def _decidable_by(membership: Membership, by: User) -> None:
    """`by` may decide the request, and it is still asked (locked, see _still_asked)."""
    require(
        may_decide,
        by,
        membership,
        _("Only the association or a contact of the organization can decide."),
    )
    _still_asked(membership)


def grant(membership: Membership, *, by: User, organization: Organization | None = None) -> None:
    """Grant a request; staff may first say which organization a free-typed name means."""
    _decidable_by(membership, by)
    if not membership.user.is_verified:
        raise ServiceError(_("This person has not verified their e-mail address yet."))
    if organization is not None and organization.id != membership.organization_id:
        require(
            may_change_request_organization,
            by,
            membership,
            _("Only the association can change the organization of a request."),
        )
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
    _decidable_by(membership, by)
    membership.status = MembershipStatus.refused
    membership.decided_by_id = by.id
    membership.decided_at = utcnow()
    db.session.flush()
    events.membership_refused.send(membership)
    db.session.flush()


def set_contact(membership: Membership, contact: bool, *, by: User) -> None:
    """Staff give or take the organization's contact role (a granted member only)."""
    require(
        may_give_contact_role, by, membership, _("Only the association can give the contact role.")
    )
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
