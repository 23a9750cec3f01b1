"""WCAG 2.1 AA, checked by two engines (axe-core and HTML_CodeSniffer, from the npm registry,
see package.json and tests/e2e/engines.py) in Chromium: the main pages in Dutch and English,
as each role, and the pages a failed submit of each form shows, have no serious or critical
violation (axe), no unproven contrast (axe's "incomplete") and no error (HTML_CodeSniffer)."""

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from lmb.accounts import services as accounts
from lmb.accounts.models import Function
from lmb.extensions import db
from tests.e2e.engines import Engines

pytestmark = pytest.mark.e2e


ROLES = {
    "anonymous": None,
    "participant": "sofie@example.org",
    "coordinator": "coordinator@example.org",
    "admin": "admin@example.org",
}


def _world(app):
    from lmb.accounts.models import Organization
    from lmb.modalities.models import Modality
    from lmb.partnerships.models import Partnership, SteeringGroup
    from lmb.peer_review.models import ReviewRound
    from lmb.toolkits.models import Toolkit
    from lmb.tracks.models import Track
    from tests.tracks.test_seed import run_seed

    run_seed(app, "--demo")
    with app.app_context():
        track = db.session.scalar(select(Track).where(Track.number == 1).order_by(Track.id))
        round_ = db.session.scalar(select(ReviewRound).order_by(ReviewRound.id))
        world = {
            "track": track.slug,
            "round": round_.id,
            "toolkit": db.session.scalar(select(Toolkit.id).order_by(Toolkit.id)),
            "partnership": db.session.scalar(select(Partnership.slug).order_by(Partnership.id)),
            "group": db.session.scalar(select(SteeringGroup.slug)),
            "modality": db.session.scalar(select(Modality.slug).order_by(Modality.id)),
            "organization": db.session.scalar(
                select(Organization.id).where(Organization.name == "Stad Roeselare")
            ),
        }
        # The page a verification link opens (it asks for the password): a new, unverified account.
        newcomer = accounts.sign_up(
            email="nieuw@example.org",
            name="Nieuwe Deelnemer",
            password="een lang wachtwoord",
            organization_name="",
            function=Function.other,
            locale="nl",
        )
        world["verify"] = urlsplit(accounts.verification_url(newcomer)).path
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    return world


def _pages(role: str, w: dict) -> list[str]:
    public = [
        "/",
        "/tracks/",
        f"/tracks/{w['track']}",
        "/programmes/sdg-partnerschappen",
        "/wegwijzer",
        "/wegwijzer?governance=3&reciprocity=3&budget=-1",
        f"/wegwijzer/{w['modality']}",
        "/lessons/",
        "/toolkits/",
        f"/toolkits/{w['toolkit']}",
        "/partnerships/",
        f"/partnerships/{w['partnership']}",
        f"/steering-group/{w['group']}",
    ]
    if role == "anonymous":
        return [*public, "/account/login", "/account/signup", "/account/reset", w["verify"]]
    personal = [
        "/agenda",
        "/account/profile",
        "/account/privacy",
        "/account/themes",
        "/account/tokens",
        "/account/password",
        # Sofie holds Roeselare's contact role in the demo: she sees its requests too.
        "/account/members/requests",
        "/review-rounds/",
        f"/review-rounds/{w['round']}",
        "/lessons/mine",
    ]
    if role == "participant":
        return [
            *public,
            *personal,
            f"/review-rounds/{w['round']}/submission",
            f"/tracks/{w['track']}/lessons/new",
        ]
    managing = [
        f"/tracks/{w['track']}/manage",
        f"/tracks/{w['track']}/settings",
        f"/tracks/{w['track']}/sessions/new",
        f"/review-rounds/{w['round']}/settings",
        f"/review-rounds/{w['round']}/criteria",
        f"/review-rounds/{w['round']}/organizations",
        f"/review-rounds/{w['round']}/allocation",
        f"/review-rounds/{w['round']}/conflicts",
        f"/tracks/{w['track']}/review-rounds/new",
        f"/tracks/{w['track']}/lessons/moderate",
        f"/tracks/{w['track']}/toolkits/new",
        "/outcomes/",
        "/outcomes/new",
        "/partnerships/budget",
        "/partnerships/new",
        "/partnerships/calls/new",
        f"/partnerships/{w['partnership']}/edit",
        f"/toolkits/{w['toolkit']}/edit",
        f"/tracks/{w['track']}/themes/new",
    ]
    if role == "coordinator":
        return [*public, *personal, *managing]
    return [
        *public,
        *personal,
        *managing,
        "/admin/",
        "/admin/users",
        "/admin/organizations",
        f"/admin/organizations/{w['organization']}",
        "/admin/outbox/",
        "/admin/audit",
    ]


