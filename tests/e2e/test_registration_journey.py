"""In the browser: register, wait, be promoted, find the sessions, follow a moved session."""

from datetime import time, timedelta

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from lmb.core.models import utcnow
from lmb.core.timezones import local_datetime, to_local
from lmb.extensions import db
from tests.builders import (
    create_open_track,
    create_person,
    create_session,
    make_coordinator,
)

pytestmark = pytest.mark.e2e
NOW = utcnow().replace(second=0, microsecond=0)


def log_in(page, email):
    page.goto("/account/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord (verplicht)", exact=True).fill("correct horse battery")
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    expect(page.locator("header.site-header")).to_contain_text("Afmelden")


def log_out(page):
    page.get_by_role("button", name="Afmelden").click()
    expect(page.locator("header.site-header")).to_contain_text("Aanmelden")


def invites(smtp_server, address):
    found = []
    for mail in smtp_server.to(address):
        for part in mail.walk():
            if part.get_content_type() == "text/calendar":
                calendar = Calendar.from_ical(part.get_content())
                found.append((str(calendar["METHOD"]), calendar.walk("VEVENT")[0]))
    return found


def test_waiting_list_promotion_agenda_and_a_moved_session(page, app, smtp_server, flush_outbox):
    with app.app_context():
        track = create_open_track("participatie", "Participatie")
        day = to_local(NOW + timedelta(days=41)).date()
        create_session(track, local_datetime(day, time(10)), title="Labo 1")
        make_coordinator("coord@example.org", track)
        for email in ("sofie@example.org", "tom@example.org"):
            create_person(email)
        db.session.commit()
        db.session.remove()

    # Sofie takes the only place.
    log_in(page, "sofie@example.org")
    page.goto("/tracks/participatie")
    page.get_by_role("button", name="Inschrijven voor dit leertraject").click()
    expect(page.locator(".flash-success")).to_contain_text("U bent ingeschreven")
    log_out(page)

    # Tom lands on the waiting list, with his position shown.
    log_in(page, "tom@example.org")
    page.goto("/tracks/participatie")
    page.get_by_role("button", name="Volzet – u komt op de wachtlijst (plaats 1)").click()
    expect(page.locator(".flash-success")).to_contain_text("nummer 1 op de wachtlijst")
    expect(page.locator("#register-heading + p")).to_contain_text("nummer 1")
    log_out(page)

    # Sofie cancels: Tom is promoted.
    log_in(page, "sofie@example.org")
    page.goto("/tracks/participatie")
    page.get_by_role("link", name="Mijn inschrijving annuleren").click()
    expect(page.locator(".consequences")).to_contain_text("De eerste persoon op de wachtlijst")
    page.get_by_role("button", name="Ja, annuleer de inschrijving").click()
    expect(page.locator(".flash-success")).to_contain_text("geannuleerd")
    log_out(page)

    log_in(page, "tom@example.org")
    page.get_by_role("link", name="Mijn agenda", exact=True).click()  # not "Zet in mijn agenda"
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn agenda")
    expect(page.locator("main")).to_contain_text("Labo 1")
    page.get_by_label("Ik kom").first.check()
    page.get_by_role("button", name="Opslaan").first.click()
    expect(page.locator(".flash-success")).to_be_visible()
    log_out(page)
    flush_outbox()
    [(method, before)] = invites(smtp_server, "tom@example.org")
    assert method == "REQUEST"

    # The coordinator moves the session by an hour.
    log_in(page, "coord@example.org")
    page.goto("/tracks/participatie/manage")
    page.get_by_role("link", name="Wijzigen of verplaatsen").first.click()
    page.get_by_label("Begint om").fill("11:00")
    page.get_by_label("Eindigt om").fill("14:00")
    page.get_by_role("button", name="Opslaan").click()
    # Moving mails the participants: the form asks once more, saying how many.
    expect(page.locator(".consequences")).to_contain_text(
        "1 deelnemer krijgt de wijziging per e-mail"
    )
    page.get_by_role("button", name="Ja, wijzig de bijeenkomst").click()
    expect(page.locator(".flash-success")).to_contain_text("gewijzigd")
    flush_outbox()

    method, after = invites(smtp_server, "tom@example.org")[-1]
    assert method == "REQUEST"
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert after["DTSTART"].dt - before["DTSTART"].dt == timedelta(hours=1)
