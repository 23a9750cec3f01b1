"""Seed 003: the management response of 5 July 2019 to the mid-term evaluation of VVSG's
programme for municipal development cooperation 2017-2019, with the programme itself and its
SDG pilot (a track of it), the 9 recommendations with their responses and the action plan.

The texts are the document's (`seed_data.json`, taken from it paragraph by paragraph; a page
break inside a paragraph is joined). The document names no pilot municipality, so none is
added. Insert-only and keyed (programme and track by slug, the evaluation by key): seeding
twice changes nothing, and what coordinators changed since stays.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from lmb.evaluations.models import (
    Action,
    ActionStatus,
    Evaluation,
    Position,
    Priority,
    Recommendation,
)
from lmb.evaluations.periods import derive, done_in_text
from lmb.extensions import db
from lmb.tracks.models import Programme, Track, TrackStatus

SEED_FILE = Path(__file__).with_name("seed_data.json")
PROGRAMME = "gemeentelijke-ontwikkelingssamenwerking-2017-2019"
PILOT_TRACK = "sdg-piloottraject"
EVALUATION = "mid-term-evaluatie-2017-2019"

PROGRAMME_TITLE = "VVSG-programma voor Gemeentelijke Ontwikkelingssamenwerking 2017-2019"
PROGRAMME_SUMMARY = (
    "Het VVSG-programma voor Gemeentelijke Ontwikkelingssamenwerking, uitgevoerd door VVSG "
    "Internationaal en gefinancierd door de Vlaamse overheid, Departement Buitenlandse Zaken, "
    "voor de periode 2017-2019 voor een totaal budget van 520.146 EUR. Het Vlaamse programma "
    "ondersteunt de VVSG bij het begeleiden van haar leden in een evolutie naar lokaal mondiaal "
    "beleid (LMB) dat bijdraagt aan de realisatie van de Duurzame Ontwikkelingsdoelstellingen "
    "van Agenda 2030 van de Verenigde Naties of Sustainable Development Goals (SDG's)."
)
PROGRAMME_TITLE_EN = "VVSG programme for Municipal Development Cooperation 2017-2019"
PROGRAMME_SUMMARY_EN = (
    "VVSG's programme for Municipal Development Cooperation, carried out by VVSG Internationaal "
    "and funded by the Flemish government, Department of Foreign Affairs, for the period "
    "2017-2019 with a total budget of 520,146 EUR. The Flemish programme supports VVSG in "
    "guiding its members towards local global policy (LMB) that contributes to the United "
    "Nations' 2030 Agenda Sustainable Development Goals (SDGs)."
)
PILOT_TITLE = "SDG-piloottraject"
PILOT_TITLE_EN = "SDG pilot"
PILOT_SUMMARY = (
    "In 2019 wordt hierop reeds geremedieerd. Zo wordt er tijdens collectieve bijeenkomsten "
    "meer aandacht besteed aan wederzijds leren (bijvoorbeeld via peer review) en zal er tijdens "
    "de individuele bezoeken van medewerkers van VVSG Internationaal aan de pilootgemeenten een "
    "evaluatie gebeuren om de processen beter te documenteren."
)
EVALUATION_TITLE = (
    "Mid-term evaluatie VVSG programma Gemeentelijke Ontwikkelingssamenwerking 2017-2019"
)
SIGNED_BY = "Mieck Vos, algemeen directeur VVSG\nBert Janssens, coördinator VVSG Internationaal"
# The headings of the action plan that name one recommendation (the first heading, on
# international justice, spans recommendations 1 and 2 and names neither).
PRIORITY_RECOMMENDATIONS = {
    "Beter documenteren van processen van verandering en meer nadruk op leren": 8,
    "Zorgen voor continuïteit en sterke boodschap vanuit de VVSG": 6,
    "Ondersteunen van het 'anders doen'": 4,
}


def load_seed() -> dict:
    return json.loads(SEED_FILE.read_text(encoding="utf-8"))


def _programme() -> tuple[Programme, int]:
    programme = db.session.scalar(select(Programme).where(Programme.slug == PROGRAMME))
    if programme is not None:
        return programme, 0
    programme = Programme(
        slug=PROGRAMME,
        title=PROGRAMME_TITLE,
        summary=PROGRAMME_SUMMARY,
        title_en=PROGRAMME_TITLE_EN,
        summary_en=PROGRAMME_SUMMARY_EN,
        starts_on=date(2017, 1, 1),
        ends_on=date(2019, 12, 31),
    )
    db.session.add(programme)
    return programme, 1


def _pilot(programme: Programme) -> int:
    if db.session.scalar(select(Track.id).where(Track.slug == PILOT_TRACK)) is not None:
        return 0
    # Numbers run on across programmes (the demo and other pages find the 2016-2018 tracks by
    # their numbers 1-7).
    number = (db.session.scalar(select(func.max(Track.number))) or 0) + 1
    db.session.add(
        Track(
            programme=programme,
            number=number,
            slug=PILOT_TRACK,
            title=PILOT_TITLE,
            title_en=PILOT_TITLE_EN,
            summary=PILOT_SUMMARY,
            description=PILOT_SUMMARY,
            status=TrackStatus.closed,
            capacity=None,
        )
    )
    return 1


def _evaluation(programme: Programme, data: dict) -> int:
    evaluation = Evaluation(
        key=EVALUATION,
        programme=programme,
        title=EVALUATION_TITLE,
        evaluator="Ace Europe",
        period="tweede helft van 2018",
        period_starts_on=date(2018, 7, 1),
        period_ends_on=date(2018, 12, 31),
        summary="\n\n".join(data["intro"]),
        budget=Decimal("520146"),
        funded_by="Vlaamse overheid, Departement Buitenlandse Zaken",
        plan_summary="\n\n".join(data["plan_intro"]),
        responded_on=date(2019, 7, 5),
        signed_by=SIGNED_BY,
        published=True,
    )
    added = 1
    by_number = {}
    for row in data["recommendations"]:
        recommendation = Recommendation(
            number=row["number"],
            title=row["title"],
            text=row["text"],
            position=Position[row["position"]] if row["position"] else None,
            response=row["response"],
        )
        by_number[row["number"]] = recommendation
        evaluation.recommendations.append(recommendation)
        added += 1
    for position, heading in enumerate(data["plan"], start=1):
        number = PRIORITY_RECOMMENDATIONS.get(heading["title"])
        priority = Priority(
            position=position,
            title=heading["title"],
            recommendation=by_number.get(number) if number else None,
        )
        for place, row in enumerate(heading["actions"], start=1):
            starts_on, ends_on = derive(row["when"])
            priority.actions.append(
                Action(
                    position=place,
                    text=row["text"],
                    who=row["who"],
                    when_text=row["when"],
                    starts_on=starts_on,
                    ends_on=ends_on,
                    status=ActionStatus.done if done_in_text(row["when"]) else ActionStatus.planned,
                )
            )
            added += 1
        evaluation.priorities.append(priority)
        added += 1
    db.session.add(evaluation)
    return added


def seed_evaluations() -> int:
    """Add what is missing of seed 003; return how many rows were added."""
    programme, added = _programme()
    db.session.flush()
    added += _pilot(programme)
    if db.session.scalar(select(Evaluation.id).where(Evaluation.key == EVALUATION)) is None:
        added += _evaluation(programme, load_seed())
    db.session.flush()
    return added
