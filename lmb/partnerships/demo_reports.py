"""Demo reports (`lmb seed --demo`): each demo partnership gets an interim and a final report
with demo deadlines (no document gives report deadlines: these are demo data, marked so), the
interim report with a handed-in Flemish part and a partner's draft in two versions."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.partnerships.models import (
    Partnership,
    PartnershipReport,
    ReportKind,
    ReportPart,
    ReportVersion,
    Side,
)

DEMO_TEXTS = {
    Side.flemish: ["Wat wij het eerste jaar deden en leerden (demo)."],
    Side.partner: [
        "Ce que nous avons fait la première année (démo).",
        "Ce que nous avons fait et appris la première année (démo).",
    ],
}


def _year_later(day: date) -> date:
    return day.replace(year=day.year + 1, day=min(day.day, 28))


def seed_demo_reports() -> int:
    added = 0
    partnerships = db.session.scalars(
        select(Partnership).where(Partnership.slug.startswith("demo-")).order_by(Partnership.id)
    )
    for partnership in partnerships:
        if partnership.reports:
            continue
        interim = PartnershipReport(
            kind=ReportKind.interim, due_on=_year_later(partnership.starts_on)
        )
        final = PartnershipReport(kind=ReportKind.final, due_on=_year_later(partnership.ends_on))
        for report in (interim, final):
            report.parts = [ReportPart(side=side) for side in Side]
            partnership.reports.append(report)
        for part in interim.parts:
            part.versions = [
                ReportVersion(number=n, text=text)
                for n, text in enumerate(DEMO_TEXTS[part.side], start=1)
            ]
        interim.part(Side.flemish).submitted_at = utcnow()
        added += 2
    db.session.flush()
    return added
