"""Co-written reports (issues 16, 18): each side writes its own part, both read the history of
both parts; the deadlines reach the people who answer for a part, through the scheduler's
reminder sweep, with a fixed clock and a real SMTP server (aiosmtpd)."""

from datetime import date, timedelta

import pytest
import time_machine
from sqlalchemy import select

from lmb.core.errors import NotAllowed, ServiceError
from lmb.extensions import db
from lmb.notifications import scheduler
from lmb.notifications.models import OutboundMessage
from lmb.notifications.sweep import sweep
from lmb.partnerships import services
from lmb.partnerships.models import ReportKind, Side
from tests.builders import brussels, create_person
from tests.outbox import flush
from tests.partnerships.builders import coordinator, partnership

INTERIM_DUE = date(2024, 9, 30)
FINAL_DUE = date(2025, 10, 31)


def people():
    """A partnership Merelbeke–Huye with a contact on each side and one of the staff."""
    staff = coordinator()
    p = partnership(staff, starts_on=date(2023, 9, 1))
    flemish = create_person("an@merelbeke.example", organization="Gemeente Merelbeke")
    partner = create_person("claudine@huye.example", organization="Huye")
    services.set_contacts(p, [flemish, partner, staff], by=staff)
    services.set_deadlines(p, by=staff, interim_due=INTERIM_DUE, final_due=FINAL_DUE)
    db.session.commit()
    return p, staff, flemish, partner


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


def test_each_side_writes_its_own_part_and_both_read_every_version(ctx, seeded):
    p, staff, flemish, partner = people()
    interim = services.report_for(p, ReportKind.interim)
    ours, theirs = interim.part(Side.flemish), interim.part(Side.partner)
    assert services.save_part(ours, by=flemish, text="Eerste kennismaking in Merelbeke.")
    assert services.save_part(theirs, by=partner, text="Visite des comités de quartier à Huye.")
    assert services.save_part(ours, by=flemish, text="Kennismaking en bezoek aan Huye.")
    assert not services.save_part(ours, by=flemish, text="Kennismaking en bezoek aan Huye.")
    # Nobody writes the other side's part, not even the staff.
    for writer, part in ((partner, ours), (flemish, theirs), (staff, ours)):
        with pytest.raises(NotAllowed):
            services.save_part(part, by=writer, text="Niet van mij.")
    assert ours.text == "Kennismaking en bezoek aan Huye." and len(ours.versions) == 2
    history = services.history(interim)
    assert [(v.part.side, v.number) for v in history] == [
        (Side.flemish, 2),
        (Side.partner, 1),
        (Side.flemish, 1),
    ]
    assert history[2].text == "Eerste kennismaking in Merelbeke."
    services.submit_part(theirs, by=partner)
    with pytest.raises(ServiceError, match="ingediend"):
        services.save_part(theirs, by=partner, text="Later toegevoegd.")
    assert not interim.complete
    services.submit_part(ours, by=flemish)
    assert interim.complete


def test_deadlines_are_set_by_the_staff_in_order(ctx, seeded):
    p, staff, flemish, _partner = people()
    with pytest.raises(ServiceError) as refused:
        services.set_deadlines(p, by=staff, interim_due=FINAL_DUE, final_due=INTERIM_DUE)
    assert refused.value.field == "final_due"
    with pytest.raises(NotAllowed):
        services.set_deadlines(p, by=flemish, interim_due=INTERIM_DUE, final_due=None)
    # Cleared: "to be determined" again.
    services.set_deadlines(p, by=staff, interim_due=None, final_due=FINAL_DUE)
    assert p.report(ReportKind.interim).due_on is None


def test_reminders_reach_each_sides_people_and_stop_when_the_part_is_handed_in(
    ctx, app, seeded, smtp_server
):
    p, staff, flemish, partner = people()
    part_ids = {side: services.report_for(p, ReportKind.interim).part(side).id for side in Side}
    flemish_id, partner_id, staff_id = flemish.id, partner.id, staff.id
    db.session.commit()

    assert sweep(brussels(2024, 9, 10, 9)) == 0  # 20 days before the deadline
    assert sweep(brussels(2024, 9, 20, 9)) == 2  # one per side's contact; not the staff
    assert sweep(brussels(2024, 9, 22, 9)) == 0
    # The Flemish side hands its part in before the mail leaves: its reminder is dropped.
    ours = services.part_by_id(part_ids[Side.flemish])
    services.save_part(ours, by=flemish, text="Ons deel.")
    services.submit_part(ours, by=flemish)
    flush()
    [reminder] = smtp_server.messages
    assert "claudine@huye.example" in reminder["To"]
    assert "30 september 2024" in reminder["Subject"]
    body = smtp_server.text_of(reminder)
    assert "Huye" in body and f"/partnerships/{p.slug}/reports/interim" in body

    moment = brussels(2024, 10, 2, 9)
    restarted_scheduler_sweeps(app, moment)
    restarted_scheduler_sweeps(app, moment + timedelta(minutes=1))
    restarted_scheduler_sweeps(app, moment + timedelta(days=5))
    keys = sorted(m.idempotency_key for m in messages("partnerships/report_overdue"))
    part = part_ids[Side.partner]
    assert keys == sorted(
        f"reminder:partnership-report-part:{part}:2024-09-30:overdue:user:{uid}"
        for uid in (partner_id, staff_id)
    )
    assert flemish_id not in {m.recipient_user_id for m in messages("partnerships/report_overdue")}
    flush()
    assert len(smtp_server.messages) == 3
    overdue = smtp_server.messages[1:]
    assert sorted(address for m in overdue for address in [m["To"].addresses[0].addr_spec]) == [
        "claudine@huye.example",
        "coordinator@example.org",
    ]
    assert all("Te laat" in m["Subject"] for m in overdue)
    flush()
    assert len(smtp_server.messages) == 3


def test_without_named_contacts_every_member_of_the_side_is_reminded(ctx, seeded):
    staff = coordinator()
    p = partnership(staff, starts_on=date(2023, 9, 1))
    members = [create_person(f"{n}@huye.example", organization="Huye") for n in ("aline", "jean")]
    services.set_deadlines(p, by=staff, interim_due=INTERIM_DUE, final_due=None)
    db.session.commit()
    assert sweep(brussels(2024, 9, 20, 9)) == 2
    assert {m.recipient_user_id for m in messages("partnerships/report_due")} == {
        m.id for m in members
    }
    # An interim report without a deadline ("to be determined") reminds nobody.
    services.set_deadlines(p, by=staff, interim_due=None, final_due=None)
    db.session.commit()
    assert sweep(brussels(2024, 9, 29, 9)) == 0
