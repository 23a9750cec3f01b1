"""The design system's CSS: the committed lmb/static/utrecht.css is what `make css` builds from
the pinned @utrecht/component-library-css, and the pages load it and lmb.css from our own
origin (no CDN, nothing inline, so the CSP needs no 'unsafe-inline')."""

import json
import re
from pathlib import Path

import pytest

from tools import build_css

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "lmb" / "static"
TEMPLATES = ROOT / "lmb" / "templates"


def test_the_committed_css_is_what_make_css_builds():
    if not build_css.LIBRARY.exists():
        pytest.skip("node_modules/@utrecht is missing: run `npm ci` (make test does)")
    assert build_css.OUTPUT.read_text() == build_css.build(), "run `make css` and commit"


def test_the_library_is_pinned_in_the_lock_file():
    lock = json.loads((ROOT / "package-lock.json").read_text())
    pinned = lock["packages"]["node_modules/@utrecht/component-library-css"]["version"]
    assert (
        pinned
        == json.loads((ROOT / "package.json").read_text())["devDependencies"][
            "@utrecht/component-library-css"
        ]
    )
    assert f"@utrecht/component-library-css {pinned}" in (STATIC / "utrecht.css").read_text()[:300]


def test_pages_load_the_styles_and_script_from_lmb_static(app, seeded):
    client = app.test_client()
    html = client.get("/").get_data(as_text=True)
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert stylesheets == ["/static/utrecht.css", "/static/lmb.css"]
    # The phone menu (lmb.js) and the focus and status messages of issue 19 (focus.js).
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts == ["/static/lmb.js", "/static/focus.js"]
    for path in [*stylesheets, *scripts]:
        assert client.get(path).status_code == 200
    assert "unsafe-inline" not in client.get("/").headers["Content-Security-Policy"]


def test_no_template_styles_or_scripts_inline():
    # Mail (styled inline, as mail programs need) and the toolkit export (a standalone HTML
    # file to download) are not pages served under the CSP.
    offenders = [
        str(path.relative_to(ROOT))
        for path in TEMPLATES.rglob("*.html")
        if path.name != "export.html"
        and "mail" not in path.relative_to(TEMPLATES).parts
        and re.search(r"<style|\sstyle=|<script(?![^>]*\bsrc=)|\son[a-z]+=", path.read_text())
    ]
    assert not offenders


def test_the_theme_sets_the_libraries_tokens_and_no_utrecht_brand():
    theme = (STATIC / "lmb.css").read_text()
    for token in (
        "--utrecht-focus-outline-color",
        "--utrecht-button-background-color",
        "--utrecht-form-control-border-color",
        "--utrecht-page-header-background-color",
    ):
        assert f"{token}:" in theme
    # @utrecht/design-tokens is the city of Utrecht's proprietary brand: not installed, not used.
    assert "@utrecht/design-tokens" not in (ROOT / "package.json").read_text()
