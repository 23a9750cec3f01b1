"""A page's check and the service it calls ask the same named rule, so in one request the rule
is evaluated once: the service finds the page's grant (lmb.core.permissions)."""

from __future__ import annotations

import functools

import pytest

from lmb.core.permissions import guard
from lmb.toolkits import services
from lmb.toolkits.models import ToolkitKind
from lmb.toolkits.permissions import can_edit_lesson, can_edit_toolkit
from lmb.tracks import permissions as track_permissions
from lmb.tracks.models import PhaseKey
from lmb.tracks.permissions import may_manage_its_track, may_manage_track
from tests.toolkits.helpers import a_toolkit, a_track, approved_lesson


@pytest.fixture
def asked(monkeypatch):
    """How often a track's coordinators were looked up (`may_manage_track` asks `is_admin`)."""
    calls = []
    original = track_permissions.is_admin

    @functools.wraps(original)
    def counting(user):
        calls.append(user.id)
        return original(user)

    monkeypatch.setattr(track_permissions, "is_admin", counting)
    return calls


def _cases(track, coordinator, participant):
    draft = services.create_lesson(participant, track, title="Concept", phase=PhaseKey.labo)
    offered = services.create_lesson(participant, track, title="Aangeboden", phase=PhaseKey.labo)
    services.submit_lesson(offered, by=participant)
    cited = approved_lesson(track, participant, coordinator, "Goedgekeurd")
    toolkit = a_toolkit(track, coordinator, ToolkitKind.manual, [("Hoofdstuk", "", [cited])])
    theme = services.save_theme(
        track, by=coordinator, title="Thema", synthesis="", lesson_ids=[cited.id]
    )
    return [
        # (the page's rule, who, on what; then what the page calls)
        (
            can_edit_lesson,
            participant,
            draft,
            lambda: services.update_lesson(draft, by=participant, title="Nieuw"),
        ),
        (
            may_manage_its_track,
            coordinator,
            offered,
            lambda: services.approve_lesson(offered, by=coordinator),
        ),
        (
            may_manage_track,
            coordinator,
            track,
            lambda: services.create_toolkit(
                track, by=coordinator, kind=ToolkitKind.checklist, title="Lijst"
            ),
        ),
        (
            can_edit_toolkit,
            coordinator,
            toolkit,
            lambda: services.add_item(toolkit, by=coordinator, title="Nog een"),
        ),
        (can_edit_toolkit, coordinator, toolkit, lambda: services.publish(toolkit, by=coordinator)),
        (
            may_manage_its_track,
            coordinator,
            theme,
            lambda: services.save_theme(
                track,
                by=coordinator,
                title="Thema 2",
                synthesis="",
                lesson_ids=[cited.id],
                theme=theme,
            ),
        ),
    ]


def test_the_service_finds_the_grant_of_the_page_that_calls_it(app, ctx, asked):
    track, coordinator, participant = a_track()
    for rule, user, subject, call in _cases(track, coordinator, participant):
        asked.clear()
        with app.test_request_context():
            guard(rule, user, subject)
            assert asked, f"{rule.__name__} looks up the track's coordinators"
            asked.clear()
            call()
            assert asked == [], f"{rule.__name__} was asked again by the service"


def test_without_the_pages_grant_the_service_asks_itself(app, ctx, asked):
    track, coordinator, participant = a_track()
    for _rule, _user, _subject, call in _cases(track, coordinator, participant):
        asked.clear()
        with app.test_request_context():
            call()
        assert asked
