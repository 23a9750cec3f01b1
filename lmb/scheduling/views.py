"""Mijn agenda (/agenda) and the calendar feeds (the blueprint keeps its name, "calendar"):
/tracks/<slug>/calendar.ics (public) and /calendar/<token>.ics (personal)."""

import hashlib
from urllib.parse import quote

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lmb.accounts.services import calendar_token, user_for_calendar_token
from lmb.core.cache import public_page
from lmb.core.models import utcnow
from lmb.core.pagination import page_number
from lmb.core.uploads import content_disposition
from lmb.core.views import download
from lmb.extensions import db
from lmb.scheduling import feeds, ics, services
from lmb.scheduling.audiences import of_tracks
from lmb.scheduling.models import Intent, Session

# Where a place's address is looked up: a link the person follows, nothing is fetched here.
MAP_SEARCH = "https://www.openstreetmap.org/search?query="

blueprint = Blueprint("calendar", __name__)


def _session_url(session) -> str:
    return of_tracks().url(session)


def _feed_response(body: bytes, *, private: bool) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = content_disposition("lmb-leertrajecten.ics", "inline")
    response.set_etag(hashlib.sha256(body).hexdigest())
    response.headers["Cache-Control"] = (
        "private, max-age=0, must-revalidate" if private else "public, max-age=300"
    )
    return response.make_conditional(request)


@blueprint.get("/tracks/<slug>/calendar.ics")
@public_page
def track_feed(slug: str):
    track = of_tracks().by_slug(slug)
    if track is None:
        abort(404)
    body = ics.feed(
        feeds.track_sessions(track, utcnow()), name=track.title, url_for_session=_session_url
    )
    return _feed_response(body, private=False)


@blueprint.get("/calendar/<token>.ics")
@public_page
def personal_feed(token: str):
    user = user_for_calendar_token(token)
    if user is None:
        abort(404)
    now = utcnow()
    groups = feeds.group_sessions(user, now)
    urls = {session.id: audience.url for session, audience in groups}
    body = ics.feed(
        feeds.personal_sessions(user, now) + [session for session, _audience in groups],
        name=_("My LMB sessions"),
        url_for_session=lambda session: urls.get(session.id) or _session_url(session),
        deadlines=feeds.personal_deadlines(user, now),
        groups={session.id: audience.title for session, audience in groups},
    )
    return _feed_response(body, private=True)


@blueprint.app_template_filter("map_url")
def map_url(location: str) -> str:
    """A link to the place on a map (OpenStreetMap's search for the address)."""
    return MAP_SEARCH + quote(" ".join(str(location).split()), safe="")


@blueprint.get("/sessions/<id:session_id>/event.ics")
def session_event(session_id: int):
    """ "Zet in mijn agenda": one session as a .ics file. A track's sessions are public (its
    page and feed show them); another domain's meeting only for the people invited to it."""
    session = db.get_or_404(Session, session_id)
    if session.track is not None:
        url, group = _session_url(session), ""
    else:
        found = (
            feeds.meetings_with(current_user, session.id) if current_user.is_authenticated else []
        )
        if not found:
            abort(404)
        url, group = found[0][1].url, found[0][1].title
    body = ics.single(session, url=url, group=group)
    return download(body, f"{session.title}.ics", "text/calendar; charset=utf-8")


@blueprint.get("/agenda")
@login_required
def agenda():
    """Mijn agenda: my registrations, the sessions of my tracks still to come (20 a page,
    ?page=) and whether I will come."""
    now = utcnow()
    page = page_number()
    sessions, more = feeds.upcoming_sessions(current_user, now, page=page)
    meetings = [(s, a) for s, a in feeds.group_sessions(current_user, now) if s.ends_at >= now]
    return render_template(
        "scheduling/agenda.html",
        registrations=of_tracks().registrations_of(current_user),
        sessions=sessions,
        page=page,
        more=more,
        intents=services.intents_of(current_user, [s.id for s in sessions]),
        meetings=meetings,
        intent_choices=Intent.choices(),
        feed_url=url_for(
            "calendar.personal_feed", token=calendar_token(current_user), _external=True
        ),
    )
