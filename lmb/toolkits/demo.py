"""Demo lessons learned and one toolkit of each kind built from them (`lmb seed --demo`).

Invented for the demo, in the spirit of the tracks of seed 000; the people are the demo
accounts on example.org. Added only when missing: seeding twice changes nothing.
"""

from __future__ import annotations

from sqlalchemy import select

from lmb.accounts.services import find_user_by_email, get_or_create_organization
from lmb.extensions import db
from lmb.scheduling.models import Session, made_as
from lmb.toolkits.models import (
    Lesson,
    LessonSdg,
    LessonStatus,
    LessonTag,
    LessonTheme,
    Toolkit,
    ToolkitItem,
    ToolkitKind,
)
from lmb.tracks.models import PhaseKey, Track

# (key, track number, phase, author, organization, title, body, SDGs, tags)
LESSONS = [
    (
        "werkkledij-criteria",
        1,
        PhaseKey.labo,
        "sofie@example.org",
        "Stad Roeselare",
        "Begin bij de criteria voor werkkledij, niet bij het bestek",
        "We schreven eerst samen met de **technische dienst** op wat werkkledij moet kunnen, "
        "en pas daarna de sociale en ecologische criteria.\n\n"
        "- Fair Wear-lidmaatschap van de leverancier als gunningscriterium\n"
        "- biologisch katoen of gerecycleerd polyester\n"
        "- een proefperiode met twee diensten\n\n"
        "Meer uitleg: [Steunpunt Duurzame Overheidsopdrachten](https://www.vlaanderen.be/duurzame-overheidsopdrachten).",
        [8, 12],
        ["aankoopbeleid", "werkkledij"],
    ),
    (
        "werkkledij-markt",
        1,
        PhaseKey.labo,
        "tom@example.org",
        "Stad Oostende",
        "Een marktverkenning voorkomt een mislukte aanbesteding",
        "Vóór de publicatie nodigden we vier leveranciers uit. Zo wisten we welke labels "
        "haalbaar zijn en kregen we één offerte méér dan bij de vorige opdracht. Tip: "
        "vraag naar de productielocaties – niet alleen naar het label.",
        [8, 12],
        ["aankoopbeleid", "marktverkenning"],
    ),
    (
        "werkkledij-draagvlak",
        1,
        PhaseKey.voedingsbodem,
        "sofie@example.org",
        "Stad Roeselare",
        "Draagvlak bij wie de kledij draagt",
        "Medewerkers die de kledij dragen testen mee en kiezen uit twee modellen. Dat "
        "maakte de overstap naar duurzame werkkledij vanzelfsprekend; klachten over ‘dat "
        "nieuwe spul’ bleven uit. 👕",
        [8],
        ["werkkledij", "draagvlak"],
    ),
    (
        "sdg-meerjarenplan",
        6,
        PhaseKey.labo,
        "lotte@example.org",
        "Gemeente Mol",
        "Koppel elke actie van het meerjarenplan aan een SDG",
        "We gaven elke actie in het meerjarenplan één of meer SDG's. Het managementteam zag "
        "zo voor het eerst welke doelen onderbelicht bleven (SDG 5 en 13).",
        [5, 13, 17],
        ["meerjarenplan", "transversaal"],
    ),
    (
        "sdg-trekker",
        6,
        PhaseKey.voedingsbodem,
        "lotte@example.org",
        "Gemeente Mol",
        "Een trekker per dienst, niet één mondiale ambtenaar",
        "Transversaal werken lukt pas als elke dienst een eigen aanspreekpunt heeft. De "
        "mondiale ambtenaar coördineert, maar draagt niet alles alleen.",
        [16, 17],
        ["transversaal", "organisatie"],
    ),
    (
        "sdg-rapportering",
        6,
        PhaseKey.uitrol,
        "lotte@example.org",
        "Gemeente Mol",
        "Rapporteer jaarlijks met dezelfde indicatoren",
        "Een korte jaarlijkse SDG-rapportering aan de gemeenteraad houdt het thema op de "
        "agenda. Gebruik dezelfde indicatoren als de beleids- en beheerscyclus.",
        [17],
        ["meerjarenplan", "rapportering"],
    ),
    (
        "participatie-diaspora",
        5,
        PhaseKey.labo,
        "tom@example.org",
        "Stad Oostende",
        "Ga naar de diaspora toe, nodig hen niet alleen uit",
        "Onze infoavond in het stadhuis trok weinig volk. Op de bijeenkomst in het lokaal "
        "van een migrantenorganisatie waren we met veertig. Plan het gesprek waar de mensen "
        "al samenkomen.",
        [10, 16],
        ["participatie", "diaspora"],
    ),
    (
        "participatie-terugkoppeling",
        5,
        PhaseKey.voedingsbodem,
        "tom@example.org",
        "Stad Oostende",
        "Koppel terug wat er met de inbreng gebeurde",
        "Deelnemers kregen na zes weken een brief: wat namen we over, wat niet en waarom. "
        "Bij de volgende ronde kwamen twee derde van hen terug.",
        [16],
        ["participatie", "terugkoppeling"],
    ),
]

