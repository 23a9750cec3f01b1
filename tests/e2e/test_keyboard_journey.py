"""Without a mouse: log in, register for a track and submit a peer review with the keyboard
alone (Tab, arrows, Space, Enter), and every control that gets focus shows it."""

import pytest
from playwright.sync_api import expect

from lmb.extensions import db
from lmb.peer_review.models import RoundPhase
from tests.builders import create_open_track
from tests.peer_review.builders import build_round

pytestmark = pytest.mark.e2e

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name') || '',
    type: el.getAttribute('type') || '', value: el.value || '',
    text: (el.innerText || el.value || '').trim().slice(0, 80),
    visible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
  };
}"""


def tab_to(page, matches, limit=80, backwards=False):
    """Press Tab until the focused element matches; every stop must show its focus."""
    # After Enter followed a link or sent a form, the new page's DOM can be there before its
    # stylesheets: wait for them, or the browser's own 1 px ring is what gets measured.
    page.wait_for_load_state()
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        if focused["tag"] == "iframe":
            # The PDF viewer took the focus as it finished loading (the key went into it);
            # lmb/static/document-frame.js gives it back: wait for that, then go on.
            expect(page.locator("iframe.document-frame")).not_to_be_focused()
            continue
        assert focused["visible"], f"no visible focus on {focused}"
        if matches(focused):
            return focused
    raise AssertionError("never reached the control with the keyboard")


def wait_for_the_document(page):
    """The review form's document loads in its frame after the page; Chromium's PDF viewer
    takes the focus once it is ready and the page gives it back. Keys pressed before that
    (Tab, an arrow on a score, typed text) would land in the PDF: wait for the frame to load
    and for the focus to be the page's again. (Under load this came late and the test
    failed now and then.)"""
    frame = page.locator("iframe.document-frame")
    if frame.count():
        frame.element_handle().content_frame().wait_for_load_state()
        expect(frame).not_to_be_focused()


RADIO_STATE = """() => {
    const focused = document.activeElement;
    const checked = document.querySelector(`input[name="${focused.name}"]:checked`);
    return {name: focused.name, value: focused.value, checked: checked && checked.value};
}"""


def choose_level(page, level: int) -> str:
    """From the focused score's radio group, with Space and the arrow keys alone, to `level`;
    the group's name. Should the PDF viewer take the focus in between (it finishes loading
    late under load, and document-frame.js gives the focus back), the keys it swallowed are
    pressed again from where the group stands."""
    for _ in range(12):
        expect(page.locator("iframe.document-frame")).not_to_be_focused()
        state = page.evaluate(RADIO_STATE)
        if state["checked"] == str(level) == state["value"]:
            return state["name"]
        if state["checked"] is None:
            page.keyboard.press("Space")
        else:
            page.keyboard.press("ArrowDown" if int(state["checked"]) < level else "ArrowUp")
    raise AssertionError(f"the score never reached {level} by keyboard: {state}")


def test_register_and_review_with_the_keyboard_alone(page, app):
    with app.app_context():
        built = build_round(phase=RoundPhase.assessment, slug="toetsenbord")
        create_open_track("open-toetsenbord", "Open traject", capacity=10)
        mol = built["people"]["mol"]
        round_id = built["round"].id
        email = mol.email
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()

    page.goto("/account/login")
    tab_to(page, lambda f: f["id"] == "email")
    page.keyboard.type(email)
    tab_to(page, lambda f: f["id"] == "password")
    page.keyboard.type("correct horse battery")
    page.keyboard.press("Enter")
    expect(page.locator("header.site-header")).to_contain_text("Afmelden")

    # Register: the track page's button, reached with Tab and pressed with Enter.
    page.goto("/tracks/open-toetsenbord")
    tab_to(page, lambda f: f["tag"] == "button" and "Inschrijven" in f["text"])
    page.keyboard.press("Enter")
    expect(page.locator(".flash-success")).to_contain_text("U bent ingeschreven")

    # Review: from the round's task list to the form, scores by arrow keys, submit by Enter.
    page.goto(f"/review-rounds/{round_id}")
    tab_to(page, lambda f: f["tag"] == "a" and f["text"].startswith("Beoordeel het werk van"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Review van")
    wait_for_the_document(page)
    tab_to(page, lambda f: f["type"] == "radio" and f["name"].startswith("value-"))
    # Space checks the first level, arrows move within the radio group to level 3.
    first_group = choose_level(page, 3)
    tab_to(page, lambda f: f["tag"] == "textarea" and f["id"].startswith("comment-"))
    page.keyboard.type("De SDG's sturen de keuzes.")
    tab_to(page, lambda f: f["type"] == "radio" and f["name"] != first_group)
    page.keyboard.press("Space")
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Review indienen")
    page.keyboard.press("Enter")
    expect(page.locator(".flash-success")).to_contain_text("Uw review is ingediend")
