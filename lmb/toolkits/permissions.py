"""Who may write, see and moderate lessons, and build toolkits."""

from __future__ import annotations

from lmb.core.permissions import is_authenticated
from lmb.toolkits.models import Lesson, LessonAttachment, LessonStatus, Toolkit, ToolkitItem
from lmb.tracks.models import Track
from lmb.tracks.permissions import is_confirmed_participant, may_manage_track

# A lesson its author may still change: not yet offered, or sent back.
EDITABLE_BY_AUTHOR = (LessonStatus.draft, LessonStatus.returned)


def can_write_lesson(user, track: Track) -> bool:
    """Confirmed participants of the track, its coordinators and admins."""
    if not is_authenticated(user):
        return False
    return may_manage_track(user, track) or is_confirmed_participant(user, track)


def can_edit_lesson(user, lesson: Lesson) -> bool:
    if not is_authenticated(user):
        return False
    if may_manage_track(user, lesson.track):
        return True
    return lesson.author_id == user.id and lesson.status in EDITABLE_BY_AUTHOR


def can_edit_attachment(user, attachment: LessonAttachment) -> bool:
    """Whoever may change the lesson it belongs to."""
    return can_edit_lesson(user, attachment.lesson)


def can_see_lesson(user, lesson: Lesson) -> bool:
    if lesson.status is LessonStatus.approved:
        return True
    if not is_authenticated(user):
        return False
    return lesson.author_id == user.id or may_manage_track(user, lesson.track)


def may_submit_lesson(user, lesson: Lesson) -> bool:
    """Its author, or a coordinator of its track."""
    return lesson.author_id == user.id or may_manage_track(user, lesson.track)


def can_edit_toolkit(user, toolkit: Toolkit) -> bool:
    """The track's coordinators build its toolkits."""
    return may_manage_track(user, toolkit.track)


def can_edit_toolkit_item(user, item: ToolkitItem) -> bool:
    return can_edit_toolkit(user, item.toolkit)
