"""The 8 modalities of seed 002 with the Wegwijzer table's exact scores."""

import sqlalchemy as sa

from lmb.extensions import db
from lmb.modalities.models import Modality

# Seed 002, "Wegwijzer": - → -1, + → 1, ++ → 2, +++ → 3, in the table's column order.
TABLE = {
    "stedenband": "+++ +++ +++ ++ +++ ++ +++ +++",
    "jumelage": "- ++ +++ + ++ ++ +++ +",
    "internationale-jeugdwerking": "- + +++ - + +++ ++ +",
    "indirecte-samenwerking": "+ + +++ + ++ ++ +++ ++",
    "private-sector": "+ ++ ++ +++ ++ + ++ +",
    "mondiale-netwerken": "+ ++ + + ++ - ++ +",
    "humanitaire-hulp": "- + +++ + + + + +",
    "expertise-uitwisseling": "++ ++ ++ + ++ + ++ +",
}
KEYS = [
    "governance",
    "officials",
    "civil_society",
    "private_sector",
    "reciprocity",
    "citizenship",
    "term",
    "budget",
]
SYMBOLS = {"-": -1, "+": 1, "++": 2, "+++": 3}


def test_the_eight_modalities_have_the_scores_of_the_table(app, seeded):
    with app.app_context():
        modalities = db.session.scalars(sa.select(Modality).order_by(Modality.position)).all()
        assert [m.slug for m in modalities] == list(TABLE)
        for modality in modalities:
            expected = dict(
                zip(KEYS, (SYMBOLS[s] for s in TABLE[modality.slug].split()), strict=True)
            )
            assert modality.scores == expected, modality.slug


def test_modalities_keep_the_texts_and_examples_of_the_source(app, seeded):
    with app.app_context():
        stedenband = db.session.scalar(sa.select(Modality).where(Modality.slug == "stedenband"))
        assert stedenband.definition.startswith(
            "Een stedenband is een partnerschap tussen een gemeente of stad in Vlaanderen"
        )
        assert [s["heading"] for s in stedenband.sections][:4] == [
            "Wederkerigheid",
            "Participatie",
            "Termijn",
            "Budget",
        ]
        titles = [e["title"] for e in stedenband.examples]
        assert "Stedenband Roeselare – Dogbo" in titles
        expertise = db.session.scalar(
            sa.select(Modality).where(Modality.slug == "expertise-uitwisseling")
        )
        assert "VVSG-projectoproep SDG partnerschappen" in [e["title"] for e in expertise.examples]


def test_the_wegwijzer_page_shows_the_table_with_text_not_only_symbols(browser, seeded):
    page = browser.get("/wegwijzer").get_data(as_text=True)
    assert "<caption" in page and 'scope="col"' in page and 'scope="row"' in page
    assert "Mondiale samenwerking met betrokkenheid van de private sector" in page
    assert page.count("<tr>") == 9
    detail = browser.get("/wegwijzer/jumelage")
    assert detail.status_code == 200
    assert "Lichtervelde" in detail.get_data(as_text=True)
