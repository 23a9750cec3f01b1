"""A report's deadline in the personal calendar feed of the members of a side whose part is
still open (the deadline contribution of scheduling/feeds.py), parsed back with icalendar."""

from datetime import date, datetime, time

from icalendar import Calendar

from lmb.accounts.models import User
from lmb.accounts.services import calendar_token
from lmb.core.timezones import local_datetime
from lmb.extensions import db
from lmb.partnerships import services
from lmb.partnerships.models import ReportKind, Side
from tests.builders import create_person
from tests.partnerships.builders import coordinator, partnership


def uids_and_starts(client, token) -> dict:
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.data)
    return {str(e["uid"]): e["dtstart"].dt for e in calendar.walk("VEVENT")}


def test_each_side_has_its_open_part_in_its_feed_until_it_is_handed_in(app, seeded):
    due = date(datetime.now().year + 1, 3, 31)
    with app.app_context():
        staff = coordinator()
        p = partnership(staff, starts_on=date(datetime.now().year - 1, 9, 1))
        flemish = create_person("an@merelbeke.example", organization="Gemeente Merelbeke")
        partner = create_person("claudine@huye.example", organization="Huye")
        outsider = create_person("piet@roeselare.example", organization="Stad Roeselare")
        services.set_deadlines(p, by=staff, interim_due=due, final_due=None)
        report = services.report_for(p, ReportKind.interim)
        ours, theirs = report.part(Side.flemish), report.part(Side.partner)
        tokens = {u.email: calendar_token(u) for u in (flemish, partner, outsider)}
        ours_uid = f"partnership-report-part-{ours.id}@127.0.0.1"
        theirs_uid = f"partnership-report-part-{theirs.id}@127.0.0.1"
        theirs_id, partner_id = theirs.id, partner.id
        end_of_due_day = local_datetime(due, time(23, 59))
        db.session.commit()
        db.session.remove()
    client = app.test_client()
    feed = uids_and_starts(client, tokens["an@merelbeke.example"])
    assert feed[ours_uid] == end_of_due_day
    assert theirs_uid not in feed
    assert theirs_uid in uids_and_starts(client, tokens["claudine@huye.example"])
    outsider_feed = uids_and_starts(client, tokens["piet@roeselare.example"])
    assert not any(uid.startswith("partnership-report") for uid in outsider_feed)

    with app.app_context():
        part = services.part_by_id(theirs_id)
        writer = db.session.get(User, partner_id)
        services.save_part(part, by=writer, text="Les comités.")
        services.submit_part(part, by=writer)
        db.session.commit()
        db.session.remove()
    assert theirs_uid not in uids_and_starts(client, tokens["claudine@huye.example"])
    assert ours_uid in uids_and_starts(client, tokens["an@merelbeke.example"])
