"""A person's language and time zone (issue 18): chosen at sign-up (the language defaulting
from the browser's Accept-Language), kept on the profile, and followed by pages and mails."""

import re

import time_machine

from lmb.accounts.models import User
from lmb.extensions import db
from tests.builders import brussels, create_person, create_session, create_track, registered

SIGNUP = {
    "email": "awa.houngbo@example.bj",
    "name": "Awa Houngbo",
    "organization": "",
    "function": "civil_servant",
    "locale": "fr",
    "time_zone": "Africa/Porto-Novo",
    "password": "un long mot de passe",
    "password_confirm": "un long mot de passe",
}


def selected(page: str, name: str) -> str:
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S).group(0)
    return re.search(r'<option selected value="([^"]+)"', select).group(1)


def options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S).group(0)
    return re.findall(r'<option(?: selected)? value="([^"]+)"', select)


def test_sign_up_offers_french_and_the_zones_and_defaults_to_the_browsers_language(browser):
    page = browser.get(
        "/account/signup", headers={"Accept-Language": "fr-BE,fr;q=0.9,en;q=0.5"}
    ).get_data(as_text=True)
    assert options(page, "locale") == ["nl", "en", "fr"]
    assert selected(page, "locale") == "fr"
    zones = options(page, "time_zone")
    assert zones[:3] == ["Europe/Brussels", "Africa/Porto-Novo", "Africa/Kigali"]
    assert selected(page, "time_zone") == "Europe/Brussels"
    assert "America/New_York" in zones and "US/Eastern" not in zones
    dutch = browser.get("/account/signup", headers={"Accept-Language": "de, nl;q=0.5"})
    assert selected(dutch.get_data(as_text=True), "locale") == "nl"
    nothing = browser.get("/account/signup", headers={"Accept-Language": "de"})
    assert selected(nothing.get_data(as_text=True), "locale") == "nl"


def test_a_partner_signs_up_in_french_in_her_own_zone_and_is_mailed_in_french(
    app, browser, smtp_server, flush_outbox
):
    assert browser.submit("/account/signup", SIGNUP).status_code == 200
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == SIGNUP["email"]))
        assert (user.locale, user.time_zone) == ("fr", "Africa/Porto-Novo")
    flush_outbox()
    [message] = smtp_server.to(SIGNUP["email"])
    assert message["Subject"] == "Confirmez votre adresse e-mail pour LMB Leertrajecten"
    assert "Merci d’avoir créé un compte" in smtp_server.text_of(message)


def test_an_unknown_zone_is_refused_on_its_field(browser):
    response = browser.submit("/account/signup", {**SIGNUP, "time_zone": "Mars/Olympus"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'aria-invalid="true" id="time_zone"' in page
    assert 'id="time_zone-error"' in page


def test_pages_show_times_in_the_readers_zone_with_brussels_beside_them(app, make_browser):
    with time_machine.travel(brussels(2027, 1, 4, 9), tick=False):
        with app.app_context():
            track = create_track()
            person = create_person("kigali@example.rw", locale="fr", organization="")
            registered(person, track)
            create_session(track, brussels(2027, 1, 14, 9, 30), title="Labo 1")
        reader = make_browser()
        reader.login("kigali@example.rw")
        page = reader.get("/agenda").get_data(as_text=True)
        assert "jeu. 14 janv. 2027, 9 h 30–12 h 30" in page
        assert "Bruxelles)" not in page
        profile = reader.get("/account/profile").get_data(as_text=True)
        assert selected(profile, "time_zone") == "Europe/Brussels"
        saved = reader.submit(
            "/account/profile",
            {
                "name": "Kigali",
                "organization": "",
                "function": "other",
                "locale": "fr",
                "time_zone": "Africa/Kigali",
            },
        )
        assert saved.status_code == 302
        profile = reader.get("/account/profile").get_data(as_text=True)
        assert selected(profile, "time_zone") == "Africa/Kigali"
        page = reader.get("/agenda").get_data(as_text=True)
        assert (
            "jeu. 14 janv. 2027, 10 h 30–13 h 30 "
            "(heure normale d’Afrique centrale ; 9 h 30–12 h 30 à Bruxelles)"
        ) in page


def test_the_zone_is_in_the_persons_data_and_erasing_forgets_it(app, make_browser):
    with app.app_context():
        person = create_person("kigali@example.rw", time_zone="Africa/Kigali", organization="")
        person_id = person.id
        db.session.remove()
    reader = make_browser()
    reader.login("kigali@example.rw")
    data = reader.get("/account/privacy/data.json").get_json()
    assert data["account"]["time_zone"] == "Africa/Kigali"
    done = reader.submit(
        "/account/privacy/erase",
        {"password": "correct horse battery", "understood": "y"},
        page="/account/privacy",
    )
    assert done.status_code == 302
    with app.app_context():
        assert db.session.get(User, person_id).time_zone == "Europe/Brussels"
