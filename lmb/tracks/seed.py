"""Programmes, milestones and the seven tracks from the source documents (seeds 000 and 001).

Seeding only adds what is missing, keyed by slug: running it twice changes nothing, and it
never overwrites what coordinators changed since.
"""

import re
from datetime import date, datetime, time

from sqlalchemy import select

from lmb.accounts.models import OrganizationKind
from lmb.accounts.services import get_or_create_organization
from lmb.core.timezones import local_datetime
from lmb.extensions import db
from lmb.tracks.models import (
    DatePrecision,
    Milestone,
    MilestoneKind,
    Phase,
    PhaseKey,
    Programme,
    Track,
)
from lmb.tracks.seed_tracks import TRACKS
from lmb.tracks.services import parse_period, status_by_dates

LMB_PROGRAMME = "lokaal-mondiaal-beleid-in-de-praktijk"
SDG_PROGRAMME = "sdg-partnerschappen"

PROGRAMMES = [
    {
        "slug": LMB_PROGRAMME,
        "title": "Lokaal Mondiaal Beleid in de praktijk",
        "starts_on": date(2016, 1, 1),
        "ends_on": date(2018, 12, 31),
        "summary": (
            "In 2015 werd het concept Lokaal Mondiaal Beleid ontwikkeld. Dit inspireert steden en "
            "gemeenten om het lokale beleid voor ontwikkelingssamenwerking te transformeren naar "
            "een beleid waarin men de eigen verantwoordelijkheid en voorbeeldrol als bestuur "
            "uitspeelt. Op de inspiratiedag van 2 februari 2016 werd het concept Lokaal Mondiaal "
            "Beleid toegelicht. Om dit concept in de praktijk om te zetten werden 7 leertrajecten "
            "voorgesteld aan de deelnemers en kregen deze verder vorm."
        ),
        "milestones": [
            (
                "inspiratiedag",
                MilestoneKind.kickoff,
                "Inspiratiedag",
                "Op de inspiratiedag van 2 februari 2016 werd het concept Lokaal Mondiaal Beleid "
                "toegelicht en werden de 7 leertrajecten voorgesteld.",
                date(2016, 2, 2),
                date(2016, 2, 2),
                DatePrecision.day,
            ),
            (
                "opstart-voorjaar-2016",
                MilestoneKind.tracks_start,
                "Opstart van de leertrajecten (voorjaar)",
                "2016: opstart, op diverse tijdstippen (voorjaar, najaar), afhankelijk van het "
                "leertraject.",
                *parse_period("voorjaar 2016"),
            ),
            (
                "opstart-najaar-2016",
                MilestoneKind.tracks_start,
                "Opstart van de leertrajecten (najaar)",
                "2016: opstart, op diverse tijdstippen (voorjaar, najaar), afhankelijk van het "
                "leertraject.",
                *parse_period("najaar 2016"),
            ),
            (
                "terugkoppeling-2017",
                MilestoneKind.public_feedback,
                "Publieke terugkoppeling van de geleerde lessen",
                "2017: publieke terugkoppeling van de geleerde lessen uit diverse leertrajecten.",
                date(2017, 1, 1),
                date(2017, 12, 31),
                DatePrecision.year,
            ),
            (
                "tools-2018",
                MilestoneKind.tools,
                "Geleerde lessen vertalen in tools",
                "2018: geleerde lessen vertalen in tools (handleiding, stappenplan, checklist, …) en "
                "nieuwe ondersteuningsvormen voor andere steden en gemeenten.",
                date(2018, 1, 1),
                date(2018, 12, 31),
                DatePrecision.year,
            ),
        ],
    },
    {
        "slug": SDG_PROGRAMME,
        "title": "SDG-partnerschappen",
        "starts_on": date(2022, 1, 1),
        "ends_on": date(2026, 12, 31),
        "summary": (
            "De VVSG wil in de periode 2022 – 2026 een piloottraject opstarten rond nieuwe "
            "internationale gemeentelijke partnerschappen. Hierbij willen we de link leggen met de "
            "Agenda 2030. Dit idee zal voor het eerst worden geconcretiseerd in Benin en Rwanda, "
            "waar we kunnen rekenen op de samenwerking met de lokale verenigingen van steden en "
            "gemeenten, met name ANCB (Benin) en RALGA (Rwanda). Per partnerschap is een budget "
            "van ongeveer 35.000 euro voorzien."
        ),
        "milestones": [
            (
                "oproep-stuurgroep",
                MilestoneKind.call_deadline,
                "Kandidaturen stuurgroep SDG-partnerschappen",
                "Heb je interesse om mee na te denken over de SDG-partnerschappen en deel te nemen aan "
                "deze stuurgroep? Laat dit dan weten vóór 15 september. Aan de stuurgroep nemen "
                "idealiter een politicus (uit VVSG's bestuurlijke commissie 'de gemeente in Europa en "
                "de wereld'), een mondiale ambtenaar en een algemeen directeur deel.",
                date(2022, 9, 15),
                date(2022, 9, 15),
                DatePrecision.day,
            ),
            *[
                (
                    f"stuurgroep-{year}",
                    MilestoneKind.steering_group_meeting,
                    f"Jaarlijkse bijeenkomst stuurgroep {year}",
                    "De stuurgroep 'SDG-partnerschappen' komt jaarlijks één maal bijeen (vanaf najaar "
                    "2022 tot 2026) voor de opvolging van het experiment, de bijsturing ervan en de "
                    "eventuele bredere uitrol.",
                    *parse_period(f"najaar {year}"),
                )
                for year in range(2022, 2027)
            ],
            (
                "start-partnerschappen",
                MilestoneKind.partnerships_start,
                "Start van de SDG-partnerschappen met Benin en Rwanda",
                "Vanaf 2023 kunnen Vlaamse lokale besturen gedurende een periode van 2 jaar met een "
                "partnergemeente uit Benin of Rwanda rond een specifiek thema uitwisselen op basis van "
                "een collega-tot-collega relatie. Rwanda: 'burgerparticipatie' (SDG 16). Benin: "
                "'lokale welvaart' (innovatie, waardig werk, ongelijkheid en hernieuwbare energie).",
                date(2023, 1, 1),
                date(2023, 12, 31),
                DatePrecision.year,
            ),
        ],
    },
]

