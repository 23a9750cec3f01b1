"""The steering group's page and its 2022 call for candidates in French, for the partners who
read them (issue 18): the platform's translation of seed 001's words. Adds only what is
missing (a French text an administrator wrote is never changed)."""

from __future__ import annotations

from sqlalchemy import select

from lmb.extensions import db
from lmb.partnerships.models import CandidateCall, SteeringGroup

NB = "\u00a0"  # before ; : ? ! and inside « », as French typography has it

GROUP_DESCRIPTION_FR = (
    "## Contexte\n\n"
    "En février 2022, le gouvernement fédéral belge (DGD, la Direction générale Coopération au "
    "développement) a approuvé un nouveau programme de cinq ans. De 2022 à 2026, la VVSG "
    "(l'association des villes et communes flamandes) travaillera dans le monde entier à la "
    f"«{NB}bonne gouvernance locale{NB}» par les partenariats de ville à ville (stedenbanden), "
    "par des coopérations entre la VVSG et ses associations sœurs, et par la traduction locale "
    "des ODD pour les collectivités locales flamandes. Ce programme comprend aussi un volet "
    "consacré à la recherche d'autres formes de coopération internationale des communes. La "
    "VVSG constate en effet que le nombre de partenariats entre communes flamandes et communes "
    "partenaires d'Afrique, d'Asie ou d'Amérique latine a atteint un plafond. Les coopérations "
    "thématiques reçoivent en outre plus d'attention ces dernières années (p. ex. les villes de "
    "Bruges et de Courtrai).\n\n"
    "## Les partenariats ODD\n\n"
    "La VVSG veut expérimenter d'autres formes de coopération internationale des communes, qui "
    "allègent la charge administrative pour les communes (c'est l'une des raisons qui dissuadent "
    "les communes flamandes de s'engager dans un partenariat de ville à ville approfondi). La "
    "VVSG veut ainsi répondre au souhait des villes et communes flamandes de s'ouvrir davantage "
    "à l'international.\n\n"
    "Dans le programme de la DGD, la VVSG s'est proposé d'expérimenter des partenariats ODD (de "
    "courte durée). L'idée se concrétisera d'abord au Bénin et au Rwanda, où nous pouvons "
    "compter sur la coopération des associations nationales de villes et communes, l'ANCB "
    "(Bénin) et RALGA (Rwanda).\n\n"
    "Les partenariats entre communes peuvent coopérer autour d'un thème commun, p. ex. un ODD ou "
    f"l'un des principes de l'Agenda 2030 (entre autres «{NB}ne laisser personne de côté{NB}», "
    "le partenariat multi-acteurs…). Chaque partenariat dispose d'un budget d'environ "
    f"35{NB}000 euros, qui peut servir aux activités aussi bien dans la commune flamande que "
    "dans la commune partenaire. Par l'échange d'expertise entre les deux communes, la VVSG veut "
    "favoriser l'apprentissage mutuel.\n\n"
    "## Le comité de pilotage\n\n"
    "Fin 2022, la VVSG veut approfondir le concept des partenariats ODD avec un comité de "
    "pilotage (stuurgroep). Les années suivantes, la VVSG veut associer durablement ce comité au "
    "suivi de l'expérience, à ses ajustements et à son éventuelle extension. Le comité de "
    f"pilotage «{NB}Partenariats ODD{NB}» se réunirait une fois par an (de l'automne 2022 à "
    "2026). Idéalement, il réunit un élu (de la commission «\u00a0la commune en Europe et dans le "
    "monde\u00a0» de la VVSG), un agent chargé de la politique mondiale (mondiale ambtenaar) et "
    "un directeur général."
)
CALL_TITLE_FR = "Appel à candidatures pour le comité de pilotage des partenariats ODD"
CALL_DESCRIPTION_FR = (
    "De 2022 à 2026, la VVSG veut lancer un parcours pilote autour de nouveaux partenariats "
    "internationaux entre communes, en lien avec l'Agenda 2030. Pour approfondir ce concept, "
    "suivre le parcours pilote et l'ajuster, la VVSG veut créer un petit comité de pilotage qui "
    "réunit notamment un directeur général, un élu local et un agent chargé de la politique "
    "mondiale. Nous invitons par la présente les agents chargés de la politique mondiale à "
    "poser leur candidature.\n\n"
    "Vous souhaitez réfléchir avec nous aux partenariats ODD et faire partie de ce comité de "
    f"pilotage{NB}? Faites-le-nous savoir avant le 15 septembre."
)


def add_french(group_slug: str, call_slug: str) -> int:
    """The French of the seeded group and call where it is still empty; the rows changed."""
    added = 0
    group = db.session.scalar(select(SteeringGroup).where(SteeringGroup.slug == group_slug))
    if group is not None and not group.description_fr:
        group.description_fr = GROUP_DESCRIPTION_FR
        added += 1
    call = db.session.scalar(select(CandidateCall).where(CandidateCall.slug == call_slug))
    if call is not None and not call.title_fr and not call.description_fr:
        call.title_fr, call.description_fr = CALL_TITLE_FR, CALL_DESCRIPTION_FR
        added += 1
    db.session.flush()
    return added