THEMES = [
    (
        1,
        "duurzame werkkledij",
        "Duurzame werkkledij aankopen lukt als de **gebruikers** meebeslissen, de markt vooraf "
        "verkend is en de criteria vóór het bestek vastliggen.",
        ["werkkledij-criteria", "werkkledij-markt", "werkkledij-draagvlak"],
    ),
]

# (track number, kind, title, summary, items: (group, title, body, who, resources, lesson keys))
TOOLKITS = [
    (
        1,
        ToolkitKind.manual,
        "Handleiding duurzame werkkledij aankopen",
        "Wat de steden in het leertraject *Duurzaam aankoopbeleid* leerden over het aankopen "
        "van werkkledij die eerlijk en ecologisch gemaakt is.",
        [
            (
                "",
                "Waarom duurzame werkkledij?",
                "Werkkledij is een zichtbare aankoop: medewerkers dragen ze elke dag. Een "
                "eerlijke keten is een concrete stap in lokaal mondiaal beleid.",
                "",
                "",
                [],
            ),
            (
                "",
                "De markt verkennen",
                "Nodig leveranciers uit vóór de publicatie en vraag naar productielocaties.",
                "",
                "",
                ["werkkledij-markt"],
            ),
            (
                "",
                "Criteria en draagvlak",
                "Leg de criteria vast met de technische dienst en laat de dragers kiezen.",
                "",
                "",
                ["werkkledij-criteria", "werkkledij-draagvlak"],
            ),
        ],
    ),
    (
        6,
        ToolkitKind.step_plan,
        "Stappenplan: de SDG’s in het meerjarenplan",
        "Vijf stappen om de SDG's transversaal in het meerjarenplan van een gemeente te "
        "verankeren, uit de praktijk van het leertraject *Transversaal werken*.",
        [
            (
                "",
                "Breng de acties van het meerjarenplan in kaart",
                "Lijst alle acties op en geef elk één of meer SDG's.",
                "Mondiale ambtenaar met de financieel directeur",
                "- het meerjarenplan\n- de lijst van de 17 SDG's",
                ["sdg-meerjarenplan"],
            ),
            (
                "",
                "Bespreek de blinde vlekken in het managementteam",
                "Welke doelen blijven onderbelicht? Kies er twee om op in te zetten.",
                "Algemeen directeur",
                "",
                ["sdg-meerjarenplan"],
            ),
            (
                "",
                "Duid per dienst een trekker aan",
                "Elke dienst krijgt een aanspreekpunt voor de SDG's.",
                "Managementteam",
                "",
                ["sdg-trekker"],
            ),
            (
                "",
                "Rapporteer jaarlijks aan de gemeenteraad",
                "Gebruik dezelfde indicatoren als de beleids- en beheerscyclus.",
                "Schepen voor internationale samenwerking",
                "",
                ["sdg-rapportering"],
            ),
        ],
    ),
    (
        5,
        ToolkitKind.checklist,
        "Checklist: een participatietraject met de diaspora",
        "Vink af wat klaar is, vóór, tijdens en na een participatietraject met "
        "diaspora- en migrantenorganisaties.",
        [
            (
                "Voorbereiding",
                "De organisaties in de gemeente zijn in kaart gebracht",
                "",
                "",
                "",
                [],
            ),
            (
                "Voorbereiding",
                "Het gesprek vindt plaats waar de mensen al samenkomen",
                "",
                "",
                "",
                ["participatie-diaspora"],
            ),
            ("Tijdens", "Er is vertaling of een tolk voorzien waar nodig", "", "", "", []),
            (
                "Nadien",
                "Binnen zes weken kregen de deelnemers terugkoppeling",
                "Wat werd overgenomen, wat niet en waarom.",
                "",
                "",
                ["participatie-terugkoppeling"],
            ),
        ],
    ),
]


