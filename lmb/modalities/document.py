"""The keuzemenu's own texts around the table (seed 002): its introduction, the Wegwijzer's
introduction, the legend, the credits, "Meer weten?" and the literature list.

The Dutch is the document's, word for word (its spelling kept, its layout as Markdown); the
English and the French (for the partner municipalities, issue 18) are the platform's. The literature list is bibliographic and stays as the
document gives it (its links were placeholders in the text the platform has, so it has none).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import get_locale

from lmb.core.i18n import note_untranslated

NB = "\u00a0"  # French typography: before : ; ? ! and inside « »


@dataclass(frozen=True)
class Text:
    """A text in the reader's language: `text` and the `lang` it is in."""

    text: str
    lang: str


def _reader_language(texts: dict) -> str:
    """The reader's language when the text has it, else the document's Dutch; the page then
    says plainly that it falls back (base.html's notice), whether or not the template marks
    the text's language."""
    locale = str(get_locale() or "nl")
    if locale in texts:
        return locale
    if locale != "nl":
        note_untranslated("nl")
    return "nl"


def _shown(texts: dict[str, str]) -> Text:
    lang = _reader_language(texts)
    return Text(texts[lang], lang)


INTRODUCTION = {
    "nl": (
        "Wil je als lokaal bestuur internationaal actief worden en zoek je naar geschikte vormen "
        "van mondiale samenwerking? Dit keuzemenu kan je helpen. Het biedt een overzicht van "
        "bestaande werkvormen en praktijken. Elke vorm wordt kort beschreven met een definitie en "
        "enkele kenmerken, zoals de meerwaarde voor het lokale bestuur, participatie, tijdsduur en "
        "budget. Daarnaast worden er telkens ook een aantal praktijkvoorbeelden gegeven.\n\n"
        "Dit keuzemenu heeft voornamelijk als doel om lokale besturen te inspireren en hen een "
        "hulpmiddel te bieden om te bepalen welke modaliteiten het beste passen bij hun specifieke "
        "context, verwachtingen en mogelijkheden.\n\n"
        "Het keuzemenu heeft niet de ambitie om volledig te zijn. Het is een dynamisch instrument "
        "waaraan extra modaliteiten kunnen worden toegevoegd. De verschillende werkvormen in het "
        "keuzemenu sluiten elkaar ook niet uit. In de praktijk is het zelfs eerder de regel dan de "
        "uitzondering om meerdere vormen tegelijkertijd toe te passen. Er kan dus overlap zijn "
        "tussen de voorgestelde modaliteiten en er kunnen ook aanzienlijke verschillen zijn in de "
        "manier waarop modaliteiten in de praktijk worden gebracht.\n\n"
        "Dit keuzemenu kwam tot stand met de ondersteuning van HIVA, het onderzoeksinstituut voor "
        "Arbeid en Samenleving van de KU Leuven."
    ),
    "en": (
        "Does your local government want to become active internationally, and are you looking "
        "for suitable forms of global cooperation? This keuzemenu can help. It gives an overview "
        "of existing forms of cooperation and practices. Each form is described briefly, with a "
        "definition and some characteristics, such as the added value for the local government, "
        "participation, duration and budget. Each also comes with a number of practice "
        "examples.\n\n"
        "The keuzemenu's main aim is to inspire local governments and to give them a tool to "
        "decide which modalities best fit their specific context, expectations and "
        "possibilities.\n\n"
        "The keuzemenu does not aim to be complete. It is a dynamic instrument to which more "
        "modalities can be added. The forms of cooperation in the keuzemenu do not exclude each "
        "other either. In practice, applying several forms at the same time is the rule rather "
        "than the exception. So the modalities presented can overlap, and the way modalities are "
        "put into practice can differ considerably.\n\n"
        "The keuzemenu was made with the support of HIVA, the Research Institute for Work and "
        "Society of KU Leuven."
    ),
    "fr": (
        "Votre collectivité locale veut s'engager à l'international et cherche des formes de "
        f"coopération mondiale qui lui conviennent{NB}? Ce keuzemenu (menu des choix) peut vous "
        "aider. Il donne un aperçu des formes de coopération et des pratiques existantes. Chaque "
        "forme est décrite brièvement, avec une définition et quelques caractéristiques, comme la "
        "valeur ajoutée pour la collectivité locale, la participation, la durée et le budget. "
        "Chacune est aussi illustrée par des exemples pratiques.\n\n"
        "Ce keuzemenu vise surtout à inspirer les collectivités locales et à leur offrir un outil "
        "pour choisir les modalités qui conviennent le mieux à leur contexte, à leurs attentes et "
        "à leurs moyens.\n\n"
        "Le keuzemenu ne prétend pas être complet. C'est un instrument vivant, auquel d'autres "
        "modalités peuvent s'ajouter. Les formes de coopération qu'il présente ne s'excluent pas "
        f"non plus{NB}: en pratique, appliquer plusieurs formes à la fois est plutôt la règle que "
        "l'exception. Les modalités présentées peuvent donc se recouper, et leur mise en pratique "
        "peut varier considérablement.\n\n"
        "Ce keuzemenu a été réalisé avec l'appui du HIVA, l'institut de recherche sur le travail "
        "et la société de la KU Leuven."
    ),
}