# Dates that follow the programme's timeline: start in spring or autumn 2016 (labo),
# lessons fed back in 2017 (voedingsbodem), tools for other municipalities in 2018 (uitrol).
SEASON_PLAN = {
    "spring": {
        "registration": (date(2016, 2, 15), date(2016, 3, 25)),
        PhaseKey.labo: (date(2016, 4, 1), date(2017, 1, 31)),
        PhaseKey.voedingsbodem: (date(2017, 2, 1), date(2017, 12, 31)),
        PhaseKey.uitrol: (date(2018, 1, 1), date(2018, 12, 31)),
    },
    "autumn": {
        "registration": (date(2016, 6, 1), date(2016, 9, 23)),
        PhaseKey.labo: (date(2016, 10, 1), date(2017, 6, 30)),
        PhaseKey.voedingsbodem: (date(2017, 7, 1), date(2017, 12, 31)),
        PhaseKey.uitrol: (date(2018, 1, 1), date(2018, 12, 31)),
    },
}
TRACK_CAPACITY = 30


def first_sentence(text: str) -> str:
    return re.split(r"(?<=[.?!])\s+", text, maxsplit=1)[0]


def seed_programmes(now: datetime) -> int:
    """Add missing programmes, milestones and tracks; return how many rows were added."""
    added = 0
    for data in PROGRAMMES:
        programme = db.session.scalar(select(Programme).where(Programme.slug == data["slug"]))
        if programme is None:
            programme = Programme(
                slug=data["slug"],
                title=data["title"],
                summary=data["summary"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
            db.session.add(programme)
            added += 1
        known = {m.key for m in programme.milestones}
        for key, kind, title, description, starts_on, ends_on, precision in data["milestones"]:
            if key not in known:
                programme.milestones.append(
                    Milestone(
                        key=key,
                        kind=kind,
                        title=title,
                        description=description,
                        starts_on=starts_on,
                        ends_on=ends_on,
                        precision=precision,
                    )
                )
                added += 1
    db.session.flush()
    lmb = db.session.scalar(select(Programme).where(Programme.slug == LMB_PROGRAMME))
    for data in TRACKS:
        if db.session.scalar(select(Track.id).where(Track.slug == data["slug"])) is not None:
            continue
        plan = SEASON_PLAN[data["season"]]
        opens_on, closes_on = plan["registration"]
        opens_at = local_datetime(opens_on, time(9))
        closes_at = local_datetime(closes_on, time(17))
        track = Track(
            programme=lmb,
            number=data["number"],
            slug=data["slug"],
            title=data["title"],
            summary=first_sentence(data["description"]),
            description=data["description"],
            registration_opens_at=opens_at,
            registration_closes_at=closes_at,
            capacity=TRACK_CAPACITY,
            phases=[
                Phase(key=key, starts_on=plan[key][0], ends_on=plan[key][1]) for key in PhaseKey
            ],
            partners=[
                get_or_create_organization(name, OrganizationKind.knowledge_institution)
                for name in data.get("partners", [])
            ],
        )
        track.status = status_by_dates(track, now)
        db.session.add(track)
        added += 1
    db.session.flush()
    return added
