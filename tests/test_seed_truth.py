"""`lmb seed` (without --demo) against the source documents (issue 16): every fact it loads,
walked against a table written here from ../shared/seeds/, and nothing more than that table."""

import re
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from lmb.core.timezones import to_local
from lmb.extensions import db
from tests.tracks.test_seed import run_seed

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# Programmes: document 000 (timeline 2016-2018), 003 (programme 2017-2019, 520.146 EUR),
# 001 (2022-2026).
PROGRAMMES = {
    "lokaal-mondiaal-beleid-in-de-praktijk": (
        "Lokaal Mondiaal Beleid in de praktijk",
        "Local Global Policy in practice",
        date(2016, 1, 1),
        date(2018, 12, 31),
    ),
    "gemeentelijke-ontwikkelingssamenwerking-2017-2019": (
        "VVSG-programma voor Gemeentelijke Ontwikkelingssamenwerking 2017-2019",
        "VVSG programme for Municipal Development Cooperation 2017-2019",
        date(2017, 1, 1),
        date(2019, 12, 31),
    ),
    "sdg-partnerschappen": (
        "SDG-partnerschappen",
        "SDG partnerships",
        date(2022, 1, 1),
        date(2026, 12, 31),
    ),
}
# Milestones as the documents date them: (programme, key, shown date in Dutch, in English).
MILESTONES = [
    ("lokaal-mondiaal-beleid-in-de-praktijk", "inspiratiedag", date(2016, 2, 2), "day"),
    ("lokaal-mondiaal-beleid-in-de-praktijk", "opstart-voorjaar-2016", "voorjaar 2016", "season"),
    ("lokaal-mondiaal-beleid-in-de-praktijk", "opstart-najaar-2016", "najaar 2016", "season"),
    ("lokaal-mondiaal-beleid-in-de-praktijk", "terugkoppeling-2017", 2017, "year"),
    ("lokaal-mondiaal-beleid-in-de-praktijk", "tools-2018", 2018, "year"),
    ("sdg-partnerschappen", "oproep-stuurgroep", date(2022, 9, 15), "day"),
    ("sdg-partnerschappen", "stuurgroep-2022", "najaar 2022", "season"),
    ("sdg-partnerschappen", "stuurgroep-2023", 2023, "year"),
    ("sdg-partnerschappen", "stuurgroep-2024", 2024, "year"),
    ("sdg-partnerschappen", "stuurgroep-2025", 2025, "year"),
    ("sdg-partnerschappen", "stuurgroep-2026", 2026, "year"),
    # Document 002: "vanaf 2023 ... gedurende een periode van 2 jaar".
    ("sdg-partnerschappen", "start-partnerschappen", 2023, "year"),
]
# Document 000's overview of the seven tracks: number, title, its description's first words.
TRACKS = [
    (1, "Duurzaam aankoopbeleid", "Samen met Steunpunt Duurzame Overheidsopdrachten"),
    (2, "Duurzaam bankieren", "Hoe kan de stad/gemeente duurzaam met haar financiën omgaan?"),
    (3, "Migratie, integratie en ontwikkeling", "Drie domeinen die met elkaar verband houden"),
    (4, "Wereldburgerschap", "Wat is wereldburgerschapseducatie?"),
    (5, "Participatie", "Op de brug van oud naar nieuw."),
    (6, "Transversaal werken voor Lokaal Mondiaal beleid", "Vanuit de sector transitie"),
    (
        7,
        "Alternatieve vormen van gemeentelijke internationale samenwerking",
        "We kennen allemaal de klassieke stedenband",
    ),
]
# Document 002's Wegwijzer, row by row (governance, officials, civil society, private sector,
# reciprocity, citizenship, term, budget).
WEGWIJZER = """
Stedenband	+++	+++	+++	++	+++	++	+++	+++
Jumelage	-	++	+++	+	++	++	+++	+
Internationale jeugdwerking	-	+	+++	-	+	+++	++	+
Indirecte samenwerking	+	+	+++	+	++	++	+++	++
Mondiale samenwerking met betrokkenheid van de private sector	+	++	++	+++	++	+	++	+
Mondiale netwerken	+	++	+	+	++	-	++	+
Humanitaire hulp/ Noodhulp	-	+	+++	+	+	+	+	+
Korte termijn expertise-uitwisseling	++	++	++	+	++	+	++	+
"""
SCORE_COLUMNS = (
    "score_governance",
    "score_officials",
    "score_civil_society",
    "score_private_sector",
    "score_reciprocity",
    "score_citizenship",
    "score_term",
    "score_budget",
)


