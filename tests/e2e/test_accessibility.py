"""WCAG 2.1 AA, checked by axe-core (from the npm registry, see package.json) in Chromium: the
main pages in Dutch and English, as each role, have no serious or critical violation."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from lmb.accounts import services as accounts
from lmb.accounts.models import Function
from lmb.extensions import db

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))
  }));
}"""

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
        f"/tracks/{w['track']}/edit",
        "/programmes/new",
        "/programmes/sdg-partnerschappen/edit",
        "/programmes/sdg-partnerschappen/milestones/new",
        "/programmes/sdg-partnerschappen/tracks/new",
        "/outcomes/",
        "/outcomes/new",
        "/partnerships/budget",
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


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_main_pages_have_no_serious_or_critical_violations(
    app, seeded, chromium, live_server, locale
):
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `npm ci` (make test and .ci/run do)")
    world = _world(app)
    axe_source = AXE.read_text()
    found, checked = [], 0
    for role, email in ROLES.items():
        # axe is injected by the test; the site's CSP (no inline scripts) stays as it is.
        context = chromium.new_context(base_url=live_server, bypass_csp=True)
        context.add_cookies([{"name": "lmb_locale", "value": locale, "url": live_server}])
        context.set_default_timeout(15_000)
        page = context.new_page()
        if email:
            _log_in(page, email)
        for path in _pages(role, world):
            response = page.goto(path)
            assert response.status < 400, f"{role} {path}: {response.status}"
            if email:
                assert "/account/login" not in page.url, f"{role} was not logged in at {path}"
            page.evaluate(axe_source)
            for violation in page.evaluate(RUN_AXE, TAGS):
                if violation["impact"] in ("serious", "critical"):
                    found.append(
                        (role, path, violation["id"], violation["help"], violation["nodes"])
                    )
            checked += 1
        context.close()
    report = "\n".join(f"{r} {p}: {i} ({h}) at {n}" for r, p, i, h, n in found)
    print(f"axe ({locale}): {checked} pages checked, {len(found)} serious or critical violations")
    assert not found, report
