"""Lessons learned: written by participants and coordinators (with their SDGs and tags),
moderated by coordinators. Beside it: attachments.py, lesson_library.py (finding lessons) and
themes.py (voedingsbodem)."""

from __future__ import annotations

import functools

from flask_babel import gettext as _

from lmb import events
from lmb.accounts.models import Organization, User
from lmb.accounts.permissions import is_member_of, member_organization_id
from lmb.core import uploads
from lmb.core.database import after_commit
from lmb.core.errors import ServiceError
from lmb.core.models import utcnow
from lmb.core.permissions import require
from lmb.core.timezones import to_local
from lmb.extensions import db
from lmb.scheduling.models import Session
from lmb.toolkits.models import (
    SDG_NUMBERS,
    Lesson,
    LessonSdg,
    LessonStatus,
    LessonTag,
)
from lmb.toolkits.permissions import (
    EDITABLE_BY_AUTHOR,
    can_edit_lesson,
    can_write_lesson,
    may_submit_lesson,
)
from lmb.tracks.models import PhaseKey, Track
from lmb.tracks.permissions import may_manage_its_track

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
    require(
        can_write_lesson,
        author,
        track,
        _("Only participants and coordinators of the track can add lessons."),
    )
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
    require(can_edit_lesson, by, lesson, _("You cannot change this lesson (any more)."))
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
    require(may_submit_lesson, by, lesson, _("Only the author can submit this lesson."))
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
    require(
        may_manage_its_track, by, lesson, _("Only the track's coordinators can approve lessons.")
    )
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
    require(
        may_manage_its_track,
        by,
        lesson,
        _("Only the track's coordinators can send lessons back."),
    )
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
    require(can_edit_lesson, by, lesson, _("You cannot delete this lesson."))
    stored = [a.stored_name for a in lesson.attachments]
    db.session.delete(lesson)
    db.session.flush()
    for name in stored:
        after_commit(functools.partial(uploads.remove, name))
