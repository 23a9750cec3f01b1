"""Partnerships with their people, activities and budget; the checks every service shares."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lmb import events
from lmb.accounts.models import OrganizationKind, User
from lmb.accounts.services import get_or_create_organization
from lmb.core.errors import Conflict, NotAllowed, ServiceError
from lmb.core.timezones import to_local
from lmb.extensions import db
from lmb.partnerships.models import (
    DEFAULT_BUDGET,
    SDG_NUMBERS,
    ZERO,
    Country,
    Partnership,
    PartnershipActivity,
    Side,
)
from lmb.partnerships.permissions import can_manage
from lmb.scheduling import services as scheduling
from lmb.scheduling.models import OwnerKind
from lmb.tracks.models import Programme

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("9999999999.99")
# Seed 002: "gedurende een periode van 2 jaar".
PARTNERSHIP_YEARS = 2


class CallClosed(ServiceError):
    """An application or candidacy outside a call's window."""

    code = "call_closed"


# A rule is checked once (lmb/partnerships/permissions.py): the staff's pages are behind
# `manager_required`, so what only they call does not ask again; what the API, the seed or a
# test calls with any person (create a partnership, record an outcome) refuses here.


def _require_manager(user) -> None:
    if not can_manage(user):
        raise NotAllowed(_("Only the association's coordinators and administrators can do this."))


def money(value, field_name: str = "amount") -> Decimal:
    """An amount in euros as an exact Decimal with cents; refuses floats' guesses and nonsense."""
    if isinstance(value, float):
        raise TypeError("amounts are Decimal or text, never float")
    try:
        amount = Decimal(str(value).strip().replace(",", "."))
    except ArithmeticError:
        raise ServiceError(
            _("Enter an amount in euros, such as 1250.50."), field=field_name
        ) from None
    if not amount.is_finite():
        raise ServiceError(_("Enter an amount in euros, such as 1250.50."), field=field_name)
    if amount != amount.quantize(CENT):
        raise ServiceError(
            _("Give the amount in euros and cents (at most 2 decimals)."), field_name
        )
    if amount < 0 or amount > MAX_AMOUNT:
        raise ServiceError(_("Enter an amount between 0 and 9,999,999,999.99."), field_name)
    return amount.quantize(CENT)


def clean_sdgs(numbers) -> list[int]:
    chosen = sorted({int(n) for n in numbers or []})
    if any(n not in SDG_NUMBERS for n in chosen):
        raise ServiceError(_("SDGs are numbered 1 to 17."), field="sdgs")
    return chosen


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:70] or "partnerschap"


def sdg_programme() -> Programme:
    programme = db.session.scalar(select(Programme).where(Programme.slug == "sdg-partnerschappen"))
    if programme is None:
        raise ServiceError(_("The programme SDG-partnerschappen is not loaded (lmb seed)."))
    return programme


# Partnerships


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
    _require_manager(by)
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
                day=format_date(partnership.ends_on, "long"),
            ),
            field="since",
        )
    partnership.stedenband_since = since
    partnership.stedenband_url = url.strip()
    partnership.stedenband_note = note.strip()
    db.session.flush()


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


# Activities and money


def planned_by_side(partnership: Partnership, without: PartnershipActivity | None = None):
    planned = {Side.flemish: ZERO, Side.partner: ZERO}
    for activity in partnership.activities:
        if activity is not without:
            planned[activity.side] += activity.planned_amount
    return planned


def _check_plan(partnership, side: Side, planned: Decimal, activity=None) -> None:
    already = planned_by_side(partnership, without=activity)[side]
    budget = partnership.budget_of(side)
    if already + planned > budget:
        raise ServiceError(
            _(
                "This plans %(over)s EUR more than the budget of %(name)s allows "
                "(%(budget)s EUR, of which %(planned)s EUR is planned already).",
                over=already + planned - budget,
                name=partnership.municipality_of(side).name,
                budget=budget,
                planned=already,
            ),
            field="planned_amount",
        )


@dataclass
class Meeting:
    """The calendar part of an activity that is a meeting."""

    starts_at: datetime
    ends_at: datetime
    location: str = ""
    online_url: str = ""


