"""The partnerships' part of the authorization matrix's scene (issues 16, 18): Roeselare's
application carries the council's decision; the first demo partnership has its interim
report with a part per side. Nobody of the matrix's roles is a member of a partnership's
municipality or of a partner association: tests/partnerships/test_partners_as_equals.py
checks those roles."""

from __future__ import annotations

import io

from lmb.extensions import db
from lmb.partnerships import services
from lmb.partnerships.models import ReportKind, Side
from lmb.partnerships.services import applications


def add_partnership_work(scene, application, partnership, pdf: bytes) -> None:
    details = services.ApplicationDetails(
        proposed_partner="Dogbo",
        contact_name="Sofie",
        contact_email="sofie@example.org",
        decision=io.BytesIO(pdf),
        decision_filename="raadsbesluit.pdf",
    )
    applications.keep(application, details, [7, 8])
    report = services.report_for(partnership, ReportKind.interim)
    db.session.commit()  # the scene calls services: they flush, the caller commits
    scene.ids.update(
        part_id=report.part(Side.partner).id,
        kind=ReportKind.interim.value,
        country=partnership.country.value,
    )
