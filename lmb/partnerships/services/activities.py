"""The activities of a partnership and their money: plans within each side's budget, what
was spent, a meeting's session, and the budget overview per year."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext as _

from lmb import events
from lmb.core.errors import ServiceError
from lmb.core.models import utcnow
from lmb.core.timezones import to_local
from lmb.extensions import db
from lmb.partnerships.models import ZERO, ActivityStatus, Partnership, PartnershipActivity, Side
from lmb.partnerships.permissions import (
    may_confirm_activity,
    may_propose_activity,
    may_record_spending,
    require,
)
from lmb.partnerships.services.shared import money
from lmb.scheduling import services as scheduling
from lmb.scheduling.models import OwnerKind

# Checked once, as in partnerships.py: the staff's pages are behind `manager_required`;
# recording spending, which any caller may ask for any person, refuses here.


def planned_by_side(partnership: Partnership, without: PartnershipActivity | None = None):
    """What the confirmed activities plan, per side (a proposal counts once it is confirmed)."""
    planned = {Side.flemish: ZERO, Side.partner: ZERO}
    for activity in partnership.confirmed_activities:
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


def _checked(
    partnership, activity, starts_on, ends_on, side, planned_amount, spent_amount, meeting
):
    """The rules of save_activity: its amounts and days as they will be stored, or a refusal."""
    planned = money(planned_amount, "planned_amount")
    spent = money(spent_amount, "spent_amount")
    if meeting is not None:
        starts_on = to_local(meeting.starts_at).date()
        ends_on = max(ends_on or starts_on, to_local(meeting.ends_at).date())
        if not (meeting.location.strip() or meeting.online_url.strip()):
            raise ServiceError(_("Give a location or an online link."), field="location")
        session = activity.session if activity is not None else None
        if session is None:
            scheduling.check_new_session(
                None, phase=None, starts_at=meeting.starts_at, ends_at=meeting.ends_at
            )
        else:
            scheduling.check_change(session, starts_at=meeting.starts_at, ends_at=meeting.ends_at)
    if ends_on < starts_on:
        raise ServiceError(_("An activity cannot end before it starts."), field="ends_on")
    _check_plan(partnership, side, planned, activity)
    return planned, spent, starts_on, ends_on


def check_activity(
    partnership: Partnership,
    activity: PartnershipActivity | None,
    *,
    starts_on: date,
    ends_on: date,
    side: Side,
    planned_amount,
    spent_amount,
    meeting: Meeting | None = None,
) -> None:
    """What save_activity would refuse with these values (a budget overrun, a meeting without a
    place, impossible days or times), without saving: its form asks its question only after."""
    _checked(partnership, activity, starts_on, ends_on, side, planned_amount, spent_amount, meeting)


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
    title_fr: str | None = None,
    description_fr: str | None = None,
) -> PartnershipActivity:
    """Add or change an activity; a meeting becomes (or moves) a Session with invites. The
    French title and description are changed only when given."""
    planned, spent, starts_on, ends_on = _checked(
        partnership, activity, starts_on, ends_on, side, planned_amount, spent_amount, meeting
    )
    new = activity is None
    if new:
        activity = PartnershipActivity(partnership=partnership)
        db.session.add(activity)
    activity.title = title.strip()
    activity.description = description.strip()
    if title_fr is not None:
        activity.title_fr = title_fr.strip()
    if description_fr is not None:
        activity.description_fr = description_fr.strip()
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
    """What a side spent on one of its own activities (the staff: on any)."""
    require(
        may_record_spending,
        by,
        activity,
        _("Only the people of the municipality that pays for it record what it spent."),
    )
    if activity.status is not ActivityStatus.confirmed:
        raise ServiceError(_("Spending is recorded once the activity is confirmed."))
    activity.spent_amount = money(spent_amount, "spent_amount")
    db.session.flush()


def cancel_activity_meeting(activity: PartnershipActivity, *, by) -> None:
    if activity.session is None:
        raise ServiceError(_("This activity has no meeting."))
    scheduling.cancel_session(activity.session)


# Proposals: a partner municipality's people propose, the Flemish side confirms (issue 18)


def propose_activity(
    partnership: Partnership,
    *,
    by,
    title: str,
    description: str,
    starts_on: date,
    ends_on: date | None,
    planned_amount,
) -> PartnershipActivity:
    """An activity the partner municipality proposes, paid from its share; it waits for the
    Flemish side's confirmation and counts in the budget only then."""
    require(
        may_propose_activity,
        by,
        partnership,
        _(
            "Only the people of %(name)s propose activities here.",
            name=partnership.partner_municipality.name,
        ),
    )
    planned = money(planned_amount, "planned_amount")
    ends_on = ends_on or starts_on
    if not title.strip():
        raise ServiceError(_("This field is required."), field="title")
    if ends_on < starts_on:
        raise ServiceError(_("An activity cannot end before it starts."), field="ends_on")
    _check_plan(partnership, Side.partner, planned)
    activity = PartnershipActivity(
        partnership=partnership,
        title=title.strip(),
        description=description.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        side=Side.partner,
        planned_amount=planned,
        spent_amount=ZERO,
        status=ActivityStatus.proposed,
        proposed_by_id=by.id,
    )
    db.session.add(activity)
    db.session.flush()
    events.partnership_activity_proposed.send(activity)
    return activity


def _proposal(activity: PartnershipActivity, by, message: str) -> None:
    require(may_confirm_activity, by, activity, message)
    if activity.status is not ActivityStatus.proposed:
        raise ServiceError(_("This activity is no longer awaiting confirmation."))


def confirm_activity(activity: PartnershipActivity, *, by) -> None:
    """The Flemish side confirms a proposal: it becomes an activity within the budget."""
    _proposal(activity, by, _("Only the people of the Flemish municipality confirm proposals."))
    _check_plan(activity.partnership, activity.side, activity.planned_amount, activity)
    activity.status = ActivityStatus.confirmed
    db.session.flush()
    events.partnership_activity_decided.send(activity, confirmed=True)


def decline_activity(activity: PartnershipActivity, *, by) -> None:
    """The Flemish side does not take the proposal up: it is removed."""
    _proposal(activity, by, _("Only the people of the Flemish municipality decline proposals."))
    events.partnership_activity_decided.send(activity, confirmed=False)
    activity.partnership.activities.remove(activity)
    db.session.flush()


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
    for activity in partnership.confirmed_activities:
        row = by_year[activity.year]
        for target in (row, total):
            target.planned[activity.side] += activity.planned_amount
            target.spent[activity.side] += activity.spent_amount
    years = []
    for year in sorted(by_year):
        by_year[year].label = str(year)
        years.append(by_year[year])
    return BudgetOverview(partnership=partnership, years=years, total=total)


# Who the mails of a save reach: the question before it says how many (issue 14)


def partnership_invitees(partnership: Partnership) -> int:
    """How many people an invitation to one of the partnership's meetings reaches (its active
    contacts, as scheduling's audience of a partnership activity)."""
    return sum(1 for person in partnership.contacts if person.active)


def upcoming_meetings(partnership: Partnership) -> int:
    """The partnership's meetings still to come: a change of its people reaches these."""
    now = utcnow()
    return sum(
        1
        for activity in partnership.activities
        if activity.session is not None
        and activity.session.status.name == "scheduled"
        and activity.session.ends_at > now
    )
