"""What an application holds beyond its motivation, so that the association can select it
(issue 16): the proposed partner municipality, the SDGs, the contacts on both sides and the
council's decision (gemeenteraadsbeslissing) as a document, checked by content and size
through lmb.core.uploads like every other upload."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import BinaryIO

from flask_babel import gettext as _

from lmb.core import uploads
from lmb.core.database import after_rollback
from lmb.core.errors import ServiceError
from lmb.partnerships.models import Country, PartnershipApplication
from lmb.partnerships.services.shared import clean_sdgs

AREA = "partnership-applications"
DECISION_MAX_BYTES = 10 * 1024 * 1024


@dataclass
class ApplicationDetails:
    proposed_partner: str
    contact_name: str
    contact_email: str
    decision: BinaryIO | None
    decision_filename: str = ""
    partner_contact: str = ""
    sdgs: list = field(default_factory=list)


def check(details: ApplicationDetails, country: Country) -> list[int]:
    """Refuse what a selection cannot do without; the SDGs chosen, the theme's always in."""
    for name in ("proposed_partner", "contact_name", "contact_email"):
        if not (getattr(details, name) or "").strip():
            raise ServiceError(_("This field is required."), field=name)
    if details.decision is None:
        raise ServiceError(_("Add the council's decision (PDF, DOCX or ODT)."), field="decision")
    return clean_sdgs([*country.theme.sdgs, *(details.sdgs or [])])


def keep(application: PartnershipApplication, details: ApplicationDetails, sdgs) -> None:
    """Store the council's decision and the details on the application (not flushed here).

    The file is stored before its row: removed again if the transaction does not keep it."""
    try:
        stored = uploads.store(
            details.decision,
            area=AREA,
            allowed=uploads.DOCUMENTS,
            max_bytes=DECISION_MAX_BYTES,
            filename=details.decision_filename,
        )
    except ServiceError as error:
        error.field = "decision"
        raise
    after_rollback(lambda: uploads.remove(stored.stored_name))
    application.proposed_partner = details.proposed_partner.strip()
    application.theme = application.country.theme
    application.sdgs = sdgs
    application.contact_name = details.contact_name.strip()
    application.contact_email = details.contact_email.strip().lower()
    application.partner_contact = (details.partner_contact or "").strip()
    application.decision_filename = stored.filename
    application.decision_stored_name = stored.stored_name
    application.decision_kind = stored.kind
    application.decision_size = stored.size
