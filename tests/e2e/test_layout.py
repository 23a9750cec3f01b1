"""The pages on a phone (390 px) and a desktop (1280 px): the menu button opens the main
navigation with the keyboard and closes it again, every control is a target of at least
44 px high, tables of records become cards, and a screenshot of each main page at both widths
is kept as a test artefact ($LMB_TEST_ARTEFACTS, else pytest's tmp_path)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.layout_support import (
    DESKTOP,
    PHONE,
    artefact_dir,
    file_name,
    main_pages,
    open_as,
    pages_once,
    world,
)

pytestmark = pytest.mark.e2e

# A target is what a finger presses: a control, or a checkbox or radio button together with
# its label (pressing the label ticks it). Links inside running text are exempt, as WCAG's
# target-size criteria exempt them; links that stand alone (the navigation, buttons, the
# pager) are not.
SMALL_TARGETS = """() => {
  const visible = el => {
    const s = getComputedStyle(el);
    return el.getClientRects().length && s.visibility !== 'hidden';
  };
  const height = el => {
    let r = el.getBoundingClientRect();
    if (el.matches('input[type=checkbox], input[type=radio]') && el.labels && el.labels.length) {
      const l = el.labels[0].getBoundingClientRect();
      r = {height: Math.max(r.bottom, l.bottom) - Math.min(r.top, l.top)};
    }
    return r.height;
  };
  const selector = 'button, input:not([type=hidden]), select, textarea, summary, '
    + 'a.button, .nav a, .pager a, header a, .skip-link';
  return [...document.querySelectorAll(selector)]
    .filter(el => visible(el) && !el.closest('.visually-hidden'))
    .filter(el => !el.matches('.skip-link') || el === document.activeElement)
    .map(el => ({el, h: height(el)}))
    .filter(({h}) => h < 43.5)
    .map(({el, h}) => `${el.outerHTML.slice(0, 90)} is ${h.toFixed(1)} px high`);
}"""


def test_phone_menu_opens_and_closes_with_the_keyboard(app, seeded, chromium, live_server):
    world(app)
    context, page = open_as(chromium, live_server, "participant", PHONE)
    try:
        page.goto("/")
        menu = page.get_by_role("button", name="Menu")
        nav = page.locator("#main-nav")
        expect(menu).to_have_attribute("aria-expanded", "false")
        expect(nav).to_be_hidden()
        # Tab from the top of the page: skip link, brand, the two languages, then the menu.
        page.locator("body").press("Home")
        for _ in range(8):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('menu-button')"):
                break
        else:
            raise AssertionError("the menu button is not reached with Tab")
        page.keyboard.press("Enter")
        expect(menu).to_have_attribute("aria-expanded", "true")
        expect(nav.get_by_role("link", name="Mijn agenda")).to_be_visible()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('#main-nav') !== null")
        page.keyboard.press("Escape")
        expect(nav).to_be_hidden()
        assert page.evaluate("document.activeElement.classList.contains('menu-button')")
        page.keyboard.press("Space")
        expect(nav).to_be_visible()
        page.keyboard.press("Space")
        expect(nav).to_be_hidden()
    finally:
        context.close()


def test_without_javascript_the_phone_navigation_is_a_plain_list(
    app, seeded, chromium, live_server
):
    context = chromium.new_context(base_url=live_server, viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/")
        expect(page.locator(".menu-button")).to_be_hidden()
        expect(page.locator("#main-nav").get_by_role("link", name="Leertrajecten")).to_be_visible()
    finally:
        context.close()


def test_desktop_shows_the_navigation_and_whole_tables(app, seeded, chromium, live_server):
    context, page = open_as(chromium, live_server, "anonymous", DESKTOP)
    try:
        page.goto("/")
        expect(page.locator(".menu-button")).to_be_hidden()
        expect(page.locator("#main-nav").get_by_role("link", name="Keuzemenu")).to_be_visible()
        # The wegwijzer's nine columns fit a desktop: nothing hides in its scroll box.
        page.goto("/wegwijzer")
        assert page.evaluate(
            "() => { const box = document.querySelector('.table-scroll');"
            " return box.scrollWidth <= box.clientWidth; }"
        )
    finally:
        context.close()


def test_phone_targets_are_44_px_high_on_every_main_page(app, seeded, chromium, live_server):
    w = world(app)
    found = []
    for role, path, page in main_pages(chromium, live_server, w, PHONE):
        if page.locator(".menu-button").is_visible():
            page.locator(".menu-button").click()  # the navigation's links count too
        found += [f"{role} {path}: {small}" for small in page.evaluate(SMALL_TARGETS)]
    assert not found, "\n".join(found[:40])


def test_tables_of_records_become_cards_on_a_phone(app, seeded, chromium, live_server):
    w = world(app)
    context, page = open_as(chromium, live_server, "coordinator", PHONE)
    try:
        page.goto(f"/tracks/{w['track']}/manage")
        cells = page.locator("table.stack-table td[data-label]")
        assert cells.count() > 0
        first = cells.first
        label = first.get_attribute("data-label")
        assert label
        assert (
            page.evaluate("el => getComputedStyle(el).display", first.element_handle()) == "block"
        )
        before = page.evaluate(
            "el => getComputedStyle(el, '::before').content", first.element_handle()
        )
        assert label in before
        # The wegwijzer matrix too: one card per form of cooperation, its scores labelled.
        page.goto("/wegwijzer")
        score = page.locator(".wegwijzer.stack-table td[data-label]").first
        assert score.get_attribute("data-label")
        assert page.evaluate("el => getComputedStyle(el).display", score.element_handle()) == "flex"
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop-1280", "phone-390"])
def test_screenshots_of_the_main_pages(app, seeded, chromium, live_server, tmp_path, viewport):
    w = world(app)
    directory = artefact_dir(tmp_path, f"screenshots-{viewport['width']}")
    by_role: dict[str, list[str]] = {}
    for role, path in pages_once(w):
        by_role.setdefault(role, []).append(path)
    taken = 0
    for role, paths in by_role.items():
        context, page = open_as(chromium, live_server, role, viewport)
        try:
            for path in paths:
                response = page.goto(path)
                assert response.status < 400, f"{role} {path}: {response.status}"
                page.screenshot(path=directory / file_name(role, path), full_page=True)
                taken += 1
        finally:
            context.close()
    print(f"{taken} screenshots at {viewport['width']} px in {directory}")
    assert len(list(directory.glob("*.png"))) == taken == len(pages_once(w))
