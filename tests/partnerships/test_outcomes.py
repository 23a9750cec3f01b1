"""Outcome harvesting: recording outcome statements, filtering them, exporting them."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from lmb.accounts.services import create_api_token, get_or_create_organization
from lmb.core.errors import NotAllowed, ServiceError
from lmb.extensions import db
from lmb.partnerships import exports, services
from lmb.partnerships.services import OutcomeFilters
from tests.builders import create_person, create_track
from tests.partnerships.builders import coordinator, partnership


def record(by, **overrides):
    fields = {
        "visited_on": date(2024, 3, 5),
        "actor": "De jeugddienst van Merelbeke",
        "change": "Zette een wijkoverleg op waar jongeren mee de agenda bepalen.",
        "occurred_on": date(2024, 2, 28),
        "place": "Merelbeke",
        "significance": "Jongeren nemen deel.",
        "contribution": "Uitwisselingsbezoek in Huye.",
        "sources": "Verslag",
        "substantiation": "",
        "confirmed_by": "",
        "sdgs": [16],
    }
    fields.update(overrides)
    return services.save_outcome(None, by=by, **fields)


def build_harvest():
    staff = coordinator()
    rwanda = partnership(staff)
    track = create_track("pilootgemeenten", "SDG-pilootgemeenten")
    roeselare = get_or_create_organization("Stad Roeselare")
    records = [
        record(staff, partnership=rwanda, municipality=rwanda.flemish_municipality),
        record(
            staff,
            municipality=roeselare,
            visited_on=date(2019, 6, 20),
            occurred_on=date(2019, 4, 1),
            actor="Het schepencollege van Roeselare",
            change="Koppelde elke actie van het meerjarenplan aan een SDG.",
            confirmed_by="Algemeen directeur",
            sdgs=[12, 17],
        ),
        record(staff, track=track, actor="De mondiale ambtenaar", sdgs=[4, 16]),
    ]
    db.session.commit()
    return staff, rwanda, track, roeselare, records


@pytest.fixture
def harvest(ctx, seeded):
    return build_harvest()


@pytest.fixture
def harvested(app, seeded):
    """The same records, built outside the test's own requests: (rwanda slug, rwanda id)."""
    with app.app_context():
        _staff, rwanda, *_ = build_harvest()
        found = rwanda.slug, rwanda.id
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    return found


def test_an_outcome_concerns_a_municipality_partnership_or_track(ctx, seeded):
    staff = coordinator()
    with pytest.raises(ServiceError, match="gemeente, welk partnerschap"):
        record(staff)
    with pytest.raises(ServiceError):
        record(staff, municipality=get_or_create_organization("Stad Roeselare"), sdgs=[18])
    with pytest.raises(ServiceError, match="vóór dat bezoek"):
        record(
            staff,
            municipality=get_or_create_organization("Stad Roeselare"),
            occurred_on=date(2024, 4, 1),
        )
    with pytest.raises(NotAllowed):
        record(create_person("p@example.org"), municipality=get_or_create_organization("X"))


def test_outcomes_filter_by_sdg_link_year_substantiation_and_text(harvest):
    _staff, rwanda, track, roeselare, (first, second, third) = harvest

    def ids(**filters):
        return [r.id for r in services.outcomes(OutcomeFilters(**filters))]

    assert ids() == [third.id, first.id, second.id]
    assert ids(sdg=16) == [third.id, first.id]
    assert ids(sdg=17) == [second.id]
    assert ids(partnership_id=rwanda.id) == [first.id]
    assert ids(track_id=track.id) == [third.id]
    assert ids(municipality_id=roeselare.id) == [second.id]
    assert ids(year=2019) == [second.id]
    assert ids(substantiated=True) == [second.id]
    assert ids(substantiated=False) == [third.id, first.id]
    assert ids(text="schepencollege") == [second.id]
    assert ids(text="100%_") == []


def test_the_export_has_one_row_per_outcome_with_its_links(harvest):
    *_, records = harvest
    body = exports.outcomes_xlsx(services.outcomes(OutcomeFilters(sdg=16)))
    rows = list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("Bezoek op", "Gemeente", "Partnerschap", "Leertraject", "Wie veranderde")
    assert len(rows) == 3
    assert rows[2][2] == "Gemeente Merelbeke – Huye" and rows[2][13] == "16"


def test_coordinators_see_the_list_and_participants_do_not(
    harvested, browser, make_user, make_browser
):
    browser.login("coordinator@example.org")
    page = browser.get("/outcomes/?sdg=17").get_data(as_text=True)
    assert "Het schepencollege van Roeselare" in page and "De jeugddienst" not in page
    export = browser.get("/outcomes/export.xlsx?substantiated=no")
    assert export.status_code == 200
    assert len(list(load_workbook(io.BytesIO(export.data)).active.iter_rows())) == 3
    for hostile in ("?sdg=99", "?year=abc", "?municipality=99999999999999", "?q=%25"):
        assert browser.get(f"/outcomes/{hostile}").status_code == 200
    make_user(email="deelnemer@example.org")
    other = make_browser()
    other.login("deelnemer@example.org")
    assert other.get("/outcomes/").status_code == 403


def test_a_coordinator_records_an_outcome_through_the_form(harvested, browser):
    _slug, rwanda_id = harvested
    browser.login("coordinator@example.org")
    response = browser.submit(
        "/outcomes/new",
        {
            "visited_on": "2025-02-10",
            "municipality_id": "0",
            "partnership_id": str(rwanda_id),
            "track_id": "0",
            "actor": "Het district Huye",
            "change": "Nodigt burgers uit op de maandelijkse Umuganda om het budget te bespreken.",
            "occurred_on": "2025-01-25",
            "sdgs": ["16"],
            "confirmed_by": "RALGA",
        },
    )
    assert response.status_code == 302
    page = browser.get(response.location).get_data(as_text=True)
    assert "Het district Huye" in page and "RALGA" in page
    missing = browser.submit(
        "/outcomes/new",
        {
            "visited_on": "2025-02-10",
            "actor": "X",
            "change": "Y",
            "occurred_on": "2025-01-01",
            "municipality_id": "0",
            "partnership_id": "0",
            "track_id": "0",
        },
    )
    assert missing.status_code == 422
    assert "welk partnerschap" in missing.get_data(as_text=True)


def test_the_api_lists_outcomes_for_coordinators(app, harvested, browser):
    slug, _id = harvested
    with app.app_context():
        from lmb.accounts.services import find_user_by_email

        _token, secret = create_api_token(find_user_by_email("coordinator@example.org"), "t")
        _t, other_secret = create_api_token(create_person("p@example.org"), "test")
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    headers = {"Authorization": f"Bearer {secret}"}
    body = browser.get(f"/api/v1/outcomes?partnership={slug}", headers=headers).get_json()
    assert body["total"] == 1 and body["items"][0]["partnership"] == slug
    assert browser.get("/api/v1/outcomes?sdg=16", headers=headers).get_json()["total"] == 2
    assert browser.get("/api/v1/outcomes?sdg=99", headers=headers).status_code == 422
    assert browser.get("/api/v1/outcomes").status_code == 401
    forbidden = browser.get("/api/v1/outcomes", headers={"Authorization": f"Bearer {other_secret}"})
    assert forbidden.status_code == 403 and forbidden.get_json()["error"]["code"] == "forbidden"
