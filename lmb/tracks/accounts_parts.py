"""What the tracks domain adds to the accounts' administration and retention (added from
lmb.tracks.init_app; accounts never imports tracks):

- the admin's page of a person has the field "Coordinates these tracks", saved with it;
- an unverified account with a registration is not purged: the registration keeps it.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists

from lmb.accounts import admin_parts, privacy
from lmb.accounts.models import User
from lmb.core.forms import MultiCheckboxField
from lmb.tracks.models import Registration
from lmb.tracks.services import all_tracks, set_coordinated_tracks


def _coordinated_tracks_field():
    return MultiCheckboxField(_l("Coordinates these tracks"), coerce=int)


def _track_choices() -> list[tuple[int, str]]:
    return [(t.id, f"{t.number}. {t.title}") for t in all_tracks()]


def _coordinated_track_ids(user: User) -> list[int]:
    return [t.id for t in user.coordinated_tracks]


COORDINATED_TRACKS = admin_parts.UserFormPart(
    name="tracks",
    field=_coordinated_tracks_field,
    choices=_track_choices,
    load=_coordinated_track_ids,
    save=set_coordinated_tracks,
)


def has_registration():
    """An unverified account that registered for a track stays (lmb.accounts.privacy.purge)."""
    return exists().where(Registration.user_id == User.id)


def register() -> None:
    admin_parts.add(COORDINATED_TRACKS)
    privacy.keeps_unverified.add(has_registration, key="tracks.registrations")
