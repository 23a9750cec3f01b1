"""/api/v1 sessions: a track's sessions, planning, changing and cancelling one."""

from flask import abort
from flask_babel import gettext as _

from lmb.api.schemas import (
    PageArgsSchema,
    SessionChangeSchema,
    SessionCreateSchema,
    SessionPageSchema,
    SessionSchema,
)
from lmb.api.tracks import managed_track, track_or_404
from lmb.api.views import BEARER_SECURITY, _page, blueprint, token_required
from lmb.extensions import db
from lmb.scheduling import services as scheduling
from lmb.scheduling.models import Session
from lmb.tracks.models import PhaseKey


def _session_data(session: Session) -> dict:
    return {
        "id": session.id,
        "track": session.track.slug,
        "title": session.title,
        "phase": session.phase.name,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "location": session.location,
        "online_url": session.online_url,
        "agenda": session.agenda,
        "capacity": session.capacity,
        "status": session.status.name,
        "sequence": session.sequence,
    }


def managed_session(session_id: int) -> Session:
    """A session of a track the token's user coordinates (else 404 or 403)."""
    session = db.session.get(Session, session_id)
    if session is None or session.track is None:
        abort(404, description=_("No session with this id."))
    managed_track(session.track)
    return session


@blueprint.route("/tracks/<slug>/sessions")
@blueprint.arguments(PageArgsSchema, location="query")
@blueprint.response(200, SessionPageSchema)
@blueprint.alt_response(404, schema="Error", description="No track with this slug")
@blueprint.alt_response(422, schema="Error", description="Invalid paging arguments")
def track_sessions(args: dict, slug: str):
    """A track's sessions, earliest first (cancelled ones too, with their status)"""
    track = track_or_404(slug)
    page = _page(list(track.sessions), args)
    page["items"] = [_session_data(s) for s in page["items"]]
    return page


@blueprint.route("/tracks/<slug>/sessions", methods=["POST"])
@blueprint.doc(security=BEARER_SECURITY)
@token_required  # before the input is read: 401 comes first
@blueprint.arguments(SessionCreateSchema)
@blueprint.response(201, SessionSchema)
@blueprint.alt_response(401, schema="Error", description="No valid token")
@blueprint.alt_response(403, schema="Error", description="Not a coordinator of this track")
@blueprint.alt_response(404, schema="Error", description="No track with this slug")
@blueprint.alt_response(422, schema="Error", description="Invalid input")
def add_session(data: dict, slug: str):
    """Plan a session; confirmed participants receive an invitation"""
    track = managed_track(track_or_404(slug))
    session = scheduling.create_session(
        track,
        phase=PhaseKey[data["phase"]],
        title=data["title"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        location=data.get("location", ""),
        online_url=data.get("online_url", ""),
        agenda=data.get("agenda", ""),
        capacity=data.get("capacity"),
    )
    return _session_data(session)


@blueprint.route("/sessions/<id:session_id>", methods=["PATCH"])
@blueprint.doc(security=BEARER_SECURITY)
@token_required  # before the input is read: 401 comes first
@blueprint.arguments(SessionChangeSchema)
@blueprint.response(200, SessionSchema)
@blueprint.alt_response(401, schema="Error", description="No valid token")
@blueprint.alt_response(403, schema="Error", description="Not a coordinator of the track")
@blueprint.alt_response(404, schema="Error", description="No session with this id")
@blueprint.alt_response(422, schema="Error", description="Invalid input, or a cancelled session")
def change_session(changes: dict, session_id: int):
    """Edit or move a session

    Only the fields given change. A new time, place or title raises `sequence`, and
    participants' calendars receive the update.
    """
    session = managed_session(session_id)
    scheduling.change_session(session, **changes)
    return _session_data(session)


@blueprint.route("/sessions/<id:session_id>/cancel", methods=["POST"])
@blueprint.doc(security=BEARER_SECURITY)
@token_required
@blueprint.response(200, SessionSchema)
@blueprint.alt_response(401, schema="Error", description="No valid token")
@blueprint.alt_response(403, schema="Error", description="Not a coordinator of the track")
@blueprint.alt_response(404, schema="Error", description="No session with this id")
def cancel_session(session_id: int):
    """Cancel a session; participants' calendars remove it"""
    session = managed_session(session_id)
    scheduling.cancel_session(session)
    return _session_data(session)
