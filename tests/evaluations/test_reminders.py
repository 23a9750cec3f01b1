"""The action plan follows itself up through the scheduler, with a fixed clock: owners are
reminded before an action's period ends, the coordinators get one mail when it is overdue, and
nothing is sent twice, also after the scheduler restarts. Real SMTP (aiosmtpd)."""

from datetime import date, timedelta

import pytest
import time_machine
from sqlalchemy import select

from lmb.evaluations import services
from lmb.evaluations.models import ActionStatus
from lmb.extensions import db
from lmb.notifications import scheduler
from lmb.notifications.models import OutboundMessage
from lmb.notifications.sweep import sweep
from tests.builders import brussels, create_person
from tests.evaluations.builders import make_plan, staff
from tests.outbox import flush

# "September 2020": the period ends on 30 September 2020.
BEFORE_NOTICE = brussels(2020, 9, 10, 9)
DUE = brussels(2020, 9, 20, 9)
OVERDUE = brussels(2020, 10, 2, 9)


def messages(kind=None):
    query = select(OutboundMessage).order_by(OutboundMessage.id)
    if kind:
        query = query.where(OutboundMessage.kind == kind)
    return db.session.scalars(query).all()


def restarted_scheduler_sweeps(app, moment) -> None:
    """The scheduler's own reminder job, in a fresh app context, as after a restart."""
    db.session.remove()
    with time_machine.travel(moment, tick=False):
        job = dict((job_id, job) for job_id, job, _seconds in scheduler.JOBS)["reminder-sweep"]
        scheduler._in_app_context(app, job)()


def test_owners_before_the_end_coordinators_once_overdue_nothing_twice(ctx, app, smtp_server):
    owner = create_person("eigenaar@example.org")
    coordinator = staff()
    _evaluation, action = make_plan(coordinator=coordinator, owner=owner)
    assert action.ends_on == date(2020, 9, 30)
    action_id, coordinator_id = action.id, coordinator.id

    assert sweep(BEFORE_NOTICE) == 0  # more than 14 days before the end
    assert sweep(DUE) == 1
    assert sweep(DUE + timedelta(days=3)) == 0
    flush()
    [reminder] = smtp_server.to("eigenaar@example.org")
    assert "30 september 2020" in reminder["Subject"]
    assert "Internationale conferentie over de SDG's" in smtp_server.text_of(reminder)
    assert smtp_server.to("coordinator@example.org") == []

    restarted_scheduler_sweeps(app, OVERDUE)
    restarted_scheduler_sweeps(app, OVERDUE + timedelta(minutes=1))
    restarted_scheduler_sweeps(app, OVERDUE + timedelta(days=5))
    assert [m.idempotency_key for m in messages("evaluation/action_overdue")] == [
        f"reminder:evaluation-action:{action_id}:2020-09-30:overdue:user:{coordinator_id}"
    ]
    flush()
    [overdue] = smtp_server.to("coordinator@example.org")
    assert "Te laat in het actieplan" in overdue["Subject"]
    assert "eigenaar@example.org" not in [m["To"] for m in smtp_server.messages[1:]]
    assert len(smtp_server.messages) == 2
    flush()
    assert len(smtp_server.messages) == 2


def test_a_done_action_is_not_reminded_and_a_waiting_reminder_is_dropped(ctx, smtp_server):
    owner = create_person("eigenaar@example.org")
    coordinator = staff()
    _evaluation, action = make_plan(coordinator=coordinator, owner=owner)
    assert sweep(DUE) == 1
    services.update_action(action, by=owner, status=ActionStatus.done, note="Conferentie gehouden.")
    db.session.commit()
    flush()
    # The owner did it: the coordinator hears of the report; the reminder is no longer true.
    assert [m["To"] for m in smtp_server.messages] == ["Coordinator <coordinator@example.org>"]
    assert sweep(OVERDUE) == 0


def test_a_moved_period_is_reminded_anew_and_an_old_plan_sends_nothing(ctx):
    owner = create_person("eigenaar@example.org")
    coordinator = staff()
    _evaluation, action = make_plan(coordinator=coordinator, owner=owner)
    assert sweep(DUE) == 1
    services.save_action(
        action.priority,
        action,
        by=coordinator,
        text=action.text,
        who=action.who,
        when_text="Oktober 2020",
        owners=[owner],
    )
    assert action.ends_on == date(2020, 10, 31)
    assert sweep(brussels(2020, 10, 20, 9)) == 1
    # Years later, an action overdue for long (a plan loaded from a document) mails nobody.
    assert sweep(brussels(2026, 11, 30, 9)) == 0


@pytest.mark.parametrize("when", ["na start nieuwe Vlaamse regering", "2020 en verder", ""])
def test_an_action_without_an_end_is_never_reminded(ctx, when):
    owner = create_person("eigenaar@example.org")
    make_plan(coordinator=staff(), owner=owner, when=when)
    assert sweep(brussels(2020, 12, 31, 9)) == 0
    assert sweep(brussels(2021, 1, 15, 9)) == 0
