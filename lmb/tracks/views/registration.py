"""A person's own actions: interest in a track, registering, cancelling, answering whether
they will come to a session, and a new address for their calendar feed."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from lmb.accounts import services as accounts
from lmb.core.errors import ServiceError
from lmb.core.forms import ConfirmForm
from lmb.core.models import utcnow
from lmb.core.permissions import permission_required
from lmb.core.views import asks_first, confirm_page, flash_outcome, safe_next
from lmb.extensions import db
from lmb.scheduling import services as scheduling
from lmb.scheduling.models import Session
from lmb.tracks import services
from lmb.tracks.forms import IntentForm
from lmb.tracks.models import RegistrationStatus
from lmb.tracks.permissions import may_cancel_for, track_or_404
from lmb.tracks.views import blueprint, registration_row


@blueprint.post("/tracks/<slug>/interest")
@login_required
def interest(slug: str):
    """ "Tell me when it opens": registration is only possible once a track is launched."""
    track = track_or_404(slug)
    if ConfirmForm().validate_on_submit():
        services.express_interest(current_user, track)
        flash(_("We will let you know by e-mail when registration opens."), "success")
    return redirect(url_for("tracks.track", slug=track.slug))


@blueprint.post("/tracks/<slug>/register")
@login_required
def register(slug: str):
    track = track_or_404(slug)
    if ConfirmForm().validate_on_submit():
        try:
            registration = services.register(current_user, track)
        except ServiceError as error:
            flash(error.message, "error")
        else:
            if registration.status is RegistrationStatus.confirmed:
                flash(
                    _("You are registered. The sessions are on their way to your calendar."),
                    "success",
                )
            else:
                flash(
                    _(
                        "The track is full: you are number %(n)s on the waiting list.",
                        n=registration.waitlist_position,
                    ),
                    "success",
                )
    return redirect(url_for("tracks.track", slug=track.slug))


@blueprint.get("/registrations/<id:registration_id>/cancel")
@login_required
@permission_required(may_cancel_for, registration_row)
def confirm_cancel_registration(registration, registration_id: int):
    """Asks first: what ends, and what the calendar loses."""
    track = registration.track
    back = safe_next(request.args.get("next"), url_for("tracks.track", slug=track.slug))
    if registration.status is RegistrationStatus.cancelled:
        flash(_("The registration is cancelled."), "success")
        return redirect(back)
    if not services.may_cancel(registration, current_user):
        flash(
            _("The track has started: only its coordinators can cancel a registration now."),
            "error",
        )
        return redirect(back)
    own = registration.user_id == current_user.id
    if registration.status is RegistrationStatus.waitlisted:
        lines = [
            _(
                "You leave the waiting list of %(track)s (you are number %(n)s).",
                track=track.title,
                n=registration.waitlist_position,
            )
            if own
            else _(
                "%(name)s leaves the waiting list of %(track)s.",
                name=registration.user.name,
                track=track.title,
            )
        ]
    else:
        now = utcnow()
        upcoming = sum(
            1 for s in track.sessions if s.status.name == "scheduled" and s.starts_at > now
        )
        lines = [
            _("Your place in %(track)s is given up.", track=track.title)
            if own
            else _(
                "%(name)s loses the place in %(track)s.",
                name=registration.user.name,
                track=track.title,
            ),
            ngettext(
                "The invitation to %(num)s coming session is withdrawn from the calendar.",
                "The invitations to %(num)s coming sessions are withdrawn from the calendar.",
                upcoming,
            ),
        ]
        if services.registration_counts([track.id])[track.id].waitlisted:
            lines.append(_("The first person on the waiting list gets the place."))
    return confirm_page(
        title=_("Cancel the registration for %(track)s?", track=track.title),
        consequences=lines,
        action=url_for("tracks.cancel_registration", registration_id=registration.id),
        hidden={"next": back},
        button=_("Yes, cancel the registration"),
        back=back,
    )


@blueprint.post("/registrations/<id:registration_id>/cancel")
@asks_first
@login_required
@permission_required(may_cancel_for, registration_row)
def cancel_registration(registration, registration_id: int):
    back = safe_next(
        request.form.get("next"), url_for("tracks.track", slug=registration.track.slug)
    )
    if ConfirmForm().validate_on_submit():
        flash_outcome(
            lambda: services.cancel(registration, by=current_user),
            _("The registration is cancelled."),
        )
    return redirect(back)


@blueprint.post("/sessions/<id:session_id>/intent")
@login_required
def intent(session_id: int):
    session = db.get_or_404(Session, session_id)
    form = IntentForm()
    if form.validate_on_submit():
        flash_outcome(
            lambda: scheduling.set_intent(current_user, session, form.intent.data),
            _("Thank you, your answer is saved."),
        )
    else:
        flash(_("Choose one of the answers."), "error")
    # Back to the page the answer was given on (Mijn agenda, or Mijn overzicht).
    return redirect(safe_next(request.form.get("next"), url_for("calendar.agenda")))


@blueprint.get("/agenda/feed")
@login_required
def confirm_rotate_feed():
    return confirm_page(
        title=_("Make a new calendar address?"),
        consequences=[
            _("Your current calendar address stops working at once."),
            _(
                "A calendar subscribed to it stops following changes: subscribe again with the new address."
            ),
            _("Invitations you received by mail stay in your calendar."),
        ],
        action=url_for("tracks.rotate_feed"),
        button=_("Yes, make a new address"),
        back=url_for("calendar.agenda"),
    )


@blueprint.post("/agenda/feed")
@asks_first
@login_required
def rotate_feed():
    if ConfirmForm().validate_on_submit():
        accounts.rotate_calendar_token(current_user)
        flash(_("Your calendar address is new; the old one no longer works."), "success")
    return redirect(url_for("calendar.agenda"))
