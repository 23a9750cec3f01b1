"""The seven learning tracks of seed 000 ("Leertrajecten 'Lokaal Mondiaal Beleid in de praktijk'").

Titles and descriptions are the seed's wording. The seed says the tracks start in 2016 "op
diverse tijdstippen (voorjaar, najaar), afhankelijk van het leertraject" without saying which
track starts when, so no track is given a season or dates here.
"""

TRACKS = [
    {
        "number": 1,
        "slug": "duurzaam-aankoopbeleid",
        "title": "Duurzaam aankoopbeleid",
        "partners": ["Steunpunt Duurzame Overheidsopdrachten"],
        "description": "Samen met Steunpunt Duurzame Overheidsopdrachten wordt er gewerkt aan de "
        "strategische verankering van duurzaamheid in de aankoopprocedure in jou stad "
        "of gemeente. De focus van dit leertraject ligt op duurzame werkkledij: Welke "
        "criteria moet jouw stad of gemeente integreren in de bestekken? Welke "
        "spelers bieden duurzaam textiel aan?",
    },
    {
        "number": 2,
        "slug": "duurzaam-bankieren",
        "title": "Duurzaam bankieren",
        "description": "Hoe kan de stad/gemeente duurzaam met haar financiën omgaan? Hoe kan de stad "
        "of gemeente haar burgers stimuleren bewust te beleggen? Inspiratie voor "
        "zowel financiële beheerders als (noord-zuid-)ambtenaren die burgers willen "
        "sensibiliseren voor duurzaam beleggen.",
    },
    {
        "number": 3,
        "slug": "migratie-integratie-en-ontwikkeling",
        "title": "Migratie, integratie en ontwikkeling",
        "description": "Drie domeinen die met elkaar verband houden, maar hoe kan een stad of "
        "gemeente een link slaan tussen deze domeinen? Welke rol spelen diaspora- en "
        "migrantenorganisaties die actief zijn binnen de gemeente en hoe bereik je "
        "hen? Welke lessen kunnen we trekken uit andere voorbeelden?",
    },
    {
        "number": 4,
        "slug": "wereldburgerschap",
        "title": "Wereldburgerschap",
        "description": "Wat is wereldburgerschapseducatie? Wie speelt mee? Wat is de rol van een "
        "lokaal bestuur in wereldburgerschapseducatie? Hoe kan een stad of gemeente "
        "wereldburgerschap promoten?",
    },
    {
        "number": 5,
        "slug": "participatie",
        "title": "Participatie",
        "description": 'Op de brug van oud naar nieuw. Participatie is "hot", maar is tegelijkertijd '
        "ook een containerbegrip. Inspraak en participatie zijn nodig om te komen tot "
        "een sterk en gedragen beleid, maar hoe doe je dat, wanneer in de "
        "beleidsvoorbereiding en rond welke thema's? Welke rol kunnen de adviesraden "
        "nog spelen en welke nieuwe participatievormen bestaan er?",
    },
    {
        "number": 6,
        "slug": "transversaal-werken",
        "title": "Transversaal werken voor Lokaal Mondiaal beleid",
        "description": "Vanuit de sector transitie voor duurzame ontwikkeling en het systeemdenken "
        "laten we ons inspireren. We houden onze werkwijze (in de eigen stad of "
        "gemeente) onder de loep aan de hand van een referentiekader en bekijken "
        "welke stappen we moeten zetten om verandering te brengen in onze eigen "
        "werkmethoden.",
    },
    {
        "number": 7,
        "slug": "alternatieve-internationale-samenwerking",
        "title": "Alternatieve vormen van gemeentelijke internationale samenwerking",
        "description": "We kennen allemaal de klassieke stedenband, maar welke andere vormen van "
        "internationale gemeentelijke samenwerking (kunnen) bestaan? Kan een stad of "
        "gemeente ook aan internationale samenwerking doen (om meer internationale "
        "rechtvaardigheid te bereiken), zonder er veel geld en tijd tegenover te "
        "plaatsen? Wat is het voordeel voor de eigen stad of gemeente?",
    },
]