def save_activity(
    partnership: Partnership,
    activity: PartnershipActivity | None,
    *,
    by,
    title: str,
    description: str,
    starts_on: date,
    ends_on: date,
    side: Side,
    planned_amount,
    spent_amount,
    meeting: Meeting | None = None,
) -> PartnershipActivity:
    """Add or change an activity; a meeting becomes (or moves) a Session with invites."""
    planned = money(planned_amount, "planned_amount")
    spent = money(spent_amount, "spent_amount")
    if meeting is not None:
        starts_on = to_local(meeting.starts_at).date()
        ends_on = max(ends_on or starts_on, to_local(meeting.ends_at).date())
        if not (meeting.location.strip() or meeting.online_url.strip()):
            raise ServiceError(_("Give a location or an online link."), field="location")
    if ends_on < starts_on:
        raise ServiceError(_("An activity cannot end before it starts."), field="ends_on")
    _check_plan(partnership, side, planned, activity)
    new = activity is None
    if new:
        activity = PartnershipActivity(partnership=partnership)
        db.session.add(activity)
    activity.title = title.strip()
    activity.description = description.strip()
    activity.starts_on, activity.ends_on = starts_on, ends_on
    activity.side = side
    activity.planned_amount, activity.spent_amount = planned, spent
    if meeting is None:
        db.session.flush()
        return activity
    db.session.flush()
    if activity.session is None:
        scheduling.create_session(
            None,
            phase=None,
            title=activity.title,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            location=meeting.location,
            online_url=meeting.online_url,
            agenda=activity.description,
            owner_kind=OwnerKind.partnership_activity,
            owner=activity,
        )
    else:
        scheduling.change_session(
            activity.session,
            title=activity.title,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            location=meeting.location,
            online_url=meeting.online_url,
            agenda=activity.description,
        )
    return activity


def record_spending(activity: PartnershipActivity, *, by, spent_amount) -> None:
    _require_manager(by)
    activity.spent_amount = money(spent_amount, "spent_amount")
    db.session.flush()


def cancel_activity_meeting(activity: PartnershipActivity, *, by) -> None:
    if activity.session is None:
        raise ServiceError(_("This activity has no meeting."))
    scheduling.cancel_session(activity.session)


@dataclass
class BudgetRow:
    """Planned and spent, per side, for one year (or the whole partnership)."""

    label: str
    planned: dict = field(default_factory=lambda: {Side.flemish: ZERO, Side.partner: ZERO})
    spent: dict = field(default_factory=lambda: {Side.flemish: ZERO, Side.partner: ZERO})

    @property
    def planned_flemish(self) -> Decimal:
        return self.planned[Side.flemish]

    @property
    def planned_partner(self) -> Decimal:
        return self.planned[Side.partner]

    @property
    def spent_flemish(self) -> Decimal:
        return self.spent[Side.flemish]

    @property
    def spent_partner(self) -> Decimal:
        return self.spent[Side.partner]

    @property
    def planned_total(self) -> Decimal:
        return self.planned[Side.flemish] + self.planned[Side.partner]

    @property
    def spent_total(self) -> Decimal:
        return self.spent[Side.flemish] + self.spent[Side.partner]


@dataclass
class BudgetOverview:
    partnership: Partnership
    years: list[BudgetRow]
    total: BudgetRow

    @property
    def budget(self) -> dict:
        p = self.partnership
        return {Side.flemish: p.budget_flemish, Side.partner: p.budget_partner}

    @property
    def remaining(self) -> dict:
        """Budget not yet spent, per side (negative when overspent)."""
        return {side: self.budget[side] - self.total.spent[side] for side in Side}

    @property
    def remaining_total(self) -> Decimal:
        return self.partnership.budget_total - self.total.spent_total


def budget_overview(partnership: Partnership) -> BudgetOverview:
    by_year: dict[int, BudgetRow] = defaultdict(lambda: BudgetRow(""))
    total = BudgetRow(_("Total"))
    for activity in partnership.activities:
        row = by_year[activity.year]
        for target in (row, total):
            target.planned[activity.side] += activity.planned_amount
            target.spent[activity.side] += activity.spent_amount
    years = []
    for year in sorted(by_year):
        by_year[year].label = str(year)
        years.append(by_year[year])
    return BudgetOverview(partnership=partnership, years=years, total=total)
