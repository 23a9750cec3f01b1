"""/api/v1 tracks: the list, one track, and its coordinators' changes."""

from flask import abort, g, url_for
from flask_babel import gettext as _

from lmb.api.programme_schemas import TrackFullSchema
from lmb.api.schemas import PageArgsSchema, TrackPageSchema, TrackUpdateSchema
from lmb.api.views import BEARER_SECURITY, blueprint, token_required
from lmb.core.models import utcnow
from lmb.core.permissions import require
from lmb.core.timezones import to_local
from lmb.tracks import services as tracks
from lmb.tracks.contact import contact_of
from lmb.tracks.models import PhaseKey, Track, TrackStatus
from lmb.tracks.permissions import may_manage_track


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
        "is_demo": track.is_demo,
        "confirmed_count": counts.confirmed,
        "waitlist_count": counts.waitlisted,
        "url": url_for("tracks.track", slug=track.slug, _external=True),
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


def track_or_404(slug: str) -> Track:
    """The track at `slug`, or a JSON 404."""
    track = tracks.track_by_slug(slug)
    if track is None:
        abort(404, description=_("No track with this slug."))
    return track


def managed_track(track: Track) -> Track:
    """The track, if the token's user coordinates it (or is an admin); else a 403 that says
    why (NotAllowed, where guard would answer a bare 403)."""
    require(may_manage_track, g.api_user, track, _("Only the track's coordinators can change it."))
    return track


def _track_detail(track: Track) -> dict:
    data = _track_data(track, tracks.registration_counts([track.id])[track.id])
    data["description"] = track.description
    # All three phases; the dates of one not yet decided are null ("nog te bepalen").
    data["phases"] = [
        {
            "key": key.name,
            "starts_on": phase.starts_on if phase else None,
            "ends_on": phase.ends_on if phase else None,
        }
        for key, phase in ((key, track.phase(key)) for key in PhaseKey)
    ]
    data["moderated"] = track.moderated
    data["reminder_offsets"] = list(track.reminder_offsets or [])
    for name in ("content", "course", "target_group", "goals"):
        data[name] = getattr(track, name)
    data["partners"] = [p.name for p in track.partners]
    data["contact"] = contact_of(track)
    return data


# What PATCH and the programme's POST /tracks pass on to the services as given.
GIVEN = (
    "title",
    "summary",
    "description",
    "content",
    "course",
    "target_group",
    "goals",
    "contact_name",
    "contact_email",
    "partners",
    "registration_opens_at",
    "registration_closes_at",
    "moderated",
    "reminder_offsets",
)


def track_options(changes: dict) -> dict:
    """The API's input as update_track and start_track take it."""
    options = {name: changes[name] for name in GIVEN if name in changes}
    if "status" in changes:
        options["status"] = TrackStatus[changes["status"]]
    if "capacity" in changes:
        options["capacity"] = changes["capacity"]
        options["clear_capacity"] = changes["capacity"] is None
    if "phases" in changes:
        options["phases"] = {
            PhaseKey[p["key"]]: (p["starts_on"], p["ends_on"]) for p in changes["phases"]
        }
    return options


@blueprint.route("/tracks/<slug>")
@blueprint.response(200, TrackFullSchema)
@blueprint.alt_response(404, schema="Error", description="No track with this slug")
def get_track(slug: str):
    """One track with its phases"""
    return _track_detail(track_or_404(slug))


@blueprint.route("/tracks/<slug>", methods=["PATCH"])
@blueprint.doc(security=BEARER_SECURITY)
@token_required  # before the input is read: 401 comes first
@blueprint.arguments(TrackUpdateSchema)
@blueprint.response(200, TrackFullSchema)
@blueprint.alt_response(401, schema="Error", description="No valid token")
@blueprint.alt_response(403, schema="Error", description="Not a coordinator of this track")
@blueprint.alt_response(404, schema="Error", description="No track with this slug")
@blueprint.alt_response(422, schema="Error", description="Invalid input")
def update_track(changes: dict, slug: str):
    """Change a track: its texts, partners, contact, status, registration window, capacity,
    moderation, reminders or phases

    Only the fields given change; `capacity: null` removes the limit. The rules of the edit
    page apply (phases in order and within the programme, registration closing before the last
    phase ends, a capacity not below the confirmed count); a refusal is a 422 with the
    message under `error.details.json.<field>`. Coordinators of the track and admins.
    """
    track = managed_track(track_or_404(slug))
    options = track_options(changes)
    tracks.update_track(track, by=g.api_user, **options)
    return _track_detail(track_or_404(slug))
