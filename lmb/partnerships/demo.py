"""The demo of SDG partnerships (`lmb seed --demo`): two partnerships (Benin, Rwanda) with
activities and outcome records, the steering group's demo members and its yearly meetings.

Insert-only and keyed by slug: seeding twice changes nothing.
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from sqlalchemy import select

from lmb.accounts.models import OrganizationKind
from lmb.accounts.services import find_user_by_email, get_or_create_organization
from lmb.core.timezones import local_datetime
from lmb.extensions import db
from lmb.partnerships.demo_reports import seed_demo_reports
from lmb.partnerships.models import (
    Candidacy,
    CandidacyStatus,
    CandidateCall,
    Country,
    OutcomeRecord,
    Partnership,
    PartnershipActivity,
    SeatKind,
    Side,
    SteeringGroup,
    SteeringGroupMeeting,
    SteeringGroupMember,
)
from lmb.partnerships.seed import CANDIDATE_CALL, STEERING_GROUP
from lmb.scheduling.models import OwnerKind, Session, calendar_uid, made_as
from lmb.tracks.models import Programme, Track

DEMO_PARTNERSHIPS = [
    {
        "slug": "demo-roeselare-dogbo",
        "title": "Demo: Roeselare – Dogbo: lokale welvaart",
        "country": Country.benin,
        "flemish": "Stad Roeselare",
        "partner": "Dogbo",
        "starts_on": date(2023, 3, 1),
        "sdgs": [7, 8, 10],
        "summary": (
            "Ambtenaren van beide gemeenten wisselen uit over lokale economische ontwikkeling en "
            "hernieuwbare energie op de markt van Dogbo (demo)."
        ),
        "activities": [
            (
                "Startbezoek in Dogbo",
                date(2023, 4, 17),
                date(2023, 4, 21),
                Side.flemish,
                "6500.00",
                "6120.35",
            ),
            (
                "Zonnepanelen voor de marktkantoren",
                date(2023, 9, 1),
                date(2023, 12, 15),
                Side.partner,
                "9000.00",
                "8740.00",
            ),
            (
                "Tegenbezoek in Roeselare",
                date(2024, 5, 13),
                date(2024, 5, 17),
                Side.flemish,
                "7000.00",
                "6895.10",
            ),
            (
                "Opleiding lokale ondernemers",
                date(2024, 10, 1),
                date(2024, 11, 30),
                Side.partner,
                "7500.00",
                "7012.55",
            ),
        ],
    },
    {
        "slug": "demo-voorbeeldegem-icyitegererezo",
        "title": "Demo: Voorbeeldegem – Icyitegererezo: burgerparticipatie",
        "country": Country.rwanda,
        "flemish": "Gemeente Voorbeeldegem",
        "partner": "Icyitegererezo",
        "starts_on": date(2023, 9, 1),
        "sdgs": [16],
        "summary": (
            "Collega's uit Voorbeeldegem en Icyitegererezo leren van elkaar hoe burgers mee beslissen over het "
            "lokale beleid (demo)."
        ),
        "activities": [
            (
                "Online kennismaking en werkplan",
                date(2023, 10, 5),
                date(2023, 10, 5),
                Side.flemish,
                "500.00",
                "0.00",
            ),
            (
                "Uitwisselingsbezoek in Icyitegererezo (Umuganda)",
                date(2024, 2, 19),
                date(2024, 2, 23),
                Side.flemish,
                "8000.00",
                "7650.80",
            ),
            (
                "Participatietraject wijkcomités",
                date(2024, 3, 1),
                date(2025, 5, 31),
                Side.partner,
                "12000.00",
                "9800.00",
            ),
            (
                "Slotseminarie en lessen",
                date(2025, 6, 16),
                date(2025, 6, 20),
                Side.flemish,
                "6000.00",
                "0.00",
            ),
        ],
    },
]


def _demo_organization(name: str, kind: OrganizationKind, country: str):
    """The organization of that name; flagged as demo when the demo creates it."""
    from lmb.accounts.membership import find_organization

    if find_organization(name) is not None:
        return find_organization(name)
    organization = get_or_create_organization(name, kind, country)
    organization.is_demo = True
    return organization


def seed_demo_partnerships() -> int:
    programme = db.session.scalar(select(Programme).where(Programme.slug == "sdg-partnerschappen"))
    if programme is None:
        return 0
    from lmb.partnerships.services import two_years_after

    added = 0
    contact = find_user_by_email("lotte@example.org")
    for data in DEMO_PARTNERSHIPS:
        if db.session.scalar(select(Partnership.id).where(Partnership.slug == data["slug"])):
            continue
        country = data["country"]
        partnership = Partnership(
            programme=programme,
            slug=data["slug"],
            title=data["title"],
            summary=data["summary"],
            country=country,
            theme=country.theme,
            sdgs=data["sdgs"],
            flemish_municipality=_demo_organization(
                data["flemish"], OrganizationKind.municipality, "BE"
            ),
            partner_municipality=_demo_organization(
                data["partner"], OrganizationKind.partner_municipality, country.iso_code
            ),
            starts_on=data["starts_on"],
            ends_on=two_years_after(data["starts_on"]),
            budget_flemish=Decimal("17500.00"),
            budget_partner=Decimal("17500.00"),
            contacts=[contact] if contact is not None else [],
            is_demo=True,
        )
        for title, starts_on, ends_on, side, planned, spent in data["activities"]:
            partnership.activities.append(
                PartnershipActivity(
                    title=title,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    side=side,
                    planned_amount=Decimal(planned),
                    spent_amount=Decimal(spent),
                )
            )
        db.session.add(partnership)
        added += 1 + len(data["activities"])
    db.session.flush()
    added += _demo_outcomes() + _demo_steering_group() + seed_demo_reports()
    db.session.flush()
    return added


# Demo members (the demo people whose function fits the seat) and the yearly meetings.
DEMO_MEMBERS = [
    ("tom@example.org", SeatKind.politician),
    ("sofie@example.org", SeatKind.global_policy_officer),
    ("lotte@example.org", SeatKind.general_director),
]
# One meeting each autumn; 2026's in December, still within "najaar 2026".
DEMO_MEETING_DAYS = {
    2022: date(2022, 11, 17),
    2023: date(2023, 10, 19),
    2024: date(2024, 10, 17),
    2025: date(2025, 10, 16),
    2026: date(2026, 12, 10),
}
VVSG_ADDRESS = "VVSG, Bischoffsheimlaan 1-8, 1000 Brussel"


def _demo_steering_group() -> int:
    group = db.session.scalar(select(SteeringGroup).where(SteeringGroup.slug == STEERING_GROUP))
    call = db.session.scalar(select(CandidateCall).where(CandidateCall.slug == CANDIDATE_CALL))
    if group is None or call is None:
        return 0
    added = 0
    decided_at = local_datetime(date(2022, 9, 22), time(10))
    seats = {seat.kind: seat for seat in group.seats}
    for email, kind in DEMO_MEMBERS:
        person = find_user_by_email(email)
        if person is None or db.session.scalar(
            select(SteeringGroupMember.id).where(SteeringGroupMember.user_id == person.id)
        ):
            continue
        candidacy = Candidacy(
            call=call,
            seat=seats[kind],
            user_id=person.id,
            motivation="Ik denk graag mee na over de SDG-partnerschappen (demo).",
            committee_member=kind is SeatKind.politician,
            status=CandidacyStatus.selected,
            decided_at=decided_at,
            created_at=local_datetime(date(2022, 9, 1), time(9)),
        )
        db.session.add(candidacy)
        db.session.flush()
        db.session.add(
            SteeringGroupMember(
                steering_group=group,
                seat=seats[kind],
                user_id=person.id,
                candidacy_id=candidacy.id,
                started_at=decided_at,
            )
        )
        added += 2
    for year, day in DEMO_MEETING_DAYS.items():
        local = f"demo-stuurgroep-{year}"
        if db.session.scalar(select(Session.id).where(made_as(local))) is not None:
            continue
        session = Session(
            owner_kind=OwnerKind.steering_meeting,
            uid=calendar_uid(local),
            title=f"Jaarlijkse bijeenkomst {year}",
            agenda="Opvolging van de SDG-partnerschappen, bijsturing en eventuele bredere uitrol.",
            starts_at=local_datetime(day, time(14)),
            ends_at=local_datetime(day, time(16, 30)),
            location=VVSG_ADDRESS,
        )
        db.session.add(SteeringGroupMeeting(steering_group=group, year=year, session=session))
        added += 2
    return added


def _demo_outcomes() -> int:
    if db.session.scalar(select(OutcomeRecord.id).limit(1)) is not None:
        return 0
    coordinator = find_user_by_email("coordinator@example.org")
    benin = db.session.scalar(
        select(Partnership).where(Partnership.slug == DEMO_PARTNERSHIPS[0]["slug"])
    )
    rwanda = db.session.scalar(
        select(Partnership).where(Partnership.slug == DEMO_PARTNERSHIPS[1]["slug"])
    )
    track = db.session.scalar(select(Track).where(Track.number == 5))
    records = [
        OutcomeRecord(
            recorded_by=coordinator,
            visited_on=date(2019, 6, 20),
            municipality=_demo_organization(
                "Gemeente Voorbeeldegem", OrganizationKind.municipality, "BE"
            ),
            actor="Het schepencollege van Voorbeeldegem (demo)",
            change="Koppelde in het nieuwe meerjarenplan elke actie aan een SDG en nam een actie "
            "rond eerlijke handel op.",
            occurred_on=date(2019, 12, 16),
            place="Voorbeeldegem",
            significance="Voor het eerst staat de mondiale dimensie in de beleidsdoelstellingen.",
            contribution="Peer review van de meerjarenplannen in april 2019 binnen het SDG-piloottraject.",
            sources="Meerjarenplan 2020-2025; gesprek met de mondiale ambtenaar.",
            substantiation="Bevestigd door de algemeen directeur tijdens het bezoek.",
            confirmed_by="Algemeen directeur, Gemeente Voorbeeldegem",
            sdgs=[12, 17],
        ),
        OutcomeRecord(
            recorded_by=coordinator,
            visited_on=date(2024, 3, 5),
            partnership=rwanda,
            municipality=rwanda.flemish_municipality if rwanda else None,
            track=track,
            actor="De jeugddienst van Voorbeeldegem",
            change="Zette naar het voorbeeld van Icyitegererezo een wijkoverleg op waar jongeren mee de "
            "agenda bepalen.",
            occurred_on=date(2024, 2, 28),
            place="Voorbeeldegem",
            significance="Jongeren die de gemeente zelden bereikte, nemen nu deel.",
            contribution="Uitwisselingsbezoek in Icyitegererezo (februari 2024).",
            sources="Verslag van het wijkoverleg.",
            substantiation="",
            confirmed_by="",
            sdgs=[16],
        ),
        OutcomeRecord(
            recorded_by=coordinator,
            visited_on=date(2024, 6, 12),
            partnership=benin,
            actor="De marktcommissie van Dogbo",
            change="Besliste de marktkantoren voortaan met zonne-energie te verlichten en de "
            "besparing in het marktonderhoud te steken.",
            occurred_on=date(2024, 1, 10),
            place="Dogbo",
            significance="Lagere kosten en een veiligere avondmarkt.",
            contribution="Budget en technische uitwisseling van het SDG-partnerschap.",
            sources="Beslissing van de marktcommissie; bezoekverslag ANCB.",
            substantiation="Bevestigd door ANCB.",
            confirmed_by="ANCB, programmaverantwoordelijke",
            sdgs=[7, 8],
        ),
    ]
    records = [r for r in records if r.municipality or r.partnership or r.track]
    db.session.add_all(records)
    return len(records)
