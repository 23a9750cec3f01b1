"""The partnerships' report reminders for tests/notifications/test_mail_markup.py: written
through the reminder sweep with markup in every value a person could type (the partnership's
title, the municipalities' names)."""

from datetime import UTC, date, datetime

from lmb import events
from lmb.accounts.models import Organization, OrganizationKind
from lmb.extensions import db
from lmb.notifications.sweep import sweep
from lmb.partnerships.models import (
    ActivityStatus,
    Country,
    Partnership,
    PartnershipActivity,
    PartnershipReport,
    PartnershipTheme,
    ReportKind,
    ReportPart,
    Side,
)
from lmb.tracks.models import Programme


def _partnership(person, typed) -> Partnership:
    """A partnership whose Flemish side is the person's municipality, interim due 30 Sep 2024."""
    programme = Programme(
        slug="sdg-test", title="SDG", starts_on=date(2022, 1, 1), ends_on=date(2026, 12, 31)
    )
    partner = Organization(
        name=typed("Huye"), kind=OrganizationKind.partner_municipality, country="RW"
    )
    partnership = Partnership(
        programme=programme,
        slug="p",
        title=typed("Partnership"),
        country=Country.rwanda,
        theme=PartnershipTheme.citizen_participation,
        sdgs=[16],
        flemish_municipality=person.organization,
        partner_municipality=partner,
        starts_on=date(2023, 9, 1),
        ends_on=date(2025, 8, 31),
        budget_flemish=17500,
        budget_partner=17500,
        contacts=[person],
    )
    report = PartnershipReport(partnership=partnership, kind=ReportKind.interim)
    report.due_on = date(2024, 9, 30)
    report.parts = [ReportPart(side=Side.flemish)]
    db.session.add(report)
    db.session.flush()
    return partnership


def _proposal(partnership, proposer, typed) -> PartnershipActivity:
    activity = PartnershipActivity(
        partnership=partnership,
        title=typed("Forum"),
        description=typed("Description"),
        starts_on=date(2024, 3, 1),
        ends_on=date(2024, 3, 1),
        side=Side.partner,
        planned_amount=2500,
        spent_amount=0,
        status=ActivityStatus.proposed,
        proposed_by=proposer,
    )
    db.session.add(activity)
    db.session.flush()
    return activity


def cases(person, typed) -> dict:
    def due():
        _partnership(person(), typed)
        sweep(datetime(2024, 9, 20, 8, tzinfo=UTC))

    def overdue():
        _partnership(person(), typed)
        sweep(datetime(2024, 10, 5, 8, tzinfo=UTC))

    def proposed():
        # The person is of the Flemish side: asked to confirm a proposal of the partner.
        partnership = _partnership(person(), typed)
        proposer = person("proposer@example.org")
        events.partnership_activity_proposed.send(_proposal(partnership, proposer, typed))

    def decided():
        partnership = _partnership(person("flemish@example.org"), typed)
        activity = _proposal(partnership, person(), typed)
        events.partnership_activity_decided.send(activity, confirmed=True)

    return {
        "partnerships/report_due": due,
        "partnerships/report_overdue": overdue,
        "partnerships/activity_proposed": proposed,
        "partnerships/activity_decided": decided,
    }
