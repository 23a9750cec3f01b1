"""The activities of a partnership and their money: plans within each side's budget, what
was spent, a meeting's session, and the budget overview per year."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext as _

from lmb.core.errors import ServiceError
from lmb.core.timezones import to_local
from lmb.extensions import db
from lmb.partnerships.models import ZERO, Partnership, PartnershipActivity, Side
from lmb.partnerships.permissions import can_manage, require
from lmb.partnerships.services.shared import money
from lmb.scheduling import services as scheduling
from lmb.scheduling.models import OwnerKind

# Checked once, as in partnerships.py: the staff's pages are behind `manager_required`;
# recording spending, which any caller may ask for any person, refuses here.


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
    require(can_manage, by, None)
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