def _log_in(page, email):
    page.goto("/account/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill("demo-wachtwoord")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/account/login" not in url)


# The forms a failed submit is checked on, as (path, the form): each is sent with its text
# emptied, its choices unticked and the browser's own checks off, so the server answers with
# its error page. Every form of the main pages that has a required field is here.
def _forms(role: str, w: dict) -> list[tuple[str, str]]:
    required = "main form[method=post]:has([required])"
    if role == "anonymous":
        return [
            ("/account/login", required),
            ("/account/signup", required),
            ("/account/reset", required),
            (w["verify"], required),
        ]
    personal = [
        ("/account/profile", required),
        ("/account/password", required),
        ("/account/tokens", required),
    ]
    if role == "participant":
        return [
            *personal,
            (f"/tracks/{w['track']}/lessons/new", required),
            (f"/review-rounds/{w['round']}/submission", required),
        ]
    managing = [
        (f"/tracks/{w['track']}/sessions/new", required),
        (f"/tracks/{w['track']}/review-rounds/new", required),
        (f"/review-rounds/{w['round']}/criteria", required),
        (f"/tracks/{w['track']}/toolkits/new", required),
        ("/outcomes/new", required),
        ("/partnerships/new", required),
        ("/partnerships/calls/new", required),
        (f"/partnerships/{w['partnership']}/activities/new", required),
        (f"/tracks/{w['track']}/themes/new", required),
        (f"/toolkits/{w['toolkit']}/items/new", required),
        ("/programmes/sdg-partnerschappen/review-rounds/new", required),
    ]
    if role == "coordinator":
        return [*personal, *managing]
    return [
        *personal,
        *managing,
        ("/admin/organizations/new", required),
        (f"/steering-group/{w['group']}/meetings/new", required),
    ]


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


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_main_pages_pass_both_engines(app, seeded, chromium, live_server, locale):
    if not Engines.available():
        pytest.skip("axe-core or html_codesniffer is not installed: run `npm ci`")
    world = _world(app)
    engines = Engines()
    found, checked = [], 0
    for role, email in ROLES.items():
        context = _context(chromium, live_server, locale)
        page = context.new_page()
        if email:
            _log_in(page, email)
        for path in _pages(role, world):
            response = page.goto(path)
            assert response.status < 400, f"{role} {path}: {response.status}"
            if email:
                assert "/account/login" not in page.url, f"{role} was not logged in at {path}"
            found += [(role, path, *problem) for problem in engines.audit(page)]
            checked += 1
        context.close()
    print(f"main pages ({locale}): {checked} checked; {_counts(found)}")
    assert not found, _report(found)


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_pages_with_form_errors_pass_both_engines(app, seeded, chromium, live_server, locale):
    if not Engines.available():
        pytest.skip("axe-core or html_codesniffer is not installed: run `npm ci`")
    world = _world(app)
    engines = Engines()
    found, checked = [], 0
    for role, email in ROLES.items():
        context = _context(chromium, live_server, locale)
        page = context.new_page()
        if email:
            _log_in(page, email)
        for path, form in _forms(role, world):
            page.goto(path)
            submit_empty(page, form)
            if page.locator(".error-summary").count() != 1:
                found.append((role, path, "form", "no error summary", page.url, ""))
            found += [(role, path, *problem) for problem in engines.audit(page)]
            checked += 1
        context.close()
    print(f"form error pages ({locale}): {checked} checked; {_counts(found)}")
    assert not found, _report(found)
