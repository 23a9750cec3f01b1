"""A partnership's interim and final report, co-written: each side (the Flemish and the
partner municipality) writes its own part; every save is a version both sides can read."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lmb.accounts.models import User
from lmb.core.columns import enum_column
from lmb.core.enums import LabelledEnum
from lmb.core.models import TimestampMixin, UTCDateTime
from lmb.extensions import db
from lmb.partnerships.models.enums import Side
from lmb.partnerships.models.partnership import Partnership


class ReportKind(LabelledEnum):
    interim = "interim"
    final = "final"

    @classmethod
    def _labels(cls):
        return {cls.interim: _l("Interim report"), cls.final: _l("Final report")}


class PartnershipReport(TimestampMixin, db.Model):
    """One report of a partnership; its deadline is set by the association's staff (no
    document gives one: until then it is "to be determined")."""

    __tablename__ = "partnership_reports"
    __table_args__ = (UniqueConstraint("partnership_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ReportKind] = mapped_column(enum_column(ReportKind))
    due_on: Mapped[date | None]

    partnership: Mapped[Partnership] = relationship(back_populates="reports")
    parts: Mapped[list[ReportPart]] = relationship(
        back_populates="report", order_by="ReportPart.side", cascade="all, delete-orphan"
    )

    def part(self, side: Side) -> ReportPart | None:
        return next((p for p in self.parts if p.side is side), None)

    @property
    def complete(self) -> bool:
        return len(self.parts) == 2 and all(p.submitted_at for p in self.parts)


class ReportPart(TimestampMixin, db.Model):
    """One side's part of a report: its versions, and when that side handed it in."""

    __tablename__ = "partnership_report_parts"
    __table_args__ = (UniqueConstraint("report_id", "side"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("partnership_reports.id", ondelete="CASCADE"), index=True
    )
    side: Mapped[Side] = mapped_column(enum_column(Side))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    report: Mapped[PartnershipReport] = relationship(back_populates="parts")
    submitted_by: Mapped[User | None] = relationship()
    versions: Mapped[list[ReportVersion]] = relationship(
        back_populates="part", order_by="ReportVersion.number", cascade="all, delete-orphan"
    )

    @property
    def current(self) -> ReportVersion | None:
        return self.versions[-1] if self.versions else None

    @property
    def text(self) -> str:
        return self.current.text if self.current else ""

    @property
    def language(self) -> str:
        """The language the current text is written in (Dutch until one is written)."""
        return self.current.language if self.current else "nl"


class ReportVersion(TimestampMixin, db.Model):
    """What a side's part said after one save (numbered 1, 2, ... per part)."""

    __tablename__ = "partnership_report_versions"
    __table_args__ = (UniqueConstraint("part_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    part_id: Mapped[int] = mapped_column(
        ForeignKey("partnership_report_parts.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    # The language it is written in (nl, en, fr; issue 18), so pages mark it with its lang.
    language: Mapped[str] = mapped_column(String(5), default="nl", server_default="nl")
    written_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    part: Mapped[ReportPart] = relationship(back_populates="versions")
    written_by: Mapped[User | None] = relationship()
