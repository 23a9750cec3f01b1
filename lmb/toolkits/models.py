"""Lessons learned (with attachments and themes) and the toolkits built from them."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lmb.accounts.models import Organization, User
from lmb.core.columns import enum_column
from lmb.core.enums import LabelledEnum
from lmb.core.models import TimestampMixin, UTCDateTime, utcnow
from lmb.extensions import db
from lmb.scheduling.models import Session
from lmb.tracks.models import PhaseKey, Track

SDG_NUMBERS = range(1, 18)


class LessonStatus(LabelledEnum):
    """draft → submitted → approved; a coordinator may send a submitted lesson back."""

    draft = "draft"
    submitted = "submitted"
    approved = "approved"
    returned = "returned"

    @classmethod
    def _labels(cls):
        return {
            cls.draft: _l("Draft"),
            cls.submitted: _l("Submitted for approval"),
            cls.approved: _l("Approved"),
            cls.returned: _l("Sent back"),
        }


class ToolkitKind(LabelledEnum):
    """The three tools of 2018 (seed 000): handleiding, stappenplan, checklist."""

    manual = "manual"
    step_plan = "step_plan"
    checklist = "checklist"

    @classmethod
    def _labels(cls):
        return {
            cls.manual: _l("Manual (handleiding)"),
            cls.step_plan: _l("Step plan (stappenplan)"),
            cls.checklist: _l("Checklist"),
        }


class Lesson(TimestampMixin, db.Model):
    """A lesson learned (geleerde les) on a track, written by a participant or coordinator."""

    __tablename__ = "lessons"
    __table_args__ = (
        Index("ix_lessons_track_id_status", "track_id", "status"),
        Index("ix_lessons_status_approved_at", "status", "approved_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("tracks.id", ondelete="CASCADE"))
    # The phase the lesson came from: labo, voedingsbodem or uitrol.
    phase: Mapped[PhaseKey] = mapped_column(enum_column(PhaseKey))
    # The session where it was learned, if any; the lesson outlives a deleted session.
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # Whose practice it is (usually the author's municipality): the author's organization
    # while they are a member when they offer it (submit_lesson); kept if they leave after.
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    # The year the lesson was learned (its session's, else the year it was written): the
    # library filters on it.
    year: Mapped[int] = mapped_column(index=True)
    title: Mapped[str] = mapped_column(String(200))
    # Markdown as written; rendered through the sanitiser wherever it is shown or exported.
    body: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[LessonStatus] = mapped_column(
        enum_column(LessonStatus), default=LessonStatus.draft
    )
    # The coordinator's comment when they sent the lesson back.
    review_comment: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    track: Mapped[Track] = relationship()
    session: Mapped[Session | None] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    organization: Mapped[Organization | None] = relationship()
    sdg_rows: Mapped[list[LessonSdg]] = relationship(
        cascade="all, delete-orphan", order_by="LessonSdg.number", lazy="selectin"
    )
    tag_rows: Mapped[list[LessonTag]] = relationship(
        cascade="all, delete-orphan", order_by="LessonTag.tag", lazy="selectin"
    )
    attachments: Mapped[list[LessonAttachment]] = relationship(
        back_populates="lesson", cascade="all, delete-orphan", order_by="LessonAttachment.id"
    )

    @property
    def sdgs(self) -> list[int]:
        return [row.number for row in self.sdg_rows]

    @property
    def tags(self) -> list[str]:
        return [row.tag for row in self.tag_rows]

    @property
    def is_approved(self) -> bool:
        return self.status is LessonStatus.approved

    def __str__(self) -> str:
        return self.title


class LessonSdg(db.Model):
    """One of the 17 Sustainable Development Goals a lesson touches."""

    __tablename__ = "lesson_sdgs"
    __table_args__ = (CheckConstraint("number BETWEEN 1 AND 17", name="sdg_number"),)

    lesson_id: Mapped[int] = mapped_column(
        ForeignKey("lessons.id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[int] = mapped_column(primary_key=True, index=True)


class LessonTag(db.Model):
    """A free tag on a lesson, stored lower-case (e.g. "aankoopbeleid")."""

    __tablename__ = "lesson_tags"

    lesson_id: Mapped[int] = mapped_column(
        ForeignKey("lessons.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class LessonAttachment(db.Model):
    """A document or picture with a lesson, kept under UPLOAD_FOLDER (never in the web root)."""

    __tablename__ = "lesson_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"), index=True)
    # The uploader's file name, made safe; shown and used as the download name.
    filename: Mapped[str] = mapped_column(String(200))
    # Relative to UPLOAD_FOLDER; random, so it says nothing and cannot be guessed.
    stored_name: Mapped[str] = mapped_column(String(200), unique=True)
    # What the content is (lmb.core.uploads.KINDS), judged from its bytes.
    kind: Mapped[str] = mapped_column(String(16))
    size: Mapped[int]
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    lesson: Mapped[Lesson] = relationship(back_populates="attachments")


lesson_theme_lessons = Table(
    "lesson_theme_lessons",
    db.metadata,
    Column("theme_id", ForeignKey("lesson_themes.id", ondelete="CASCADE"), primary_key=True),
    Column("lesson_id", ForeignKey("lessons.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class LessonTheme(TimestampMixin, db.Model):
    """Voedingsbodem: lessons grouped by a coordinator into "what we learned about X"."""

    __tablename__ = "lesson_themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("tracks.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    # The synthesis that feeds the LMB concept (Markdown, sanitised when shown).
    synthesis: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    track: Mapped[Track] = relationship()
    lessons: Mapped[list[Lesson]] = relationship(
        secondary=lesson_theme_lessons, order_by="Lesson.id"
    )


class Toolkit(TimestampMixin, db.Model):
    """A manual, step plan or checklist for other municipalities, built from a track's lessons."""

    __tablename__ = "toolkits"
    __table_args__ = (CheckConstraint("language IN ('nl', 'en')", name="language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("tracks.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ToolkitKind] = mapped_column(enum_column(ToolkitKind))
    title: Mapped[str] = mapped_column(String(200))
    # The introduction on the cover (Markdown).
    summary: Mapped[str] = mapped_column(Text, default="")
    # The language of the content; the exports' labels follow it.
    language: Mapped[str] = mapped_column(String(2), default="nl")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    track: Mapped[Track] = relationship()
    items: Mapped[list[ToolkitItem]] = relationship(
        back_populates="toolkit", cascade="all, delete-orphan", order_by="ToolkitItem.position"
    )
    versions: Mapped[list[ToolkitVersion]] = relationship(
        back_populates="toolkit",
        cascade="all, delete-orphan",
        order_by="ToolkitVersion.number",
    )

    def __str__(self) -> str:
        return self.title


toolkit_item_lessons = Table(
    "toolkit_item_lessons",
    db.metadata,
    Column("item_id", ForeignKey("toolkit_items.id", ondelete="CASCADE"), primary_key=True),
    Column("lesson_id", ForeignKey("lessons.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class ToolkitItem(db.Model):
    """A chapter (manual), a step (step plan) or an item to tick (checklist)."""

    __tablename__ = "toolkit_items"
    __table_args__ = (
        UniqueConstraint("toolkit_id", "position", name="uq_toolkit_items_toolkit_position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    toolkit_id: Mapped[int] = mapped_column(ForeignKey("toolkits.id", ondelete="CASCADE"))
    # 1, 2, 3, ...: the order of the chapters, steps or items.
    position: Mapped[int]
    # Checklist: the group the item is listed under ("Voorbereiding"); empty elsewhere.
    group: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(300))
    # Chapter text, what to do, or an explanation of the item (Markdown).
    body: Mapped[str] = mapped_column(Text, default="")
    # Step plan: who does it, and what helps (Markdown).
    who: Mapped[str] = mapped_column(String(300), default="")
    resources: Mapped[str] = mapped_column(Text, default="")

    toolkit: Mapped[Toolkit] = relationship(back_populates="items")
    lessons: Mapped[list[Lesson]] = relationship(
        secondary=toolkit_item_lessons, order_by="Lesson.id"
    )


class ToolkitVersion(db.Model):
    """A published version: the toolkit as it was then, kept whole so it stays downloadable."""

    __tablename__ = "toolkit_versions"
    __table_args__ = (
        UniqueConstraint("toolkit_id", "number", name="uq_toolkit_versions_toolkit_number"),
        Index("ix_toolkit_versions_published_at", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    toolkit_id: Mapped[int] = mapped_column(ForeignKey("toolkits.id", ondelete="CASCADE"))
    number: Mapped[int]
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # lmb.toolkits.document.Document as JSON: title, kind, language, items and their sources.
    content: Mapped[dict] = mapped_column(JSON)

    toolkit: Mapped[Toolkit] = relationship(back_populates="versions")
