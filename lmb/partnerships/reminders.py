"""A partnership's report deadlines: reminders through the reminder sweep, and the deadline
in the personal calendar feed of each member of a side whose part is still open.

Each side's part is reminded to the people who answer for it (the partnership's contacts from
that municipality, or all its granted members when none is named): 14 days before the
deadline, and once when it has passed (then also to the association's staff among the
contacts). Keys name the part, the deadline, the stage and the recipient, so a second sweep
(or a restarted scheduler) writes nothing twice and a moved deadline is reminded anew. A
reminder carries the part's version (deadline and whether it is handed in): one still waiting
when the side hands its part in, or the deadline moves, is dropped at send time."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from lmb.accounts.permissions import member_organization_id
from lmb.core.dates import LongDay
from lmb.core.timezones import local_datetime, to_local
from lmb.core.urls import absolute_url
from lmb.extensions import db
from lmb.notifications.currency import versions
from lmb.notifications.outbox import Draft
from lmb.notifications.sweep import reminder_rules
from lmb.partnerships.models import Partnership, PartnershipReport, ReportPart, Side
from lmb.partnerships.permissions import can_manage
from lmb.partnerships.services.reports import responsible
from lmb.scheduling.feeds import Deadline, deadline_sources
from lmb.scheduling.models import calendar_uid

DUE_NOTICE = timedelta(days=14)
# A deadline passed longer ago than this when the sweep first meets it mails nobody.
OVERDUE_WINDOW = timedelta(days=30)


def _version(due_on, submitted: bool) -> str:
    return "handed-in" if submitted else f"open:{due_on.isoformat() if due_on else '-'}"


@versions.under("partnership-report-part")
def part_versions(ids: list[int]) -> dict[int, str]:
    rows = db.session.execute(
        select(ReportPart.id, PartnershipReport.due_on, ReportPart.submitted_at)
        .join(PartnershipReport, ReportPart.report_id == PartnershipReport.id)
        .where(ReportPart.id.in_(ids))
    )
    return {part_id: _version(due_on, submitted is not None) for part_id, due_on, submitted in rows}


@reminder_rules
def report_deadlines(now: datetime) -> list[Draft]:
    today = to_local(now).date()
    reports = db.session.scalars(
        select(PartnershipReport)
        .where(
            PartnershipReport.due_on.is_not(None),
            PartnershipReport.due_on >= today - OVERDUE_WINDOW,
            PartnershipReport.due_on <= today + DUE_NOTICE,
        )
        .options(
            selectinload(PartnershipReport.parts),
            selectinload(PartnershipReport.partnership).selectinload(Partnership.contacts),
        )
        .order_by(PartnershipReport.id)
    ).all()
    drafts: list[Draft] = []
    for report in reports:
        partnership = report.partnership
        for part in report.parts:
            if part.submitted_at is not None:
                continue
            people = {p.id: p for p in responsible(partnership, part.side)}
            if report.due_on >= today:
                stage = "due"
                subject = _l(
                    "Reminder: %(report)s of %(partnership)s is due on %(day)s",
                    report=report.kind.label,
                    partnership=partnership.title,
                    day=LongDay(report.due_on),
                )
            else:
                stage = "overdue"
                people.update({p.id: p for p in partnership.contacts if p.active and can_manage(p)})
                subject = _l(
                    "Overdue: %(report)s of %(partnership)s",
                    report=report.kind.label,
                    partnership=partnership.title,
                )
            context = {
                "report": report.kind.label,
                "partnership_title": partnership.title,
                "municipality": partnership.municipality_of(part.side).name,
                "due_on": report.due_on,
                "written": bool(part.versions),
                "report_url": absolute_url(
                    "partnerships.report", slug=partnership.slug, kind=report.kind.value
                ),
            }
            drafts += [
                Draft(
                    key=(
                        f"reminder:partnership-report-part:{part.id}:{report.due_on.isoformat()}"
                        f":{stage}:user:{person.id}"
                    ),
                    kind=f"partnerships/report_{stage}",
                    template=f"partnerships/mail/partnerships/report_{stage}",
                    recipient=person,
                    subject=subject,
                    context=context,
                    about=f"partnership-report-part:{part.id}",
                    about_version=_version(report.due_on, False),
                    unsubscribe_scope="reminders",
                )
                for person in people.values()
            ]
    return drafts


# The same deadlines in the personal calendar feed of each member of the side that owes a part


@deadline_sources
def report_deadlines_in_feed(user, now: datetime) -> list[Deadline]:
    organization_id = member_organization_id(user)
    if organization_id is None:
        return []
    today = to_local(now).date()
    reports = db.session.scalars(
        select(PartnershipReport)
        .join(Partnership, PartnershipReport.partnership_id == Partnership.id)
        .where(
            PartnershipReport.due_on.is_not(None),
            PartnershipReport.due_on >= today - OVERDUE_WINDOW,
            or_(
                Partnership.flemish_municipality_id == organization_id,
                Partnership.partner_municipality_id == organization_id,
            ),
        )
        .options(selectinload(PartnershipReport.parts))
        .order_by(PartnershipReport.id)
    ).all()
    found = []
    for report in reports:
        partnership = report.partnership
        side = (
            Side.flemish if partnership.flemish_municipality_id == organization_id else Side.partner
        )
        part = report.part(side)
        if part is None or part.submitted_at is not None:
            continue
        found.append(
            Deadline(
                uid=calendar_uid(f"partnership-report-part-{part.id}"),
                title=_(
                    "Deadline: %(report)s of %(partnership)s",
                    report=report.kind.label,
                    partnership=partnership.title,
                ),
                # "Due on" a day: by the end of that day, in Brussels.
                at=local_datetime(report.due_on, time(23, 59)),
                url=absolute_url(
                    "partnerships.report", slug=partnership.slug, kind=report.kind.value
                ),
                changed_at=max(report.updated_at, part.updated_at),
            )
        )
    return found
