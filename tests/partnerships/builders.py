"""Build partnership rows by name for tests (inside an app context, after seeding)."""

import io
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.partnerships import services
from lmb.partnerships.models import CandidateCall, Country, PartnershipCall, SteeringGroup
from lmb.partnerships.seed import CANDIDATE_CALL, STEERING_GROUP, seed_steering_group
from tests.builders import create_person


def steering_group() -> SteeringGroup:
    seed_steering_group()
    db.session.commit()  # services add and flush; the caller (this builder) commits
    return db.session.scalar(select(SteeringGroup).where(SteeringGroup.slug == STEERING_GROUP))


def seeded_call() -> CandidateCall:
    steering_group()
    return db.session.scalar(select(CandidateCall).where(CandidateCall.slug == CANDIDATE_CALL))


def open_candidate_call(days=10) -> CandidateCall:
    """The seeded call, reopened with a deadline `days` from now (a new round)."""
    call = seeded_call()
    call.opens_at = utcnow() - timedelta(days=1)
    call.closes_at = utcnow() + timedelta(days=days)
    # The tests plan meetings weeks ahead, whatever the day they run: the group meets on.
    call.steering_group.meets_until = max(call.steering_group.meets_until, utcnow().year + 1)
    db.session.commit()
    return call


def seat(call, kind: str):
    return next(s for s in call.seats if s.kind.name == kind)


def admin(email="admin@example.org"):
    return create_person(email, role="admin", organization="VVSG")


def coordinator(email="coordinator@example.org"):
    return create_person(email, role="coordinator", organization="VVSG")


def partnership(
    by, *, country=Country.rwanda, flemish="Gemeente Merelbeke", partner="Huye", starts_on=None
):
    made = services.create_partnership(
        by=by,
        country=country,
        flemish_municipality=flemish,
        partner_municipality=partner,
        starts_on=starts_on or (datetime.now(UTC) - timedelta(days=30)).date(),
    )
    db.session.commit()  # services add and flush; the caller (this builder) commits
    return made


def partnership_call(by, *, opens_in_days=-1, closes_in_days=20) -> PartnershipCall:
    now = utcnow()
    call = services.save_call(
        None,
        by=by,
        title="Oproep SDG-partnerschappen",
        description="Gemeenten stellen zich kandidaat.",
        opens_at=now + timedelta(days=opens_in_days),
        closes_at=now + timedelta(days=closes_in_days),
    )
    db.session.commit()  # services add and flush; the caller (this builder) commits
    return call


def pdf_bytes(text="Gemeenteraadsbeslissing") -> bytes:
    return b"%PDF-1.4\n% " + text.encode() + b"\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def application_form(**fields) -> dict:
    """What the application page asks, filled in, with the council's decision as a PDF."""
    return {
        "country": "rwanda",
        "proposed_partner": "Huye",
        "sdgs": ["16", "5"],
        "motivation": "Wij werken al rond participatie.",
        "contact_name": "Sofie Peeters",
        "contact_email": "sofie@merelbeke.example",
        "partner_contact": "",
        "decision": (io.BytesIO(pdf_bytes()), "raadsbesluit.pdf"),
        **fields,
    }
