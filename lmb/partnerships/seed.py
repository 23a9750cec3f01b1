"""The steering group of seed 001, its call for candidates (deadline 15 September 2022) and its
three seats (`--demo` adds two partnerships, Benin and Rwanda: lmb.partnerships.demo).

Insert-only and keyed by slug: seeding twice changes nothing.
"""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import select

from lmb.core.timezones import local_datetime
from lmb.extensions import db
from lmb.partnerships.models import (
    CandidateCall,
    Seat,
    SeatKind,
    SteeringGroup,
)
from lmb.tracks.models import Programme

STEERING_GROUP = "stuurgroep-sdg-partnerschappen"
CANDIDATE_CALL = "oproep-stuurgroep-2022"

# The group's page: the programme's context (sections 1 and 2 of the call) and the steering
# group's task (section 3), in the call's words.
GROUP_DESCRIPTION = (
    "## Context\n\n"
    "De federale overheid DGD (Directoraat-Generaal Ontwikkelingssamenwerking) keurde in februari "
    "2022 een nieuw 5-jarenprogramma goed. In de periode 2022-2026 zal de VVSG wereldwijd werken "
    "aan ‘goed lokaal bestuur’ via stedenbanden, samenwerkingen tussen de VVSG en haar "
    "zusterverenigingen en de lokale vertaling van de SDGs naar Vlaamse lokale besturen. Binnen "
    "dit programma werd ook een luik goedgekeurd rond de zoektocht naar alternatieve vormen van "
    "gemeentelijke internationale samenwerking. De VVSG stelt immers vast dat het aantal "
    "stedenbanden tussen Vlaamse gemeenten en partnergemeenten uit Afrika, Azië of "
    "Latijns-Amerika een plafond heeft bereikt. Thematische samenwerkingen krijgen bovendien de "
    "laatste jaren meer aandacht (vb. Stad Brugge en stad Kortrijk).\n\n"
    "## SDG-partnerschappen\n\n"
    "De VVSG wil experimenteren met alternatieve vormen van gemeentelijke internationale "
    "samenwerking, waarbij de administratieve last voor gemeenten beperkt wordt (met name één van "
    "de redenen die Vlaamse gemeenten afschrikt een diepgaande stedenband uit te rollen). Zo wil "
    "de VVSG toch tegemoetkomen aan de vraag naar meer internationalisering bij de Vlaamse steden "
    "en gemeenten.\n\n"
    "Binnen het DGD-programma heeft de VVSG zich voorgenomen om te experimenteren met (korte "
    "termijn) SDG-partnerschappen. Dit idee zal voor het eerst worden geconcretiseerd in Benin en "
    "Rwanda, waar we kunnen rekenen op de samenwerking met de lokale verenigingen van steden en "
    "gemeenten, met name ANCB (Benin) en RALGA (Rwanda).\n\n"
    "De gemeentelijke partnerschappen kunnen samenwerken rond één gemeenschappelijk thema, vb. één "
    "SDG of één van de principes van de Agenda 2030 (o.a. Leave no one behind, multi actor "
    "partnerschap…). Per partnerschap is een budget van ongeveer 35.000 euro voorzien dat zowel in "
    "de Vlaamse gemeente als de partnergemeente kan worden ingezet voor de uitrol van activiteiten. "
    "Via expertise uitwisseling tussen beide gemeenten wil de VVSG het wederzijds leren "
    "bevorderen.\n\n"
    "## Stuurgroep\n\n"
    "Eind 2022 wil de VVSG, samen met een stuurgroep, het concept van de SDG-partnerschappen "
    "verder uitwerken. In de daaropvolgende jaren wil de VVSG de stuurgroep blijvend betrekken "
    "bij de opvolging van het experiment, de bijsturing ervan en de eventuele bredere uitrol. De "
    "stuurgroep ‘SDG-partnerschappen’ zou jaarlijks één maal bijeenkomen (vanaf najaar 2022 tot "
    "2026). Aan deze stuurgroep nemen idealiter een politicus (uit VVSG’s bestuurlijke commissie "
    "‘de gemeente in Europa en de wereld’), een mondiale ambtenaar en een algemeen directeur deel."
)
CALL_DESCRIPTION = (
    "De VVSG wil in de periode 2022 – 2026 een piloottraject opstarten rond nieuwe "
    "internationale gemeentelijke partnerschappen. Hierbij willen we de link leggen met de Agenda "
    "2030. Om dit concept verder uit te werken en het piloottraject mee op te volgen en bij te "
    "sturen, wil de VVSG een kleine stuurgroep oprichten met onder meer een algemeen directeur, "
    "een lokale mandataris en een mondiale ambtenaar. Via deze weg vragen wij mondiale ambtenaren "
    "om zich kandidaat te stellen.\n\n"
    "Heb je interesse om mee na te denken over de SDG-partnerschappen en deel te nemen aan deze "
    "stuurgroep? Laat dit dan weten vóór 15 september."
)
# Who each seat is for, in the call's words (section 3, and the opening: the call asks the
# mondiale ambtenaren to stand).
SEATS = [
    (
        SeatKind.politician,
        "Een politicus (uit VVSG’s bestuurlijke commissie ‘de gemeente in Europa en de wereld’).",
    ),
    (
        SeatKind.global_policy_officer,
        "Een mondiale ambtenaar. Via deze weg vragen wij mondiale ambtenaren om zich kandidaat te "
        "stellen.",
    ),
    (SeatKind.general_director, "Een algemeen directeur."),
]
# "Laat dit weten vóór 15 september": candidacies are accepted until the start of that day, so
# the last day is 14 September (the page says "vóór 15 september 2022" and names that last day).
CALL_DEADLINE = (date(2022, 9, 15), time(0))
CALL_PUBLISHED = (date(2022, 7, 14), time(0))


def seed_steering_group() -> int:
    """The steering group, its three seats and the 2022 call for candidates (idempotent)."""
    programme = db.session.scalar(select(Programme).where(Programme.slug == "sdg-partnerschappen"))
    if programme is None:
        return 0
    added = 0
    group = db.session.scalar(select(SteeringGroup).where(SteeringGroup.slug == STEERING_GROUP))
    if group is None:
        group = SteeringGroup(
            programme=programme,
            slug=STEERING_GROUP,
            name="Stuurgroep SDG-partnerschappen",
            description=GROUP_DESCRIPTION,
            meets_from=2022,
            meets_until=2026,
        )
        db.session.add(group)
        added += 1
    known = {seat.kind for seat in group.seats}
    for position, (kind, description) in enumerate(SEATS, start=1):
        if kind not in known:
            group.seats.append(Seat(kind=kind, position=position, description=description))
            added += 1
    db.session.flush()
    if db.session.scalar(select(CandidateCall.id).where(CandidateCall.slug == CANDIDATE_CALL)):
        db.session.flush()
        return added
    db.session.add(
        CandidateCall(
            steering_group=group,
            slug=CANDIDATE_CALL,
            title="Oproep kandidaten stuurgroep SDG-partnerschappen",
            description=CALL_DESCRIPTION,
            published_on=CALL_PUBLISHED[0],
            opens_at=local_datetime(*CALL_PUBLISHED),
            closes_at=local_datetime(*CALL_DEADLINE),
            seats=list(group.seats),
        )
    )
    db.session.flush()
    return added + 1
