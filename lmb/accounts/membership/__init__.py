"""Membership of an organization: a person asks, the organization (or the association) grants.

The only writer of `users.organization_id`, which holds the GRANTED organization and nothing
else: a person who asked and waits has no organization rights anywhere. Asking, granting and
refusing send `events.membership_*` (the mail goes through the outbox).

Who decides a request: coordinators and admins, for every organization; a granted member who
holds the organization's contact role, for that organization. An organization may grant
automatically when the person's verified address is on one of its mail domains (exactly the
domain: not `roeselare.be.evil.com`, not `xroeselare.be`, not a subdomain).

This package is the one way in:

- `lookup`: finding memberships and organizations, and the requests a decider sees;
- `changes`: asking, granting, refusing, the contact role, placing a person;
- `personal_data`: the memberships' part of the privacy registry;
- the rules of who decides are named predicates in lmb.accounts.permissions.
"""

from lmb.accounts.membership import personal_data
from lmb.accounts.membership.changes import (
    ask,
    grant,
    grant_by_verified_domain,
    place,
    refuse,
    set_contact,
)
from lmb.accounts.membership.lookup import (
    deciders,
    domain_matches,
    find_organization,
    mail_domain,
    name_key,
    normalize_domain,
    pending_request,
    requests_for,
)
from lmb.accounts.permissions import (
    LIVE,
    contact_organization_id,
    is_contact_of,
    live_membership,
    may_decide,
    may_see_requests,
)

__all__ = [
    "LIVE",
    "ask",
    "contact_organization_id",
    "deciders",
    "domain_matches",
    "find_organization",
    "grant",
    "grant_by_verified_domain",
    "is_contact_of",
    "live_membership",
    "may_decide",
    "may_see_requests",
    "mail_domain",
    "name_key",
    "normalize_domain",
    "pending_request",
    "personal_data",
    "place",
    "refuse",
    "requests_for",
    "set_contact",
]
