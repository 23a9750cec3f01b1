"""Lessons learned: written by participants and coordinators, moderated by coordinators,
found in the library; attachments; voedingsbodem themes."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import BinaryIO

from flask_babel import gettext as _
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from lmb import events
from lmb.accounts.models import Organization, User
from lmb.accounts.permissions import is_member_of, member_organization_id
from lmb.core import uploads
from lmb.core.database import after_commit, after_rollback
from lmb.core.errors import NotAllowed, ServiceError
from lmb.core.models import utcnow
from lmb.core.timezones import to_local
from lmb.extensions import db
from lmb.scheduling.models import Session
from lmb.toolkits.models import (
    SDG_NUMBERS,
    Lesson,
    LessonAttachment,
    LessonSdg,
    LessonStatus,
    LessonTag,
    LessonTheme,
)
from lmb.toolkits.permissions import (
    EDITABLE_BY_AUTHOR,
    can_edit_lesson,
    can_write_lesson,
    may_submit_lesson,
)
from lmb.tracks.models import PhaseKey, Track
from lmb.tracks.permissions import may_manage_track

ATTACHMENT_KINDS = uploads.DOCUMENTS | uploads.IMAGES
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 10
MAX_TAGS = 10
MAX_TAG_LENGTH = 40


# Input


def clean_sdgs(values) -> list[int]:
    numbers = set()
    for value in values or []:
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if number not in SDG_NUMBERS:
            raise ServiceError(_("SDGs are numbered 1 to 17."), field="sdgs")
        numbers.add(number)
    return sorted(numbers)


def clean_tags(values) -> list[str]:
    """Tags from a list or a comma-separated string: trimmed, lower-case, each once."""
    if isinstance(values, str):
        values = values.split(",")
    tags: list[str] = []
    for value in values or []:
        tag = " ".join(str(value).split()).lower()
        if not tag or tag in tags:
            continue
        if len(tag) > MAX_TAG_LENGTH:
            raise ServiceError(
                _("A tag has at most %(n)s characters.", n=MAX_TAG_LENGTH), field="tags"
            )
        tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ServiceError(_("At most %(n)s tags.", n=MAX_TAGS), field="tags")
    return tags


def _check_session(track: Track, session: Session | None) -> None:
    if session is not None and session.track_id != track.id:
        raise ServiceError(_("Choose a session of this track."), field="session")


def _year_of(session: Session | None) -> int:
    return to_local(session.starts_at if session else utcnow()).year


def _set_labels(lesson: Lesson, sdgs, tags) -> None:
    if sdgs is not None:
        wanted = clean_sdgs(sdgs)
        lesson.sdg_rows = [row for row in lesson.sdg_rows if row.number in wanted] + [
            LessonSdg(number=n) for n in wanted if n not in lesson.sdgs
        ]
    if tags is not None:
        wanted_tags = clean_tags(tags)
        lesson.tag_rows = [row for row in lesson.tag_rows if row.tag in wanted_tags] + [
            LessonTag(tag=t) for t in wanted_tags if t not in lesson.tags
        ]


def _read_labels_as_stored(lesson: Lesson) -> None:
    # Flushed, not committed: the labels are read again in their stored order (a commit
    # used to do this by expiring everything).
    db.session.expire(lesson, ["sdg_rows", "tag_rows"])


def _text(value: str, field: str, max_length: int | None = None) -> str:
    value = (value or "").strip()
    if "\x00" in value:
        raise ServiceError(_("Some of the input is not valid."), field=field)
    if max_length and len(value) > max_length:
        raise ServiceError(_("At most %(n)s characters.", n=max_length), field=field)
    return value


# Writing and moderating


def create_lesson(
    author: User,
    track: Track,
    *,
    title: str,
    body: str = "",
    phase: PhaseKey,
    session: Session | None = None,
    organization: Organization | None = None,
    sdgs=(),
    tags=(),
) -> Lesson:
    if not can_write_lesson(author, track):
        raise NotAllowed(_("Only participants and coordinators of the track can add lessons."))
    _check_session(track, session)
    title = _text(title, "title", 200)
    if not title:
        raise ServiceError(_("This field is required."), field="title")
    lesson = Lesson(
        track=track,
        author=author,
        # Under the author's organization only when they are a granted member of it.
        organization=organization
        or (author.organization if member_organization_id(author) is not None else None),
        phase=phase,
        session=session,
        year=_year_of(session),
        title=title,
        body=_text(body, "body", 50_000),
        status=LessonStatus.draft,
    )
    _set_labels(lesson, sdgs, tags)
    db.session.add(lesson)
    db.session.flush()
    _read_labels_as_stored(lesson)
    return lesson


def update_lesson(
    lesson: Lesson,
    *,
    by: User,
    title: str | None = None,
    body: str | None = None,
    phase: PhaseKey | None = None,
    session: Session | None = None,
    clear_session: bool = False,
    sdgs=None,
    tags=None,
) -> Lesson:
    if not can_edit_lesson(by, lesson):
        raise NotAllowed(_("You cannot change this lesson (any more)."))
    if title is not None:
        title = _text(title, "title", 200)
        if not title:
            raise ServiceError(_("This field is required."), field="title")
        lesson.title = title
    if body is not None:
        lesson.body = _text(body, "body", 50_000)
    if phase is not None:
        lesson.phase = phase
    if session is not None or clear_session:
        _check_session(lesson.track, session)
        lesson.session = session
        lesson.year = _year_of(session)
    _set_labels(lesson, sdgs, tags)
    db.session.flush()
    _read_labels_as_stored(lesson)
    return lesson


def submit_lesson(lesson: Lesson, *, by: User) -> None:
    """The author offers the lesson to the coordinators (draft or sent back → submitted)."""
    if not may_submit_lesson(by, lesson):
        raise NotAllowed(_("Only the author can submit this lesson."))
    if lesson.status not in EDITABLE_BY_AUTHOR:
        raise ServiceError(_("This lesson is already submitted or approved."))
    if (
        lesson.author is not None
        and lesson.organization_id is not None
        and not is_member_of(lesson.author, lesson.organization_id)
    ):
        # Written as a member, offered after the membership ended: not under its name.
        lesson.organization = None
    lesson.status = LessonStatus.submitted
    lesson.submitted_at = utcnow()
    db.session.flush()
    events.lesson_submitted.send(lesson)
    db.session.flush()


def approve_lesson(lesson: Lesson, *, by: User) -> None:
    """A coordinator approves: the lesson appears on the track's page and in the library."""
    if not may_manage_track(by, lesson.track):
        raise NotAllowed(_("Only the track's coordinators can approve lessons."))
    if lesson.status is LessonStatus.approved:
        return
    if lesson.status is not LessonStatus.submitted and lesson.author_id != by.id:
        # A draft, or one sent back, is still its author's: it is published once they offer it.
        raise ServiceError(_("The author has not submitted this lesson yet."))
    lesson.status = LessonStatus.approved
    lesson.approved_at = utcnow()
    lesson.approved_by_id = by.id
    lesson.review_comment = ""
    db.session.flush()
    events.lesson_approved.send(lesson)
    db.session.flush()


