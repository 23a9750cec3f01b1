"""In the browser, on a phone (390 px) and a desk (1280 px): log in, land on Mijn overzicht,
answer "will you come?", download the session's .ics; and a review form that loses no typed
text when a score is missing. Screenshots are kept in test-results/screenshots/ (or LMB_SCREENSHOTS)."""

import os
import re
from datetime import time, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from lmb.core.models import utcnow
from lmb.core.timezones import local_datetime, to_local
from lmb.extensions import db
from lmb.peer_review import services as peer_review
from lmb.peer_review.models import RoundPhase
from tests.builders import create_open_track, create_person, create_session, registered
from tests.e2e.test_keyboard_journey import wait_for_the_document
from tests.e2e.test_registration_journey import log_in
from tests.peer_review.builders import build_round

pytestmark = pytest.mark.e2e
WIDTHS = {"phone": (390, 844), "desk": (1280, 900)}
SHOTS = Path(os.environ.get("LMB_SCREENSHOTS", "test-results/screenshots"))


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("device", list(WIDTHS))
def test_log_in_overview_answer_and_add_to_my_calendar(page, app, device):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[device], strict=True)))
    with app.app_context():
        track = create_open_track("participatie", "Participatie", capacity=5)
        day = to_local(utcnow() + timedelta(days=20)).date()
        session = create_session(track, local_datetime(day, time(9, 30)), title="Labo 1")
        sofie = create_person(f"sofie-{device}@example.org")
        registered(sofie, track)
        db.session.commit()
        uid, email = session.uid, sofie.email
        db.session.remove()

    log_in(page, email)
    expect(page).to_have_url(re.compile(r"/overview$"))
    expect(page.get_by_role("heading", name="Mijn overzicht", level=1)).to_be_visible()
    shot(page, f"overview-{device}")

    # Its scripts (lmb.js, focus.js, deferred) have run before a choice is made.
    page.wait_for_load_state("load")
    card = page.locator("article.session", has_text="Labo 1")
    card.get_by_label("Ik kom", exact=True).check()
    card.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".flash-success")).to_contain_text("uw antwoord is bewaard")
    expect(page.get_by_role("heading", name="Mijn overzicht", level=1)).to_be_visible()
    expect(
        page.locator("article.session", has_text="Labo 1").get_by_label("Ik kom", exact=True)
    ).to_be_checked()

    with page.expect_download() as info:
        page.locator("article.session", has_text="Labo 1").get_by_role(
            "link", name="Zet in mijn agenda"
        ).click()
    download = info.value
    assert download.suggested_filename.endswith(".ics")
    calendar = Calendar.from_ical(Path(download.path()).read_bytes())
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar.walk("VEVENT")[0]["UID"]) == uid
    map_link = page.locator("article.session", has_text="Labo 1").get_by_role("link", name="Kaart")
    expect(map_link).to_have_attribute(
        "href", re.compile(r"^https://www\.openstreetmap\.org/search")
    )


@pytest.mark.parametrize("device", list(WIDTHS))
def test_the_review_form_loses_no_typed_text_when_a_score_is_missing(page, app, device):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[device], strict=True)))
    with app.app_context():
        built = build_round(phase=RoundPhase.assessment, slug=f"e2e-{device}")
        round_, mol = built["round"], built["people"]["mol"]
        assignment = peer_review.assignments_of(round_, mol.organization_id)[0]
        levels, yes_no = round_.criteria
        ids = assignment.id, levels.id, yes_no.id, mol.email
        db.session.commit()
        db.session.remove()
    assignment_id, levels_id, yes_no_id, email = ids
    log_in(page, email)
    page.goto(f"/review-assignments/{assignment_id}/review")
    frame = page.locator("iframe.document-frame")
    # Beside the form on a desk; on a phone the document is its download link.
    expect(frame).to_be_visible() if device == "desk" else expect(frame).to_be_hidden()
    expect(page.get_by_role("link", name="Het document downloaden").first).to_be_visible()
    # The PDF viewer takes the focus once loaded; the page gives it back (document-frame.js).
    wait_for_the_document(page)
    # The viewer may finish after the frame's load and take the focus once more: the page
    # gives it back each time, so wait for that rather than look once.
    expect(frame).not_to_be_focused()
    page.locator(f"#value-{levels_id}-2").check()
    page.locator(f"#comment-{levels_id}").fill("Sterke koppeling met SDG 11.\nZie tabel 3.")
    page.locator(f"#location-{levels_id}").fill("p. 12")
    page.locator(f"#comment-{yes_no_id}").fill("Een burgerpanel — goed gedaan")
    page.locator("#summary").fill("Een degelijk plan. Één opmerking: de timing.")
    # No yes/no answer: submitting is refused, and nothing typed is lost.
    page.get_by_role("button", name="Review indienen").click()

    expect(page.locator(".error-summary")).to_contain_text("Kies een score")
    expect(page.locator(f"#criterion-{yes_no_id}.has-error")).to_be_visible()
    expect(page.locator(f"#value-{yes_no_id}-error")).to_be_visible()
    expect(page.locator(f"#criterion-{levels_id}.has-error")).to_have_count(0)
    expect(page.locator(f"#value-{levels_id}-2")).to_be_checked()
    expect(page.locator(f"#comment-{levels_id}")).to_have_value(
        "Sterke koppeling met SDG 11.\nZie tabel 3."
    )
    expect(page.locator(f"#location-{levels_id}")).to_have_value("p. 12")
    expect(page.locator(f"#comment-{yes_no_id}")).to_have_value("Een burgerpanel — goed gedaan")
    expect(page.locator("#summary")).to_have_value("Een degelijk plan. Één opmerking: de timing.")
    shot(page, f"review-error-{device}")

    # The error summary leads to the field; answering it submits everything typed.
    page.locator(".error-summary a").first.click()
    page.locator(f"#value-{yes_no_id}-1").check()
    page.get_by_role("button", name="Review indienen").click()
    expect(page.locator(".flash-success")).to_contain_text("ingediend")
    expect(page.locator(f"#comment-{yes_no_id}")).to_have_value("Een burgerpanel — goed gedaan")
