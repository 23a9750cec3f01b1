"""Mijn agenda (/agenda) and the calendar feeds (the blueprint keeps its name, "calendar"):
/tracks/<slug>/calendar.ics (public) and /calendar/<token>.ics (personal)."""

import gzip
from collections.abc import Callable
from datetime import datetime

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lmb.accounts.services import calendar_token, set_calendar_delivery, user_for_calendar_token
from lmb.core.cache import accepts_gzip, public_page
from lmb.core.models import utcnow
from lmb.core.pagination import page_number
from lmb.core.uploads import content_disposition
from lmb.core.views import download
from lmb.extensions import db
from lmb.scheduling import conditional, feeds, ics, services, stamps
from lmb.scheduling.audiences import of_tracks
from lmb.scheduling.forms import CalendarDelivery, CalendarDeliveryForm
from lmb.scheduling.models import Intent, Session
from lmb.scheduling.sequences import sequences_for

blueprint = Blueprint("calendar", __name__)


def _session_url(session) -> str:
    return of_tracks().url(session)


def _feed(scope: str, build: Callable[[datetime], bytes], *, private: bool, locale: str):
    """A feed with its validator from the version stamp (lmb.scheduling.conditional): a
    reader who already has it gets a 304 and the feed is not built; anyone else gets it built
    as of today (`build(day)`), gzipped when they accept it."""
    now = utcnow()
    version, changed_at = stamps.current()
    gzipped = accepts_gzip(request.environ)
    found = conditional.validator(
        scope,
        version=version,
        changed_at=changed_at,
        now=now,
        locale=locale,
        gzipped=gzipped,
        config=current_app.config,
    )
    headers = found.headers(conditional.PRIVATE if private else conditional.PUBLIC)
    if found.holds_for(request.environ):
        return Response(status=304, headers=headers)
    body = build(stamps.feed_day(now))
    response = Response(gzip.compress(body, mtime=0) if gzipped else body, headers=headers)
    response.mimetype = "text/calendar"
    if gzipped:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Content-Disposition"] = content_disposition("lmb-leertrajecten.ics", "inline")
    return response


@blueprint.get("/tracks/<slug>/calendar.ics")
@public_page
def track_feed(slug: str):
    track = of_tracks().by_slug(slug)
    if track is None:
        abort(404)

    def build(day):
        sessions = feeds.track_sessions(track, day)
        return ics.feed(sessions, name=track.title, url_for_session=_session_url)

    return _feed(f"track:{track.id}", build, private=False, locale=str(get_locale()))


@blueprint.get("/calendar/<token>.ics")
@public_page
def personal_feed(token: str):
    """A person's feed, in their own language whoever's calendar software asks for it (it
    sends no cookie). Its 304s mostly leave before this view (conditional.ConditionalFeeds)."""
    user = user_for_calendar_token(token)
    if user is None:
        abort(404)

    def build(day):
        with force_locale(user.locale):
            return _personal_feed(user, day)

    scope = conditional.personal_scope(user.id, user.calendar_salt)
    return _feed(scope, build, private=True, locale=user.locale)


def _personal_feed(user, day) -> bytes:
    groups = feeds.group_sessions(user, day)
    urls = {session.id: audience.url for session, audience in groups}
    sessions = feeds.personal_sessions(user, day) + [session for session, _audience in groups]
    return ics.feed(
        sessions,
        name=_("My LMB sessions"),
        url_for_session=lambda session: urls.get(session.id) or _session_url(session),
        deadlines=feeds.personal_deadlines(user, day),
        groups={session.id: audience.title for session, audience in groups},
        sequences=sequences_for(user, sessions),
        # The meetings' titles and agendas in the person's language, as their owners word them.
        titles={session.id: audience.session_title for session, audience in groups},
        agendas={session.id: audience.agenda for session, audience in groups},
    )


@blueprint.get("/sessions/<id:session_id>/event.ics")
def session_event(session_id: int):
    """ "Zet in mijn agenda": one session as a .ics file. A track's sessions are public (its
    page and feed show them); another domain's meeting only for the people invited to it."""
    session = db.get_or_404(Session, session_id)
    title = agenda = None
    if session.track is not None:
        url, group = _session_url(session), ""
    else:
        found = (
            feeds.meetings_with(current_user, session.id) if current_user.is_authenticated else []
        )
        if not found:
            abort(404)
        owner = found[0][1]
        url, group = owner.url, owner.title
        title, agenda = owner.session_title or None, owner.agenda or None
    # The SEQUENCE the person's invites and feed carry (higher after a re-registration).
    sequence = (
        sequences_for(current_user, [session]).get(session.id, session.sequence)
        if current_user.is_authenticated
        else session.sequence
    )
    body = ics.single(session, url=url, group=group, sequence=sequence, title=title, agenda=agenda)
    return download(body, f"{title or session.title}.ics", "text/calendar; charset=utf-8")


@blueprint.get("/agenda")
@login_required
def agenda():
    """Mijn agenda: my registrations, the sessions of my tracks still to come (20 a page,
    ?page=) and whether I will come."""
    now = utcnow()
    page = page_number()
    # The person itself, not the proxy: the services below read it a few dozen times.
    user = current_user._get_current_object()
    sessions, more = feeds.upcoming_sessions(user, now, page=page)
    meetings = [(s, a) for s, a in feeds.group_sessions(user, now) if s.ends_at >= now]
    return render_template(
        "scheduling/agenda.html",
        registrations=of_tracks().registrations_of(user),
        sessions=sessions,
        page=page,
        more=more,
        intents=services.intents_of(user, [s.id for s in sessions]),
        meetings=meetings,
        intent_choices=Intent.choices(),
        feed_url=url_for("calendar.personal_feed", token=calendar_token(user), _external=True),
        delivery=user.calendar_delivery.name,
        delivery_choices=CalendarDelivery.choices(),
    )


@blueprint.post("/agenda/calendar-delivery")
@login_required
def calendar_delivery():
    """Invitations by mail or a subscribed calendar address: never both."""
    form = CalendarDeliveryForm()
    if form.validate_on_submit():
        if set_calendar_delivery(current_user, form.delivery.data):
            flash(_("Saved: this is how your sessions reach your calendar from now on."), "success")
    else:
        flash(_("Choose one of the answers."), "error")
    return redirect(url_for("calendar.agenda") + "#calendar-delivery")
