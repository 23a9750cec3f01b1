"""The programme shows its total budget against "about 35,000 euro per partnership" (document
001), and each partnership page its harvested outcomes to the people who follow it (issue 16)."""

from datetime import date
from decimal import Decimal

from lmb.extensions import db
from lmb.partnerships import services
from lmb.partnerships.models import Country
from tests.builders import create_person
from tests.partnerships.builders import coordinator, partnership


def test_the_programme_budget_stands_against_35000_per_partnership(app, seeded, make_browser):
    with app.app_context():
        staff = coordinator()
        partnership(staff, starts_on=date(2023, 9, 1))
        smaller = partnership(
            staff, country=Country.benin, flemish="Gemeente Hoogstraten", partner="Za-Kpota"
        )
        services.update_partnership(
            smaller,
            by=staff,
            title=smaller.title,
            summary="",
            starts_on=smaller.starts_on,
            ends_on=smaller.ends_on,
            budget_flemish="15000.00",
            budget_partner="15000.00",
            sdgs=smaller.sdgs,
        )
        db.session.commit()
        budget = services.programme_budget(services.partnerships())
        assert budget.reference_total == Decimal("70000.00")
        assert budget.budget_total == Decimal("65000.00")
        assert budget.difference == Decimal("-5000.00")
        assert budget.against_reference(smaller) == Decimal("-5000.00")
        db.session.remove()
    page = make_browser().get("/partnerships/").get_data(as_text=True).replace("\xa0", " ")
    assert "ongeveer € 35.000,00 per partnerschap" in page
    assert "€ 70.000,00" in page and "€ 65.000,00 (€ 5.000,00 minder)" in page
    assert "−€ 5.000,00" in page  # Hoogstraten – Za-Kpota, 5,000 below
    # The programme's own page shows the same, and other programmes none of it.
    programme = make_browser().get("/programmes/sdg-partnerschappen").get_data(as_text=True)
    programme = programme.replace("\xa0", " ")
    assert "Budget van het programma" in programme
    assert "€ 65.000,00 (€ 5.000,00 minder)" in programme
    other = make_browser().get("/programmes/lokaal-mondiaal-beleid-in-de-praktijk")
    assert other.status_code == 200 and "Budget van het programma" not in other.get_data(
        as_text=True
    )
    staff_browser = make_browser()
    staff_browser.login("coordinator@example.org")
    budget_page = staff_browser.get("/partnerships/budget").get_data(as_text=True)
    assert "€\xa065.000,00 (€\xa05.000,00 minder)" in budget_page


def test_a_partnership_page_shows_its_harvested_outcomes_to_who_follows_it(
    app, seeded, make_browser
):
    with app.app_context():
        staff = coordinator()
        p = partnership(staff, starts_on=date(2023, 9, 1))
        create_person("an@merelbeke.example", organization="Gemeente Merelbeke")
        services.save_outcome(
            None,
            by=staff,
            partnership=p,
            visited_on=date(2024, 5, 14),
            actor="De wijkcomités van Huye",
            change="Nodigen de jongeren uit op elke vergadering.",
            occurred_on=date(2024, 3, 1),
        )
        other = partnership(
            staff, country=Country.benin, flemish="Gemeente Hoogstraten", partner="Za-Kpota"
        )
        services.save_outcome(
            None,
            by=staff,
            partnership=other,
            visited_on=date(2024, 5, 14),
            actor="De markt van Za-Kpota",
            change="Verkoopt lokale producten.",
            occurred_on=date(2024, 3, 1),
        )
        db.session.commit()
        slug = p.slug
        db.session.remove()
    member = make_browser()
    member.login("an@merelbeke.example")
    page = member.get(f"/partnerships/{slug}").get_data(as_text=True)
    assert "Nodigen de jongeren uit op elke vergadering." in page
    assert "De markt van Za-Kpota" not in page  # another partnership's outcome
    anonymous = make_browser().get(f"/partnerships/{slug}").get_data(as_text=True)
    assert "Nodigen de jongeren uit" not in anonymous
