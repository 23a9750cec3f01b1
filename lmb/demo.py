"""Demo data for `lmb seed --demo`: organizations the seeds name, people on example.org, sessions.

Nothing here is a real person; every address is on example.org. Added only when missing.
"""

from datetime import date, time, timedelta

from sqlalchemy import select

from lmb.accounts.models import Function, OrganizationKind, Role
from lmb.accounts.services import (
    create_verified_user,
    find_user_by_email,
    get_or_create_organization,
)
from lmb.core.models import utcnow
from lmb.core.timezones import local_datetime
from lmb.extensions import db
from lmb.tracks.models import PhaseKey, Registration, RegistrationStatus, Session, Track

DEMO_PASSWORD = "demo-wachtwoord"  # noqa: S105 - the published demo password
ADMIN_EMAIL = "admin@example.org"

ORGANIZATIONS = [
    ("VVSG", OrganizationKind.association, "BE"),
    ("Stad Roeselare", OrganizationKind.municipality, "BE"),
    ("Stad Oostende", OrganizationKind.municipality, "BE"),
    ("Gemeente Mol", OrganizationKind.municipality, "BE"),
    ("Stad Sint-Niklaas", OrganizationKind.municipality, "BE"),
    ("Gemeente Merelbeke", OrganizationKind.municipality, "BE"),
    ("Stad Brugge", OrganizationKind.municipality, "BE"),
    ("Stad Kortrijk", OrganizationKind.municipality, "BE"),
    ("Gemeente Hoogstraten", OrganizationKind.municipality, "BE"),
    ("Gemeente Lichtervelde", OrganizationKind.municipality, "BE"),
    ("Gemeente Zoersel", OrganizationKind.municipality, "BE"),
    ("Stad Deinze", OrganizationKind.municipality, "BE"),
    ("Gemeente Lievegem", OrganizationKind.municipality, "BE"),
    ("11.11.11", OrganizationKind.civil_society, "BE"),
    ("Dogbo", OrganizationKind.partner_municipality, "BJ"),
    ("ANCB", OrganizationKind.association, "BJ"),
    ("RALGA", OrganizationKind.association, "RW"),
]

# (e-mail, name, role, organization, function, numbers of the tracks they coordinate or join)
PEOPLE = [
    (ADMIN_EMAIL, "Demo Beheerder", Role.admin, "VVSG", Function.other, []),
    (
        "coordinator@example.org",
        "An Coördinator",
        Role.coordinator,
        "VVSG",
        Function.other,
        [1, 2, 3, 4],
    ),
    (
        "coordinator2@example.org",
        "Bram Begeleider",
        Role.coordinator,
        "VVSG",
        Function.other,
        [5, 6, 7],
    ),
    (
        "sofie@example.org",
        "Sofie Peeters",
        Role.participant,
        "Stad Roeselare",
        Function.global_policy_officer,
        [1, 7],
    ),
    (
        "tom@example.org",
        "Tom Janssens",
        Role.participant,
        "Stad Oostende",
        Function.alderman,
        [1, 5],
    ),
    (
        "lotte@example.org",
        "Lotte Maes",
        Role.participant,
        "Gemeente Mol",
        Function.general_director,
        [6],
    ),
    (
        "jan@example.org",
        "Jan Claes",
        Role.participant,
        "Stad Sint-Niklaas",
        Function.global_policy_officer,
        [3, 4],
    ),
    (
        "ines@example.org",
        "Ines Willems",
        Role.participant,
        "Gemeente Merelbeke",
        Function.civil_servant,
        [2],
    ),
    (
        "ahmed@example.org",
        "Ahmed El Amrani",
        Role.participant,
        "11.11.11",
        Function.civil_society_member,
        [3],
    ),
]

VVSG_ADDRESS = "VVSG, Bischoffsheimlaan 1-8, 1000 Brussel"
SESSION_TITLES = {
    PhaseKey.labo: "Labo: startbijeenkomst",
    PhaseKey.voedingsbodem: "Voedingsbodem: geleerde lessen delen",
    PhaseKey.uitrol: "Uitrol: tools voor andere gemeenten",
}


def seed_demo() -> int:
    added = 0
    for name, kind, country in ORGANIZATIONS:
        get_or_create_organization(name, kind, country)
    db.session.commit()
    tracks = {t.number: t for t in db.session.scalars(select(Track))}
    for email, name, role, organization, function, numbers in PEOPLE:
        user = find_user_by_email(email)
        if user is not None:
            continue
        user, _password = create_verified_user(
            email=email,
            name=name,
            role=role,
            organization_name=organization,
            password=DEMO_PASSWORD,
            function=function,
        )
        added += 1
        chosen = [tracks[n] for n in numbers if n in tracks]
        if role is Role.coordinator:
            user.coordinated_tracks = chosen
        else:
            for track in chosen:
                db.session.add(
                    Registration(
                        track=track,
                        user=user,
                        status=RegistrationStatus.confirmed,
                        confirmed_at=track.registration_opens_at or utcnow(),
                    )
                )
    for track in tracks.values():
        for phase in track.phases:
            uid = f"demo-{track.slug}-{phase.key.name}@lmb-leertrajecten"
            if db.session.scalar(select(Session.id).where(Session.uid == uid)) is not None:
                continue
            day = _first_weekday(phase.starts_on + timedelta(days=14), weekday=3)
            db.session.add(
                Session(
                    track=track,
                    phase=phase.key,
                    uid=uid,
                    title=SESSION_TITLES[phase.key],
                    agenda="Verwelkoming, inleiding door de begeleiders, uitwisseling in groepjes.",
                    starts_at=local_datetime(day, time(9, 30)),
                    ends_at=local_datetime(day, time(12, 30)),
                    location=VVSG_ADDRESS,
                )
            )
            added += 1
    db.session.commit()
    return added


def _first_weekday(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)
