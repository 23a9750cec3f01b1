"""Demo data for `lmb seed --demo`: organizations the seeds name, people on example.org, sessions.

Nothing here is a real person; every address is on example.org. Added only when missing.
Every programme, track, session and organization added here is flagged `is_demo`, and the
pages that show one say "Demo". Demo data never contradicts the documents: the sessions of the
2016-2018 tracks lie in the years seed 000 gives their functions (labo from 2016, voedingsbodem
2017, uitrol 2018) without giving the tracks phases, and the open demo track belongs to a demo
programme of its own rather than to 2022-2026.
"""

from datetime import date, time, timedelta

from sqlalchemy import select

from lmb.accounts.membership import find_organization as membership_lookup
from lmb.accounts.models import Function, OrganizationKind, Role
from lmb.accounts.services import (
    create_verified_user,
    find_user_by_email,
    get_or_create_organization,
)
from lmb.core.models import utcnow
from lmb.core.timezones import local_datetime
from lmb.extensions import db
from lmb.scheduling.models import Session, calendar_uid, made_as
from lmb.tracks.models import PhaseKey, Registration, RegistrationStatus, Track

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
# Demo sessions of the 2016-2018 tracks: one per function, in the year seed 000 gives it
# (start 2016, public feedback 2017, tools 2018), a week apart from track to track.
DEMO_SESSION_DAYS = {
    PhaseKey.labo: date(2016, 9, 1),
    PhaseKey.voedingsbodem: date(2017, 3, 1),
    PhaseKey.uitrol: date(2018, 3, 1),
}
DEMO_REGISTERED_ON = date(2016, 6, 1)
SESSION_TITLES = {
    PhaseKey.labo: "Demo – Labo: startbijeenkomst",
    PhaseKey.voedingsbodem: "Demo – Voedingsbodem: geleerde lessen delen",
    PhaseKey.uitrol: "Demo – Uitrol: tools voor andere gemeenten",
}


def seed_demo() -> int:
    added = 0
    for name, kind, country in ORGANIZATIONS:
        if membership_lookup(name) is None:
            get_or_create_organization(name, kind, country).is_demo = True
    db.session.flush()
    tracks = {
        t.number: t for t in db.session.scalars(select(Track).where(Track.slug != DEMO_TRACK))
    }
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
                        confirmed_at=track.registration_opens_at
                        or local_datetime(DEMO_REGISTERED_ON, time(9)),
                    )
                )
    added += _seed_demo_memberships()
    for track in tracks.values():
        if track.programme.slug != "lokaal-mondiaal-beleid-in-de-praktijk":
            continue
        for key, first in DEMO_SESSION_DAYS.items():
            local = f"demo-{track.slug}-{key.name}"
            if db.session.scalar(select(Session.id).where(made_as(local))) is not None:
                continue
            day = _first_weekday(first + timedelta(days=7 * track.number), weekday=3)
            db.session.add(
                Session(
                    track=track,
                    phase=key,
                    is_demo=True,
                    uid=calendar_uid(local),
                    title=SESSION_TITLES[key],
                    agenda="Verwelkoming, inleiding door de begeleiders, uitwisseling in groepjes.",
                    starts_at=local_datetime(day, time(9, 30)),
                    ends_at=local_datetime(day, time(12, 30)),
                    location=VVSG_ADDRESS,
                )
            )
            added += 1
    db.session.flush()
    from lmb.evaluations.demo import seed_demo_evaluations
    from lmb.partnerships.demo import seed_demo_partnerships
    from lmb.peer_review.demo import seed_demo_review_round
    from lmb.toolkits.demo import seed_demo_lessons

    return (
        added
        + seed_open_demo_track()
        + seed_demo_review_round()
        + seed_demo_partnerships()
        + seed_demo_lessons()
        + seed_demo_evaluations()
    )


# Roeselare's mail domain (granting by domain stays off: demo addresses are on example.org);
# Sofie holds Roeselare's contact role, and one person waits for her decision.
DEMO_DOMAINS = {"Stad Roeselare": ["roeselare.be"], "Stad Oostende": ["oostende.be"]}
DEMO_CONTACTS = ["sofie@example.org"]
DEMO_REQUEST = ("nina@example.org", "Nina Verhoeven", "Stad Roeselare")


