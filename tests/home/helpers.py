"""A steering group with members and a yearly meeting, for the tests of this folder."""

from datetime import time, timedelta

from lmb.core.models import utcnow
from lmb.core.timezones import local_datetime, to_local
from lmb.partnerships import services as partnerships
from tests.builders import create_person
from tests.partnerships.builders import admin, open_candidate_call, seat

SEATS = ("politician", "global_policy_officer", "general_director")


def steering_group_meeting(*emails: str) -> dict:
    """Each address a member (one per seat), and a meeting in 40 days (inside an app context,
    not committed): {"call", "admin", "members", "meeting"}."""
    call = open_candidate_call()
    boss = admin()
    members = [
        partnerships.select_candidacy(
            partnerships.stand_as_candidate(
                create_person(email), call, seat(call, kind), motivation="Ja"
            ),
            by=boss,
        )
        for email, kind in zip(emails, SEATS, strict=False)
    ]
    day = to_local(utcnow() + timedelta(days=40)).date()
    meeting = partnerships.schedule_meeting(
        call.steering_group,
        by=boss,
        starts_at=local_datetime(day, time(10)),
        ends_at=local_datetime(day, time(12)),
        location="Brussel",
    )
    return {"call": call, "admin": boss, "members": members, "meeting": meeting}
