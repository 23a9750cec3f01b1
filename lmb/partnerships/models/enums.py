"""SDG partnerships: money, countries, themes and the statuses of applications and candidacies."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Numeric,
)

from lmb.core.enums import LabelledEnum

# Money: euros with cents, exact (Decimal in Python, NUMERIC in the database).
Money = Numeric(12, 2)
ZERO = Decimal("0.00")
# Seed 001 and 002: "35.000 euro financiering per SDG-partnerschap", for both municipalities.
DEFAULT_BUDGET = Decimal("35000.00")
SDG_NUMBERS = range(1, 18)


class Country(LabelledEnum):
    """The partner countries of the pilot, each with its association of municipalities."""

    benin = "benin"
    rwanda = "rwanda"

    @classmethod
    def _labels(cls):
        return {cls.benin: _l("Benin"), cls.rwanda: _l("Rwanda")}

    @property
    def iso_code(self) -> str:
        return {Country.benin: "BJ", Country.rwanda: "RW"}[self]

    @property
    def association(self) -> str:
        return {Country.benin: "ANCB", Country.rwanda: "RALGA"}[self]

    @property
    def theme(self) -> PartnershipTheme:
        """Seed 002: Rwanda works on citizen participation, Benin on local prosperity."""
        return {
            Country.benin: PartnershipTheme.local_prosperity,
            Country.rwanda: PartnershipTheme.citizen_participation,
        }[self]


class PartnershipTheme(LabelledEnum):
    citizen_participation = "citizen_participation"
    local_prosperity = "local_prosperity"

    @classmethod
    def _labels(cls):
        return {
            cls.citizen_participation: _l("Citizen participation (SDG 16)"),
            cls.local_prosperity: _l(
                "Local prosperity: innovation, decent work, inequality, renewable energy"
            ),
        }

    @property
    def sdgs(self) -> list[int]:
        return {
            PartnershipTheme.citizen_participation: [16],
            PartnershipTheme.local_prosperity: [7, 8, 9, 10],
        }[self]


class Side(LabelledEnum):
    """Which of the two municipalities spends (the budget is split over both)."""

    flemish = "flemish"
    partner = "partner"

    @classmethod
    def _labels(cls):
        return {cls.flemish: _l("Flemish municipality"), cls.partner: _l("Partner municipality")}


class ApplicationStatus(LabelledEnum):
    submitted = "submitted"
    selected = "selected"
    declined = "declined"
    withdrawn = "withdrawn"

    @classmethod
    def _labels(cls):
        return {
            cls.submitted: _l("Submitted"),
            cls.selected: _l("Selected"),
            cls.declined: _l("Not selected"),
            cls.withdrawn: _l("Withdrawn"),
        }


class CandidacyStatus(LabelledEnum):
    submitted = "submitted"
    selected = "selected"
    declined = "declined"
    withdrawn = "withdrawn"

    @classmethod
    def _labels(cls):
        return {
            cls.submitted: _l("Submitted"),
            cls.selected: _l("Selected"),
            cls.declined: _l("Not selected"),
            cls.withdrawn: _l("Withdrawn"),
        }


class SeatKind(LabelledEnum):
    """The three seats seed 001 asks for."""

    politician = "politician"
    global_policy_officer = "global_policy_officer"
    general_director = "general_director"

    @classmethod
    def _labels(cls):
        return {
            cls.politician: _l("Politician"),
            cls.global_policy_officer: _l("Global policy officer (mondiale ambtenaar)"),
            cls.general_director: _l("General director (algemeen directeur)"),
        }


class ActivityStatus(LabelledEnum):
    """An activity a partner municipality proposed waits for the Flemish side's confirmation."""

    confirmed = "confirmed"
    proposed = "proposed"

    @classmethod
    def _labels(cls):
        return {cls.confirmed: _l("Confirmed"), cls.proposed: _l("Proposed, awaiting confirmation")}
