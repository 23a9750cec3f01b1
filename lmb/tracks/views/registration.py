"""A person's own actions: interest in a track, registering, cancelling, answering whether
they will come to a session, and a new address for their calendar feed."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lmb.accounts import services as accounts
from lmb.core.errors import ServiceError
from lmb.core.forms import ConfirmForm
from lmb.core.permissions import permission_required
from lmb.core.views import flash_outcome, safe_next
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


@blueprint.post("/registrations/<id:registration_id>/cancel")
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
    return redirect(url_for("calendar.agenda"))


@blueprint.post("/agenda/feed")
@login_required
def rotate_feed():
    if ConfirmForm().validate_on_submit():
        accounts.rotate_calendar_token(current_user)
        flash(_("Your calendar address is new; the old one no longer works."), "success")
    return redirect(url_for("calendar.agenda"))
