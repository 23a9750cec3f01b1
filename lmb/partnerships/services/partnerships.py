"""Partnerships with their people: two municipalities, their dates, budget, SDGs and contacts,
and the stedenband that continues them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lmb import events
from lmb.accounts.models import OrganizationKind, User
from lmb.accounts.services import get_or_create_organization
from lmb.core import dates
from lmb.core.errors import Conflict, ServiceError
from lmb.extensions import db
from lmb.partnerships.models import DEFAULT_BUDGET, Country, Partnership, Side
from lmb.partnerships.permissions import can_manage, require
from lmb.partnerships.services.activities import planned_by_side
from lmb.partnerships.services.shared import CENT, clean_sdgs, money, sdg_programme, slugify

# Seed 002: "gedurende een periode van 2 jaar".
PARTNERSHIP_YEARS = 2

# A rule is checked once (lmb/partnerships/permissions.py): the staff's pages are behind
# `manager_required`, so what only they call does not ask again; what the API, the seed or a
# test calls with any person (create a partnership, record an outcome) refuses here.


def partnerships() -> list[Partnership]:
    return list(
        db.session.scalars(
            select(Partnership)
            .options(
                selectinload(Partnership.flemish_municipality),
                selectinload(Partnership.partner_municipality),
            )
            .order_by(Partnership.starts_on, Partnership.title)
        )
    )


def partnerships_in(country: Country) -> list[Partnership]:
    """Every partnership with a municipality in `country`: what its partner association sees."""
    return [p for p in partnerships() if p.country is country]


def partnership_by_slug(slug: str) -> Partnership | None:
    return db.session.scalar(select(Partnership).where(Partnership.slug == slug))


def two_years_after(day: date) -> date:
    """The last day of a 2-year partnership that starts on `day`."""
    try:
        end = day.replace(year=day.year + PARTNERSHIP_YEARS)
    except ValueError:  # 29 February
        end = day.replace(year=day.year + PARTNERSHIP_YEARS, day=28)
    return date.fromordinal(end.toordinal() - 1)


def create_partnership(
    *,
    by,
    country: Country,
    flemish_municipality: str,
    partner_municipality: str,
    starts_on: date,
    ends_on: date | None = None,
    title: str = "",
    summary: str = "",
    budget_flemish: Decimal | None = None,
    budget_partner: Decimal | None = None,
    sdgs=None,
    contacts=(),
) -> Partnership:
    require(can_manage, by, None)
    flemish_name, partner_name = flemish_municipality.strip(), partner_municipality.strip()
    if not flemish_name or not partner_name:
        raise ServiceError(_("Name both municipalities."), field="partner_municipality")
    if flemish_name.casefold() == partner_name.casefold():
        raise ServiceError(
            _("A partnership joins two different municipalities."), field="partner_municipality"
        )
    flemish = get_or_create_organization(flemish_name, OrganizationKind.municipality, "BE")
    if flemish.kind is not OrganizationKind.municipality:
        raise ServiceError(
            _("%(name)s is not a Flemish municipality.", name=flemish.name),
            field="flemish_municipality",
        )
    partner = get_or_create_organization(
        partner_name, OrganizationKind.partner_municipality, country.iso_code
    )
    if partner.kind is not OrganizationKind.partner_municipality or partner.country != (
        country.iso_code
    ):
        raise ServiceError(
            _(
                "%(name)s is not a partner municipality in %(country)s.",
                name=partner.name,
                country=country.label,
            ),
            field="partner_municipality",
        )
    ends_on = ends_on or two_years_after(starts_on)
    if ends_on <= starts_on:
        raise ServiceError(_("A partnership must end after it starts."), field="ends_on")
    half = (DEFAULT_BUDGET / 2).quantize(CENT)
    title = title.strip() or f"{flemish.name} – {partner.name}"
    slug = slugify(f"{flemish.name}-{partner.name}-{starts_on.year}")
    if partnership_by_slug(slug) is not None:
        raise Conflict(_("This partnership exists already."), field="partner_municipality")
    partnership = Partnership(
        programme=sdg_programme(),
        slug=slug,
        title=title,
        summary=summary.strip(),
        country=country,
        theme=country.theme,
        sdgs=clean_sdgs(sdgs if sdgs is not None else country.theme.sdgs),
        flemish_municipality=flemish,
        partner_municipality=partner,
        starts_on=starts_on,
        ends_on=ends_on,
        budget_flemish=money(budget_flemish if budget_flemish is not None else half),
        budget_partner=money(budget_partner if budget_partner is not None else half),
        contacts=list(contacts),
    )
    db.session.add(partnership)
    db.session.flush()
    return partnership


def update_partnership(
    partnership: Partnership,
    *,
    by,
    title: str,
    summary: str,
    starts_on: date,
    ends_on: date,
    budget_flemish,
    budget_partner,
    sdgs,
) -> None:
    if ends_on <= starts_on:
        raise ServiceError(_("A partnership must end after it starts."), field="ends_on")
    budget = {Side.flemish: money(budget_flemish, "budget_flemish")}
    budget[Side.partner] = money(budget_partner, "budget_partner")
    for side, amount in budget.items():
        planned = planned_by_side(partnership)[side]
        if planned > amount:
            raise ServiceError(
                _(
                    "Activities of %(name)s already plan %(planned)s EUR; the budget cannot be "
                    "lower.",
                    name=partnership.municipality_of(side).name,
                    planned=planned,
                ),
                field=f"budget_{side.name}",
            )
    partnership.title = title.strip()
    partnership.summary = summary.strip()
    partnership.starts_on, partnership.ends_on = starts_on, ends_on
    partnership.budget_flemish, partnership.budget_partner = (
        budget[Side.flemish],
        budget[Side.partner],
    )
    partnership.sdgs = clean_sdgs(sdgs)
    db.session.flush()


def record_stedenband(
    partnership: Partnership, *, by, since: date, url: str = "", note: str = ""
) -> None:
    """After its 2 years, the partnership continues as a stedenband (recorded with a link)."""
    if since < partnership.ends_on:
        raise ServiceError(
            _(
                "A partnership continues as a stedenband after its 2 years, from %(day)s.",
                day=dates.day(partnership.ends_on),
            ),
            field="since",
        )
    partnership.stedenband_since = since
    partnership.stedenband_url = url.strip()
    partnership.stedenband_note = note.strip()
    db.session.flush()


def people_by_email(emails: str) -> list[User]:
    """The accounts of the addresses typed (one a line) for set_contacts: an address without an
    account is refused on its field, before the question about the mails, never after it."""
    wanted = {e.strip().lower() for e in (emails or "").split() if e.strip()}
    people = list(db.session.scalars(select(User).where(User.email.in_(wanted))))
    unknown = sorted(wanted - {u.email for u in people})
    if unknown:
        raise ServiceError(
            _("No account for: %(emails)s", emails=", ".join(unknown)[:500]), field="emails"
        )
    return people


def set_contacts(partnership: Partnership, users: list[User], *, by) -> None:
    """The people of both municipalities who take part: they are invited to its meetings."""
    before = {u.id: u for u in partnership.contacts}
    after = {u.id: u for u in users}
    partnership.contacts = sorted(after.values(), key=lambda u: u.name)
    db.session.flush()
    added = [u for uid, u in after.items() if uid not in before]
    removed = [u for uid, u in before.items() if uid not in after]
    if added or removed:
        events.partnership_contacts_changed.send(partnership, added=added, removed=removed)
    db.session.flush()