def _document(number: str) -> str:
    (path,) = SEEDS.glob(f"{number}_*.txt")
    return " ".join(path.read_text(encoding="utf-8").split())


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_every_fact_the_seed_loads_is_the_documents(app):
    from lmb.core.templating import period
    from lmb.evaluations.models import Evaluation, Recommendation
    from lmb.modalities.models import SYMBOL_SCORES, Modality
    from lmb.partnerships.models import CandidateCall, Partnership, SteeringGroup
    from lmb.scheduling.models import Session
    from lmb.tracks.models import Milestone, Phase, Programme, Track

    run_seed(app)
    with app.test_request_context():
        programmes = {p.slug: p for p in db.session.scalars(sa.select(Programme))}
        assert set(programmes) == set(PROGRAMMES)
        for slug, (title, title_en, starts_on, ends_on) in PROGRAMMES.items():
            p = programmes[slug]
            assert (p.title, p.title_en, p.starts_on, p.ends_on) == (
                title,
                title_en,
                starts_on,
                ends_on,
            )
            assert not p.is_demo
        # Amounts: about 35,000 euro per partnership (001), 520.146 EUR in 2017-2019 (003).
        assert "Per partnerschap is een budget van ongeveer 35.000 euro voorzien." in (
            programmes["sdg-partnerschappen"].summary
        )
        assert "35,000 euro" in programmes["sdg-partnerschappen"].summary_en
        assert "520.146 EUR" in programmes[
            "gemeentelijke-ontwikkelingssamenwerking-2017-2019"
        ].summary and "520.146 EUR" in _document("003")

        milestones = db.session.scalars(sa.select(Milestone)).all()
        assert len(milestones) == len(MILESTONES)
        by_key = {(m.programme.slug, m.key): m for m in milestones}
        for slug, key, when, precision in MILESTONES:
            m = by_key[slug, key]
            assert m.precision.name == precision, key
            assert m.title_en and m.description_en, key
            if precision == "day":
                assert m.starts_on == m.ends_on == when, key
            elif precision == "year":
                assert (m.starts_on, m.ends_on) == (date(when, 1, 1), date(when, 12, 31)), key
            else:
                assert period(m.starts_on, m.ends_on, m.precision) == when, key
        # The deadline as the call writes it ("vóór 15 september"), its publication date.
        assert "vóór 15 september" in by_key["sdg-partnerschappen", "oproep-stuurgroep"].description
        call = db.session.scalar(sa.select(CandidateCall))
        assert to_local(call.opens_at).date() == date(2022, 7, 14)
        assert to_local(call.closes_at).date() == date(2022, 9, 15)
        assert "Gepubliceerd op: 14-07-2022" in _document("001")

        tracks = db.session.scalars(
            sa.select(Track)
            .where(Track.programme.has(slug="lokaal-mondiaal-beleid-in-de-praktijk"))
            .order_by(Track.number)
        ).all()
        source = _document("000")
        assert [(t.number, t.title) for t in tracks] == [(n, title) for n, title, _ in TRACKS]
        for track, (_n, title, opening) in zip(tracks, TRACKS, strict=True):
            assert track.description.startswith(opening)
            # The description is the document's own text, word for word.
            assert " ".join(track.description.split()) in source, title
            assert track.title_en and track.description_en
            # What the documents leave open stays open.
            assert (track.registration_opens_at, track.registration_closes_at) == (None, None)
            assert track.capacity is None and track.phases == [] and not track.is_demo
        assert [o.name for o in tracks[0].partners] == ["Steunpunt Duurzame Overheidsopdrachten"]
        assert all(t.partners == [] for t in tracks[1:])
        assert _count(Phase) == 0 and _count(Session) == 0 and _count(Partnership) == 0

        # The 64 scores of document 002's table.
        modalities = {m.table_label: m for m in db.session.scalars(sa.select(Modality))}
        rows = [line.split("\t") for line in WEGWIJZER.strip().splitlines()]
        assert set(modalities) == {row[0] for row in rows}
        scores = 0
        for label, *symbols in rows:
            for column, symbol in zip(SCORE_COLUMNS, symbols, strict=True):
                assert getattr(modalities[label], column) == SYMBOL_SCORES[symbol], (label, column)
                scores += 1
        assert scores == 64

        # The steering group: three seats, yearly from 2022 to 2026 (001).
        group = db.session.scalar(sa.select(SteeringGroup))
        assert (group.meets_from, group.meets_until) == (2022, 2026)
        assert [s.kind.name for s in group.seats] == [
            "politician",
            "global_policy_officer",
            "general_director",
        ]
        assert "bestuurlijke commissie ‘de gemeente in Europa en de wereld’" in (
            group.seats[0].description
        )

        # The management response of 5 July 2019 (003).
        evaluation = db.session.scalar(sa.select(Evaluation))
        assert evaluation.responded_on == date(2019, 7, 5) and "5 juli 2019" in _document("003")
        assert evaluation.evaluator == "Ace Europe" and evaluation.budget == 520146
        assert _count(Recommendation) == 9


def test_the_wegwijzer_table_here_is_the_documents():
    text = (SEEDS.glob("002_*.txt").__next__()).read_text(encoding="utf-8")
    for line in WEGWIJZER.strip().splitlines():
        assert re.search(re.escape(line).replace("\\\t", r"\s+"), text), line
