"""Programmes, milestones and the seven tracks from the source documents (seeds 000 and 001;
the start of the SDG partnerships from 002).

Only what the documents say: they give no track's phase dates, registration window or number
of places (seed 000: each track's own page would, "eenmaal het traject gelanceerd is"), so
those stay empty and the pages say "nog te bepalen"; coordinators fill them in. Seeding only
adds what is missing, keyed by slug: running it twice changes nothing, and it never overwrites
what coordinators changed since. The English texts: lmb.tracks.seed_english.
"""

import re
from datetime import date, datetime

from sqlalchemy import select

from lmb.accounts.models import OrganizationKind
from lmb.accounts.services import get_or_create_organization
from lmb.extensions import db
from lmb.tracks.models import (
    DatePrecision,
    Milestone,
    MilestoneKind,
    Programme,
    Track,
    TrackStatus,
)
from lmb.tracks.seed_english import MILESTONES_EN, PROGRAMMES_EN, TRACKS_EN
from lmb.tracks.seed_french import MILESTONES_FR, PROGRAMMES_FR
from lmb.tracks.seed_tracks import TRACKS
from lmb.tracks.services import parse_period

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
            # "Jaarlijks één maal (vanaf najaar 2022 tot 2026)": autumn for the first meeting,
            # only the year for the others.
            *[
                (
                    f"stuurgroep-{year}",
                    MilestoneKind.steering_group_meeting,
                    f"Jaarlijkse bijeenkomst stuurgroep {year}",
                    "De stuurgroep 'SDG-partnerschappen' komt jaarlijks één maal bijeen (vanaf najaar "
                    "2022 tot 2026) voor de opvolging van het experiment, de bijsturing ervan en de "
                    "eventuele bredere uitrol.",
                    *(
                        parse_period("najaar 2022")
                        if year == 2022
                        else (date(year, 1, 1), date(year, 12, 31), DatePrecision.year)
                    ),
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


def first_sentence(text: str) -> str:
    return re.split(r"(?<=[.?!])\s+", text, maxsplit=1)[0]


def _add_french(programme: Programme) -> None:
    """The French texts where a seeded programme or milestone has none yet: also on a
    database seeded before they existed; a French text someone wrote stays."""
    if programme.slug not in PROGRAMMES_FR:
        return
    if not programme.title_fr:
        programme.title_fr, programme.summary_fr = PROGRAMMES_FR[programme.slug]
    for milestone in programme.milestones:
        if milestone.key in MILESTONES_FR and not milestone.title_fr:
            milestone.title_fr, milestone.description_fr = MILESTONES_FR[milestone.key]


def seed_programmes(now: datetime) -> int:
    """Add missing programmes, milestones and tracks; return how many rows were added.

    `now` is unused since the seed no longer dates tracks; kept for its callers."""
    added = 0
    for data in PROGRAMMES:
        programme = db.session.scalar(select(Programme).where(Programme.slug == data["slug"]))
        if programme is None:
            title_en, summary_en = PROGRAMMES_EN[data["slug"]]
            programme = Programme(
                slug=data["slug"],
                title=data["title"],
                summary=data["summary"],
                title_en=title_en,
                summary_en=summary_en,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
            db.session.add(programme)
            added += 1
        known = {m.key for m in programme.milestones}
        for key, kind, title, description, starts_on, ends_on, precision in data["milestones"]:
            if key not in known:
                title_en, description_en = MILESTONES_EN[key]
                programme.milestones.append(
                    Milestone(
                        key=key,
                        kind=kind,
                        title=title,
                        description=description,
                        title_en=title_en,
                        description_en=description_en,
                        starts_on=starts_on,
                        ends_on=ends_on,
                        precision=precision,
                    )
                )
                added += 1
        _add_french(programme)
    db.session.flush()
    lmb = db.session.scalar(select(Programme).where(Programme.slug == LMB_PROGRAMME))
    for data in TRACKS:
        if db.session.scalar(select(Track.id).where(Track.slug == data["slug"])) is not None:
            continue
        english = TRACKS_EN[data["slug"]]
        track = Track(
            programme=lmb,
            number=data["number"],
            slug=data["slug"],
            title=data["title"],
            summary=first_sentence(data["description"]),
            description=data["description"],
            title_en=english["title"],
            summary_en=first_sentence(english["description"]),
            description_en=english["description"],
            # Seed 000: "Inschrijven gebeurt steeds via de specifieke webpagina eenmaal het
            # traject gelanceerd is": announced, no window, no phases, places not decided.
            status=TrackStatus.announced,
            registration_opens_at=None,
            registration_closes_at=None,
            capacity=None,
            partners=[
                get_or_create_organization(name, OrganizationKind.knowledge_institution)
                for name in data.get("partners", [])
            ],
        )
        db.session.add(track)
        added += 1
    db.session.flush()
    return added
