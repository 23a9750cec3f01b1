"""A dropped connection loses nothing that was typed (issue 18: "uploads of reports resume or
fail clearly on a dropped connection"). lmb/static/keep-draft.js keeps an SDG partnership
application's fields on the device: sending offline is stopped with a clear message, and after
the connection is back and the page reloaded, what was typed and chosen is put back with a notice
that says to choose the council's decision again (a browser cannot keep a chosen file). The
report part's case is in the French partner journey (test_french_partner_journey.py)."""

import pytest
from playwright.sync_api import expect

from lmb.extensions import db
from lmb.partnerships import services
from tests.builders import create_person
from tests.partnerships.builders import coordinator, partnership_call, pdf_bytes

pytestmark = pytest.mark.e2e
MOTIVATION = "Wij werken al jaren rond participatie met onze wijkraden."
SEND = "De aanvraag versturen"


def fill_in(page):
    page.locator("input[name=country][value=rwanda]").check()
    page.locator("#proposed_partner").fill("Huye")
    page.locator("input[name=sdgs][value='16']").check()
    page.locator("#motivation").fill(MOTIVATION)
    page.locator("#contact_name").fill("Sofie Peeters")
    page.locator("#contact_email").fill("sofie@merelbeke.example")


def choose_decision(page):
    page.locator("#decision").set_input_files(
        files=[{"name": "raadsbesluit.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )


def test_an_application_typed_offline_is_kept_and_sent_once_back_online(
    chromium, live_server, app, seeded
):
    with app.app_context():
        slug = partnership_call(coordinator()).slug
        create_person("sofie@example.org", organization="Gemeente Merelbeke")
        db.session.commit()
        db.session.remove()
    context = chromium.new_context(base_url=live_server, locale="nl-BE")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/account/login")
    page.get_by_label("E-mailadres").fill("sofie@example.org")
    page.get_by_label("Wachtwoord (verplicht)", exact=True).fill("correct horse battery")
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    page.goto(f"/partnerships/calls/{slug}")
    fill_in(page)
    choose_decision(page)

    page.context.set_offline(True)
    page.get_by_role("button", name=SEND).click()
    message = page.locator("[data-draft-message]")
    expect(message).to_contain_text("Er is geen verbinding: de aanvraag is nog niet verstuurd")
    expect(page.locator("#motivation")).to_have_value(MOTIVATION)

    page.context.set_offline(False)
    page.reload()
    expect(message).to_contain_text("kies het bestand opnieuw")
    expect(page.locator("#motivation")).to_have_value(MOTIVATION)
    expect(page.locator("#proposed_partner")).to_have_value("Huye")
    expect(page.locator("#contact_email")).to_have_value("sofie@merelbeke.example")
    expect(page.locator("input[name=country][value=rwanda]")).to_be_checked()
    expect(page.locator("input[name=sdgs][value='16']")).to_be_checked()

    choose_decision(page)
    page.get_by_role("button", name=SEND).click()
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("[data-draft-message]")).to_have_count(0)
    # Sent: the page says so, and the copy on the device is removed.
    page.wait_for_function(
        "Object.keys(localStorage).filter(k => k.startsWith('lmb-draft:')).length === 0"
    )
    with app.app_context():
        [application] = services.call_by_slug(slug).applications
        assert application.motivation == MOTIVATION
        assert application.proposed_partner == "Huye"
        db.session.remove()
    context.close()
