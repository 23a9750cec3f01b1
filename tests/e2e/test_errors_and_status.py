"""What a person with a screen reader or a keyboard meets after submitting, in Chromium:

- after a failed submit the focus is on the error summary, the title starts with "Fout: ",
  every invalid field or group (a review's criterion) carries aria-invalid and names its
  message in aria-describedby, and each summary link leads to its field;
- a status message (flash) reaches a live region that was on the page before it: the region
  is there when the page is parsed and the message is put in it afterwards, so that it is
  announced (WCAG 4.1.3)."""

import re

import pytest
from playwright.sync_api import expect

from lmb.extensions import db
from lmb.peer_review.models import RoundPhase
from tests.peer_review.builders import build_round

pytestmark = pytest.mark.e2e

FOCUSED = "() => document.activeElement && document.activeElement.matches('[data-error-summary]')"

# Marks of the invalid fields: each has aria-invalid and a described-by message with an id.
INVALID = """() => Array.from(document.querySelectorAll('main [aria-invalid="true"]')).map(el => ({
  id: el.id,
  messages: (el.getAttribute('aria-describedby') || '').split(' ').filter(Boolean)
    .map(id => document.getElementById(id)).filter(m => m && m.classList.contains('error'))
    .map(m => m.textContent.trim()),
}))"""

# Installed before any page script: every node the live region receives, and whether the page
# had been parsed by then (a message put in while parsing is not announced).
WATCH_STATUS = """
window.__statusAdditions = [];
new MutationObserver((records) => {
  for (const record of records) {
    const region = record.target;
    if (!(region instanceof Element) || !region.matches('[data-status-messages]')) continue;
    for (const node of record.addedNodes) {
      if (node.nodeType !== 1) continue;
      window.__statusAdditions.push({
        text: node.textContent.trim(), parsed: document.readyState !== 'loading',
        role: region.getAttribute('role'),
      });
    }
  }
}).observe(document, {childList: true, subtree: true});
"""


def test_a_failed_login_moves_focus_to_the_summary_and_marks_the_fields(page):
    page.goto("/account/login")
    expect(page.locator("label[for=email]")).to_contain_text("(verplicht)")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_title("Fout: Aanmelden · LMB Leertrajecten")
    page.wait_for_function(FOCUSED)
    invalid = {field["id"]: field["messages"] for field in page.evaluate(INVALID)}
    assert invalid == {
        "email": ["Fout: Dit veld is verplicht."],
        "password": ["Fout: Dit veld is verplicht."],
    }
    # The summary's links lead to the fields.
    page.locator("[data-error-summary] a").first.click()
    assert page.evaluate("() => location.hash") == "#email"


def test_a_review_without_scores_marks_each_criterion_group(app, page):
    with app.app_context():
        built = build_round(phase=RoundPhase.assessment, slug="fouten")
        email = built["people"]["mol"].email
        round_id = built["round"].id
        criteria = [c.title for c in built["round"].criteria]
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    page.goto("/account/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill("correct horse battery")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/account/login" not in url)
    page.goto(f"/review-rounds/{round_id}")
    page.get_by_role("link", name="Beoordeel het werk van").first.click()
    page.get_by_role("button", name="Review indienen").click()

    expect(page).to_have_title(re.compile(r"^Fout: "))
    page.wait_for_function(FOCUSED)
    invalid = page.evaluate(INVALID)
    assert len(invalid) == len(criteria)
    for group in invalid:
        assert page.locator(f"#{group['id']}").evaluate("el => el.tagName") == "FIELDSET"
        assert group["messages"] == ["Fout: Kies een score voor dit criterium."]
    summary = page.locator("[data-error-summary]")
    for title in criteria:
        expect(summary).to_contain_text(title)

    # A draft saved: the status message reaches the live region after the page is parsed.
    page.context.add_init_script(WATCH_STATUS)
    page.get_by_role("button", name="Ontwerp opslaan").click()
    expect(page.locator(".flash-success")).to_contain_text("Uw ontwerp is opgeslagen")
    page.wait_for_function("() => window.__statusAdditions.some(a => a.parsed)")
    additions = [a for a in page.evaluate("() => window.__statusAdditions") if a["parsed"]]
    assert additions and all(a["role"] == "status" for a in additions)
    assert any("Uw ontwerp is opgeslagen" in a["text"] for a in additions)
    assert not page.evaluate("() => document.title").startswith("Fout: ")
