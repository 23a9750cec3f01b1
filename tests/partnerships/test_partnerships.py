"""Partnerships: calls and applications, activities with meetings, and exact budgets."""

import io
import zipfile
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from icalendar import Calendar
from openpyxl import load_workbook
from sqlalchemy import select

from lmb.core.errors import Conflict, NotAllowed, ServiceError
from lmb.core.models import utcnow
from lmb.core.timezones import local_datetime, to_local
from lmb.extensions import db
from lmb.notifications.models import OutboundMessage
from lmb.partnerships import exports, services
from lmb.partnerships.models import ApplicationStatus, Country, PartnershipTheme, Side
from lmb.partnerships.services import CallClosed
from tests.builders import create_person
from tests.partnerships.builders import (
    application_form,
    coordinator,
    partnership,
    partnership_call,
)


def add(p, by, title, side, planned, spent="0", starts_on=date(2024, 3, 1), **kwargs):
    return services.save_activity(
        p,
        None,
        by=by,
        title=title,
        description="",
        starts_on=starts_on,
        ends_on=kwargs.pop("ends_on", starts_on),
        side=side,
        planned_amount=planned,
        spent_amount=spent,
        **kwargs,
    )


def test_a_partnership_runs_two_years_on_its_countrys_theme_with_35000_split(ctx, seeded):
    staff = coordinator()
    rwanda = partnership(staff, starts_on=date(2023, 9, 1))
    assert rwanda.ends_on == date(2025, 8, 31)
    assert rwanda.theme is PartnershipTheme.citizen_participation and rwanda.sdgs == [16]
    assert rwanda.partner_association == "RALGA"
    assert rwanda.budget_flemish == rwanda.budget_partner == Decimal("17500.00")
    assert rwanda.budget_total == Decimal("35000.00")
    benin = partnership(
        staff, country=Country.benin, flemish="Gemeente Hoogstraten", partner="Za-Kpota"
    )
    assert benin.theme is PartnershipTheme.local_prosperity
    assert benin.partner_association == "ANCB"
    assert benin.partner_municipality.country == "BJ"


def test_budget_totals_are_exact_per_side_and_per_year(ctx, seeded):
    staff = coordinator()
    p = partnership(staff, starts_on=date(2023, 9, 1))
    # Amounts that binary floats cannot hold: 0.10 + 0.20 is 0.30 here, not 0.30000000000000004.
    add(p, staff, "Kennismaking", Side.flemish, "0.10", "0.10", starts_on=date(2023, 10, 5))
    add(p, staff, "Bezoek Huye", Side.flemish, "8000.20", "7650.80", starts_on=date(2024, 2, 19))
    add(p, staff, "Wijkcomités", Side.partner, "12000.00", "9800.35", starts_on=date(2024, 3, 1))
    add(p, staff, "Slotseminarie", Side.flemish, "6000.00", starts_on=date(2025, 6, 16))
    budget = services.budget_overview(p)
    assert [row.label for row in budget.years] == ["2023", "2024", "2025"]
    y2023, y2024, y2025 = budget.years
    assert y2023.planned[Side.flemish] == Decimal("0.10")
    assert y2024.planned_total == Decimal("20000.20")
    assert y2024.spent_total == Decimal("17451.15")
    assert y2025.spent_total == Decimal("0.00")
    assert budget.total.planned[Side.flemish] == Decimal("14000.30")
    assert budget.total.planned_total == Decimal("26000.30")
    assert budget.total.spent_total == Decimal("17451.25")
    assert budget.remaining_total == Decimal("17548.75")
    for value in (budget.total.planned_total, budget.remaining_total, y2024.spent_total):
        assert isinstance(value, Decimal) and value.as_tuple().exponent == -2


