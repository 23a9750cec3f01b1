"""Where the lessons and toolkits domain listens to others: what a person wrote for their data
download, and erasing it. Approved lessons, their attachments, themes and toolkits stay (others
build on them) without their author; lessons that were never approved are deleted with their
attachments' files."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from lmb.accounts import privacy
from lmb.accounts.privacy import Covered, Handling, moment
from lmb.core import uploads
from lmb.extensions import db
from lmb.toolkits.models import (
    Lesson,
    LessonAttachment,
    LessonStatus,
    LessonTheme,
    Toolkit,
    ToolkitVersion,
)

personal = privacy.register(
    "lessons",
    _l("Lessons learned and toolkits"),
    on_erasure=_l(
        "Your approved lessons, their attachments and the themes and toolkits you made stay "
        "in the library under an anonymous author; your drafts and the lessons not approved "
        "yet are deleted, with their attachments."
    ),
    covers={
        # Approved lessons stay without their author; the others are deleted, and the log's
        # copies of what the author wrote are blanked (the published text stays in the lesson).
        "lessons.author_id": Covered(
            Handling.cleared, personal=("title", "body", "review_comment")
        ),
        "lessons.approved_by_id": Handling.cleared,
        "lessons.organization_id": Handling.organization,
        "lesson_attachments.uploaded_by_id": Covered(Handling.cleared, personal=("filename",)),
        "lesson_themes.created_by_id": Handling.cleared,
        "toolkits.created_by_id": Handling.cleared,
        "toolkit_versions.published_by_id": Handling.cleared,
    },
)

CLEARED = (
    (Lesson, "author_id"),
    (Lesson, "approved_by_id"),
    (LessonAttachment, "uploaded_by_id"),
    (LessonTheme, "created_by_id"),
    (Toolkit, "created_by_id"),
    (ToolkitVersion, "published_by_id"),
)


def _attachment(attachment: LessonAttachment) -> dict:
    return {
        "file": attachment.filename,
        "kind": attachment.kind,
        "size": attachment.size,
        "uploaded_at": moment(attachment.created_at),
    }


def _lesson(lesson: Lesson) -> dict:
    return {
        "title": lesson.title,
        "track": lesson.track.title,
        "phase": lesson.phase.name,
        "year": lesson.year,
        "organization": lesson.organization.name if lesson.organization else None,
        "status": lesson.status.name,
        "body": lesson.body,
        "sdgs": lesson.sdgs,
        "tags": lesson.tags,
        "review_comment": lesson.review_comment,
        "created_at": moment(lesson.created_at),
        "submitted_at": moment(lesson.submitted_at),
        "approved_at": moment(lesson.approved_at),
        "attachments": [_attachment(a) for a in lesson.attachments],
    }


@personal.exporter
def lesson_data(user) -> dict:
    def rows(query):
        return list(db.session.scalars(query))

    lessons = rows(select(Lesson).where(Lesson.author_id == user.id).order_by(Lesson.id))
    attachments = rows(
        select(LessonAttachment)
        .join(Lesson, Lesson.id == LessonAttachment.lesson_id)
        .where(
            LessonAttachment.uploaded_by_id == user.id, Lesson.author_id.is_distinct_from(user.id)
        )
        .order_by(LessonAttachment.id)
    )
    approved = rows(select(Lesson).where(Lesson.approved_by_id == user.id).order_by(Lesson.id))
    themes = rows(
        select(LessonTheme).where(LessonTheme.created_by_id == user.id).order_by(LessonTheme.id)
    )
    toolkits = rows(select(Toolkit).where(Toolkit.created_by_id == user.id).order_by(Toolkit.id))
    versions = rows(
        select(ToolkitVersion)
        .where(ToolkitVersion.published_by_id == user.id)
        .order_by(ToolkitVersion.id)
    )
    return {
        "lessons": [_lesson(lesson) for lesson in lessons],
        "attachments_to_other_lessons": [
            {"lesson": a.lesson.title, **_attachment(a)} for a in attachments
        ],
        "lessons_approved": [lesson.title for lesson in approved],
        "themes": [{"title": t.title, "synthesis": t.synthesis} for t in themes],
        "toolkits": [
            {
                "title": t.title,
                "kind": t.kind.name,
                "summary": t.summary,
                "items": [
                    {
                        "position": i.position,
                        "group": i.group,
                        "title": i.title,
                        "body": i.body,
                        "who": i.who,
                        "resources": i.resources,
                    }
                    for i in t.items
                ],
            }
            for t in toolkits
        ],
        "toolkit_versions_published": [
            {
                "toolkit": v.toolkit.title,
                "version": v.number,
                "published_at": moment(v.published_at),
            }
            for v in versions
        ],
    }


def _scrub_cited_titles(erasure, lesson_ids: set[int]) -> None:
    """A published toolkit version froze the titles of the lessons it cites: those of the
    person's lessons lose their name as the lessons do."""
    if not lesson_ids:
        return
    for version in db.session.scalars(select(ToolkitVersion)):
        sources = version.content.get("sources", [])
        if not any(source.get("lesson_id") in lesson_ids for source in sources):
            continue
        scrubbed = [
            {**source, "title": privacy.scrub(source["title"], erasure, whole_words=True)}
            if source.get("lesson_id") in lesson_ids
            else source
            for source in sources
        ]
        if scrubbed != sources:
            version.content = {**version.content, "sources": scrubbed}
            erasure.copies.setdefault("toolkit_versions", set()).add(str(version.id))


@personal.eraser
def forget_authors(erasure) -> None:
    user_id = erasure.user.id
    unpublished = db.session.scalars(
        select(Lesson).where(Lesson.author_id == user_id, Lesson.status != LessonStatus.approved)
    ).all()
    files = [a.stored_name for lesson in unpublished for a in lesson.attachments]
    for lesson in unpublished:
        db.session.delete(lesson)
    db.session.flush()
    # The approved ones stay under an anonymous author: not one that names them in its title,
    # text or file names.
    published = db.session.scalars(select(Lesson).where(Lesson.author_id == user_id)).all()
    for lesson in published:
        for name in ("title", "body", "review_comment"):
            setattr(lesson, name, privacy.scrub(getattr(lesson, name), erasure, whole_words=True))
        for attachment in lesson.attachments:
            attachment.filename = privacy.scrub(attachment.filename, erasure, whole_words=True)
    _scrub_cited_titles(erasure, {lesson.id for lesson in published})
    db.session.flush()
    for model, column in CLEARED:
        db.session.execute(
            update(model)
            .where(getattr(model, column) == user_id)
            .values({column: None})
            .execution_options(synchronize_session="fetch")
        )

    def remove_files():
        for name in files:
            uploads.remove(name)

    erasure.after_commit.append(remove_files)
