"""The rules of programme administration, through the services (the pages and the API call
the same ones): every refusal names its field and says why, in the reader's language."""

from datetime import date, timedelta

import pytest
from flask_babel import format_date

from lmb.core.errors import NotAllowed
from lmb.extensions import db
from lmb.tracks import services
from lmb.tracks.contact import DEFAULT_CONTACT, contact_of
from lmb.tracks.models import DatePrecision, MilestoneKind, PhaseKey, TrackStatus
from lmb.tracks.services import InvalidFields
from tests.builders import brussels, create_person, create_track, make_coordinator, registered


@pytest.fixture
def people(ctx):
    track = create_track("testtraject", "Testtraject", starts_on=date(2026, 2, 1))
    coordinator = make_coordinator("coord@example.org", track)
    other = create_person("other@example.org", role="coordinator", organization="VVSG")
    admin = create_person("admin@example.org", role="admin", organization="VVSG")
    participant = create_person("sofie@example.org")
    return {
        "track": track,
        "coordinator": coordinator,
        "other": other,
        "admin": admin,
        "participant": participant,
    }


def refusals(action) -> dict:
    with pytest.raises(InvalidFields) as refused:
        action()
    db.session.rollback()
    return refused.value.fields


def test_phases_must_run_in_order_each_ending_after_it_starts(people):
    track, coordinator = people["track"], people["coordinator"]
    fields = refusals(
        lambda: services.update_track(
            track,
            by=coordinator,
            phases={
                PhaseKey.labo: (date(2026, 5, 1), date(2026, 4, 1)),
                PhaseKey.voedingsbodem: (date(2026, 3, 1), date(2026, 8, 1)),
                PhaseKey.uitrol: (date(2026, 9, 1), date(2026, 7, 1)),
            },
        )
    )
    assert fields["labo_ends_on"] == ["Een fase moet eindigen na het begin (Labo)."]
    assert fields["voedingsbodem_starts_on"] == [
        "Voedingsbodem moet beginnen na het begin van Labo (1 mei 2026)."
    ]
    assert (
        "Uitrol kan niet eindigen voor het einde van Voedingsbodem (1 augustus 2026)."
        in (fields["uitrol_ends_on"])
    )
    assert [p.starts_on for p in track.phases][0] == date(2026, 2, 1)  # nothing changed


def test_a_phase_that_changes_must_lie_within_the_programme(people):
    fields = refusals(
        lambda: services.update_track(
            people["track"],
            by=people["coordinator"],
            phases={PhaseKey.labo: (date(2025, 12, 1), date(2026, 5, 1))},
        )
    )
    assert fields == {
        "labo_starts_on": [
            "Labo moet binnen het programma vallen (1 januari 2026 – 31 december 2027)."
        ]
    }


def test_registration_closes_before_the_last_phase_ends_and_after_it_opens(people):
    track, coordinator = people["track"], people["coordinator"]
    last = max(p.ends_on for p in track.phases)
    fields = refusals(
        lambda: services.update_track(
            track,
            by=coordinator,
            registration_opens_at=brussels(2026, 1, 5, 9),
            registration_closes_at=brussels(last.year, last.month, last.day) + timedelta(days=1),
        )
    )
    assert fields["registration_closes_at"] == [
        "De inschrijving moet sluiten voor de laatste fase van het traject eindigt "
        f"({format_date(last, 'long')})."
    ]
    fields = refusals(
        lambda: services.update_track(
            track,
            by=coordinator,
            registration_opens_at=brussels(2026, 1, 5, 9),
            registration_closes_at=brussels(2026, 1, 4, 9),
        )
    )
    assert fields["registration_closes_at"] == ["De inschrijving moet sluiten na de opening."]


def test_the_capacity_cannot_fall_below_the_confirmed_count(people):
    track = people["track"]
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        registered(create_person(email), track)
    fields = refusals(lambda: services.update_track(track, by=people["admin"], capacity=2))
    assert fields == {
        "capacity": [
            "3 personen hebben al een bevestigde plaats; de capaciteit kan niet lager zijn."
        ]
    }
    services.update_track(track, by=people["admin"], capacity=3)
    assert track.capacity == 3


def test_a_contact_needs_a_valid_address_and_a_name(people):
    fields = refusals(
        lambda: services.update_track(
            people["track"], by=people["coordinator"], contact_email="geen adres"
        )
    )
    assert fields["contact_email"] == ["Vul een geldig e-mailadres in."]
    fields = refusals(
        lambda: services.update_track(
            people["track"], by=people["coordinator"], contact_email="lien@example.org"
        )
    )
    assert fields == {"contact_name": ["Geef ook de naam van de contactpersoon."]}


def test_a_coordinator_edits_what_the_track_page_holds(people):
    track = people["track"]
    services.update_track(
        track,
        by=people["coordinator"],
        title="Duurzaam bankieren",
        content="Inhoud",
        course="Verloop",
        target_group="Doelgroep",
        goals="Doelstellingen",
        partners=["Steunpunt Duurzame Overheidsopdrachten", ""],
        contact_name="Lien",
        contact_email="lien@example.org",
        phases={PhaseKey.uitrol: None},
    )
    db.session.commit()
    assert (track.title, track.content, track.course, track.target_group, track.goals) == (
        "Duurzaam bankieren",
        "Inhoud",
        "Verloop",
        "Doelgroep",
        "Doelstellingen",
    )
    assert [p.name for p in track.partners] == ["Steunpunt Duurzame Overheidsopdrachten"]
    assert [p.key for p in track.phases] == [PhaseKey.labo, PhaseKey.voedingsbodem]
    assert contact_of(track).email == "lien@example.org"


