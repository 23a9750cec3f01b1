"""The operations of the tracks domain; views, the API and the CLI call these."""

from lmb.tracks.services.catalogue import (
    RegistrationCounts,
    advance_timeline,
    all_tracks,
    express_interest,
    is_interested,
    programmes,
    registration_counts,
    set_coordinated_tracks,
    status_by_dates,
    track_by_slug,
    upcoming_milestones,
    upcoming_sessions,
)
from lmb.tracks.services.registrations import (
    RegistrationClosed,
    cancel,
    confirm,
    live_registration,
    may_cancel,
    register,
    registration_open,
    registrations_of,
)
from lmb.tracks.services.sessions import cancel_session, change_session, create_session

__all__ = [
    "RegistrationClosed",
    "RegistrationCounts",
    "cancel",
    "confirm",
    "live_registration",
    "may_cancel",
    "register",
    "registration_open",
    "registrations_of",
    "advance_timeline",
    "all_tracks",
    "cancel_session",
    "change_session",
    "create_session",
    "express_interest",
    "is_interested",
    "programmes",
    "registration_counts",
    "set_coordinated_tracks",
    "status_by_dates",
    "track_by_slug",
    "upcoming_milestones",
    "upcoming_sessions",
]
