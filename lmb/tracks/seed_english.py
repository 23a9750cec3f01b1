"""The English texts of the seeded programmes, milestones and tracks, shown to readers of the
English interface. Translations of the Dutch source wording (lmb.tracks.seed, seed_tracks);
names of programmes, phases and organizations stay as the documents write them."""

PROGRAMMES_EN = {
    "lokaal-mondiaal-beleid-in-de-praktijk": (
        "Local Global Policy in practice",
        "In 2015 the concept of Local Global Policy (Lokaal Mondiaal Beleid) was developed. It "
        "inspires cities and municipalities to turn their local development-cooperation policy "
        "into a policy in which the local government takes up its own responsibility and sets an "
        "example. At the inspiration day of 2 February 2016 the concept was explained. To put it "
        "into practice, 7 learning tracks were presented to the participants and took further "
        "shape.",
    ),
    "sdg-partnerschappen": (
        "SDG partnerships",
        "In the period 2022 – 2026 VVSG wants to start a pilot on new international partnerships "
        "between municipalities, linked with the 2030 Agenda. The idea will first take shape in "
        "Benin and Rwanda, together with the local associations of cities and municipalities "
        "there, ANCB (Benin) and RALGA (Rwanda). A budget of about 35,000 euro is provided per "
        "partnership.",
    ),
}

_MEETING = (
    "The steering group on SDG partnerships meets once a year (from autumn 2022 to 2026) to "
    "follow the experiment, adjust it and consider rolling it out more widely."
)
_START_2016 = "2016: start, at various times (spring, autumn), depending on the learning track."

MILESTONES_EN = {
    "inspiratiedag": (
        "Inspiration day",
        "At the inspiration day of 2 February 2016 the concept of Local Global Policy was "
        "explained and the 7 learning tracks were presented.",
    ),
    "opstart-voorjaar-2016": ("Start of the learning tracks (spring)", _START_2016),
    "opstart-najaar-2016": ("Start of the learning tracks (autumn)", _START_2016),
    "terugkoppeling-2017": (
        "Public feedback of the lessons learnt",
        "2017: public feedback of the lessons learnt in the various learning tracks.",
    ),
    "tools-2018": (
        "Turning the lessons learnt into tools",
        "2018: turning the lessons learnt into tools (manual, step-by-step plan, checklist, …) "
        "and new forms of support for other cities and municipalities.",
    ),
    "oproep-stuurgroep": (
        "Candidacies for the SDG partnerships steering group",
        "Would you like to think along about the SDG partnerships and join this steering group? "
        "Let us know before 15 September. Ideally a politician (from VVSG's executive committee "
        "'de gemeente in Europa en de wereld'), a global-policy civil servant and a general "
        "director take part in the steering group.",
    ),
    **{
        f"stuurgroep-{year}": (f"Yearly meeting of the steering group {year}", _MEETING)
        for year in range(2022, 2027)
    },
    "start-partnerschappen": (
        "Start of the SDG partnerships with Benin and Rwanda",
        "From 2023 Flemish local governments can, for a period of 2 years, exchange with a "
        "partner municipality in Benin or Rwanda on a specific theme, in a colleague-to-colleague "
        "relationship. Rwanda: 'citizen participation' (SDG 16). Benin: 'local prosperity' "
        "(innovation, decent work, inequality and renewable energy).",
    ),
}

TRACKS_EN = {
    "duurzaam-aankoopbeleid": {
        "title": "Sustainable procurement",
        "description": "Together with Steunpunt Duurzame Overheidsopdrachten we work on "
        "anchoring sustainability strategically in the procurement procedure of your city or "
        "municipality. This learning track focuses on sustainable work clothing: which "
        "criteria should your city or municipality include in its specifications? Who offers "
        "sustainable textiles?",
    },
    "duurzaam-bankieren": {
        "title": "Sustainable banking",
        "description": "How can the city or municipality handle its finances sustainably? How "
        "can it encourage its citizens to invest consciously? Inspiration for financial "
        "managers as well as (north-south) civil servants who want to make citizens aware of "
        "sustainable investment.",
    },
    "migratie-integratie-en-ontwikkeling": {
        "title": "Migration, integration and development",
        "description": "Three domains that are related, but how can a city or municipality "
        "link them? What role do the diaspora and migrant organizations active in the "
        "municipality play, and how do you reach them? What lessons can we draw from other "
        "examples?",
    },
    "wereldburgerschap": {
        "title": "Global citizenship",
        "description": "What is global citizenship education? Who takes part? What is the role "
        "of a local government in global citizenship education? How can a city or municipality "
        "promote global citizenship?",
    },
    "participatie": {
        "title": "Participation",
        "description": 'On the bridge from old to new. Participation is "hot", but it is also '
        "a catch-all term. Consultation and participation are needed for a strong policy that "
        "people support, but how do you go about it, when in preparing policy and on which "
        "themes? What role can the advisory councils still play, and which new forms of "
        "participation exist?",
    },
    "transversaal-werken": {
        "title": "Working across departments for Local Global Policy",
        "description": "We draw inspiration from the transition towards sustainable "
        "development and from systems thinking. We examine how we work (in our own city or "
        "municipality) against a frame of reference and look at the steps we must take to "
        "change our own working methods.",
    },
    "alternatieve-internationale-samenwerking": {
        "title": "Alternative forms of municipal international cooperation",
        "description": "We all know the classic city link (stedenband), but which other forms "
        "of international cooperation between municipalities exist, or could? Can a city or "
        "municipality cooperate internationally (to achieve more international justice) "
        "without spending a lot of money and time on it? What does the municipality itself "
        "gain?",
    },
}
