"""In the browser: a person stands for the steering group, an admin selects them, and the
yearly meeting's calendar invite arrives in their mail."""

import re
from datetime import time, timedelta

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from lmb.core.models import utcnow
from lmb.core.timezones import local_datetime, to_local
from lmb.extensions import db
from lmb.partnerships import services
from tests.builders import create_person
from tests.e2e.test_registration_journey import log_in, log_out
from tests.partnerships.builders import admin, open_candidate_call

pytestmark = pytest.mark.e2e
GROUP_PAGE = "/steering-group/stuurgroep-sdg-partnerschappen"


def calendar_parts(smtp_server, address):
    found = []
    for mail in smtp_server.to(address):
        for part in mail.walk():
            if part.get_content_type() == "text/calendar":
                calendar = Calendar.from_ical(part.get_content())
                found.append((mail["Subject"], str(calendar["METHOD"]), calendar.walk("VEVENT")[0]))
    return found


def test_apply_for_the_steering_group_be_selected_and_get_the_yearly_meeting(
    page, app, seeded, smtp_server, flush_outbox
):
    with app.app_context():
        day = to_local(utcnow() + timedelta(days=50)).date()
        call = open_candidate_call()
        boss = admin()
        services.schedule_meeting(
            call.steering_group,
            by=boss,
            starts_at=local_datetime(day, time(14)),
            ends_at=local_datetime(day, time(16, 30)),
            location="VVSG, Bischoffsheimlaan 1-8, 1000 Brussel",
        )
        create_person("lotte@example.org", organization="Gemeente Mol")
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()

    # Lotte stands as a candidate for the global policy officer's seat.
    log_in(page, "lotte@example.org")
    page.get_by_role("link", name="SDG-partnerschappen").first.click()
    page.get_by_role("link", name="Stuurgroep SDG-partnerschappen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stuurgroep SDG-partnerschappen")
    page.get_by_label("Mondiale ambtenaar").check()
    page.get_by_label("Motivatie").fill("Ik volg als mondiale ambtenaar al jaren stedenbanden op.")
    page.get_by_role("button", name="Mijn kandidatuur versturen").click()
    expect(page.locator(".flash-success")).to_contain_text("kandidatuur is ontvangen")
    expect(page.locator("main")).to_contain_text("U stelde zich kandidaat voor: Mondiale ambtenaar")
    log_out(page)

    # The admin selects her.
    log_in(page, "admin@example.org")
    page.goto(GROUP_PAGE)
    page.get_by_role("link", name="Kandidaturen").click()
    page.get_by_role("link", name="Lotte selecteren").click()
    expect(page.locator(".consequences")).to_contain_text("wordt lid van")
    page.get_by_role("button", name=re.compile("Ja, selecteer Lotte")).click()
    expect(page.locator(".flash-success")).to_contain_text("is nu lid")
    page.goto(GROUP_PAGE)
    members = page.get_by_role("table")
    expect(members).to_contain_text("Lotte")
    log_out(page)

    flush_outbox()
    invites = calendar_parts(smtp_server, "lotte@example.org")
    assert len(invites) == 1
    subject, method, event = invites[0]
    assert method == "REQUEST"
    assert subject.startswith("Uitnodiging: Jaarlijkse bijeenkomst")
    assert "Stuurgroep SDG-partnerschappen" in str(event["SUMMARY"])
    with app.app_context():
        assert event["DTSTART"].dt == local_datetime(day, time(14))
    subjects = [m["Subject"] for m in smtp_server.to("lotte@example.org")]
    assert any(s.startswith("Welkom in de Stuurgroep") for s in subjects)
    assert any(s.startswith("Uw kandidatuur") for s in subjects)
