"""/api/v1 endpoints."""

from functools import wraps

from flask import abort, g, request, url_for
from flask_babel import gettext as _
from flask_smorest import Blueprint

from lmb.accounts import membership as memberships
from lmb.accounts import services as accounts
from lmb.api.schemas import (
    MeSchema,
    PageArgsSchema,
    RegistrationCancelledSchema,
    RegistrationListArgsSchema,
    RegistrationSchema,
    SessionChangeSchema,
    SessionCreateSchema,
    SessionPageSchema,
    SessionSchema,
    TrackDetailSchema,
    TrackPageSchema,
    TrackRegistrationPageSchema,
    TrackUpdateSchema,
)
from lmb.core.errors import NotAllowed
from lmb.core.models import utcnow
from lmb.core.timezones import to_local
from lmb.core.urls import absolute_url
from lmb.extensions import db
from lmb.scheduling import services as scheduling
from lmb.scheduling.models import Session
from lmb.tracks import services as tracks
from lmb.tracks.models import PhaseKey, Registration, RegistrationStatus, Track, TrackStatus
from lmb.tracks.permissions import may_cancel_for, may_manage_track

blueprint = Blueprint(
    "api", __name__, url_prefix="/api/v1", description="Learning tracks, sessions, accounts"
)

BEARER_SECURITY = [{"bearerAuth": []}]


def _bearer_secret() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return secret.strip()


def bearer_user():
    """The user of the request's valid `Authorization: Bearer` token, or None."""
    secret = _bearer_secret()
    if secret is None:
        return None
    try:
        return accounts.user_for_api_token(secret)
    except accounts.TokenRefused:
        return None


def token_required(view):
    """A valid token, or a JSON 401 that says why (missing, unknown, revoked, expired). Its
    owner is g.api_user, and the audit log names them as the actor of every change."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        secret = _bearer_secret()
        if secret is None:
            abort(401, description=_("A valid API token is required (Authorization: Bearer ...)."))
        try:
            g.api_user = accounts.user_for_api_token(secret)
        except accounts.TokenRefused as refused:
            abort(401, description=refused.message)
        return view(*args, **kwargs)

    return wrapper


def _track_data(track: Track, counts: tracks.RegistrationCounts) -> dict:
    today = to_local(utcnow()).date()
    phase = track.current_phase(today)
    return {
        "slug": track.slug,
        "number": track.number,
        "title": track.title,
        "summary": track.summary,
        "programme": track.programme.slug,
        "programme_title": track.programme.title,
        "status": track.status.name,
        "current_phase": phase.key.name if phase else None,
        "registration_opens_at": track.registration_opens_at,
        "registration_closes_at": track.registration_closes_at,
        "capacity": track.capacity,
        "confirmed_count": counts.confirmed,
        "waitlist_count": counts.waitlisted,
        "url": url_for("tracks.track", slug=track.slug, _external=True),
    }


@blueprint.route("/me")
@blueprint.doc(security=BEARER_SECURITY)
@blueprint.response(200, MeSchema)
@blueprint.alt_response(401, schema="Error", description="No valid token")
@token_required
def me():
    """The token's user"""
    user = g.api_user
    # What the person typed, not the register's name it may match (that would tell anyone
    # with a token which names the register holds).
    waiting = memberships.pending_request(user)
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "role": user.role.name,
        "function": user.function.name,
        "locale": user.locale,
        "organization": (
            {
                "id": user.organization.id,
                "name": user.organization.name,
                "kind": user.organization.kind.name,
                "country": user.organization.country,
            }
            if user.organization
            else None
        ),
        "membership_request": (
            {"requested_name": waiting.requested_name, "asked_at": waiting.created_at}
            if waiting is not None
            else None
        ),
        "calendar_feed_url": absolute_url(
            "calendar.personal_feed", token=accounts.calendar_token(user)
        ),
    }


