"""SDGs are shown with their names and the UN's official colours, the text beside the colour
in the page's own ink (issue 14)."""

import re
from datetime import date

from lmb.core.sdgs import COLOURS, sdg
from lmb.partnerships.models import Country
from tests.partnerships.builders import coordinator, partnership


def test_the_seventeen_goals_have_their_official_colours():
    assert len(COLOURS) == 17
    assert sdg(7).colour == "#FCC30B" and sdg(16).colour == "#00689D"
    assert sdg(0) is None and sdg(18) is None


def test_a_partnership_names_its_sdgs_beside_their_colours(ctx, seeded, browser):
    benin = partnership(
        coordinator(),
        country=Country.benin,
        flemish="Gemeente Hoogstraten",
        partner="Za-Kpota",
        starts_on=date(2023, 3, 1),
    )
    page = browser.get(f"/partnerships/{benin.slug}").get_data(as_text=True)
    labels = re.findall(
        r'<span class="sdg-label"><svg class="sdg-swatch"[^>]*aria-hidden="true"[^>]*>'
        r'<rect [^>]*fill="(#[0-9A-F]{6})"[^>]*/></svg> ([^<]*)</span>',
        page,
    )
    assert benin.sdgs == [7, 8, 9, 10]
    assert labels == [
        ("#FCC30B", "SDG 7: Betaalbare en duurzame energie"),
        ("#A21942", "SDG 8: Waardig werk en economische groei"),
        ("#FD6925", "SDG 9: Industrie, innovatie en infrastructuur"),
        ("#DD1367", "SDG 10: Ongelijkheid verminderen"),
    ]
