"""Build lessons and toolkits by name for the toolkits tests (inside an app context)."""

from __future__ import annotations

from lmb.toolkits import services
from lmb.toolkits.models import Lesson, Toolkit, ToolkitKind
from lmb.tracks.models import PhaseKey
from tests.builders import brussels, create_person, create_session, create_track, registered

UNICODE = "Zoë’s café – één stap 🌍 😀"


def a_track(
    slug="duurzaam-aankopen", title="Duurzaam aankoopbeleid", organization="Stad Roeselare"
):
    """A track with a coordinator ("coord@example.org") and a participant ("sofie@...")."""
    track = create_track(slug, title)
    coordinator = create_person(
        f"coord-{slug}@example.org", role="coordinator", organization="VVSG"
    )
    track.coordinators.append(coordinator)
    participant = create_person(f"sofie-{slug}@example.org", organization=organization)
    registered(participant, track)
    return track, coordinator, participant


def approved_lesson(
    track,
    author,
    coordinator,
    title: str,
    body: str = "",
    *,
    phase=PhaseKey.labo,
    session=None,
    sdgs=(),
    tags=(),
) -> Lesson:
    lesson = services.create_lesson(
        author, track, title=title, body=body, phase=phase, session=session, sdgs=sdgs, tags=tags
    )
    services.submit_lesson(lesson, by=author)
    services.approve_lesson(lesson, by=coordinator)
    return lesson


def a_session(track, title="Labo: startbijeenkomst"):
    return create_session(track, brussels(2026, 3, 12, 9, 30), title=title)


def a_toolkit(track, coordinator, kind: ToolkitKind, items, *, title=None, language="nl"):
    """items: (title, body, lessons) or dicts of add_item's arguments with "lessons"."""
    toolkit = services.create_toolkit(
        track,
        by=coordinator,
        kind=kind,
        title=title or f"{kind.name} {UNICODE}",
        summary=f"Inleiding: {UNICODE}",
        language=language,
    )
    for item in items:
        if isinstance(item, tuple):
            item_title, body, lessons = item
            item = {"title": item_title, "body": body, "lessons": lessons}
        lessons = item.pop("lessons", [])
        services.add_item(
            toolkit, by=coordinator, lesson_ids=[lesson.id for lesson in lessons], **item
        )
    return toolkit


def reload(toolkit) -> Toolkit:
    from lmb.extensions import db

    return db.session.get(Toolkit, toolkit.id)
