"""A person's SEQUENCE of a session: one rule for the invites and the personal feed, so that
a calendar that gets both (or switches from one to the other) never sees them disagree.

It is the session's own SEQUENCE (raised by every change that matters, scheduling.services)
plus the person's bump: two for each earlier place they gave up in what the session belongs
to (a cancelled registration in the track, an ended membership of the steering group), as
the owning domain counts it. So a CANCEL after leaving (bump - 1, scheduling.invites)
outranks the last REQUEST, and a REQUEST after coming back outranks that CANCEL.
"""

from __future__ import annotations

from lmb.scheduling.audiences import of_tracks, session_audiences


def sequence(session, bump: int) -> int:
    """The SEQUENCE of `session` for a person with this bump."""
    return session.sequence + bump


def sequences_for(user, sessions) -> dict[int, int]:
    """{session id: SEQUENCE} of these sessions for one person, as their invites carry it: a
    statement for the tracks and one per kind of owner that has any of the sessions."""
    per_track = of_tracks().bumps_of(user) if any(s.track_id for s in sessions) else {}
    per_session: dict[int, int] = {}
    for key in session_audiences.keys():  # noqa: SIM118 (a Registry iterates its entries)
        ids = [s.id for s in sessions if s.track_id is None and s.owner_kind.value == key]
        bumps = session_audiences[key].bumps
        if ids and bumps is not None:
            per_session.update(bumps(user, ids))
    return {
        s.id: sequence(s, per_track.get(s.track_id, 0) if s.track_id else per_session.get(s.id, 0))
        for s in sessions
    }
