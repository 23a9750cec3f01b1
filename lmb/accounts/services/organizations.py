"""Organizations: a curated register (coordinators and admins; the seed and CLI)."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lmb.accounts import membership
from lmb.accounts.models import (
    Membership,
    MembershipStatus,
    Organization,
    OrganizationDomain,
    OrganizationKind,
    User,
)
from lmb.accounts.permissions import may_merge_organizations
from lmb.core.errors import Conflict, ServiceError
from lmb.core.permissions import require
from lmb.extensions import db

# Organizations: a curated register (coordinators and admins; the seed and CLI).

find_organization = membership.find_organization


def get_or_create_organization(
    name: str, kind: OrganizationKind = OrganizationKind.municipality, country: str = "BE"
) -> Organization:
    """The organization of that name (case-insensitive), created if it is new. For staff,
    the seed and the CLI only: what a person types at sign-up or in the profile never
    creates an organization (see lmb/accounts/membership/)."""
    organization = find_organization(name)
    if organization is None:
        organization = Organization(name=name.strip(), kind=kind, country=country.upper())
        db.session.add(organization)
        db.session.flush()
    return organization


DOMAIN_PATTERN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def parse_domains(text: str) -> list[str]:
    """Mail domains, one per line or separated by commas or spaces (e.g. roeselare.be)."""
    domains = []
    for raw in re.split(r"[\s,;]+", text or ""):
        domain = membership.normalize_domain(raw)
        if not domain:
            continue
        if not DOMAIN_PATTERN.match(domain):
            raise ServiceError(
                _("%(domain)s is not a mail domain such as roeselare.be.", domain=raw[:80]),
                field="mail_domains",
            )
        if domain not in domains:
            domains.append(domain)
    return domains


def save_organization(
    organization: Organization | None,
    name: str,
    kind: OrganizationKind,
    country: str,
    *,
    domains: list[str] | None = None,
    auto_grant_by_domain: bool | None = None,
) -> Organization:
    """Create (organization=None) or edit an organization; names are unique, ignoring case,
    and a mail domain belongs to one organization."""
    same_name = find_organization(name)
    if same_name is not None and same_name is not organization:
        raise Conflict(_("An organization with this name already exists."), field="name")
    if domains is not None:
        taken = db.session.scalars(
            select(OrganizationDomain).where(OrganizationDomain.domain.in_(domains))
        ).all()
        for other in taken:
            if organization is None or other.organization_id != organization.id:
                raise Conflict(
                    _(
                        "%(domain)s belongs to %(name)s already.",
                        domain=other.domain,
                        name=other.organization.name,
                    ),
                    field="mail_domains",
                )
    if organization is None:
        organization = Organization()
        db.session.add(organization)
    organization.name = name.strip()
    organization.kind = kind
    organization.country = country.strip().upper()
    if auto_grant_by_domain is not None:
        organization.auto_grant_by_domain = auto_grant_by_domain
    if domains is not None:
        keep = {d.domain: d for d in organization.domains}
        organization.domains = [keep.get(d) or OrganizationDomain(domain=d) for d in domains]
    db.session.flush()
    return organization


def delete_organization(organization: Organization) -> None:
    if organization.members:
        raise Conflict(
            _("This organization still has members; move them to another organization first.")
        )
    try:
        with db.session.begin_nested():
            db.session.execute(
                Membership.__table__.delete().where(
                    Membership.organization_id == organization.id,
                    Membership.status.not_in([MembershipStatus.asked, MembershipStatus.granted]),
                )
            )
            db.session.delete(organization)
            db.session.flush()
    except IntegrityError:
        raise Conflict(
            _(
                "This organization still has requests, submissions, applications or other "
                "records; merge it into another organization instead."
            )
        ) from None
    db.session.flush()


def merge_organizations(survivor: Organization, absorbed: Organization, *, by: User) -> None:
    """Move everything of `absorbed` to `survivor` and delete `absorbed`: members, requests,
    mail domains, lessons, peer-review rounds and submissions, applications, partnerships,
    outcome records, every column that refers to an organization (found in the metadata,
    so a table added later moves too). Refused, with nothing changed, when both take part
    in one review round or one call in a way that cannot be one organization."""
    require(
        may_merge_organizations, by, absorbed, _("Only the association can merge organizations.")
    )
    if survivor.id == absorbed.id:
        raise ServiceError(_("Choose another organization to merge with."), field="survivor_id")
    old, new = absorbed.id, survivor.id
    organizations = Organization.__table__
    try:
        with db.session.begin_nested():
            for table in db.metadata.sorted_tables:
                if table is organizations:
                    continue
                for fk in table.foreign_keys:
                    if fk.column.table is not organizations:
                        continue
                    column = fk.parent
                    if column.primary_key:
                        # A link table (round ↔ organization, track ↔ organization): drop the
                        # absorbed organization's link where the survivor has the same one.
                        others = [c for c in table.primary_key.columns if c is not column]
                        twin = table.alias("twin")
                        same = [twin.c[c.name] == c for c in others]
                        db.session.execute(
                            table.delete().where(
                                column == old,
                                select(twin.c[column.name])
                                .where(twin.c[column.name] == new, *same)
                                .exists(),
                            )
                        )
                    db.session.execute(table.update().where(column == old).values({column: new}))
            # Deleted through the session (everything of it has moved), so that the audit
            # log records the organization that went, with its values, under this actor.
            db.session.expire_all()
            db.session.delete(db.session.get(Organization, old))
            db.session.flush()
    except IntegrityError:
        raise Conflict(
            _(
                "These organizations both take part in the same review round or call; "
                "they cannot be merged."
            )
        ) from None
    db.session.expire_all()
    db.session.flush()
