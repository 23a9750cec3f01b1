"""Public pages: home, programmes, the track catalogue and each track's page."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lmb.core.forms import ConfirmForm
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
        interested=current_user.is_authenticated and services.is_interested(current_user, track),
    )


@blueprint.post("/tracks/<slug>/interest")
@login_required
def interest(slug: str):
    """ "Tell me when it opens": registration is only possible once a track is launched."""
    track = services.track_by_slug(slug)
    if track is None:
        abort(404)
    if ConfirmForm().validate_on_submit():
        services.express_interest(current_user, track)
        flash(_("We will let you know by e-mail when registration opens."), "success")
    return redirect(url_for("tracks.track", slug=track.slug))


@blueprint.get("/programmes/<slug>")
def programme(slug: str):
    programme = next((p for p in services.programmes() if p.slug == slug), None)
    if programme is None:
        abort(404)
    return render_template("tracks/programme.html", programme=programme)
