"""What the layout tests share: the main pages as each role (the world, roles and page list of
tests/e2e/test_accessibility.py), opened at a given window size, and where screenshots go."""

import os
from collections.abc import Iterator
from pathlib import Path

from tests.e2e.pages import ROLES
from tests.e2e.pages import main_pages as _pages
from tests.e2e.pages import world as _world
from tests.e2e.test_accessibility import _log_in

__all__ = ["ROLES", "artefact_dir", "main_pages", "open_as", "pages_once", "world"]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
NARROWEST = {"width": 320, "height": 640}


def world(app) -> dict:
    return _world(app)


def open_as(chromium, live_server, role: str, viewport: dict, locale: str = "nl"):
    """A browser context at that window size, logged in as the role; the caller closes it."""
    context = chromium.new_context(base_url=live_server, viewport=viewport)
    context.add_cookies([{"name": "lmb_locale", "value": locale, "url": live_server}])
    context.set_default_timeout(15_000)
    page = context.new_page()
    if ROLES[role]:
        _log_in(page, ROLES[role])
    return context, page


def main_pages(chromium, live_server, w: dict, viewport: dict) -> Iterator[tuple[str, str, object]]:
    """Every main page as every role: yields (role, path, page) with the page loaded."""
    for role in ROLES:
        context, page = open_as(chromium, live_server, role, viewport)
        try:
            for path in _pages(role, w):
                response = page.goto(path)
                assert response.status < 400, f"{role} {path}: {response.status}"
                yield role, path, page
        finally:
            context.close()


def pages_once(w: dict) -> list[tuple[str, str]]:
    """Each main page once, as the first role (least rights first) that sees it."""
    seen, result = set(), []
    for role in ROLES:
        for path in _pages(role, w):
            if path not in seen:
                seen.add(path)
                result.append((role, path))
    return result


def artefact_dir(tmp_path: Path, name: str) -> Path:
    """Screenshots go to $LMB_TEST_ARTEFACTS/<name> when set (CI keeps it), else to pytest's
    tmp_path; never into the repository."""
    base = os.environ.get("LMB_TEST_ARTEFACTS")
    directory = Path(base) / name if base else tmp_path / name
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def file_name(role: str, path: str) -> str:
    cleaned = "".join(c if c.isalnum() else "-" for c in path.strip("/")) or "home"
    return f"{role}--{cleaned[:80]}.png"