def _seed_demo_memberships() -> int:
    from lmb.accounts import membership
    from lmb.accounts.models import OrganizationDomain

    for name, domains in DEMO_DOMAINS.items():
        organization = membership.find_organization(name)
        for domain in domains:
            if (
                db.session.scalar(
                    select(OrganizationDomain.id).where(OrganizationDomain.domain == domain)
                )
                is None
            ):
                organization.domains.append(OrganizationDomain(domain=domain))
    for email in DEMO_CONTACTS:
        granted = membership.live_membership(find_user_by_email(email))
        if granted is not None:
            granted.contact = True
    db.session.flush()
    email, name, organization = DEMO_REQUEST
    if find_user_by_email(email) is not None:
        return 0
    user, _password = create_verified_user(
        email=email, name=name, role=Role.participant, password=DEMO_PASSWORD
    )
    membership.ask(user, organization)
    return 1


DEMO_TRACK = "demo-sdgs-in-het-meerjarenplan"
DEMO_PROGRAMME = "demo-programma"


def _demo_programme(today: date):
    """A programme that exists only in the demo, from this year to two years on: the open demo
    track lies inside it, where a track of 2022-2026 dated from today would not."""
    from lmb.tracks.models import Programme

    programme = db.session.scalar(select(Programme).where(Programme.slug == DEMO_PROGRAMME))
    if programme is None:
        programme = Programme(
            slug=DEMO_PROGRAMME,
            title="Demo: oefenprogramma",
            title_en="Demo: practice programme",
            summary="Een programma dat alleen in de demo bestaat, om de leertrajecten uit te "
            "proberen. Het komt niet uit de documenten van de VVSG.",
            summary_en="A programme that exists only in the demo, to try the learning tracks "
            "out. It does not come from VVSG's documents.",
            starts_on=date(today.year, 1, 1),
            ends_on=date(today.year + 2, 12, 31),
            is_demo=True,
        )
        db.session.add(programme)
    return programme


def seed_open_demo_track() -> int:
    """A track that is open now, so that registering, the waiting list and invites can be tried.

    The seven tracks of 2016-2018 are history; this one belongs to a demo programme, is flagged
    and says in its title that it is a demo. Its dates are set relative to the day it is seeded.
    """
    if db.session.scalar(select(Track.id).where(Track.slug == DEMO_TRACK)) is not None:
        return 0
    from lmb.tracks.models import Phase, TrackStatus

    now = utcnow()
    today = now.date()
    track = Track(
        programme=_demo_programme(today),
        is_demo=True,
        number=8,
        slug=DEMO_TRACK,
        title="Demo: de SDG's in het meerjarenplan",
        title_en="Demo: the SDGs in the multi-year plan",
        summary="Een oefentraject om inschrijven, de wachtlijst en uitnodigingen uit te proberen.",
        description=(
            "Dit leertraject bestaat alleen in de demo. Gemeenten bekijken samen hoe de SDG's in "
            "hun nieuwe meerjarenplan geïntegreerd zijn, en geven elkaar feedback (peer review)."
        ),
        status=TrackStatus.open,
        capacity=4,
        registration_opens_at=now - timedelta(days=1),
        registration_closes_at=now + timedelta(days=30),
        phases=[
            Phase(
                key=PhaseKey.labo,
                starts_on=today + timedelta(days=35),
                ends_on=today + timedelta(days=120),
            ),
            Phase(
                key=PhaseKey.voedingsbodem,
                starts_on=today + timedelta(days=121),
                ends_on=today + timedelta(days=240),
            ),
            Phase(
                key=PhaseKey.uitrol,
                starts_on=today + timedelta(days=241),
                ends_on=today + timedelta(days=365),
            ),
        ],
    )
    db.session.add(track)
    coordinator = find_user_by_email("coordinator@example.org")
    if coordinator is not None:
        coordinator.coordinated_tracks = [*coordinator.coordinated_tracks, track]
    for n, phase in enumerate(track.phases):
        day = _first_weekday(phase.starts_on + timedelta(days=7), weekday=3)
        db.session.add(
            Session(
                track=track,
                phase=phase.key,
                is_demo=True,
                uid=calendar_uid(f"demo-{DEMO_TRACK}-{n}"),
                title=SESSION_TITLES[phase.key],
                location=VVSG_ADDRESS,
                agenda="Verwelkoming, uitwisseling over de meerjarenplannen, afspraken.",
                starts_at=local_datetime(day, time(9, 30)),
                ends_at=local_datetime(day, time(12, 30)),
            )
        )
    for email in ("sofie@example.org", "tom@example.org", "lotte@example.org"):
        person = find_user_by_email(email)
        if person is not None:
            db.session.add(
                Registration(
                    track=track, user=person, confirmed_at=now, status=RegistrationStatus.confirmed
                )
            )
    db.session.flush()
    return 1


def _first_weekday(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)
