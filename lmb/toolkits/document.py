"""A toolkit as a document: what every export writes, and what a published version keeps.

A published version stores its Document as JSON, so version 1 reads the same after the
toolkit or its lessons changed. The draft is built from the rows each time.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lmb.core.timezones import to_local
from lmb.extensions import db
from lmb.toolkits.models import Lesson, Toolkit, ToolkitItem

DEFAULT_ASSOCIATION = "VVSG – Vereniging van Vlaamse Steden en Gemeenten"


def association_name() -> str:
    """The organizer named on every export; LMB_ASSOCIATION_NAME overrides it."""
    return current_app.config.get("ASSOCIATION_NAME") or DEFAULT_ASSOCIATION


@dataclass
class Source:
    """A lesson an item cites: where the practice behind a step comes from."""

    number: int
    lesson_id: int
    title: str
    track: str
    phase: str  # labo, voedingsbodem, uitrol
    session: str = ""
    session_date: str | None = None  # ISO date, Europe/Brussels
    organization: str = ""
    year: int | None = None


@dataclass
class Item:
    position: int
    title: str
    body: str = ""  # Markdown
    group: str = ""
    who: str = ""
    resources: str = ""  # Markdown
    sources: list[int] = field(default_factory=list)  # Source numbers


@dataclass
class Document:
    toolkit_id: int
    title: str
    kind: str  # manual, step_plan, checklist
    language: str  # nl, en
    summary: str  # Markdown
    track: str
    track_slug: str
    association: str
    version: int | None  # None: the unpublished draft
    dated: str  # ISO date of publication (or of the export, for a draft)
    items: list[Item] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Document:
        values = dict(data)
        values["items"] = [Item(**item) for item in data.get("items", [])]
        values["sources"] = [Source(**source) for source in data.get("sources", [])]
        return cls(**values)

    @property
    def day(self) -> date:
        return date.fromisoformat(self.dated)

    def groups(self) -> list[tuple[str, list[Item]]]:
        """Checklist items under their groups, in the order the groups first appear."""
        grouped: dict[str, list[Item]] = {}
        for item in self.items:
            grouped.setdefault(item.group, []).append(item)
        return list(grouped.items())


def _source(number: int, lesson: Lesson) -> Source:
    session = lesson.session
    return Source(
        number=number,
        lesson_id=lesson.id,
        title=lesson.title,
        track=lesson.track.title,
        phase=lesson.phase.name,
        session=session.title if session else "",
        session_date=to_local(session.starts_at).date().isoformat() if session else None,
        organization=lesson.organization.name if lesson.organization else "",
        year=lesson.year,
    )


def load_items(toolkit: Toolkit) -> list[ToolkitItem]:
    """The toolkit's items with their lessons and what the sources show, in a few queries."""
    return list(
        db.session.scalars(
            select(ToolkitItem)
            .where(ToolkitItem.toolkit_id == toolkit.id)
            .order_by(ToolkitItem.position)
            .options(
                selectinload(ToolkitItem.lessons).options(
                    selectinload(Lesson.track),
                    selectinload(Lesson.session),
                    selectinload(Lesson.organization),
                )
            )
        )
    )


def build_document(toolkit: Toolkit, *, version: int | None, dated: date) -> Document:
    """The toolkit as it is now. Sources are numbered in the order they are first cited."""
    numbers: dict[int, int] = {}
    sources: list[Source] = []
    items = []
    for row in load_items(toolkit):
        cited = []
        for lesson in row.lessons:
            if lesson.id not in numbers:
                numbers[lesson.id] = len(sources) + 1
                sources.append(_source(numbers[lesson.id], lesson))
            cited.append(numbers[lesson.id])
        items.append(
            Item(
                position=row.position,
                title=row.title,
                body=row.body,
                group=row.group,
                who=row.who,
                resources=row.resources,
                sources=cited,
            )
        )
    return Document(
        toolkit_id=toolkit.id,
        title=toolkit.title,
        kind=toolkit.kind.name,
        language=toolkit.language,
        summary=toolkit.summary,
        track=toolkit.track.title,
        track_slug=toolkit.track.slug,
        association=association_name(),
        version=version,
        dated=dated.isoformat(),
        items=items,
        sources=sources,
    )
