"""The French texts of the SDG-partnerships programme and its milestones, shown to readers of
the French interface: the partners in Benin read them beside the Flemish (issue 18).
Translations of the Dutch source wording (lmb.tracks.seed, from document 002); names of
organizations and of the VVSG committee stay as the documents write them."""

PROGRAMMES_FR = {
    "sdg-partnerschappen": (
        "Partenariats ODD",
        "Au cours de la période 2022 – 2026, la VVSG souhaite lancer un projet pilote autour de "
        "nouveaux partenariats internationaux entre communes, en faisant le lien avec l’Agenda "
        "2030. Cette idée se concrétisera pour la première fois au Bénin et au Rwanda, où nous "
        "pouvons compter sur la collaboration des associations locales de villes et communes, à "
        "savoir l’ANCB (Bénin) et RALGA (Rwanda). Un budget d’environ 35 000 euros est prévu par "
        "partenariat.",
    ),
}

_MEETING = (
    "Le comité de pilotage « Partenariats ODD » se réunit une fois par an (de l’automne 2022 à "
    "2026) pour le suivi de l’expérience, son ajustement et son éventuel déploiement plus large."
)

MILESTONES_FR = {
    "oproep-stuurgroep": (
        "Candidatures pour le comité de pilotage des partenariats ODD",
        "Vous souhaitez réfléchir aux partenariats ODD et participer à ce comité de pilotage ? "
        "Faites-le savoir avant le 15 septembre. Idéalement, un élu (de la commission "
        "administrative de la VVSG « de gemeente in Europa en de wereld »), un fonctionnaire "
        "chargé de la politique mondiale et un directeur général participent au comité de "
        "pilotage.",
    ),
    **{
        f"stuurgroep-{year}": (f"Réunion annuelle du comité de pilotage {year}", _MEETING)
        for year in range(2022, 2027)
    },
    "start-partnerschappen": (
        "Lancement des partenariats ODD avec le Bénin et le Rwanda",
        "À partir de 2023, les administrations locales flamandes peuvent, pendant une période de "
        "2 ans, échanger avec une commune partenaire du Bénin ou du Rwanda autour d’un thème "
        "précis, sur la base d’une relation de collègue à collègue. Rwanda : « participation "
        "citoyenne » (ODD 16). Bénin : « prospérité locale » (innovation, travail décent, "
        "inégalités et énergie renouvelable).",
    ),
}
