"""Where the partnerships domain listens to others: what it holds about a person for their
data download (candidacies, memberships, applications, partnerships they are a contact of).
Erasing an account keeps these rows as history; they point to the erased account."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lmb.accounts.privacy import personal_data_section
from lmb.extensions import db
from lmb.partnerships.models import (
    Candidacy,
    Partnership,
    PartnershipApplication,
    SteeringGroupMember,
    partnership_contacts,
)


def _moment(value):
    return value.isoformat() if value else None


@personal_data_section("partnerships", _l("SDG partnerships and the steering group"))
def partnership_data(user) -> dict:
    candidacies = db.session.scalars(select(Candidacy).where(Candidacy.user_id == user.id))
    memberships = db.session.scalars(
        select(SteeringGroupMember).where(SteeringGroupMember.user_id == user.id)
    )
    applications = db.session.scalars(
        select(PartnershipApplication).where(PartnershipApplication.submitted_by_id == user.id)
    )
    contact_of = db.session.scalars(
        select(Partnership)
        .join(partnership_contacts, partnership_contacts.c.partnership_id == Partnership.id)
        .where(partnership_contacts.c.user_id == user.id)
    )
    return {
        "candidacies": [
            {
                "seat": c.seat.kind.name,
                "motivation": c.motivation,
                "status": c.status.name,
                "submitted_at": _moment(c.created_at),
            }
            for c in candidacies
        ],
        "steering_group": [
            {"seat": m.seat.kind.name, "from": _moment(m.started_at), "until": _moment(m.ended_at)}
            for m in memberships
        ],
        "applications": [
            {
                "organization": a.organization.name,
                "motivation": a.motivation,
                "status": a.status.name,
            }
            for a in applications
        ],
        "contact_of_partnerships": [p.title for p in contact_of],
    }
