"""`lmb seed` loads document 003 exactly: the 2017-2019 programme with its SDG pilot, the
evaluation by Ace Europe, the 9 recommendations with their numbers, titles and positions, and
every row of the action plan with its who and when as the document words them."""

from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from lmb.evaluations.models import Action, ActionStatus, Evaluation, Position, Recommendation
from lmb.extensions import db
from lmb.tracks.models import Programme, Track
from tests.tracks.test_seed import run_seed, snapshot

TITLES = {
    1: "Versterken van concept transitie en aandacht voor internationale solidariteit en expertise voor het Zuiden in het SDG kader",
    2: "Aanpassen en verrijken van bestaande publicaties",
    3: "Vorming systeemdenken aanbieden aan gemeenten",
    4: "Ondersteunen van het ‘anders doen’",
    5: "Meer strategisch samenwerken op Vlaams niveau",
    6: "Zorgen voor continuïteit en sterkere boodschap vanuit de VVSG",
    7: "In de organisatie van het aanbod (van trajecten, meer bepaald het pilootproject) nog meer regionaal werken en inzetten op samenwerking met regionale actoren",
    8: "Herdenken van trajectaanpak in functie van leren en beter documenteren van processen van verandering en de effecten daarvan",
    9: "Fonds voor het ondersteunen van nieuwe (lokale) dynamieken",
}
# The document states no position for 3 ("zal bekijken") and 9 ("zal nagaan").
POSITIONS = {
    1: Position.agree,
    2: Position.agree,
    3: None,
    4: Position.partly_agree,
    5: Position.out_of_scope,
    6: Position.disagree,
    7: Position.agree,
    8: Position.agree,
    9: None,
}
INTERNATIONAAL = "VVSG Internationaal"
# (heading, recommendation it names, [(start of the action, who, when)])
PLAN = [
    (
        "Internationale rechtvaardigheid meer benadrukken, met name in de SDG-werking",
        None,
        [
            ("In inspiratiefiches waarin de link wordt gemaakt", INTERNATIONAAL, "2019-2020"),
            (
                "Update publicatie 'Lokale schouders voor mondiale uitdagingen'",
                INTERNATIONAAL,
                "Eind 2019",
            ),
            (
                "Online publicatie over SDG's in internationale partnerschappen",
                INTERNATIONAAL,
                "Zomer 2019",
            ),
            (
                "Verderzetten vormen die mondiale reflex bevorderen",
                INTERNATIONAAL,
                "2020 en verder",
            ),
            ("Internationale conferentie over de SDG's", INTERNATIONAAL, "September 2020"),
        ],
    ),
    (
        "Beter documenteren van processen van verandering en meer nadruk op leren",
        8,
        [
            ("Peer review stimuleren in SDG-piloottraject", INTERNATIONAAL, "Gedaan in april 2019"),
            (
                "Evaluatie, geïnspireerd door methodiek van outcome harvesting",
                INTERNATIONAAL,
                "Zomer 2019",
            ),
            ("Nagaan bij collega's hoe VVSG leertrajecten", INTERNATIONAAL, "Tweede helft 2019"),
        ],
    ),
    (
        "Zorgen voor continuïteit en sterke boodschap vanuit de VVSG",
        6,
        [
            ("Ikv uitwerken thematische jaarplannen", INTERNATIONAAL, "Zomer 2019"),
            (
                "De SDG's (die verweven zijn met de voorstellen",
                "VVSG diensten met mandaat van VVSG directie",
                "Zomer 2019",
            ),
            (
                "In de verdere uitwerking van het duurzaamheidspact",
                "VVSG directie",
                "na start nieuwe Vlaamse regering",
            ),
            (
                "VVSG brengt de SDG's sterker binnen bij gemeentelijke diensten",
                "VVSG Internationaal ism VVSG diensten",
                "vanaf zomer 2019 reeds ingepland: SDG's op leernetwerk vrije tijd in najaar 2019",
            ),
        ],
    ),
    (
        "Ondersteunen van het 'anders doen'",
        4,
        [
            ("Oa samenwerking met VVSG diensten (zie hierboven)", "", ""),
            (
                "De basisideeën van Agenda 2030",
                "VVSG directie",
                "Selectie zomer 2019; Trefdag in oktober 2020",
            ),
            ("Stakeholdermapping ikv werking VVSG Internationaal", INTERNATIONAAL, "Voorjaar 2020"),
        ],
    ),
]


def test_seed_loads_the_programme_its_pilot_and_the_evaluation(app):
    run_seed(app)
    with app.app_context():
        programme = db.session.scalar(
            sa.select(Programme).where(Programme.slug.contains("2017-2019"))
        )
        assert (programme.starts_on, programme.ends_on) == (date(2017, 1, 1), date(2019, 12, 31))
        assert "520.146 EUR" in programme.summary
        pilot = db.session.scalar(sa.select(Track).where(Track.programme_id == programme.id))
        assert pilot.title == "SDG-piloottraject" and pilot.status.name == "closed"
        # The document names no pilot municipality: none is invented.
        assert pilot.partners == []
        evaluation = db.session.scalar(sa.select(Evaluation))
        assert evaluation.programme == programme
        assert evaluation.evaluator == "Ace Europe"
        assert evaluation.period == "tweede helft van 2018"
        assert (evaluation.period_starts_on, evaluation.period_ends_on) == (
            date(2018, 7, 1),
            date(2018, 12, 31),
        )
        assert evaluation.budget == Decimal("520146")
        assert evaluation.funded_by.startswith("Vlaamse overheid")
        assert evaluation.responded_on == date(2019, 7, 5)
        assert evaluation.signed_by.splitlines() == [
            "Mieck Vos, algemeen directeur VVSG",
            "Bert Janssens, coördinator VVSG Internationaal",
        ]
        assert evaluation.published
        assert "De evaluatoren formuleerden 9 aanbevelingen." in evaluation.summary


