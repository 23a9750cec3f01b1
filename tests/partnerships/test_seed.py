"""`lmb seed` adds the steering group's call with its deadline and seats; `--demo` adds two
partnerships (Benin, Rwanda) with activities, budgets and outcome records; twice is once."""

from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from lmb.core.timezones import to_local
from lmb.extensions import db
from lmb.partnerships import services
from lmb.partnerships.models import (
    CandidateCall,
    OutcomeRecord,
    Partnership,
    SteeringGroup,
)
from tests.tracks.test_seed import run_seed, snapshot


def test_seed_adds_the_steering_group_call_with_its_deadline_and_seats(app):
    run_seed(app)
    with app.app_context():
        [group] = db.session.scalars(sa.select(SteeringGroup)).all()
        assert group.name == "Stuurgroep SDG-partnerschappen"
        assert group.programme.slug == "sdg-partnerschappen"
        [call] = db.session.scalars(sa.select(CandidateCall)).all()
        assert to_local(call.closes_at).date() == date(2022, 9, 15)
        assert [s.kind.name for s in call.seats] == [
            "politician",
            "global_policy_officer",
            "general_director",
        ]
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Partnership)) == 0


def test_demo_adds_a_benin_and_a_rwanda_partnership_with_budgets_and_outcomes(app):
    run_seed(app, "--demo")
    with app.app_context():
        partnerships = {p.country.name: p for p in db.session.scalars(sa.select(Partnership))}
        assert set(partnerships) == {"benin", "rwanda"}
        benin, rwanda = partnerships["benin"], partnerships["rwanda"]
        assert benin.theme.name == "local_prosperity" and benin.partner_association == "ANCB"
        assert rwanda.theme.name == "citizen_participation" and rwanda.sdgs == [16]
        for partnership in (benin, rwanda):
            assert partnership.budget_total == Decimal("35000.00")
            assert len(partnership.activities) == 4
            assert (partnership.ends_on - partnership.starts_on).days in (730, 731)
            budget = services.budget_overview(partnership)
            assert budget.total.planned_total <= partnership.budget_total
        assert services.budget_overview(benin).total.spent_total == Decimal("28768.00")
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OutcomeRecord)) == 3
        [group] = db.session.scalars(sa.select(SteeringGroup)).all()
        assert [m.seat.kind.name for m in services.members(group)] == [
            "politician",
            "global_policy_officer",
            "general_director",
        ]
        assert [m.year for m in group.meetings] == [2022, 2023, 2024, 2025, 2026]
        assert all(m.session.track is None for m in group.meetings)
        autumn = [to_local(m.session.starts_at).month for m in group.meetings]
        assert all(month in (9, 10, 11, 12) for month in autumn)


def test_seeding_twice_with_demo_changes_no_row(app):
    run_seed(app, "--demo")
    first = snapshot(app)
    output = run_seed(app, "--demo")
    assert "Seed: 0 rows added" in output and "Demo: 0 rows added" in output
    assert snapshot(app) == first
