"""A partnership's budget as planned-against-spent bars on one scale with the budget marked,
and the amounts right-aligned in the table that is the chart's text (issue 14)."""

import re
from datetime import date

from lmb.extensions import db
from lmb.partnerships.models import Side
from tests.partnerships.builders import coordinator, partnership
from tests.partnerships.test_partnerships import add


def widths(svg: str, kind: str) -> list[float]:
    return [float(w) for w in re.findall(rf'class="bar-{kind}"[^>]*? width="([\d.]+)"', svg)]


def test_bars_are_proportional_to_the_amounts_and_the_table_gives_them(ctx, seeded, browser):
    staff = coordinator()
    p = partnership(staff, starts_on=date(2023, 9, 1))
    add(p, staff, "Kennismaking", Side.flemish, "3500.00", "1750.00", starts_on=date(2023, 10, 5))
    add(p, staff, "Wijkcomités", Side.partner, "7000.00", "0", starts_on=date(2024, 3, 1))
    db.session.commit()
    page = browser.get(f"/partnerships/{p.slug}").get_data(as_text=True)
    svg = re.search(r'<svg class="chart-svg".*?</svg>', page, re.S).group(0)
    chart = f"budget-chart-{p.id}"
    assert f'role="img" aria-labelledby="{chart}-title {chart}-desc"' in svg
    assert f'<title id="{chart}-title">Budget per jaar: gepland en uitgegeven</title>' in svg
    desc = re.search(rf'<desc id="{chart}-desc">(.*?)</desc>', svg, re.S).group(1)
    assert "10.500,00" in desc and "1750,00" in desc.replace(".", "") and "35.000,00" in desc
    # Rows 2023, 2024 and the total; the scale's end is the budget of 35 000 over 480 units.
    assert widths(svg, "planned") == [48.0, 96.0, 144.0]
    assert widths(svg, "spent") == [24.0, 0.0, 24.0]
    assert re.search(r'class="budget-line" x1="570(\.0)?"', svg)
    assert "style=" not in svg
    table = re.search(r"<table>(.*?)</table>", page[page.index(svg) :], re.S).group(1)
    assert table.count('<td class="amount number">') == 3 * 6
    assert '<th scope="col" class="amount number">Gepland in totaal</th>' in table


def test_spending_past_the_budget_widens_the_scale(ctx, seeded, browser):
    staff = coordinator()
    p = partnership(staff, starts_on=date(2023, 9, 1))
    add(p, staff, "Bezoek", Side.flemish, "17500.00", "17500.00", starts_on=date(2023, 10, 5))
    p.budget_flemish = 10000
    db.session.commit()
    page = browser.get(f"/partnerships/{p.slug}").get_data(as_text=True)
    svg = re.search(r'<svg class="chart-svg".*?</svg>', page, re.S).group(0)
    # 27 500 of budget, 17 500 spent: the scale still ends at the budget, the bar within it.
    assert widths(svg, "spent") == [round(17500 / 27500 * 480, 1)] * 2
