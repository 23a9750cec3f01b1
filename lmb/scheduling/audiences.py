"""Who is invited to a session that belongs to no track: the domain that owns it says so.

A resolver added with `@session_audiences` (in the owning domain's setup) gets a track-less
Session and returns its Audience, or None when the session is not its own. Invites
(scheduling.invites) and the reminder rule (scheduling.reminders) ask the same resolvers, so
invites and reminders reach the same people.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from lmb.core.contributions import Registry
from lmb.tracks.models import Session


class Audience(NamedTuple):
    """The people of a session without a track, and what the session belongs to."""

    # Shown in mails and calendars, e.g. "Stuurgroep SDG-partnerschappen" (mail templates
    # read it as `track.title`).
    title: str
    # Absolute link to the group's page.
    url: str
    people: list
    # Extra SEQUENCE per user id, so that an invite after leaving and rejoining outranks
    # the earlier CANCEL (the scheme of scheduling.invites).
    bumps: dict | None = None


session_audiences: Registry[Callable[[Session], Audience | None]] = Registry("session audiences")


def audience_of(session: Session) -> Audience | None:
    if session.track_id is not None:
        return None
    for resolver in session_audiences:
        audience = resolver(session)
        if audience is not None:
            return audience
    return None
