"""`lmb seed`: the programmes, milestones and 7 tracks of the source documents, idempotent."""

from datetime import date

import sqlalchemy as sa

from lmb.cli import seed
from lmb.extensions import db
from lmb.modalities.models import Modality
from lmb.tracks.models import Milestone, Phase, Programme, Track

TRACK_TITLES = [
    "Duurzaam aankoopbeleid",
    "Duurzaam bankieren",
    "Migratie, integratie en ontwikkeling",
    "Wereldburgerschap",
    "Participatie",
    "Transversaal werken voor Lokaal Mondiaal beleid",
    "Alternatieve vormen van gemeentelijke internationale samenwerking",
]


def snapshot(app) -> dict:
    """Every row of every seeded table, to compare two runs."""
    with app.app_context():
        tables = {}
        for table in db.metadata.sorted_tables:
            rows = db.session.execute(sa.select(table)).all()
            tables[table.name] = sorted(
                tuple(str(v) for k, v in row._mapping.items() if k not in ("updated_at",))
                for row in rows
            )
        return tables


def run_seed(app, *args):
    runner = app.test_cli_runner()
    result = runner.invoke(seed, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_seed_loads_the_seven_tracks_with_the_wording_of_the_source(app):
    run_seed(app)
    with app.app_context():
        tracks = db.session.scalars(
            sa.select(Track)
            .where(Track.programme.has(Programme.slug == "lokaal-mondiaal-beleid-in-de-praktijk"))
            .order_by(Track.number)
        ).all()
        assert [t.title for t in tracks] == TRACK_TITLES
        assert [t.number for t in tracks] == list(range(1, 8))
        assert tracks[0].description.startswith(
            "Samen met Steunpunt Duurzame Overheidsopdrachten wordt er gewerkt aan de strategische"
        )
        assert "duurzame werkkledij" in tracks[0].description
        assert [p.name for p in tracks[0].partners] == ["Steunpunt Duurzame Overheidsopdrachten"]
        assert tracks[4].description.startswith("Op de brug van oud naar nieuw.")
        assert tracks[6].description.endswith("Wat is het voordeel voor de eigen stad of gemeente?")
        for track in tracks:
            assert track.programme.slug == "lokaal-mondiaal-beleid-in-de-praktijk"
            # Seed 000 gives no track's phase dates, registration window or places.
            assert track.phases == []
            assert track.registration_opens_at is None and track.registration_closes_at is None
            assert track.capacity is None and not track.capacity_known
            assert track.status.name == "announced"


def test_seed_loads_both_programmes_with_their_milestones(app):
    run_seed(app)
    with app.app_context():
        # Between them the programme 2017-2019 of seed 003 (tests/evaluations/test_seed.py).
        lmb, _cooperation, sdg = db.session.scalars(
            sa.select(Programme).order_by(Programme.starts_on)
        ).all()
        assert lmb.title == "Lokaal Mondiaal Beleid in de praktijk"
        assert (lmb.starts_on.year, lmb.ends_on.year) == (2016, 2018)
        by_key = {m.key: m for m in lmb.milestones}
        assert by_key["inspiratiedag"].starts_on == date(2016, 2, 2)
        assert by_key["terugkoppeling-2017"].starts_on.year == 2017
        assert "handleiding, stappenplan, checklist" in by_key["tools-2018"].description

        assert sdg.title == "SDG-partnerschappen"
        assert (sdg.starts_on.year, sdg.ends_on.year) == (2022, 2026)
        by_key = {m.key: m for m in sdg.milestones}
        assert by_key["oproep-stuurgroep"].starts_on == date(2022, 9, 15)
        meetings = [m for m in sdg.milestones if m.kind.name == "steering_group_meeting"]
        assert [m.starts_on.year for m in meetings] == [2022, 2023, 2024, 2025, 2026]
        # "Jaarlijks één maal (vanaf najaar 2022 tot 2026)": only the first one's season is given.
        assert meetings[0].precision.name == "season" and meetings[0].starts_on.month == 9
        assert all(m.precision.name == "year" for m in meetings[1:])
        start = by_key["start-partnerschappen"]
        assert start.starts_on.year == 2023
        assert "Benin" in start.description and "Rwanda" in start.description
        assert "SDG 16" in start.description
        assert "35.000 euro" in sdg.summary


def test_seeding_twice_changes_nothing(app):
    run_seed(app, "--demo")
    first = snapshot(app)
    output = run_seed(app, "--demo")
    assert "0 rows added" in output
    assert snapshot(app) == first


def test_seed_does_not_overwrite_what_a_coordinator_changed(app):
    run_seed(app)
    with app.app_context():
        track = db.session.scalar(sa.select(Track).where(Track.number == 1))
        track.capacity = 12
        db.session.commit()
    run_seed(app)
    with app.app_context():
        assert db.session.scalar(sa.select(Track.capacity).where(Track.number == 1)) == 12


def test_demo_data_uses_example_org_and_the_seeds_municipalities(app):
    output = run_seed(app, "--demo")
    assert "admin@example.org" in output and "demo-wachtwoord" in output
    with app.app_context():
        from lmb.accounts.models import Organization, User

        emails = db.session.scalars(sa.select(User.email)).all()
        assert emails and all(e.endswith("@example.org") for e in emails)
        names = set(db.session.scalars(sa.select(Organization.name)))
        assert {"Stad Roeselare", "Stad Oostende", "Gemeente Mol"} <= names
        # Only the open demo track has phases; it lies inside its own demo programme.
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Phase)) == 3
        demo = db.session.scalar(sa.select(Track).where(Track.slug.startswith("demo-")))
        assert demo.title.startswith("Demo:") and demo.status.name == "open"
        assert demo.is_demo and demo.programme.is_demo
        assert all(
            demo.programme.starts_on <= p.starts_on and p.ends_on <= demo.programme.ends_on
            for p in demo.phases
        )
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Milestone)) == 12
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Modality)) == 8