def test_only_its_coordinators_and_admins_change_a_track(people):
    for who in ("other", "participant"):
        with pytest.raises(NotAllowed):
            services.update_track(people["track"], by=people[who], title="Ander")


def test_staff_start_a_track_and_a_coordinator_who_does_coordinates_it(people):
    programme = people["track"].programme
    track = services.start_track(
        programme,
        by=people["other"],
        title="Lokale economie",
        phases={PhaseKey.labo: (date(2027, 1, 1), date(2027, 6, 30))},
        capacity=20,
    )
    db.session.commit()
    assert (track.slug, track.number, track.status) == ("lokale-economie", 2, TrackStatus.announced)
    assert track.coordinators == [people["other"]]
    assert contact_of(track) == DEFAULT_CONTACT
    with pytest.raises(NotAllowed):
        services.start_track(programme, by=people["participant"], title="Nee")
    fields = refusals(
        lambda: services.start_track(
            programme,
            by=people["admin"],
            title=" ",
            phases={PhaseKey.labo: (date(2030, 1, 1), date(2030, 6, 30))},
        )
    )
    assert set(fields) == {"title", "labo_starts_on", "labo_ends_on"}
    assert services.track_by_slug("lokale-economie-2") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("najaar 2026", (date(2026, 9, 1), date(2026, 11, 30), DatePrecision.season)),
        ("Voorjaar  2016", (date(2016, 3, 1), date(2016, 5, 31), DatePrecision.season)),
        ("winter 2022", (date(2022, 12, 1), date(2023, 2, 28), DatePrecision.season)),
        ("autumn 2022", (date(2022, 9, 1), date(2022, 11, 30), DatePrecision.season)),
        ("2017", (date(2017, 1, 1), date(2017, 12, 31), DatePrecision.year)),
        ("binnenkort", None),
        ("najaar", None),
        ("maan 2026", None),
    ],
)
def test_a_season_or_year_gives_the_range_it_covers(ctx, text, expected):
    assert services.parse_period(text) == expected


def test_milestones_by_date_or_season_within_the_programme(people):
    staff = people["other"]
    programme = people["track"].programme
    milestone = services.save_milestone(
        programme,
        by=staff,
        kind=MilestoneKind.steering_group_meeting,
        title="Stuurgroep",
        title_en="Steering group",
        period="najaar 2026",
    )
    db.session.commit()
    assert (milestone.starts_on, milestone.precision) == (date(2026, 9, 1), DatePrecision.season)
    assert milestone.title_en == "Steering group"
    fields = refusals(
        lambda: services.save_milestone(
            programme, by=staff, kind=MilestoneKind.tools, title="X", period="najaar 2030"
        )
    )
    assert fields == {
        "period": [
            "De mijlpaal moet binnen het programma vallen (1 januari 2026 – 31 december 2027)."
        ]
    }
    fields = refusals(
        lambda: services.save_milestone(
            programme, by=staff, kind=MilestoneKind.tools, title="X", period="ooit"
        )
    )
    assert fields == {
        "period": ["'ooit' is geen seizoen zoals 'najaar 2026' of jaar zoals '2017'."]
    }
    fields = refusals(
        lambda: services.save_milestone(programme, by=staff, kind=MilestoneKind.tools, title="X")
    )
    assert fields == {"starts_on": ["Geef een datum, of een seizoen zoals 'najaar 2026'."]}
    fields = refusals(
        lambda: services.save_milestone(
            programme,
            by=staff,
            kind=MilestoneKind.tools,
            title="X",
            starts_on=date(2026, 5, 1),
            period="2026",
        )
    )
    assert fields == {"period": ["Geef een datum of een seizoen, niet beide."]}
    with pytest.raises(NotAllowed):
        services.save_milestone(
            programme, by=people["participant"], kind=MilestoneKind.tools, title="X", period="2026"
        )
    services.delete_milestone(milestone, by=people["admin"])
    assert programme.milestones == []


def test_a_programme_keeps_its_milestones_and_tracks_within_its_dates(people):
    staff = people["admin"]
    programme = services.save_programme(
        None,
        by=staff,
        title="Nieuw programma",
        starts_on=date(2027, 1, 1),
        ends_on=date(2029, 12, 31),
    )
    assert programme.slug == "nieuw-programma" and contact_of(programme) == DEFAULT_CONTACT
    fields = refusals(
        lambda: services.save_programme(
            None, by=staff, title="Omgekeerd", starts_on=date(2027, 1, 1), ends_on=date(2026, 1, 1)
        )
    )
    assert fields == {"ends_on": ["Het programma moet eindigen na zijn begin."]}
    existing = people["track"].programme
    fields = refusals(
        lambda: services.save_programme(
            existing,
            by=staff,
            title=existing.title,
            starts_on=existing.starts_on,
            ends_on=date(2026, 6, 30),
        )
    )
    assert fields == {
        "ends_on": ["Deze vallen buiten de nieuwe data: Testtraject. Verplaats ze eerst."]
    }
    with pytest.raises(NotAllowed):
        services.save_programme(
            None,
            by=people["participant"],
            title="X",
            starts_on=date(2027, 1, 1),
            ends_on=date(2027, 2, 1),
        )
