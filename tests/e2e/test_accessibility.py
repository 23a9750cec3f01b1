"""WCAG 2.1 AA, checked by two engines (axe-core and HTML_CodeSniffer, from the npm registry,
see package.json and tests/e2e/engines.py) in Chromium: the main pages in Dutch, English and French,
as each role, and the pages a failed submit of each form shows, have no serious or critical
violation (axe), no unproven contrast (axe's "incomplete") and no error (HTML_CodeSniffer)."""

import pytest

from tests.e2e.engines import Engines
from tests.e2e.pages import ROLES, form_pages, main_pages, world

pytestmark = pytest.mark.e2e


def _log_in(page, email):
    page.goto("/account/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill("demo-wachtwoord")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/account/login" not in url)


EMPTY_AND_SEND = """(selector) => {
  const form = document.querySelector(selector);
  if (!form) return false;
  form.noValidate = true;
  for (const el of form.elements) {
    if (el.type === 'hidden' || el.type === 'submit' || el.type === 'button') continue;
    if (el.type === 'checkbox' || el.type === 'radio') el.checked = false;
    else if (el.tagName === 'SELECT') el.selectedIndex = -1;
    else if (el.type !== 'file') el.value = '';
  }
  form.querySelector('[type=submit]').click();
  return true;
}"""


def submit_empty(page, selector: str) -> None:
    with page.expect_navigation():
        assert page.evaluate(EMPTY_AND_SEND, selector), f"no form {selector} on {page.url}"


def _context(chromium, live_server, locale):
    # The engines are injected by the test; the site's CSP (no inline scripts) stays as it is.
    context = chromium.new_context(base_url=live_server, bypass_csp=True)
    context.add_cookies([{"name": "lmb_locale", "value": locale, "url": live_server}])
    context.set_default_timeout(15_000)
    return context


def _report(found) -> str:
    return "\n".join(f"{r} {p}: [{e}] {c} at {w}: {what}" for r, p, e, c, w, what in found)


def _counts(found) -> str:
    return ", ".join(
        f"{engine} {sum(1 for f in found if f[2] == engine)}" for engine in ("axe", "htmlcs")
    )


@pytest.mark.parametrize("locale", ["nl", "en", "fr"])
def test_main_pages_pass_both_engines(app, seeded, chromium, live_server, locale):
    if not Engines.available():
        pytest.skip("axe-core or html_codesniffer is not installed: run `npm ci`")
    w = world(app)
    engines = Engines()
    found, checked = [], 0
    for role, email in ROLES.items():
        context = _context(chromium, live_server, locale)
        page = context.new_page()
        if email:
            _log_in(page, email)
            # Logging in sets the person's own language; the pages are checked in `locale`.
            context.add_cookies([{"name": "lmb_locale", "value": locale, "url": live_server}])
        for path in main_pages(role, w):
            response = page.goto(path)
            assert response.status < 400, f"{role} {path}: {response.status}"
            if email:
                assert "/account/login" not in page.url, f"{role} was not logged in at {path}"
            found += [(role, path, *problem) for problem in engines.audit(page)]
            checked += 1
        context.close()
    print(f"main pages ({locale}): {checked} checked; {_counts(found)}")
    assert not found, _report(found)


@pytest.mark.parametrize("locale", ["nl", "en", "fr"])
def test_pages_with_form_errors_pass_both_engines(app, seeded, chromium, live_server, locale):
    if not Engines.available():
        pytest.skip("axe-core or html_codesniffer is not installed: run `npm ci`")
    w = world(app)
    engines = Engines()
    found, checked = [], 0
    for role, email in ROLES.items():
        context = _context(chromium, live_server, locale)
        page = context.new_page()
        if email:
            _log_in(page, email)
            # Logging in sets the person's own language; the pages are checked in `locale`.
            context.add_cookies([{"name": "lmb_locale", "value": locale, "url": live_server}])
        for path, form in form_pages(role, w):
            page.goto(path)
            submit_empty(page, form)
            if page.locator(".error-summary").count() != 1:
                found.append((role, path, "form", "no error summary", page.url, ""))
            found += [(role, path, *problem) for problem in engines.audit(page)]
            checked += 1
        context.close()
    print(f"form error pages ({locale}): {checked} checked; {_counts(found)}")
    assert not found, _report(found)


@pytest.mark.parametrize("locale", ["nl", "en", "fr"])
def test_the_review_form_passes_both_engines_also_with_its_errors(
    app, chromium, live_server, locale
):
    """A reviewer's pages, which the demo world does not reach (its round takes submissions):
    the round in its assessment, the review form with the document beside it, and the form
    sent without scores."""
    from lmb.extensions import db
    from lmb.peer_review.models import RoundPhase
    from tests.peer_review.builders import build_round

    if not Engines.available():
        pytest.skip("axe-core or html_codesniffer is not installed: run `npm ci`")
    with app.app_context():
        built = build_round(phase=RoundPhase.assessment, slug=f"motoren-{locale}")
        email, round_id = built["people"]["mol"].email, built["round"].id
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    engines = Engines()
    context = _context(chromium, live_server, locale)
    page = context.new_page()
    page.goto("/account/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill("correct horse battery")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/account/login" not in url)
    found = []
    page.goto(f"/review-rounds/{round_id}")
    found += [("reviewer", page.url, *p) for p in engines.audit(page)]
    page.locator("main a[href*='/review-assignments/']").first.click()
    page.wait_for_load_state()
    found += [("reviewer", page.url, *p) for p in engines.audit(page)]
    page.locator("main button[name=action][value=submit]").click()
    page.wait_for_load_state()
    assert page.locator("[data-error-summary]").count() == 1
    found += [("reviewer, errors", page.url, *p) for p in engines.audit(page)]
    context.close()
    assert not found, _report(found)
