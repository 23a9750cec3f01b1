"""In the browser: an admin creates a programme with a milestone and a new track with its
phases and registration window, opens it, and a participant registers; a refused change
shows its reason on the field."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from lmb.core.models import utcnow
from lmb.core.timezones import to_local
from lmb.extensions import db
from tests.builders import create_person
from tests.e2e.test_registration_journey import log_in, log_out

pytestmark = pytest.mark.e2e


def test_an_admin_runs_a_programme_and_a_participant_registers(page, app):
    with app.app_context():
        create_person("admin@example.org", role="admin", organization="VVSG")
        create_person("sofie@example.org")
        db.session.commit()
        db.session.remove()
        today = to_local(utcnow()).date()
    year = today.year

    log_in(page, "admin@example.org")
    page.goto("/programmes/new")
    page.fill("#title", "Korte ketens in de praktijk")
    page.fill("#starts_on", f"{year}-01-01")
    page.fill("#ends_on", f"{year + 2}-12-31")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".flash-success")).to_contain_text("Het programma is aangemaakt")

    page.get_by_role("link", name="Mijlpaal toevoegen").click()
    page.select_option("#kind", "tools")
    page.fill("#title", "Tools voor andere gemeenten")
    page.fill("#title_en", "Tools for other municipalities")
    page.fill("#period", f"najaar {year + 1}")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".flash-success")).to_contain_text("De mijlpaal is toegevoegd")
    expect(page.locator("table")).to_contain_text(f"najaar {year + 1}")

    page.get_by_role("link", name="Nieuw leertraject starten").click()
    page.fill("#title", "Korte ketens")
    page.fill("#content", "Lokale voeding in de eigen aankoop.")
    page.select_option("#status", "open")
    page.fill("#labo_starts_on", (today + timedelta(days=30)).isoformat())
    page.fill("#labo_ends_on", (today + timedelta(days=120)).isoformat())
    page.fill("#opens_day", (today - timedelta(days=1)).isoformat())
    page.fill("#closes_day", (today + timedelta(days=200)).isoformat())
    page.fill("#capacity", "10")
    page.get_by_role("button", name="Opslaan").click()
    # The window closes after the labo, the track's last phase: refused, on the field.
    expect(page.locator("#opens_day")).to_be_visible()
    expect(page.locator("#closes_day-error")).to_contain_text(
        "De inschrijving moet sluiten voor de laatste fase van het traject eindigt"
    )
    page.fill("#closes_day", (today + timedelta(days=20)).isoformat())
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".flash-success")).to_contain_text("Het leertraject is gestart")
    expect(page.locator("h1")).to_contain_text("Korte ketens")
    expect(page.locator("#about-heading + dl")).to_contain_text("Lokale voeding")
    expect(page.locator(".contact")).to_contain_text("VVSG – Dienst Internationaal")
    log_out(page)

    log_in(page, "sofie@example.org")
    page.goto("/tracks/korte-ketens")
    page.get_by_role("button", name="Inschrijven voor dit leertraject").click()
    expect(page.locator(".flash-success")).to_contain_text("U bent ingeschreven")
