"""Voedingsbodem themes: "what we learned about X", a coordinator's synthesis of a track's
approved lessons."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lmb.accounts.models import User
from lmb.core.errors import ServiceError
from lmb.core.permissions import require
from lmb.extensions import db
from lmb.toolkits.models import LessonTheme
from lmb.toolkits.services.lesson_library import approved_lessons
from lmb.toolkits.services.lessons import _text
from lmb.tracks.models import Track
from lmb.tracks.permissions import may_manage_its_track, may_manage_track


def save_theme(
    track: Track,
    *,
    by: User,
    title: str,
    synthesis: str,
    lesson_ids,
    theme: LessonTheme | None = None,
) -> LessonTheme:
    """Create or change a theme: "what we learned about X", from approved lessons. A theme
    that exists is its own track's: asked as its page asks (`may_manage_its_track`)."""
    refusal = _("Only the track's coordinators can group lessons into themes.")
    if theme is None:
        require(may_manage_track, by, track, refusal)
    else:
        require(may_manage_its_track, by, theme, refusal)
    title = _text(title, "title", 200)
    if not title:
        raise ServiceError(_("This field is required."), field="title")
    lessons = approved_lessons(lesson_ids)
    if any(lesson.track_id != track.id for lesson in lessons):
        raise ServiceError(_("Choose lessons of this track."), field="lessons")
    if theme is None:
        theme = LessonTheme(track=track, created_by_id=by.id)
        db.session.add(theme)
    theme.title = title
    theme.synthesis = _text(synthesis, "synthesis", 50_000)
    theme.lessons = lessons
    db.session.flush()
    return theme


def delete_theme(theme: LessonTheme, *, by: User) -> None:
    """Only from the theme's page, which its track's coordinators alone reach."""
    db.session.delete(theme)
    db.session.flush()


def track_themes(track: Track) -> list[LessonTheme]:
    return list(
        db.session.scalars(
            select(LessonTheme)
            .where(LessonTheme.track_id == track.id)
            .options(selectinload(LessonTheme.lessons))
            .order_by(LessonTheme.id)
        )
    )


def all_themes() -> list[LessonTheme]:
    """Every theme of every track, in the tracks' order."""
    return list(
        db.session.scalars(
            select(LessonTheme)
            .join(Track, Track.id == LessonTheme.track_id)
            .options(selectinload(LessonTheme.track), selectinload(LessonTheme.lessons))
            .order_by(Track.number, LessonTheme.id)
        )
    )
