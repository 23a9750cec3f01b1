"""WCAG 1.4.11 non-text contrast of the focus indicator: every element that takes keyboard focus
on the main pages, as each role, on a desktop and a phone, shows a ring (outline, or else a
box-shadow) whose colour has at least 3:1 contrast against the background it is drawn on.

That background is read where the ring is painted: at the middle of each side of the ring,
the topmost element under that point other than the focused element (and what it holds)
with a background colour, so a header, a card or a positioned skip link count as they look.
And 1.4.3 for buttons that read as links: their text has 4.5:1 on what they stand on."""

import pytest

from tests.e2e.layout_support import DESKTOP, PHONE, main_pages, open_as, world

pytestmark = pytest.mark.e2e

COLOURS = """  const parse = c => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const over = (top, below) => ({
    r: top.r * top.a + below.r * (1 - top.a), g: top.g * top.a + below.g * (1 - top.a),
    b: top.b * top.a + below.b * (1 - top.a), a: 1,
  });
  const lum = c => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const white = {r: 255, g: 255, b: 255, a: 1};
"""

CHECK_FOCUS = (
    """() => {
"""
    + COLOURS
    + """  // The colour under a point, leaving out the focused element and its content.
  // A ring drawn inside the element (a negative offset) lies on the element's own background.
  const backgroundAt = (x, y, el, inside) => {
    const layers = [];
    for (const under of document.elementsFromPoint(x, y)) {
      if (inside ? (under !== el && el.contains(under)) : (under === el || el.contains(under))) continue;
      const c = parse(getComputedStyle(under).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    return layers.reverse().reduce((below, top) => over(top, below), white);
  };
  const visible = el => {
    const s = getComputedStyle(el);
    return el.getClientRects().length && s.visibility !== 'hidden' && !el.closest('[inert]');
  };
  const selector = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), '
    + 'select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';
  const problems = [];
  let checked = 0;
  for (const el of document.querySelectorAll(selector)) {
    if (!visible(el) && !el.matches('.skip-link')) continue;
    el.focus();
    if (document.activeElement !== el) continue;
    const name = el.outerHTML.slice(0, 100);
    if (!el.matches(':focus-visible')) { problems.push(`${name}: not :focus-visible`); continue; }
    const s = getComputedStyle(el);
    let colour, width, offset;
    if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) {
      colour = parse(s.outlineColor); width = parseFloat(s.outlineWidth);
      offset = parseFloat(s.outlineOffset) || 0;
    } else {
      const shadow = s.boxShadow !== 'none' && s.boxShadow.match(/rgba?\\([^)]+\\)/);
      if (!shadow) { problems.push(`${name}: no outline or box-shadow when focused`); continue; }
      colour = parse(shadow[0]); width = 2; offset = 0;
    }
    if (!colour || colour.a < 1) { problems.push(`${name}: ring colour ${s.outlineColor} is not opaque`); continue; }
    if (width < 2) { problems.push(`${name}: ring ${width}px thin`); continue; }
    const d = offset + width / 2;  // from the border box to the middle of the ring
    // A link that wraps has a box per line; the ring goes round them together.
    const boxes = [...el.getClientRects()];
    const within = (x, y) => boxes.some(b => x >= b.left && x <= b.right && y >= b.top && y <= b.bottom);
    const points = boxes.flatMap(r => [
      [r.left + r.width / 2, r.top - d], [r.left + r.width / 2, r.bottom + d],
      [r.left - d, r.top + r.height / 2], [r.right + d, r.top + r.height / 2],
    ]).filter(([x, y]) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight)
      .filter(([x, y]) => d < 0 || !within(x, y));
    let worst = null;
    for (const [x, y] of points) {
      const bg = backgroundAt(x, y, el, d < 0);
      const value = ratio(colour, bg);
      if (!worst || value < worst.value) worst = {value, bg};
    }
    checked += 1;
    if (worst && worst.value < 3) {
      const bg = worst.bg;
      problems.push(`${name}: ring ${s.outlineColor} on rgb(${bg.r}, ${bg.g}, ${bg.b}) is ${worst.value.toFixed(2)}:1`);
    }
  }
  document.activeElement && document.activeElement.blur();
  return {checked, problems};
}"""
)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop-1280", "phone-390"])
def test_every_focus_ring_has_3_to_1_against_its_background(
    app, seeded, chromium, live_server, viewport
):
    w = world(app)
    found, checked = [], 0
    for role, path, page in main_pages(chromium, live_server, w, viewport):
        if page.locator(".menu-button").is_visible():
            page.locator(".menu-button").click()  # the phone's navigation is checked open
        # A key press first, so that focus from script shows as it does for the keyboard.
        page.keyboard.press("Shift")
        result = page.evaluate(CHECK_FOCUS)
        checked += result["checked"]
        found += [f"{role} {path}: {problem}" for problem in result["problems"]]
    print(f"focus rings ({viewport['width']} px): {checked} checked, {len(found)} problems")
    assert checked > 1000
    assert not found, "\n".join(sorted(set(found))[:60])


# WCAG 1.4.3 for buttons that read as links (move, remove, end a membership, log out): their
# text against the background they stand on, which was white on white before.
LINK_BUTTON_TEXT = (
    """() => {
"""
    + COLOURS
    + """
  const below = el => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const c = parse(getComputedStyle(node).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    return layers.reverse().reduce((under, top) => over(top, under), white);
  };
  return [...document.querySelectorAll('.link-button')].filter(el => el.getClientRects().length)
    .map(el => {
      const text = parse(getComputedStyle(el).color);
      return {name: el.textContent.trim().slice(0, 40), ratio: ratio(text, below(el))};
    });
}"""
)


def test_buttons_that_read_as_links_have_4_5_to_1_text_contrast(app, seeded, chromium, live_server):
    w = world(app)
    pages = {
        "coordinator": [f"/toolkits/{w['toolkit']}/edit"],
        "admin": [f"/steering-group/{w['group']}", f"/admin/organizations/{w['organization']}"],
    }
    seen, found = 0, []
    for role, paths in pages.items():
        context, page = open_as(chromium, live_server, role, DESKTOP)
        try:
            for path in paths:
                page.goto(path)
                for button in page.evaluate(LINK_BUTTON_TEXT):
                    seen += 1
                    if button["ratio"] < 4.5:
                        found.append(f"{role} {path}: {button['name']} {button['ratio']:.2f}:1")
        finally:
            context.close()
    assert seen >= 10  # move, remove, end membership, contact and the header's log-out
    assert not found, "\n".join(found)
