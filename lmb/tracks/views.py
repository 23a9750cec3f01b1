"""Public pages: home, programmes, the track catalogue and each track's page."""

from flask import Blueprint, abort, render_template
from flask_login import current_user

from lmb.core.models import utcnow
from lmb.core.permissions import can_manage_track
from lmb.core.timezones import to_local
from lmb.tracks import services
from lmb.tracks.models import PhaseKey

blueprint = Blueprint("tracks", __name__)


@blueprint.get("/")
def home():
    now = utcnow()
    return render_template(
        "tracks/home.html",
        programmes=services.programmes(),
        tracks=services.all_tracks(),
        milestones=services.upcoming_milestones(to_local(now).date()),
        sessions=services.upcoming_sessions(now),
    )


@blueprint.get("/tracks/")
def catalogue():
    tracks = services.all_tracks()
    return render_template(
        "tracks/catalogue.html",
        tracks=tracks,
        counts=services.registration_counts([t.id for t in tracks]),
        phase_keys=list(PhaseKey),
    )


@blueprint.get("/tracks/<slug>")
def track(slug: str):
    track = services.track_by_slug(slug)
    if track is None:
        abort(404)
    now = utcnow()
    return render_template(
        "tracks/track.html",
        track=track,
        today=to_local(now).date(),
        counts=services.registration_counts([track.id])[track.id],
        sessions=track.sessions,
        can_manage=can_manage_track(current_user, track),
    )


@blueprint.get("/programmes/<slug>")
def programme(slug: str):
    programme = next((p for p in services.programmes() if p.slug == slug), None)
    if programme is None:
        abort(404)
    return render_template("tracks/programme.html", programme=programme)