@blueprint.route("/tracks")
@blueprint.arguments(PageArgsSchema, location="query")
@blueprint.response(200, TrackPageSchema)
@blueprint.alt_response(422, schema="Error", description="Invalid paging arguments")
def list_tracks(args):
    """All learning tracks, in programme order"""
    all_tracks = tracks.all_tracks()
    page, per_page = args["page"], args["per_page"]
    chosen = all_tracks[(page - 1) * per_page : page * per_page]
    counts = tracks.registration_counts([t.id for t in chosen])
    return {
        "items": [_track_data(t, counts[t.id]) for t in chosen],
        "total": len(all_tracks),
        "page": page,
        "per_page": per_page,
    }


def _page(items: list, args: dict) -> dict:
    """One page of `items` in the shape every list of the API has."""
    page, per_page = args["page"], args["per_page"]
    return {
        "items": items[(page - 1) * per_page : page * per_page],
        "total": len(items),
        "page": page,
        "per_page": per_page,
    }


def _track_or_404(slug: str) -> Track:
    track = tracks.track_by_slug(slug)
    if track is None:
        abort(404, description=_("No track with this slug."))
    return track


def _managed(track: Track) -> Track:
    """The track, if the token's user coordinates it (or is an admin); else a 403."""
    if not may_manage_track(g.api_user, track):
        raise NotAllowed(_("Only the track's coordinators can change it."))
    return track


def _track_detail(track: Track) -> dict:
    data = _track_data(track, tracks.registration_counts([track.id])[track.id])
    data["description"] = track.description
    data["phases"] = [
        {"key": p.key.name, "starts_on": p.starts_on, "ends_on": p.ends_on} for p in track.phases
    ]
    data["moderated"] = track.moderated
    data["reminder_offsets"] = list(track.reminder_offsets or [])
    return data


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


def _managed_session(session_id: int) -> Session:
    session = db.session.get(Session, session_id)
    if session is None or session.track is None:
        abort(404, description=_("No session with this id."))
    _managed(session.track)
    return session


# Tracks


@blueprint.route("/tracks/<slug>")
@blueprint.response(200, TrackDetailSchema)
@blueprint.alt_response(404, schema="Error", description="No track with this slug")
def get_track(slug: str):
    """One track with its phases"""
    return _track_detail(_track_or_404(slug))


@blueprint.route("/tracks/<slug>", methods=["PATCH"])
@blueprint.doc(security=BEARER_SECURITY)
@token_required  # before the input is read: 401 comes first
@blueprint.arguments(TrackUpdateSchema)
@blueprint.response(200, TrackDetailSchema)
@blueprint.alt_response(401, schema="Error", description="No valid token")
@blueprint.alt_response(403, schema="Error", description="Not a coordinator of this track")
@blueprint.alt_response(404, schema="Error", description="No track with this slug")
@blueprint.alt_response(422, schema="Error", description="Invalid input")
def update_track(changes: dict, slug: str):
    """Change a track's status, registration window, capacity, moderation, reminders or phases

    Only the fields given change; `capacity: null` removes the limit. Coordinators of the
    track and admins.
    """
    track = _managed(_track_or_404(slug))
    options = {}
    if "status" in changes:
        options["status"] = TrackStatus[changes["status"]]
    for name in ("registration_opens_at", "registration_closes_at", "moderated"):
        if name in changes:
            options[name] = changes[name]
    if "capacity" in changes:
        options["capacity"] = changes["capacity"]
        options["clear_capacity"] = changes["capacity"] is None
    if "reminder_offsets" in changes:
        options["reminder_offsets"] = changes["reminder_offsets"]
    if "phases" in changes:
        options["phases"] = {
            PhaseKey[p["key"]]: (p["starts_on"], p["ends_on"]) for p in changes["phases"]
        }
    tracks.update_track(track, by=g.api_user, **options)
    return _track_detail(_track_or_404(slug))


# Sessions