def test_planning_beyond_a_municipalitys_budget_is_refused(ctx, seeded):
    staff = coordinator()
    p = partnership(staff)
    add(p, staff, "Groot bezoek", Side.partner, "17000.00")
    with pytest.raises(ServiceError, match="0.01 EUR meer"):
        add(p, staff, "Nog iets", Side.partner, "500.01")
    add(p, staff, "Net binnen budget", Side.partner, "500.00")
    assert services.budget_overview(p).total.planned[Side.partner] == Decimal("17500.00")
    with pytest.raises(ServiceError):
        services.update_partnership(
            p,
            by=staff,
            title=p.title,
            summary="",
            starts_on=p.starts_on,
            ends_on=p.ends_on,
            budget_flemish="17500.00",
            budget_partner="17499.99",
            sdgs=[16],
        )


@pytest.mark.parametrize("value", ["1.005", "-1", "abc", "NaN", "Infinity", "1e20", ""])
def test_amounts_must_be_euros_and_cents(ctx, value):
    with pytest.raises(ServiceError):
        services.money(value)


def test_floats_never_become_money(ctx):
    with pytest.raises(TypeError):
        services.money(0.1)
    assert services.money("1250,5") == Decimal("1250.50")


def test_the_budget_export_holds_exact_amounts(ctx, seeded):
    staff = coordinator()
    p = partnership(staff, starts_on=date(2023, 9, 1))
    add(p, staff, "Bezoek", Side.flemish, "8000.20", "7650.80", starts_on=date(2024, 2, 19))
    add(p, staff, '=HYPERLINK("http://evil")', Side.partner, "0.10", "0.20")
    body = exports.budget_xlsx([services.budget_overview(p)])
    sheet = load_workbook(io.BytesIO(body))["Budget"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Partnerschap"
    assert [r[2] for r in rows[1:]] == ["2024", "Totaal"]
    total = rows[-1]
    assert total[3] == 17500 and total[11] == pytest.approx(27349.0)
    # The cells hold the decimal digits exactly as written, not a float's approximation.
    xml = zipfile.ZipFile(io.BytesIO(body)).read("xl/worksheets/sheet1.xml").decode()
    assert "<v>8000.30</v>" in xml or "<v>8000.3</v>" in xml
    assert "<v>7651.00</v>" in xml or "<v>7651</v>" in xml
    assert "0.30000000000000004" not in xml
    activities = load_workbook(io.BytesIO(body))["Activiteiten"]
    assert activities.cell(row=3, column=2).value.startswith("'=")


def test_a_meeting_activity_invites_the_partnerships_people(ctx, seeded):
    staff = coordinator()
    p = partnership(staff)
    lotte = create_person("lotte@example.org", organization="Gemeente Merelbeke")
    services.set_contacts(p, [lotte], by=staff)
    day = to_local(utcnow() + timedelta(days=20)).date()
    activity = add(
        p,
        staff,
        "Online werkoverleg",
        Side.flemish,
        "0.00",
        starts_on=day,
        meeting=services.Meeting(
            starts_at=local_datetime(day, time(10)),
            ends_at=local_datetime(day, time(11)),
            online_url="https://meet.example.org/huye",
        ),
    )
    assert activity.session is not None and activity.session.track is None
    [invite] = db.session.scalars(
        select(OutboundMessage).where(OutboundMessage.kind == "invite/session")
    ).all()
    assert invite.recipient_email == "lotte@example.org"
    event = Calendar.from_ical(invite.ical).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Gemeente Merelbeke – Huye: Online werkoverleg"
    # A person added later is invited too; one removed gets a CANCEL.
    ines = create_person("ines@example.org", organization="Gemeente Merelbeke")
    services.set_contacts(p, [ines], by=staff)
    sent = [
        (m.recipient_email, m.ical_method)
        for m in db.session.scalars(
            select(OutboundMessage)
            .where(OutboundMessage.kind == "invite/session")
            .order_by(OutboundMessage.id)
        )
    ]
    assert sent[1:] == [("ines@example.org", "REQUEST"), ("lotte@example.org", "CANCEL")]
    # The track pages do not treat it as a track session.
    assert services.cancel_activity_meeting(activity, by=staff) is None
    assert activity.session.status.name == "cancelled"


def test_a_partnership_continues_as_a_stedenband_only_after_its_two_years(ctx, seeded):
    staff = coordinator()
    p = partnership(staff, starts_on=date(2023, 3, 1))
    with pytest.raises(ServiceError, match="na zijn 2 jaar"):
        services.record_stedenband(p, by=staff, since=date(2024, 6, 1))
    services.record_stedenband(
        p, by=staff, since=date(2025, 3, 1), url="https://www.merelbeke.be/stedenband"
    )
    assert p.stedenband_since == date(2025, 3, 1)


def test_participants_cannot_manage_partnerships(ctx, seeded):
    with pytest.raises(NotAllowed):
        partnership(create_person("deelnemer@example.org"))


def test_an_application_after_the_call_closed_is_refused(ctx, seeded):
    staff = coordinator()
    call = partnership_call(staff, opens_in_days=-30, closes_in_days=-1)
    person = create_person("sofie@example.org", organization="Gemeente Merelbeke")
    with pytest.raises(CallClosed, match="niet langer aanvaard"):
        services.apply(person, call, country=Country.rwanda, motivation="Graag")


def test_a_municipality_applies_once_and_selection_starts_a_partnership(ctx, seeded):
    staff = coordinator()
    call = partnership_call(staff)
    sofie = create_person("sofie@example.org", organization="Gemeente Merelbeke")
    application = services.apply(
        sofie, call, country=Country.rwanda, motivation="Wij werken al rond participatie."
    )
    with pytest.raises(Conflict):
        services.apply(sofie, call, country=Country.benin, motivation="Nog eens")
    created = services.select_application(
        application, by=staff, partner_municipality="Huye", starts_on=date(2027, 1, 1)
    )
    assert application.status is ApplicationStatus.selected
    assert created.flemish_municipality.name == "Gemeente Merelbeke"
    assert created.contacts == [sofie]
    kinds = [
        m.kind
        for m in db.session.scalars(
            select(OutboundMessage).where(OutboundMessage.recipient_email == "sofie@example.org")
        )
    ]
    assert kinds == ["partnerships/application_received", "partnerships/application_decided"]


def test_pages_show_the_partnership_and_its_budget(app, browser, seeded, make_user, make_browser):
    with app.app_context():
        staff = coordinator()
        p = partnership(staff, starts_on=date(2023, 9, 1))
        add(p, staff, "Bezoek", Side.flemish, "8000.20", "7650.80", starts_on=date(2024, 2, 19))
        slug = p.slug
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    page = browser.get(f"/partnerships/{slug}").get_data(as_text=True)
    assert "RALGA" in page and "Burgerparticipatie (SDG 16)" in page
    assert "8.000,20" in page and "35.000,00" in page
    # Remaining per municipality: 17,500.00 − 7,650.80 spent, and nothing spent by Huye.
    assert "resterend: €\xa09.849,20" in page and "resterend: €\xa017.500,00" in page
    assert browser.get("/partnerships/budget.xlsx").status_code == 302  # log in first
    browser.login("coordinator@example.org")
    response = browser.get("/partnerships/budget.xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("sheet")
    make_user(email="deelnemer@example.org")
    other = make_browser()
    other.login("deelnemer@example.org")
    assert other.get("/partnerships/budget").status_code == 403


def test_the_api_lists_partnerships_with_exact_budgets(app, browser, seeded):
    with app.app_context():
        staff = coordinator()
        p = partnership(staff, starts_on=date(2023, 9, 1))
        add(p, staff, "Bezoek", Side.flemish, "8000.20", "7650.80", starts_on=date(2024, 2, 19))
        slug = p.slug
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    listing = browser.get("/api/v1/partnerships").get_json()
    assert listing["total"] == 1 and listing["items"][0]["partner_association"] == "RALGA"
    detail = browser.get(f"/api/v1/partnerships/{slug}").get_json()
    assert detail["budget"]["total"]["planned_total"] == "8000.20"
    assert detail["budget"]["remaining_total"] == "27349.20"
    assert detail["activities"][0]["spent_amount"] == "7650.80"
    missing = browser.get("/api/v1/partnerships/nope")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"


def test_a_municipality_applies_on_the_call_page_and_staff_select_it(app, seeded, make_browser):
    with app.app_context():
        staff = coordinator()
        call = partnership_call(staff)
        create_person("sofie@example.org", organization="Gemeente Merelbeke")
        slug = call.slug
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    sofie = make_browser()
    sofie.login("sofie@example.org")
    response = sofie.submit(
        f"/partnerships/calls/{slug}",
        application_form(country="rwanda", motivation="Wij werken al rond participatie."),
    )
    assert response.status_code == 302
    page = sofie.get(f"/partnerships/calls/{slug}").get_data(as_text=True)
    assert "Uw gemeente heeft een aanvraag ingediend: Ingediend" in page
    again = sofie.submit(
        f"/partnerships/calls/{slug}", application_form(country="benin", motivation="Nog eens")
    )
    assert again.status_code == 422
    assert "Gemeente Merelbeke heeft al een aanvraag ingediend" in again.get_data(as_text=True)
    staff_browser = make_browser()
    staff_browser.login("coordinator@example.org")
    listing = staff_browser.get(f"/partnerships/calls/{slug}/applications")
    assert "Gemeente Merelbeke" in listing.get_data(as_text=True)
    with app.app_context():
        [application] = services.call_by_slug(slug).applications
        application_id = application.id
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    # The applications page asks (a GET form) before the partnership is made.
    question_url = f"/partnerships/applications/{application_id}/select"
    assert f'method="get" action="{question_url}"' in listing.get_data(as_text=True)
    missing = staff_browser.get(f"{question_url}?partner_municipality=Huye&starts_on=")
    assert 'aria-invalid="true"' in missing.get_data(as_text=True)
    question = staff_browser.get(f"{question_url}?partner_municipality=Huye&starts_on=2027-01-01")
    text = question.get_data(as_text=True)
    assert "Gemeente Merelbeke begint op vr 1 jan 2027 een partnerschap met Huye." in text
    assert "krijgt een e-mail en neemt deel aan het partnerschap" in text
    assert 'name="confirmed" value="yes"' in text
    selected = staff_browser.confirm(
        question_url,
        {"partner_municipality": "Huye", "starts_on": "2027-01-01"},
        page=f"/partnerships/calls/{slug}/applications",
        follow_redirects=True,
    )
    assert "De aanvraag is geselecteerd" in selected.get_data(as_text=True)
    overview = sofie.get("/partnerships/").get_data(as_text=True)
    assert "Gemeente Merelbeke – Huye" in overview


def test_meeting_activities_are_reminded_to_the_partnerships_people(ctx, seeded):
    from lmb.notifications.subscriptions import set_reminders
    from lmb.notifications.sweep import sweep

    staff = coordinator()
    p = partnership(staff)
    lotte = create_person("lotte@example.org", organization="Gemeente Merelbeke")
    ines = create_person("ines@example.org", organization="Gemeente Merelbeke")
    services.set_contacts(p, [lotte, ines], by=staff)
    set_reminders(ines.id, wanted=False)
    day = to_local(utcnow() + timedelta(days=12)).date()
    activity = add(
        p,
        staff,
        "Werkbezoek",
        Side.flemish,
        "100.00",
        starts_on=day,
        meeting=services.Meeting(
            starts_at=local_datetime(day, time(9)),
            ends_at=local_datetime(day, time(17)),
            location="Huye",
        ),
    )
    assert sweep(activity.session.starts_at - timedelta(days=1, minutes=-5)) == 1
    [reminder] = db.session.scalars(
        select(OutboundMessage).where(OutboundMessage.kind == "reminder/session")
    ).all()
    assert reminder.recipient_email == "lotte@example.org"
    assert "Gemeente Merelbeke – Huye" in reminder.body_text
