"""Mijn overzicht (/overview): my next sessions with "will you come?", my reviews to write,
my registrations and waiting-list places, news of my themes; for a coordinator also the
tracks and review rounds they run with what needs them. A fixed number of statements,
however many sessions, registrations, tracks or rounds (tests/home/test_overview.py)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from lmb.core.cache import public_page
from lmb.core.models import utcnow
from lmb.notifications.subscriptions import news_for
from lmb.peer_review import services as peer_review
from lmb.scheduling import feeds
from lmb.scheduling import services as scheduling
from lmb.scheduling.models import Intent
from lmb.toolkits import services as toolkits
from lmb.tracks import services as tracks

blueprint = Blueprint("home", __name__)

# How many of the next sessions the page shows; Mijn agenda has them all.
NEXT_SESSIONS = 5


def _coordination(user, now) -> dict:
    """The coordinator's part: their tracks with waiting lists and lessons to moderate,
    and the rounds they run (at most five statements, whatever their number)."""
    own = tracks.coordinated_tracks(user)
    ids = [t.id for t in own]
    return {
        "tracks": own,
        "counts": tracks.registration_counts(ids),
        "to_moderate": toolkits.moderation_counts(ids),
        "rounds": peer_review.rounds_needing(user, now),
    }


@blueprint.get("/overview")
@login_required
def overview():
    user = current_user._get_current_object()
    now = utcnow()
    sessions, more = feeds.upcoming_sessions(user, now, per_page=NEXT_SESSIONS)
    coordinates = user.is_coordinator
    return render_template(
        "home/overview.html",
        sessions=sessions,
        more=more,
        intents=scheduling.intents_of(user, [s.id for s in sessions]),
        intent_choices=Intent.choices(),
        tasks=peer_review.review_tasks_of(user, now),
        registrations=tracks.registrations_of(user),
        news=news_for(user),
        coordination=_coordination(user, now) if coordinates else None,
        now=now,
    )


@blueprint.get("/over")
@public_page
def about():
    """Over: VVSG's vision and mission for municipal international cooperation (seed 004), in
    the platform's own words, in the reader's language."""
    return render_template("home/about.html")
