"""Mail of the toolkits domain: a lesson sent back to its author, a lesson waiting for the
coordinators' approval."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lmb import events
from lmb.core.urls import absolute_url
from lmb.notifications.outbox import Draft, enqueue, enqueue_many, key_digest


@events.lesson_returned.connect
def tell_author_lesson_returned(lesson, comment: str, **_):
    if lesson.author is None or not lesson.author.active:
        return
    enqueue(
        key=f"lesson-returned:{lesson.id}:{key_digest(comment)}:user:{lesson.author.id}",
        kind="lesson/returned",
        template="toolkits/mail/lesson/returned",
        recipient=lesson.author,
        subject=_l("Your lesson %(title)s was sent back", title=lesson.title),
        context={
            "lesson_title": lesson.title,
            "track_title": lesson.track.title,
            "comment": comment,
            "lesson_url": absolute_url("toolkits.edit_lesson", lesson_id=lesson.id),
        },
    )


@events.lesson_submitted.connect
def tell_coordinators_lesson_submitted(lesson, **_):
    context = {
        "lesson_title": lesson.title,
        "track_title": lesson.track.title,
        "author_name": lesson.author.name if lesson.author else "",
        "moderate_url": absolute_url("toolkits.moderate", slug=lesson.track.slug),
    }
    submitted = lesson.submitted_at.isoformat() if lesson.submitted_at else "now"
    subject = _l("A lesson waits for your approval: %(title)s", title=lesson.title)
    enqueue_many(
        [
            Draft(
                key=f"lesson-submitted:{lesson.id}:{submitted}:user:{coordinator.id}",
                kind="lesson/submitted",
                template="toolkits/mail/lesson/submitted",
                recipient=coordinator,
                subject=subject,
                context=context,
            )
            for coordinator in lesson.track.coordinators
            if coordinator.active
        ]
    )
