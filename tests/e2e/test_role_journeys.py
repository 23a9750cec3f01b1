"""Each role's journey in Chromium, on a phone (390 px) and a desk (1280 px), with a screenshot
of each step kept in test-results/screenshots/ (or LMB_SCREENSHOTS): the new visitor, the
wegwijzer user, the coordinator and the admin. The participant's and the reviewing
municipality's journeys at both widths are in test_home_journey.py (Mijn overzicht, "will you
come?", the .ics; the review form that loses no typed text on an error).

On a phone the navigation sits behind the menu button; each journey opens it there."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from lmb.core.models import utcnow
from lmb.extensions import db
from tests.builders import create_open_track, create_person, create_session, registered
from tests.e2e.test_home_journey import WIDTHS, shot
from tests.e2e.test_registration_journey import log_in

pytestmark = pytest.mark.e2e


def at_width(page, device: str) -> None:
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[device], strict=True)))


def open_menu(page, device: str) -> None:
    """The main navigation: behind the menu button on a phone, always shown on a desk."""
    button = page.get_by_role("button", name="Menu")
    navigation = page.locator("#main-nav")
    if device == "phone":
        expect(button).to_be_visible()
        expect(navigation).to_be_hidden()
        button.click()
        expect(button).to_have_attribute("aria-expanded", "true")
    else:
        expect(button).to_be_hidden()
    expect(navigation).to_be_visible()


@pytest.mark.parametrize("device", list(WIDTHS))
def test_a_new_visitor_finds_a_track_and_is_led_to_sign_up(page, app, seeded, device):
    at_width(page, device)
    with app.app_context():
        create_open_track(f"open-{device}", "Participatie in de gemeente", capacity=10)
        db.session.commit()
        db.session.remove()
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    shot(page, f"visitor-home-{device}")
    open_menu(page, device)
    page.locator("#main-nav").get_by_role("link", name="Leertrajecten", exact=True).click()
    expect(page).to_have_url(re.compile(r"/tracks/?$"))
    page.get_by_role("link", name="Participatie in de gemeente").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Participatie in de gemeente")
    shot(page, f"visitor-track-{device}")
    # The call to action keeps where the visitor came from through sign-up.
    page.get_by_role("link", name="Maak een account aan om in te schrijven").click()
    expect(page).to_have_url(
        re.compile(r"/account/signup\?next=(/|%2F)tracks(/|%2F)open-" + device)
    )
    expect(page.get_by_label("E-mailadres (verplicht)")).to_be_visible()
    shot(page, f"visitor-signup-{device}")


@pytest.mark.parametrize("device", list(WIDTHS))
def test_a_wegwijzer_user_ranks_the_forms_of_cooperation(page, app, seeded, device):
    at_width(page, device)
    page.goto("/")
    open_menu(page, device)
    page.locator("#main-nav").get_by_role("link", name=re.compile("Keuzemenu|Wegwijzer")).click()
    expect(page).to_have_url(re.compile(r"/wegwijzer$"))
    expect(page.locator("table").first).to_be_visible()
    shot(page, f"wegwijzer-table-{device}")
    chooser = page.locator("form.chooser")
    first = chooser.locator("select").first
    first.select_option(index=first.locator("option").count() - 1)
    chooser.get_by_role("button").click()
    expect(page.locator("#ranking")).to_be_visible()
    ranking = page.locator("ol.ranking > li")
    expect(ranking.first).to_be_visible()
    assert ranking.count() == 8
    shot(page, f"wegwijzer-ranking-{device}")
    ranking.first.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/wegwijzer/[\w-]+"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    shot(page, f"wegwijzer-modality-{device}")


@pytest.mark.parametrize("device", list(WIDTHS))
def test_a_coordinator_manages_a_track_and_is_asked_before_cancelling(page, app, device):
    at_width(page, device)
    with app.app_context():
        track = create_open_track(f"beheer-{device}", "Beheerd traject", capacity=10)
        coordinator = create_person(f"coord-{device}@example.org", role="coordinator")
        track.coordinators.append(coordinator)
        session = create_session(track, utcnow() + timedelta(days=30), title="Labo 1")
        for n in range(3):
            registered(create_person(f"deelnemer{n}-{device}@example.org"), track)
        db.session.commit()
        ids = track.slug, session.id, coordinator.email
        db.session.remove()
    slug, session_id, email = ids
    log_in(page, email)
    expect(page.get_by_role("heading", name="Mijn overzicht", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Beheerd traject")
    shot(page, f"coordinator-overview-{device}")
    page.goto(f"/tracks/{slug}/manage")
    expect(page.locator("main")).to_contain_text("deelnemer0-" + device)
    shot(page, f"coordinator-manage-{device}")
    page.goto(f"/sessions/{session_id}/edit")
    page.get_by_role("link", name="De bijeenkomst annuleren").click()
    expect(page).to_have_url(re.compile(rf"/sessions/{session_id}/cancel$"))
    expect(page.locator(".consequences")).to_contain_text("3 deelnemers krijgen een annulering")
    shot(page, f"coordinator-confirm-cancel-{device}")
    # Going back changes nothing; saying yes cancels.
    page.get_by_role("link", name="Nee, ga terug").click()
    expect(page).not_to_have_url(re.compile(r"/cancel$"))
    page.goto(f"/sessions/{session_id}/cancel")
    page.locator(".confirm-page").get_by_role("button").click()
    expect(page.locator(".flash-success")).to_be_visible()
    shot(page, f"coordinator-cancelled-{device}")


@pytest.mark.parametrize("device", list(WIDTHS))
def test_an_admin_checks_the_outbox_and_the_register(page, app, device):
    at_width(page, device)
    with app.app_context():
        admin = create_person(f"beheer-{device}@example.org", role="admin", organization="VVSG")
        db.session.commit()
        email = admin.email
        db.session.remove()
    log_in(page, email)
    open_menu(page, device)
    shot(page, f"admin-menu-{device}")
    page.goto("/admin/outbox/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    shot(page, f"admin-outbox-{device}")
    page.goto("/admin/organizations")
    expect(page.locator("main")).to_contain_text("VVSG")
    shot(page, f"admin-organizations-{device}")
    page.goto("/admin/users")
    expect(page.locator("main")).to_contain_text(email)
    shot(page, f"admin-people-{device}")
