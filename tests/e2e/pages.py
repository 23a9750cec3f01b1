"""The main pages of the platform as each role sees them, on the demo world (`lmb seed
--demo`), and the forms whose failed submit is checked: shared by the accessibility run
(two engines in Chromium) and the crawl (titles, ids, language of parts over HTTP)."""

from urllib.parse import urlsplit

from sqlalchemy import select

from lmb.accounts import services as accounts
from lmb.accounts.models import Function
from lmb.extensions import db

ROLES = {
    "anonymous": None,
    "participant": "sofie@example.org",
    "coordinator": "coordinator@example.org",
    "admin": "admin@example.org",
}


def world(app):
    from lmb.accounts.models import Organization
    from lmb.evaluations.models import Action, Evaluation
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
            "evaluation": db.session.scalar(select(Evaluation.id)),
            "action": db.session.scalar(select(Action.id).order_by(Action.id)),
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


def main_pages(role: str, w: dict) -> list[str]:
    public = [
        "/",
        "/tracks/",
        f"/tracks/{w['track']}",
        "/programmes/sdg-partnerschappen",
        "/over",
        "/wegwijzer",
        "/wegwijzer?governance=3&reciprocity=3&budget=-1",
        f"/wegwijzer/{w['modality']}",
        "/lessons/",
        "/toolkits/",
        f"/toolkits/{w['toolkit']}",
        "/partnerships/",
        f"/partnerships/{w['partnership']}",
        f"/steering-group/{w['group']}",
        "/evaluations/",
        f"/evaluations/{w['evaluation']}",
        f"/evaluations/{w['evaluation']}/follow-up",
        f"/evaluations/actions/{w['action']}",
    ]
    if role == "anonymous":
        return [*public, "/account/login", "/account/signup", "/account/reset", w["verify"]]
    personal = [
        "/overview",
        "/agenda",
        "/agenda/feed",  # a confirmation page (issue 14)
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
        "/evaluations/new",
        f"/evaluations/{w['evaluation']}/actions/new",
        "/partnerships/budget",
        "/partnerships/new",
        "/partnerships/calls/new",
        f"/partnerships/{w['partnership']}/edit",
        f"/toolkits/{w['toolkit']}/edit",
        f"/tracks/{w['track']}/themes/new",
        f"/tracks/{w['track']}/edit",
        "/programmes/sdg-partnerschappen/edit",
        "/programmes/sdg-partnerschappen/milestones/new",
        "/programmes/sdg-partnerschappen/tracks/new",
        "/programmes/new",
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


# The forms a failed submit is checked on, as (path, the form): each is sent with its text
# emptied, its choices unticked and the browser's own checks off, so the server answers with
# its error page. Every form of the main pages that has a required field is here.
def form_pages(role: str, w: dict) -> list[tuple[str, str]]:
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