def return_lesson(lesson: Lesson, *, by: User, comment: str) -> None:
    """A coordinator sends a submitted lesson back to its author with a comment."""
    if not may_manage_track(by, lesson.track):
        raise NotAllowed(_("Only the track's coordinators can send lessons back."))
    comment = _text(comment, "comment", 5000)
    if not comment:
        raise ServiceError(_("Say what should change."), field="comment")
    if lesson.status is not LessonStatus.submitted:
        raise ServiceError(_("Only a submitted lesson can be sent back."))
    lesson.status = LessonStatus.returned
    lesson.review_comment = comment
    db.session.flush()
    events.lesson_returned.send(lesson, comment=comment)
    db.session.flush()


def delete_lesson(lesson: Lesson, *, by: User) -> None:
    """An author removes a lesson that was never approved; coordinators any lesson."""
    if not can_edit_lesson(by, lesson):
        raise NotAllowed(_("You cannot delete this lesson."))
    stored = [a.stored_name for a in lesson.attachments]
    db.session.delete(lesson)
    db.session.flush()
    for name in stored:
        after_commit(functools.partial(uploads.remove, name))


# Attachments


def add_attachment(lesson: Lesson, *, by: User, stream: BinaryIO, filename: str | None):
    if not can_edit_lesson(by, lesson):
        raise NotAllowed(_("You cannot change this lesson (any more)."))
    if len(lesson.attachments) >= MAX_ATTACHMENTS:
        raise ServiceError(_("At most %(n)s attachments.", n=MAX_ATTACHMENTS), field="file")
    try:
        stored = uploads.store(
            stream,
            area="lessons",
            allowed=ATTACHMENT_KINDS,
            max_bytes=MAX_ATTACHMENT_BYTES,
            filename=filename,
        )
    except (uploads.UploadRefused, uploads.StorageFailed) as refused:
        refused.field = "file"
        raise
    attachment = LessonAttachment(
        lesson=lesson,
        filename=stored.filename,
        stored_name=stored.stored_name,
        kind=stored.kind,
        size=stored.size,
        uploaded_by_id=by.id,
    )
    db.session.add(attachment)
    # Stored before its row: removed again if the transaction does not keep the row.
    after_rollback(lambda: uploads.remove(stored.stored_name))
    db.session.flush()
    return attachment


def remove_attachment(attachment: LessonAttachment, *, by: User) -> None:
    if not can_edit_lesson(by, attachment.lesson):
        raise NotAllowed(_("You cannot change this lesson (any more)."))
    stored_name = attachment.stored_name
    db.session.delete(attachment)
    db.session.flush()
    after_commit(lambda: uploads.remove(stored_name))


# Finding lessons


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


def track_lesson_links(track: Track, limit: int = 10) -> list:
    """The first `limit` approved lessons of the track, as its page lists them (by phase, then
    id): rows of id, title, phase and the organization's name, one statement."""
    return list(
        db.session.execute(
            select(Lesson.id, Lesson.title, Lesson.phase, Organization.name.label("organization"))
            .outerjoin(Organization, Organization.id == Lesson.organization_id)
            .where(Lesson.track_id == track.id, Lesson.status == LessonStatus.approved)
            .order_by(Lesson.phase, Lesson.id)
            .limit(limit)
        )
    )


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


# Voedingsbodem: themes


def save_theme(
    track: Track,
    *,
    by: User,
    title: str,
    synthesis: str,
    lesson_ids,
    theme: LessonTheme | None = None,
) -> LessonTheme:
    """Create or change a theme: "what we learned about X", from approved lessons."""
    if not may_manage_track(by, track):
        raise NotAllowed(_("Only the track's coordinators can group lessons into themes."))
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


def moderation_queue(track: Track) -> list[Lesson]:
    return track_lessons(track, statuses=(LessonStatus.submitted,))
