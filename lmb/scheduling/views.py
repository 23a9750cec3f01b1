"""Calendar feeds (the blueprint keeps its name, "calendar"): /tracks/<slug>/calendar.ics
(public) and /calendar/<token>.ics (personal)."""

import hashlib

from flask import Blueprint, Response, abort, request
from flask_babel import gettext as _

from lmb.accounts.services import user_for_calendar_token
from lmb.core.cache import public_page
from lmb.core.models import utcnow
from lmb.core.uploads import content_disposition
from lmb.scheduling import feeds, ics
from lmb.scheduling.audiences import of_tracks

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