WEGWIJZER = {
    "nl": (
        "Onderstaande tabel geeft een overzicht van de modaliteiten die verderop worden "
        "beschreven. Voor elke werkvorm werd aangegeven in welke mate verschillende kenmerken erop "
        "van toepassing zijn. Deze tabel kan een houvast bieden voor gemeenten die op zoek zijn "
        "naar een (nieuwe) vorm van mondiale samenwerking en hier al bepaalde elementen of "
        "kenmerken voor in gedachten hebben."
    ),
    "en": (
        "The table below gives an overview of the modalities described further on. For each form "
        "of cooperation it shows to what extent the characteristics apply to it. The table can "
        "help municipalities that are looking for a (new) form of global cooperation and already "
        "have certain elements or characteristics in mind."
    ),
    "fr": (
        "Le tableau ci-dessous donne un aperçu des modalités décrites plus loin. Pour chaque forme "
        "de coopération, il indique dans quelle mesure chaque caractéristique s'y applique. Il "
        "peut guider les communes qui cherchent une (nouvelle) forme de coopération mondiale et "
        "ont déjà certains éléments ou caractéristiques en tête."
    ),
}

# The document's legend ("Legende"): the marks its pages use, and where the platform shows them.
LEGEND = [
    {
        "nl": ("voorbeeld", "een praktijkvoorbeeld, onder elke werkvorm"),
        "en": ("example", "a practice example, under each form of cooperation"),
        "fr": ("exemple", "un exemple pratique, sous chaque forme de coopération"),
    },
    {
        "nl": ("meer weten", "verder lezen over de werkvorm"),
        "en": ("more information", "further reading about the form of cooperation"),
        "fr": ("en savoir plus", "pour aller plus loin sur la forme de coopération"),
    },
    {
        "nl": ("woord", "een begrip dat de tekst uitlegt, zoals bestuurskrachtversterking"),
        "en": ("word", "a term the text explains, such as bestuurskrachtversterking"),
        "fr": ("mot", "un terme que le texte explique, comme bestuurskrachtversterking"),
    },
    {
        "nl": ("link", "een verwijzing naar een website of publicatie"),
        "en": ("link", "a reference to a website or publication"),
        "fr": ("lien", "un renvoi vers un site web ou une publication"),
    },
]

CREDITS = {
    "nl": (
        "De basisinformatie voor deze publicatie verzamelde HIVA (KU Leuven) in opdracht van de "
        "VVSG. De ontwikkeling van deze publicatie werd financieel ondersteund door PLATFORMA "
        "(met middelen van de Europese Commissie), de Vlaamse overheid & de federale overheid.\n\n"
        "Coördinatie en productie: VVSG vzw • Bischoffsheimlaan 1-8 • 1000 Brussel • Juni 2023"
    ),
    "en": (
        "HIVA (KU Leuven) gathered the basic information for this publication at the request of "
        "VVSG. The development of this publication was financially supported by PLATFORMA (with "
        "funds of the European Commission), the Flemish government & the federal government.\n\n"
        "Coordination and production: VVSG vzw • Bischoffsheimlaan 1-8 • 1000 Brussel • June 2023"
    ),
    "fr": (
        "Le HIVA (KU Leuven) a rassemblé les informations de base de cette publication à la "
        "demande de la VVSG. Son élaboration a reçu l'appui financier de PLATFORMA (avec des fonds "
        "de la Commission européenne), du gouvernement flamand et du gouvernement fédéral.\n\n"
        f"Coordination et production{NB}: VVSG vzw • Bischoffsheimlaan 1-8 • 1000 Brussel • "
        "juin 2023"
    ),
}