@blueprint.route("/tracks/<slug>/sessions")
@blueprint.arguments(PageArgsSchema, location="query")
@blueprint.response(200, SessionPageSchema)
@blueprint.alt_response(404, schema="Error", description="No track with this slug")
@blueprint.alt_response(422, schema="Error", description="Invalid paging arguments")
def track_sessions(args: dict, slug: str):
    """A track's sessions, earliest first (cancelled ones too, with their status)"""
    track = _track_or_404(slug)
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
    track = _managed(_track_or_404(slug))
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
    session = _managed_session(session_id)
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
    session = _managed_session(session_id)
    scheduling.cancel_session(session)
    return _session_data(session)


# Registrations


@blueprint.route("/tracks/<slug>/registrations", methods=["POST"])
@blueprint.doc(security=BEARER_SECURITY)
@token_required
@blueprint.response(201, RegistrationSchema)
@blueprint.alt_response(401, schema="Error", description="No valid token")
@blueprint.alt_response(404, schema="Error", description="No track with this slug")
@blueprint.alt_response(409, schema="Error", description="Already registered")
@blueprint.alt_response(
    422, schema="Error", description="Registration is not open (code `registration_closed`)"
)
def register(slug: str):
    """Register the token's user: confirmed while places are left, else on the waiting list"""
    registration = tracks.register(g.api_user, _track_or_404(slug))
    return {
        "id": registration.id,
        "status": registration.status.name,
        "waitlist_position": registration.waitlist_position,
    }


@blueprint.route("/tracks/<slug>/registrations")
@blueprint.doc(security=BEARER_SECURITY)
@token_required  # before the input is read: 401 comes first
@blueprint.arguments(RegistrationListArgsSchema, location="query")
@blueprint.response(200, TrackRegistrationPageSchema)
@blueprint.alt_response(401, schema="Error", description="No valid token")
@blueprint.alt_response(403, schema="Error", description="Not a coordinator of this track")
@blueprint.alt_response(404, schema="Error", description="No track with this slug")
@blueprint.alt_response(422, schema="Error", description="Invalid arguments")
def track_registrations(args: dict, slug: str):
    """A track's registrations: confirmed, then the waiting list in order

    By default the live ones; `?status=` chooses confirmed, waitlisted or cancelled.
    """
    track = _track_or_404(slug)
    if not may_manage_track(g.api_user, track):
        abort(403)
    status = RegistrationStatus[args["status"]] if "status" in args else None
    page = _page(tracks.track_registrations(track, status=status), args)
    page["items"] = [
        {
            "id": r.id,
            "user": {"id": r.user.id, "name": r.user.name, "email": r.user.email},
            "organization": (
                {"id": r.user.organization.id, "name": r.user.organization.name}
                if r.user.organization
                else None
            ),
            "function": r.user.function.name,
            "status": r.status.name,
            "waitlist_position": r.waitlist_position,
            "created_at": r.created_at,
            "confirmed_at": r.confirmed_at,
        }
        for r in page["items"]
    ]
    return page


@blueprint.route("/registrations/<id:registration_id>/cancel", methods=["POST"])
@blueprint.doc(security=BEARER_SECURITY)
@token_required
@blueprint.response(200, RegistrationCancelledSchema)
@blueprint.alt_response(401, schema="Error", description="No valid token")
@blueprint.alt_response(
    403,
    schema="Error",
    description="Someone else's registration, or the track has started (coordinators only then)",
)
@blueprint.alt_response(404, schema="Error", description="No registration with this id")
def cancel_registration(registration_id: int):
    """Cancel a registration; the first on the waiting list takes the freed place

    The person until the track starts; the track's coordinators and admins always.
    """
    user = g.api_user
    registration = db.session.get(Registration, registration_id)
    if registration is None:
        abort(404, description=_("No registration with this id."))
    if not may_cancel_for(user, registration):
        abort(403)
    promoted = tracks.cancel(registration, by=user)
    return {
        "id": registration.id,
        "status": registration.status.name,
        "promoted": [r.id for r in promoted],
    }
