"""A partnership's interim and final report: deadlines set by the association's staff, each
side's part written (every save a version) and handed in by that side's own people."""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from lmb.accounts.models import User
from lmb.core.errors import ServiceError
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
from lmb.partnerships.permissions import can_manage, may_write_part, require

MAX_REPORT_CHARACTERS = 50_000


def report_for(partnership: Partnership, kind: ReportKind) -> PartnershipReport:
    """The partnership's report of this kind, made (with a part for each side) when first needed."""
    report = partnership.report(kind)
    if report is None:
        report = PartnershipReport(partnership=partnership, kind=kind)
        report.parts = [ReportPart(side=side) for side in Side]
        db.session.add(report)
        db.session.flush()
    return report


def reports(partnership: Partnership) -> list[tuple[ReportKind, PartnershipReport | None]]:
    """Interim first, then final; None where nothing is set or written yet."""
    return [(kind, partnership.report(kind)) for kind in ReportKind]


def set_deadlines(
    partnership: Partnership, *, by, interim_due: date | None, final_due: date | None
) -> None:
    """The staff set (or clear: "to be determined") the deadlines of both reports."""
    require(can_manage, by, None)
    if interim_due and final_due and final_due <= interim_due:
        raise ServiceError(
            _("The final report is due after the interim report."), field="final_due"
        )
    if interim_due and interim_due < partnership.starts_on:
        raise ServiceError(
            _("The interim report cannot be due before the partnership starts."),
            field="interim_due",
        )
    for kind, due in ((ReportKind.interim, interim_due), (ReportKind.final, final_due)):
        if due is None and partnership.report(kind) is None:
            continue
        report_for(partnership, kind).due_on = due
    db.session.flush()


def part_by_id(part_id: int) -> ReportPart | None:
    return db.session.get(ReportPart, part_id)


def save_part(
    part: ReportPart, *, by: User, text: str, language: str = "nl", now: datetime | None = None
) -> bool:
    """A new version of one side's part in `language`; False when neither the text nor its
    language changed (no version)."""
    require(
        may_write_part,
        by,
        part,
        _("Only the people of %(name)s write this part.", name=_municipality(part).name),
    )
    if part.submitted_at is not None:
        raise ServiceError(_("This part is handed in; it can no longer be changed."), field="text")
    text = (text or "").strip()
    if not text:
        raise ServiceError(_("This field is required."), field="text")
    if len(text) > MAX_REPORT_CHARACTERS:
        raise ServiceError(
            _("A part holds at most %(n)s characters.", n=MAX_REPORT_CHARACTERS), field="text"
        )
    if language not in current_app.config["LANGUAGES"]:
        raise ServiceError(_("Choose one of the languages offered."), field="language")
    if text == part.text and language == part.language:
        return False
    part.versions.append(
        ReportVersion(
            number=len(part.versions) + 1, text=text, language=language, written_by_id=by.id
        )
    )
    db.session.flush()
    return True


def submit_part(part: ReportPart, *, by: User, now: datetime | None = None) -> None:
    """The side hands its part in: it is final, and no more reminders go to that side."""
    require(
        may_write_part,
        by,
        part,
        _("Only the people of %(name)s hand this part in.", name=_municipality(part).name),
    )
    if part.submitted_at is not None:
        raise ServiceError(_("This part is handed in already."))
    if not part.text:
        raise ServiceError(_("Write the part before handing it in."), field="text")
    part.submitted_at = now or utcnow()
    part.submitted_by_id = by.id
    db.session.flush()


def history(report: PartnershipReport) -> list[ReportVersion]:
    """Every version of both parts, newest first: what both sides read."""
    return list(
        db.session.scalars(
            select(ReportVersion)
            .join(ReportPart, ReportVersion.part_id == ReportPart.id)
            .where(ReportPart.report_id == report.id)
            .order_by(ReportVersion.created_at.desc(), ReportVersion.id.desc())
        )
    )


def responsible(partnership: Partnership, side: Side) -> list[User]:
    """Who answers for a side's part: the partnership's contacts from that municipality, or,
    when it has named none, every granted member of it."""
    municipality_id = partnership.municipality_of(side).id
    contacts = [
        u for u in partnership.contacts if u.active and u.organization_id == municipality_id
    ]
    if contacts:
        return contacts
    return list(
        db.session.scalars(
            select(User)
            .where(User.organization_id == municipality_id, User.active.is_(True))
            .order_by(User.name)
        )
    )


def _municipality(part: ReportPart):
    return part.report.partnership.municipality_of(part.side)