MORE = {
    "nl": "internationaal@vvsg.be of www.vvsg.be",
    "en": "internationaal@vvsg.be or www.vvsg.be",
    "fr": "internationaal@vvsg.be ou www.vvsg.be",
}

# "Literatuurlijst", in the document's order and words (Markdown: titles in italics); two of
# the works are in Dutch, the others in English.
DUTCH_WORKS = ("Deruytter, X.", "Belgische Ontwikkelingssamenwerking")
LITERATURE = [
    "Amorim, A., & Martinot-Lagarde, P. (2013). City-to-City and South-South and Triangular "
    "Cooperation. International Labour Office.",
    "Bossuyt, J.; Steenberghe, R. (2012). Development effectiveness at the local and regional "
    "level. Tostering synergies between local and regional governments and the EU in the "
    "post-Busan era. Platforma.",
    "Capuano, J., De Marchi, M., Franch, S., Rossi, S., & Rosso, P. (2015). Decentralised "
    "cooperation and its potential for local democratic governance: the experience of Trentino "
    "decentralised cooperation. *Research and Perspectives on Development Practice*, 19.",
    "Deruytter, X. (2018) Europese verbroedering in vier Vlaamse gemeenten. Zwevend tussen mooie "
    "idealen, moeilijkheden en hedendaagse uitdagingen. Wetenschappelijke verhandeling. Master "
    "thesis. UGent.",
    "Develtere, P., Huyse, H., & Van Ongevalle, J. (2021). *International Development Cooperation "
    "Today*. Leuven University Press.",
    "European Commission, (2016). *Supporting decentralisation, local governance and local "
    "development through a territorial approach*. Brussels: European Commission.",
    "Fernández de Losada Passols, A. (2017). *Shaping a new generation of decentralised "
    "cooperation. For enhanced effectiveness and accountability*. Brussels. (Platforma)",
    "Fernández de Losada Passols, A., & Calvete Moreno, A. (2018). *Decentralised cooperation to "
    "achieve the 2030 Agenda: Towards a new generation of multi-stakeholder partnerships. In "
    "Conference of Peripheral Maritime Regions (CPMR) & PLATFORMA, Brussels, BE.*",
    "FRIEDEMANN, B. (2015). *City to City: A guide to the UCLG learning universe*. United Cities "
    "and Local Governments(UCLG) Learning Team.",
    "Gutiérrez Goiria, J., Herrera Herrera, A. F., Amiano Bonachea, M. I., Labaien Eiguren, I., "
    "Malagón Zaldúa, E., Martínez Martínez, I., ... & Villena Camarero, U. (2022). Potential and "
    "practices of decentralised development cooperation: an international perspective.",
    "Gupte, J., & Aslam, S. (2022). *Decentralised Cooperation and Local Government: Addressing "
    "Contemporary Global Challenges*.",
    "Kania, M. (2021). Sub-state governments as rising stakeholders in development cooperation. "
    "The added value of regional governments in the light of debates on effectiveness in "
    "development. *The European Journal of Development Research*, 33(3), 604-625.",
    "OECD (2018). *Reshaping Decentralised Development Co-operation: The Key Role of Cities and "
    "Regions for the 2030 Agenda*. OECD Publishing.",
    "OECD (2019) *Decentralised Development Cooperation: Unlocking the Potential of Cities and "
    "Regions*, OECD Development Papers no. 22.",
    "Platforma & Nalas (2021). *Decentralised cooperation handbook*.",
    "Platforma (2010). *Decentralised development cooperation – European perspectives*",
    "Belgische Ontwikkelingssamenwerking (2014). *De Belgische strategie voor humanitaire hulp*. "
    "Strategienota.",
    "UCLG (2022). *The Role of Local and Regional Governments in Development Cooperation A New "
    "Call to Action Towards 2030 and Beyond*. UCLG policy paper.",
]


def literature() -> list[Text]:
    return [Text(item, "nl" if item.startswith(DUTCH_WORKS) else "en") for item in LITERATURE]


def introduction() -> Text:
    return _shown(INTRODUCTION)


def wegwijzer() -> Text:
    return _shown(WEGWIJZER)


def credits() -> Text:
    return _shown(CREDITS)


def more() -> Text:
    return _shown(MORE)


def legend() -> list[tuple[Text, Text]]:
    """(mark, meaning) per item of the document's legend."""
    shown = []
    for item in LEGEND:
        lang = _reader_language(item)
        mark, meaning = item[lang]
        shown.append((Text(mark, lang), Text(meaning, lang)))
    return shown
