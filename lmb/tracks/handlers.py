"""Where the tracks domain listens to others: a person's registrations in their data
download, and erasing an account (registrations and attendance stay, as history)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from lmb import events
from lmb.accounts.privacy import personal_data_section
from lmb.extensions import db
from lmb.tracks.models import Attendance, Registration, TrackInterest


def _moment(value):
    return value.isoformat() if value else None


@personal_data_section("tracks", _l("Learning tracks"))
def track_data(user) -> dict:
    registrations = db.session.scalars(
        select(Registration).where(Registration.user_id == user.id).order_by(Registration.id)
    )
    attendances = db.session.scalars(select(Attendance).where(Attendance.user_id == user.id))
    interests = db.session.scalars(select(TrackInterest).where(TrackInterest.user_id == user.id))
    return {
        "registrations": [
            {
                "track": r.track.title,
                "status": r.status.name,
                "waitlist_position": r.waitlist_position,
                "registered_at": _moment(r.created_at),
                "confirmed_at": _moment(r.confirmed_at),
                "cancelled_at": _moment(r.cancelled_at),
            }
            for r in registrations
        ],
        "sessions": [
            {
                "session": a.session_id,
                "intent": a.intent.name if a.intent else None,
                "attended": a.attended,
            }
            for a in attendances
        ],
        "told_when_open": [i.track.title for i in interests],
    }


@events.account_erasing.connect
def forget_interests(user, **_):
    # Registrations and attendance stay: they are the tracks' history and counts.
    db.session.execute(delete(TrackInterest).where(TrackInterest.user_id == user.id))
