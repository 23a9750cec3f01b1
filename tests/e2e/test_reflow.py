"""WCAG 1.4.10 reflow: at 320 CSS px wide (a 1280 px screen at 400 %) no main page, as any role,
scrolls sideways. A table may scroll inside its own box; the page itself may not."""

import pytest

from tests.e2e.layout_support import NARROWEST, main_pages, world

pytestmark = pytest.mark.e2e

# When the page is too wide: the deepest elements that stick out on the right, to say why.
OVERFLOW = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const limit = root.clientWidth;
  const wide = [...document.body.querySelectorAll('*')].filter(el => {
    const r = el.getBoundingClientRect();
    return r.right > limit + 1 && r.width > 0 && ![...el.children].some(
      c => c.getBoundingClientRect().right > limit + 1);
  });
  return {
    scrollWidth: root.scrollWidth, clientWidth: limit,
    culprits: wide.slice(0, 3).map(el => el.outerHTML.slice(0, 120)),
  };
}"""


def test_no_main_page_scrolls_sideways_at_320_px(app, seeded, chromium, live_server):
    w = world(app)
    found, checked = [], 0
    for role, path, page in main_pages(chromium, live_server, w, NARROWEST):
        overflow = page.evaluate(OVERFLOW)
        if overflow:
            found.append(f"{role} {path}: {overflow}")
        checked += 1
    print(f"reflow: {checked} pages at 320 px, {len(found)} scroll sideways")
    assert checked > 100
    assert not found, "\n".join(found)
