"""/api/v1 registrations: registering, a track's list for its coordinators, cancelling."""

from flask import abort, g
from flask_babel import gettext as _

from lmb.api.schemas import (
    RegistrationCancelledSchema,
    RegistrationListArgsSchema,
    RegistrationSchema,
    TrackRegistrationPageSchema,
)
from lmb.api.tracks import track_or_404
from lmb.api.views import BEARER_SECURITY, _page, blueprint, token_required
from lmb.core.permissions import guard
from lmb.extensions import db
from lmb.tracks import services as tracks
from lmb.tracks.models import Registration, RegistrationStatus
from lmb.tracks.permissions import may_cancel_for, may_manage_track


@blueprint.route("/tracks/<slug>/registrations", methods=["POST"])
@blueprint.doc(security=BEARER_SECURITY)
@token_required
@blueprint.response(201, RegistrationSchema)
@blueprint.alt_response(401, schema="Error", description="No valid token")
@blueprint.alt_response(404, schema="Error", description="No track with this slug")
@blueprint.alt_response(409, schema="Error", description="Already registered")
@blueprint.alt_response(
    422, schema="Error", description="Registration is not open (code `registration_closed`)"
)
def register(slug: str):
    """Register the token's user: confirmed while places are left, else on the waiting list"""
    registration = tracks.register(g.api_user, track_or_404(slug))
    return {
        "id": registration.id,
        "status": registration.status.name,
        "waitlist_position": registration.waitlist_position,
    }


@blueprint.route("/tracks/<slug>/registrations")
@blueprint.doc(security=BEARER_SECURITY)
@token_required  # before the input is read: 401 comes first
@blueprint.arguments(RegistrationListArgsSchema, location="query")
@blueprint.response(200, TrackRegistrationPageSchema)
@blueprint.alt_response(401, schema="Error", description="No valid token")
@blueprint.alt_response(403, schema="Error", description="Not a coordinator of this track")
@blueprint.alt_response(404, schema="Error", description="No track with this slug")
@blueprint.alt_response(422, schema="Error", description="Invalid arguments")
def track_registrations(args: dict, slug: str):
    """A track's registrations: confirmed, then the waiting list in order

    By default the live ones; `?status=` chooses confirmed, waitlisted or cancelled.
    """
    track = track_or_404(slug)
    guard(may_manage_track, g.api_user, track)
    status = RegistrationStatus[args["status"]] if "status" in args else None
    page = _page(tracks.track_registrations(track, status=status), args)
    page["items"] = [
        {
            "id": r.id,
            "user": {"id": r.user.id, "name": r.user.name, "email": r.user.email},
            "organization": (
                {"id": r.user.organization.id, "name": r.user.organization.name}
                if r.user.organization
                else None
            ),
            "function": r.user.function.name,
            "status": r.status.name,
            "waitlist_position": r.waitlist_position,
            "created_at": r.created_at,
            "confirmed_at": r.confirmed_at,
        }
        for r in page["items"]
    ]
    return page


@blueprint.route("/registrations/<id:registration_id>/cancel", methods=["POST"])
@blueprint.doc(security=BEARER_SECURITY)
@token_required
@blueprint.response(200, RegistrationCancelledSchema)
@blueprint.alt_response(401, schema="Error", description="No valid token")
@blueprint.alt_response(
    403,
    schema="Error",
    description="Someone else's registration, or the track has started (coordinators only then)",
)
@blueprint.alt_response(404, schema="Error", description="No registration with this id")
def cancel_registration(registration_id: int):
    """Cancel a registration; the first on the waiting list takes the freed place

    The person until the track starts; the track's coordinators and admins always.
    """
    user = g.api_user
    registration = db.session.get(Registration, registration_id)
    if registration is None:
        abort(404, description=_("No registration with this id."))
    guard(may_cancel_for, user, registration)
    promoted = tracks.cancel(registration, by=user)
    return {
        "id": registration.id,
        "status": registration.status.name,
        "promoted": [r.id for r in promoted],
    }
