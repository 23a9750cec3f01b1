"""Track pages: home, programmes, catalogue, a track (register, cancel), Mijn agenda, and the
coordinator's pages (registrations, exports, sessions, attendance, settings).

The routes live in three rooms on one blueprint: the public catalogue, a person's own
registration actions, and the coordinator's pages."""

from flask import Blueprint

from lmb.extensions import db
from lmb.tracks.contact import contact_of
from lmb.tracks.models import Registration

blueprint = Blueprint("tracks", __name__)
# A track's or programme's contact, or VVSG's Dienst Internationaal (lmb.tracks.contact).
blueprint.add_app_template_global(contact_of, "contact_of")


def registration_row(registration_id: int) -> Registration:
    """The registration at the URL's id, or a 404 (a loader for `permission_required`)."""
    return db.get_or_404(Registration, registration_id)


from lmb.tracks.views import (  # noqa: E402, F401
    administration,
    catalogue,
    coordination,
    registration,
)
