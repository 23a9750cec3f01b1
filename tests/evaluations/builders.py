"""An evaluation with one action plan heading and actions, built through the services, for the
evaluations' tests (inside an app context)."""

from datetime import date

from lmb.evaluations import services
from lmb.evaluations.models import Evaluation, Position
from lmb.extensions import db
from tests.builders import create_person, create_track


def staff(email="coordinator@example.org", role="coordinator", **kwargs):
    return create_person(email, role=role, organization="VVSG", **kwargs)


def make_plan(
    *,
    coordinator=None,
    owner=None,
    text="Internationale conferentie over de SDG's",
    who="VVSG Internationaal",
    when="September 2020",
    published=True,
    title="Mid-term evaluatie",
):
    """A track (the programme's) coordinated by `coordinator`, an evaluation with recommendation 1
    (agreed) and one action owned by `owner`. Returns (evaluation, action)."""
    coordinator = coordinator or staff()
    track = create_track("sdg-piloot", "SDG-piloottraject")
    track.coordinators.append(coordinator)
    evaluation = services.save_evaluation(
        None,
        by=coordinator,
        programme=track.programme,
        title=title,
        evaluator="Ace Europe",
        period="tweede helft van 2018",
        responded_on=date(2019, 7, 5),
        published=published,
    )
    recommendation = services.save_recommendation(
        evaluation,
        None,
        by=coordinator,
        number=1,
        title="Versterken van concept transitie",
        position=Position.agree,
        response="De VVSG gaat akkoord met deze aanbeveling.",
    )
    priority = services.add_priority(
        evaluation,
        by=coordinator,
        title="Internationale rechtvaardigheid",
        recommendation=recommendation,
    )
    action = services.save_action(
        priority,
        None,
        by=coordinator,
        text=text,
        who=who,
        when_text=when,
        owners=[owner] if owner else [],
    )
    db.session.commit()
    return db.session.get(Evaluation, evaluation.id), action
