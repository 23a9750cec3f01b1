"""The public pages: home, the catalogue, a track's page and a programme's page."""

from flask import abort, render_template
from flask_login import current_user

from lmb.core.cache import public_page
from lmb.core.models import utcnow
from lmb.core.permissions import allowed
from lmb.core.timezones import to_local
from lmb.tracks import services, timeline
from lmb.tracks.models import PhaseKey
from lmb.tracks.permissions import may_manage_track, track_or_404
from lmb.tracks.sections import sections_of
from lmb.tracks.views import blueprint


@blueprint.get("/")
@public_page
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
@public_page
def catalogue():
    tracks = services.all_tracks()
    return render_template(
        "tracks/catalogue.html",
        tracks=tracks,
        counts=services.registration_counts([t.id for t in tracks]),
        phase_keys=list(PhaseKey),
    )


@blueprint.get("/tracks/<slug>")
@public_page
def track(slug: str):
    track = track_or_404(slug)
    now = utcnow()
    # The person itself, not the proxy: the rules below read it a few dozen times.
    user = current_user._get_current_object()
    registration = services.live_registration(user, track) if user.is_authenticated else None
    return render_template(
        "tracks/track.html",
        track=track,
        today=to_local(now).date(),
        counts=services.registration_counts([track.id])[track.id],
        sessions=services.track_page_sessions(track),
        can_manage=allowed(may_manage_track, user, track),
        registration=registration,
        may_cancel=registration is not None and services.may_cancel(registration, user),
        registration_open=services.registration_open(track, now),
        interested=(
            user.is_authenticated and registration is None and services.is_interested(user, track)
        ),
    )


@blueprint.get("/programmes/<slug>")
def programme(slug: str):
    programme = services.programme_by_slug(slug)
    if programme is None:
        abort(404)
    today = to_local(utcnow()).date()
    return render_template(
        "tracks/programme.html",
        programme=programme,
        timeline=timeline.build(programme, programme.tracks, today),
        sections=sections_of(programme),
    )
