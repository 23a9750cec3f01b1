"""Where the tracks domain listens to others: what it holds about a person for their data
download, and erasing it (registrations and attendance stay, as anonymous history)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from lmb.accounts import privacy
from lmb.accounts.privacy import Handling, moment
from lmb.extensions import db
from lmb.scheduling.models import Attendance, Session
from lmb.tracks.models import Registration, Track, TrackInterest, track_coordinators

personal = privacy.register(
    "tracks",
    _l("Learning tracks"),
    on_erasure=_l(
        "Your registrations and your answers about sessions stay as anonymous entries, so that "
        "the numbers of the tracks stay right; the tracks you wanted to hear about and the "
        "tracks you coordinate are forgotten."
    ),
    covers={
        "registrations.user_id": Handling.kept,
        "attendances.user_id": Handling.kept,
        "track_interests.user_id": Handling.deleted,
        "track_coordinators.user_id": Handling.deleted,
        "track_partners.organization_id": Handling.organization,
    },
)


@personal.exporter
def track_data(user) -> dict:
    registrations = db.session.scalars(
        select(Registration).where(Registration.user_id == user.id).order_by(Registration.id)
    )
    attendances = db.session.execute(
        select(Attendance, Session)
        .join(Session, Session.id == Attendance.session_id)
        .where(Attendance.user_id == user.id)
        .order_by(Session.starts_at)
    )
    interests = db.session.scalars(select(TrackInterest).where(TrackInterest.user_id == user.id))
    coordinated = db.session.scalars(
        select(Track.title)
        .join(track_coordinators, track_coordinators.c.track_id == Track.id)
        .where(track_coordinators.c.user_id == user.id)
        .order_by(Track.number)
    )
    return {
        "registrations": [
            {
                "track": r.track.title,
                "status": r.status.name,
                "waitlist_position": r.waitlist_position,
                "registered_at": moment(r.created_at),
                "confirmed_at": moment(r.confirmed_at),
                "cancelled_at": moment(r.cancelled_at),
            }
            for r in registrations
        ],
        "sessions": [
            {
                "session": session.title,
                "starts_at": moment(session.starts_at),
                "intent": a.intent.name if a.intent else None,
                "attended": a.attended,
            }
            for a, session in attendances
        ],
        "told_when_open": [i.track.title for i in interests],
        "coordinated_tracks": list(coordinated),
    }


@personal.eraser
def forget_track_data(erasure) -> None:
    user_id = erasure.user.id
    db.session.execute(delete(TrackInterest).where(TrackInterest.user_id == user_id))
    db.session.execute(delete(track_coordinators).where(track_coordinators.c.user_id == user_id))
    db.session.expire(erasure.user, ["coordinated_tracks"])
