"""Finding lessons: the library's query and filters, a track's lessons and its moderation
queue, one's own lessons, and the approved lessons a theme or a toolkit cites."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from flask_babel import gettext as _
from sqlalchemy import Select, bindparam, func, or_, select
from sqlalchemy.orm import selectinload

from lmb.accounts.models import Organization
from lmb.core.errors import ServiceError
from lmb.extensions import db
from lmb.toolkits.models import Lesson, LessonSdg, LessonStatus, LessonTag
from lmb.tracks.models import PhaseKey, Track


@dataclass
class LessonFilters:
    search: str = ""
    track_id: int | None = None
    phase: PhaseKey | None = None
    sdg: int | None = None
    tag: str = ""
    organization_id: int | None = None
    year: int | None = None


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def library_query(filters: LessonFilters) -> Select:
    """Approved lessons matching the filters, newest approval first. Every word of the search
    must occur in the title or the text."""
    query = (
        select(Lesson)
        .where(Lesson.status == LessonStatus.approved)
        .options(
            selectinload(Lesson.track),
            selectinload(Lesson.organization),
            selectinload(Lesson.session),
        )
        .order_by(Lesson.approved_at.desc(), Lesson.id.desc())
    )
    for word in filters.search.split()[:10]:
        pattern = _like(word)
        query = query.where(
            or_(
                func.lower(Lesson.title).like(pattern, escape="\\"),
                func.lower(Lesson.body).like(pattern, escape="\\"),
            )
        )
    if filters.track_id:
        query = query.where(Lesson.track_id == filters.track_id)
    if filters.phase:
        query = query.where(Lesson.phase == filters.phase)
    if filters.sdg:
        query = query.where(
            Lesson.id.in_(select(LessonSdg.lesson_id).where(LessonSdg.number == filters.sdg))
        )
    if filters.tag:
        query = query.where(
            Lesson.id.in_(select(LessonTag.lesson_id).where(LessonTag.tag == filters.tag.lower()))
        )
    if filters.organization_id:
        query = query.where(Lesson.organization_id == filters.organization_id)
    if filters.year:
        query = query.where(Lesson.year == filters.year)
    return query


def library_choices() -> dict:
    """What the library's filters offer: tracks, organizations, tags and years with lessons."""
    approved = Lesson.status == LessonStatus.approved
    return {
        "tracks": db.session.execute(
            select(Track.id, Track.title)
            .where(Track.id.in_(select(Lesson.track_id).where(approved)))
            .order_by(Track.number)
        ).all(),
        "organizations": db.session.execute(
            select(Organization.id, Organization.name)
            .where(Organization.id.in_(select(Lesson.organization_id).where(approved)))
            .order_by(Organization.name)
        ).all(),
        "tags": list(
            db.session.scalars(
                select(LessonTag.tag)
                .join(Lesson, Lesson.id == LessonTag.lesson_id)
                .where(approved)
                .group_by(LessonTag.tag)
                .order_by(func.count().desc(), LessonTag.tag)
                .limit(50)
            )
        ),
        "years": list(
            db.session.scalars(
                select(Lesson.year).where(approved).group_by(Lesson.year).order_by(Lesson.year)
            )
        ),
    }


def track_lessons(
    track: Track, statuses=(LessonStatus.approved,), *, with_session: bool = True
) -> list[Lesson]:
    query = (
        select(Lesson)
        .where(Lesson.track_id == track.id, Lesson.status.in_(statuses))
        .options(selectinload(Lesson.organization))
        .order_by(Lesson.phase, Lesson.id)
    )
    if with_session:
        query = query.options(selectinload(Lesson.session))
    return list(db.session.scalars(query))


@cache
def _track_lesson_links(limit: int):
    # Built once per limit: a track's page asks for it on every request.
    return (
        select(Lesson.id, Lesson.title, Lesson.phase, Organization.name.label("organization"))
        .outerjoin(Organization, Organization.id == Lesson.organization_id)
        .where(Lesson.track_id == bindparam("track_id"), Lesson.status == LessonStatus.approved)
        .order_by(Lesson.phase, Lesson.id)
        .limit(limit)
    )


def track_lesson_links(track: Track, limit: int = 10) -> list:
    """The first `limit` approved lessons of the track, as its page lists them (by phase, then
    id): rows of id, title, phase and the organization's name, one statement."""
    return list(db.session.execute(_track_lesson_links(limit), {"track_id": track.id}))


def lessons_of(user) -> list[Lesson]:
    return list(
        db.session.scalars(
            select(Lesson)
            .where(Lesson.author_id == user.id)
            .options(selectinload(Lesson.track))
            .order_by(Lesson.updated_at.desc())
        )
    )


def approved_lessons(ids) -> list[Lesson]:
    ids = list({int(i) for i in ids or []})
    if not ids:
        return []
    found = list(
        db.session.scalars(
            select(Lesson)
            .where(Lesson.id.in_(ids), Lesson.status == LessonStatus.approved)
            .order_by(Lesson.id)
        )
    )
    if len(found) != len(ids):
        raise ServiceError(_("Only approved lessons can be cited."), field="lessons")
    return found


def moderation_queue(track: Track) -> list[Lesson]:
    return track_lessons(track, statuses=(LessonStatus.submitted,))


def moderation_counts(track_ids: list[int]) -> dict[int, int]:
    """{track id: lessons waiting for a coordinator's decision} (one statement)."""
    if not track_ids:
        return {}
    rows = db.session.execute(
        select(Lesson.track_id, func.count())
        .where(Lesson.track_id.in_(track_ids), Lesson.status == LessonStatus.submitted)
        .group_by(Lesson.track_id)
    )
    return dict(rows.all())