def _demo_session(track: Track, phase: PhaseKey) -> Session | None:
    return db.session.scalar(select(Session).where(made_as(f"demo-{track.slug}-{phase.name}")))


def seed_demo_lessons() -> int:
    """The demo lessons (approved), a voedingsbodem theme and three published toolkits."""
    from lmb.toolkits.services import publish

    tracks = {t.number: t for t in db.session.scalars(select(Track).where(Track.number <= 7))}
    if not tracks:
        return 0
    added = 0
    lessons: dict[str, Lesson] = {}
    for key, number, phase, email, organization, title, body, sdgs, tags in LESSONS:
        track = tracks.get(number)
        if track is None:
            continue
        lesson = db.session.scalar(
            select(Lesson).where(Lesson.track_id == track.id, Lesson.title == title)
        )
        if lesson is None:
            session = _demo_session(track, phase)
            when = session.ends_at if session else None
            lesson = Lesson(
                track=track,
                phase=phase,
                session=session,
                author=find_user_by_email(email),
                organization=get_or_create_organization(organization),
                year=when.year if when else track.phases[0].starts_on.year,
                title=title,
                body=body,
                status=LessonStatus.approved,
                submitted_at=when,
                approved_at=when,
                sdg_rows=[LessonSdg(number=n) for n in sdgs],
                tag_rows=[LessonTag(tag=t) for t in tags],
            )
            db.session.add(lesson)
            added += 1
        lessons[key] = lesson
    db.session.flush()
    for number, title, synthesis, keys in THEMES:
        track = tracks.get(number)
        exists = db.session.scalar(
            select(LessonTheme.id).where(
                LessonTheme.track_id == track.id, LessonTheme.title == title
            )
        )
        if track is not None and exists is None:
            db.session.add(
                LessonTheme(
                    track=track,
                    title=title,
                    synthesis=synthesis,
                    lessons=[lessons[k] for k in keys if k in lessons],
                )
            )
            added += 1
    db.session.flush()
    return added + _seed_toolkits(tracks, lessons, publish)


def _seed_toolkits(tracks, lessons, publish) -> int:
    added = 0
    for number, kind, title, summary, items in TOOLKITS:
        track = tracks.get(number)
        if track is None or db.session.scalar(
            select(Toolkit.id).where(Toolkit.track_id == track.id, Toolkit.title == title)
        ):
            continue
        toolkit = Toolkit(track=track, kind=kind, title=title, summary=summary, language="nl")
        toolkit.items = [
            ToolkitItem(
                position=position,
                group=group,
                title=item_title,
                body=body,
                who=who,
                resources=resources,
                lessons=[lessons[k] for k in keys if k in lessons],
            )
            for position, (group, item_title, body, who, resources, keys) in enumerate(
                items, start=1
            )
        ]
        db.session.add(toolkit)
        db.session.flush()
        coordinator = track.coordinators[0] if track.coordinators else None
        if coordinator is not None:
            publish(toolkit, by=coordinator)
        added += 1
    return added
