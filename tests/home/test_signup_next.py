"""Sign-up keeps where the person came from: a track's page, through the verification mail,
back to that track with its one button to register; nothing but a local path is followed."""

import re

import pytest

from lmb.extensions import db
from lmb.tracks.models import RegistrationStatus
from tests.accounts.test_signup import SIGNUP, verification_link
from tests.builders import create_open_track, create_person, registered


def test_from_a_track_through_the_mail_back_to_its_register_button(
    app, browser, smtp_server, flush_outbox
):
    with app.app_context():
        create_open_track("participatie", "Participatie", capacity=5)
        db.session.commit()
        db.session.remove()
    track_page = browser.get("/tracks/participatie").get_data(as_text=True)
    assert 'href="/account/signup?next=/tracks/participatie"' in track_page
    assert 'href="/account/login?next=/tracks/participatie"' in track_page

    assert browser.submit("/account/signup?next=/tracks/participatie", SIGNUP).status_code == 200
    flush_outbox()
    link = verification_link(smtp_server, "sofie.peeters@example.org")
    assert link.endswith("?next=/tracks/participatie")
    landed = browser.submit(link, {"password": SIGNUP["password"]})
    assert landed.status_code == 302
    assert landed.headers["Location"] == "/tracks/participatie"
    page = browser.get("/tracks/participatie").get_data(as_text=True)
    assert page.count('action="/tracks/participatie/register"') == 1
    assert "Inschrijven voor dit leertraject" in page


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x"]
)
def test_only_a_local_path_is_followed(app, browser, smtp_server, flush_outbox, target):
    response = browser.submit("/account/signup", SIGNUP, page=f"/account/signup?next={target}")
    assert response.status_code == 200
    flush_outbox()
    link = verification_link(smtp_server, "sofie.peeters@example.org")
    assert "next=" not in link
    # A next added to the mailed link by hand is not followed either.
    landed = browser.submit(f"{link}?next={target}", {"password": SIGNUP["password"]}, page=link)
    assert landed.headers["Location"] == "/overview"


def test_logging_in_lands_on_my_overview_unless_a_page_sent_me(app, make_browser):
    with app.app_context():
        create_person("sofie@example.org")
        db.session.commit()
        db.session.remove()
    plain = make_browser()
    assert plain.login("sofie@example.org").headers["Location"] == "/overview"
    sent = make_browser()
    response = sent.submit(
        "/account/login?next=/tracks/",
        {"email": "sofie@example.org", "password": "correct horse battery"},
    )
    assert response.headers["Location"] == "/tracks/"


def test_a_full_track_says_which_place_on_the_waiting_list_you_would_get(app, make_browser):
    with app.app_context():
        track = create_open_track("vol", "Vol traject", capacity=1)
        registered(create_person("een@example.org"), track)
        registered(create_person("twee@example.org"), track, RegistrationStatus.waitlisted)
        create_person("drie@example.org")
        db.session.commit()
        db.session.remove()
    browser = make_browser()
    browser.login("drie@example.org")
    page = browser.get("/tracks/vol").get_data(as_text=True)
    assert "Volzet – u komt op de wachtlijst (plaats 2)" in page
    assert re.search(r"<button type=\"submit\">Volzet – u komt op de wachtlijst \(plaats 2\)", page)