def test_the_nine_recommendations_with_their_responses(app):
    run_seed(app)
    with app.app_context():
        recommendations = db.session.scalars(
            sa.select(Recommendation).order_by(Recommendation.number)
        ).all()
        assert {r.number: r.title for r in recommendations} == TITLES
        assert {r.number: r.position for r in recommendations} == POSITIONS
        by_number = {r.number: r for r in recommendations}
        assert by_number[1].response.startswith("De VVSG gaat akkoord met deze aanbeveling.")
        # A paragraph broken by a page of the document is one paragraph again.
        assert "Uiteraard is het zinvol om sensibilisatie en informatie" in by_number[1].text
        assert "monitoring en evaluatie van mondiaal beleid, en is VVSG" in by_number[3].response
        assert "¹ Noot: Niet in kader van het federaal programma" in by_number[3].text
        assert by_number[4].response.startswith("De VVSG gaat deels akkoord")
        assert by_number[5].response.startswith(
            "Zoals gesteld in de aanbeveling valt dit grotendeel buiten"
        )
        assert by_number[6].response.startswith("De VVSG is niet akkoord met deze vaststelling")
        assert "**" not in by_number[4].text and "Mieck Vos" not in by_number[9].response


def test_every_row_of_the_action_plan_with_its_who_and_when(app):
    run_seed(app)
    with app.app_context():
        evaluation = db.session.scalar(sa.select(Evaluation))
        found = [
            (
                p.title,
                p.recommendation.number if p.recommendation else None,
                [(a.text, a.who, a.when_text) for a in p.actions],
            )
            for p in evaluation.priorities
        ]
        assert [(title, number) for title, number, _rows in found] == [
            (title, number) for title, number, _rows in PLAN
        ]
        for (_t, _n, rows), (_title, _number, expected) in zip(found, PLAN, strict=True):
            assert len(rows) == len(expected)
            for (text, who, when), (start, want_who, want_when) in zip(rows, expected, strict=True):
                assert text.startswith(start)
                assert (who, when) == (want_who, want_when)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Action)) == 15


def test_the_periods_derived_from_when(app):
    run_seed(app)
    with app.app_context():
        actions = {a.when_text: a for a in db.session.scalars(sa.select(Action))}
        periods = {when: (a.starts_on, a.ends_on) for when, a in actions.items()}
        assert periods["2019-2020"] == (date(2019, 1, 1), date(2020, 12, 31))
        assert periods["Eind 2019"] == (date(2019, 10, 1), date(2019, 12, 31))
        assert periods["Zomer 2019"] == (date(2019, 6, 1), date(2019, 8, 31))
        assert periods["2020 en verder"] == (date(2020, 1, 1), None)
        assert periods["September 2020"] == (date(2020, 9, 1), date(2020, 9, 30))
        assert periods["Gedaan in april 2019"] == (date(2019, 4, 1), date(2019, 4, 30))
        assert periods["Tweede helft 2019"] == (date(2019, 7, 1), date(2019, 12, 31))
        assert periods["na start nieuwe Vlaamse regering"] == (None, None)
        assert periods["Selectie zomer 2019; Trefdag in oktober 2020"] == (
            date(2019, 6, 1),
            date(2020, 10, 31),
        )
        assert periods["Voorjaar 2020"] == (date(2020, 3, 1), date(2020, 5, 31))
        assert periods[""] == (None, None)
        # "Gedaan" in the document: done; the rest is planned as of 5 July 2019.
        assert actions["Gedaan in april 2019"].status is ActionStatus.done
        assert {a.status for w, a in actions.items() if not w.startswith("Gedaan")} == {
            ActionStatus.planned
        }


def test_seeding_twice_adds_nothing(app):
    run_seed(app)
    first = snapshot(app)
    output = run_seed(app)
    assert "0 rows added" in output
    assert snapshot(app) == first


def test_the_demo_links_the_peer_review_of_april_2019(app):
    from lmb.evaluations.models import Evidence, EvidenceKind
    from lmb.peer_review.models import ReviewRound

    run_seed(app, "--demo")
    with app.app_context():
        action = db.session.scalar(
            sa.select(Action).where(Action.when_text == "Gedaan in april 2019")
        )
        [evidence] = action.evidence
        assert evidence.kind is EvidenceKind.review_round
        round_ = db.session.get(ReviewRound, evidence.target_id)
        assert round_.title == "Peer review van integratie SDG's in nieuwe meerjarenplannen"
        assert round_.track.slug == "sdg-piloottraject"
        assert [c.email for c in round_.track.coordinators] == ["coordinator@example.org"]
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Evidence)) == 1
