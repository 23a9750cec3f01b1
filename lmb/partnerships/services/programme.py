"""The programme's money as a whole: every partnership's budget against the "about 35,000
euro per partnership" of documents 001 and 002, and what is planned and spent of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from lmb.partnerships.models import DEFAULT_BUDGET, ZERO, Partnership
from lmb.partnerships.services.activities import BudgetOverview, budget_overview


@dataclass
class ProgrammeBudget:
    overviews: list[BudgetOverview] = field(default_factory=list)
    # Seed 001: "Per partnerschap is een budget van ongeveer 35.000 euro voorzien".
    per_partnership: Decimal = DEFAULT_BUDGET

    @property
    def count(self) -> int:
        return len(self.overviews)

    @property
    def reference_total(self) -> Decimal:
        return self.per_partnership * self.count

    @property
    def budget_total(self) -> Decimal:
        return sum((o.partnership.budget_total for o in self.overviews), ZERO)

    @property
    def difference(self) -> Decimal:
        """The budgets above (positive) or below (negative) 35,000 EUR per partnership."""
        return self.budget_total - self.reference_total

    @property
    def planned_total(self) -> Decimal:
        return sum((o.total.planned_total for o in self.overviews), ZERO)

    @property
    def spent_total(self) -> Decimal:
        return sum((o.total.spent_total for o in self.overviews), ZERO)

    def against_reference(self, partnership: Partnership) -> Decimal:
        return partnership.budget_total - self.per_partnership


def programme_budget(partnerships: list[Partnership]) -> ProgrammeBudget:
    return ProgrammeBudget(overviews=[budget_overview(p) for p in partnerships])
