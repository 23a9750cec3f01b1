"""/api/v1 endpoints."""

from functools import wraps

from flask import abort, g, request, url_for
from flask_babel import gettext as _
from flask_smorest import Blueprint

from lmb.accounts import services as accounts
from lmb.api.schemas import MeSchema, PageArgsSchema, TrackDetailSchema, TrackPageSchema
from lmb.core.models import utcnow
from lmb.core.timezones import to_local
from lmb.tracks import services as tracks
from lmb.tracks.models import Track

blueprint = Blueprint(
    "api", __name__, url_prefix="/api/v1", description="Learning tracks, sessions, accounts"
)

BEARER_SECURITY = [{"bearerAuth": []}]


def bearer_user():
    """The user of the request's `Authorization: Bearer` token, or None."""
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return accounts.user_for_api_token(secret.strip())


def token_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        g.api_user = bearer_user()
        if g.api_user is None:
            abort(401, description=_("A valid API token is required (Authorization: Bearer ...)."))
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
        "calendar_feed_url": None,
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


@blueprint.route("/tracks/<slug>")
@blueprint.response(200, TrackDetailSchema)
@blueprint.alt_response(404, schema="Error", description="No track with this slug")
def get_track(slug: str):
    """One track with its phases"""
    track = tracks.track_by_slug(slug)
    if track is None:
        abort(404, description=_("No track with this slug."))
    data = _track_data(track, tracks.registration_counts([track.id])[track.id])
    data["description"] = track.description
    data["phases"] = [
        {"key": p.key.name, "starts_on": p.starts_on, "ends_on": p.ends_on} for p in track.phases
    ]
    return data
