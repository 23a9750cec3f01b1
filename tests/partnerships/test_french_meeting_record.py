"""A yearly meeting's agenda, minutes and decisions in French beside Dutch (issue 18): the
coordinators write both on the record form; a member who reads French gets the French, and
where a part has none the Dutch marked lang="nl" with the notice; Dutch readers get the Dutch."""

import lxml.html

from lmb.extensions import db
from lmb.partnerships.models import SteeringGroupMeeting
from tests.partnerships.test_steering_record import meeting, write  # noqa: F401

NOTICE = "data-untranslated"


def read(make_browser, meeting_id, locale):
    member = make_browser()
    member.login("lotte@example.org")
    member.client.set_cookie("lmb_locale", locale)
    html = member.get(f"/steering-group/meetings/{meeting_id}").get_data(as_text=True)
    prose = lxml.html.document_fromstring(html).find_class("prose")
    return html, [(" ".join(p.text_content().split()), p.get("lang")) for p in prose]


def test_a_member_reads_the_record_in_french_and_the_rest_in_marked_dutch(
    app,
    make_browser,
    meeting,  # noqa: F811
):
    staff = make_browser()
    staff.login("coordinator@example.org")
    form = staff.get(f"/steering-group/meetings/{meeting}/record").get_data(as_text=True)
    assert "Agenda in het Frans" in form and "Verslag in het Frans" in form
    assert "Beslissingen in het Frans" in form
    response = write(
        staff,
        meeting,
        agenda="1. Het concept",
        minutes="De stuurgroep besprak het **concept**.",
        decisions="- De oproep gaat in januari uit.",
        agenda_fr="1. Le concept",
        minutes_fr="Le comité de pilotage a discuté du **concept**.",
    )
    assert response.status_code == 302
    with app.app_context():
        stored = db.session.get(SteeringGroupMeeting, meeting)
        assert (stored.agenda_fr, stored.decisions_fr) == ("1. Le concept", "")
        assert stored.session.agenda == "1. Het concept"
        db.session.remove()

    html, parts = read(make_browser, meeting, "fr")
    assert '<html lang="fr">' in html
    assert parts == [
        ("Le concept", None),
        ("Le comité de pilotage a discuté du concept.", None),
        # No French decisions: the Dutch, marked, and the page says so.
        ("De oproep gaat in januari uit.", "nl"),
    ]
    assert "<strong>concept</strong>" in html
    assert NOTICE in html  # (the group's Dutch name in the breadcrumb also calls for it)

    html, parts = read(make_browser, meeting, "nl")
    assert [text for text, _lang in parts] == [
        "Het concept",
        "De stuurgroep besprak het concept.",
        "De oproep gaat in januari uit.",
    ]
    assert all(lang is None for _text, lang in parts)
    assert NOTICE not in html


def test_with_the_whole_record_in_french_nothing_is_marked_dutch(app, make_browser, meeting):  # noqa: F811
    staff = make_browser()
    staff.login("coordinator@example.org")
    response = write(
        staff,
        meeting,
        agenda="1. Het concept",
        decisions="- Twee partnerlanden.",
        agenda_fr="1. Le concept",
        decisions_fr="- Deux pays partenaires.",
    )
    assert response.status_code == 302
    html, parts = read(make_browser, meeting, "fr")
    assert parts == [("Le concept", None), ("Deux pays partenaires.", None)]
    assert "Stuurgroep besprak" not in html and "Twee partnerlanden" not in html
