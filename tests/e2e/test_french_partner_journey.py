"""Issue 18's journey in French at 390 px: a partner from Za-Kpota (Africa/Porto-Novo) signs
up in French, is granted membership of her municipality, gets the invitation to the
partnership's next meeting in French and in her own time, and reads it on the partnership's
page with the Brussels time beside it. June: Benin (UTC+1) is an hour behind Brussels then.
Then she writes her part of the interim report, and it shows in the history. The connection
drops while she adds to it: sending is stopped with a clear message, and the text she typed is
still there after the connection is back and the page is reloaded (lmb/static/keep-draft.js)."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from lmb.accounts.membership import changes
from lmb.accounts.models import User
from lmb.accounts.permissions import live_membership
from lmb.extensions import db
from lmb.partnerships import services
from lmb.partnerships.models import Country, Partnership, ReportKind, Side
from tests.builders import brussels
from tests.partnerships.builders import admin, partnership

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}
AWA = "awa.houngbo@example.bj"
FIRST = "Za-Kpota a tenu deux ateliers avec les conseillers de quartier."
SECOND = FIRST + "\nLe comité de jumelage s’est réuni le 17 juin 2027."


def test_a_partner_from_za_kpota_reads_her_meeting_in_her_own_time_and_writes_her_report_part(
    app, seeded, chromium, live_server, smtp_server, flush_outbox
):
    with app.app_context():
        made = partnership(
            admin(), country=Country.benin, flemish="Gemeente Hoogstraten", partner="Za-Kpota"
        )
        slug = made.slug
        db.session.remove()
    context = chromium.new_context(base_url=live_server, viewport=PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()

    # She chooses French in the language menu; the sign-up form follows it.
    page.goto("/")
    page.get_by_role("button", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.goto("/account/signup")
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer un compte")
    expect(page.locator("#locale")).to_have_value("fr")
    expect(page.locator("#time_zone option").nth(1)).to_have_text("Africa/Porto-Novo")
    page.locator("#email").fill(AWA)
    page.locator("#name").fill("Awa Houngbo")
    page.locator("#organization").fill("Za-Kpota")
    page.locator("#function").select_option("civil_servant")
    page.locator("#time_zone").select_option("Africa/Porto-Novo")
    page.locator("#password").fill("un long mot de passe")
    page.locator("#password_confirm").fill("un long mot de passe")
    page.get_by_role("button", name="Créer le compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consultez votre boîte de réception")

    flush_outbox()
    [welcome] = smtp_server.to(AWA)
    assert welcome["Subject"] == "Confirmez votre adresse e-mail pour LMB Leertrajecten"
    link = re.search(r"https?://[^/\s]+(/account/verify/\S+)", smtp_server.text_of(welcome))
    page.goto(link.group(1))
    page.locator("#password").fill("un long mot de passe")
    page.get_by_role("button", name="Confirmer et se connecter").click()
    expect(page.locator("header.site-header")).to_contain_text("Se déconnecter")

    # The association grants her request and plans the partnership's meeting with her.
    with app.app_context():
        boss = db.session.scalar(select(User).where(User.email == "admin@example.org"))
        awa = db.session.scalar(select(User).where(User.email == AWA))
        assert (awa.locale, awa.time_zone) == ("fr", "Africa/Porto-Novo")
        changes.grant(live_membership(awa), by=boss)
        made = db.session.scalar(select(Partnership).where(Partnership.slug == slug))
        services.set_contacts(made, [awa], by=boss)
        services.save_activity(
            made,
            None,
            by=boss,
            title="Comité de jumelage",
            description="",
            starts_on=date(2027, 6, 17),
            ends_on=date(2027, 6, 17),
            side=Side.partner,
            planned_amount="500.00",
            spent_amount="0",
            meeting=services.Meeting(
                starts_at=brussels(2027, 6, 17, 10),
                ends_at=brussels(2027, 6, 17, 12),
                online_url="https://meet.example.org/jumelage",
            ),
        )
        db.session.commit()
        db.session.remove()

    flush_outbox()
    subjects = [m["Subject"] for m in smtp_server.to(AWA)]
    assert "Vous êtes maintenant membre de votre organisation" in subjects
    assert (
        "Invitation : Comité de jumelage le jeu. 17 juin 2027, 9 h 00–11 h 00 "
        "(heure d’Afrique de l’Ouest ; 10 h 00–12 h 00 à Bruxelles)"
    ) in subjects

    page.goto(f"/partnerships/{slug}")
    main = page.locator("main")
    expect(main).to_contain_text(
        "jeu. 17 juin 2027, 9 h 00–11 h 00 (heure d’Afrique de l’Ouest ; 10 h 00–12 h 00 à "
        "Bruxelles)"
    )
    expect(main).to_contain_text("500,00\u00a0€")
    # Nothing sideways at 390 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # She writes Za-Kpota's part of the interim report; it shows in the history.
    page.get_by_role("link", name="Rapport intermédiaire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapport intermédiaire")
    page.locator("#text").fill(FIRST)
    page.get_by_role("button", name="Enregistrer une nouvelle version").click()
    expect(page.locator(".flash-success")).to_contain_text(
        "Votre partie est enregistrée comme nouvelle version."
    )
    history = page.locator("ul.history")
    expect(history).to_contain_text("Za-Kpota, version 1")
    expect(history).to_contain_text("par Awa Houngbo")
    # The page after the form can be in the DOM before its style sheets (under load): measure
    # the laid-out page, not the unstyled one.
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The connection drops while she adds to it: nothing is lost, and she is told so.
    page.locator("#text").fill(SECOND)
    context.set_offline(True)
    page.get_by_role("button", name="Enregistrer une nouvelle version").click()
    expect(page.locator("[data-draft-message]")).to_have_text(re.compile("^Pas de connexion"))
    expect(page.locator("#text")).to_have_value(SECOND)
    context.set_offline(False)
    page.reload()
    expect(page.locator("[data-draft-message]")).to_contain_text(
        "Votre texte qui n’était pas encore enregistré est rétabli depuis cet appareil."
    )
    expect(page.locator("#text")).to_have_value(SECOND)
    page.get_by_role("button", name="Enregistrer une nouvelle version").click()
    expect(history).to_contain_text("Za-Kpota, version 2")
    # Saved: the copy on the device is gone, the page shows what the server has.
    page.reload()
    expect(page.locator("#text")).to_have_value(SECOND)
    expect(page.locator("[data-draft-message]")).to_be_hidden()
    page.wait_for_function(
        "Object.keys(localStorage).filter(k => k.startsWith('lmb-draft:')).length === 0"
    )
    with app.app_context():
        made = db.session.scalar(select(Partnership).where(Partnership.slug == slug))
        part = made.report(ReportKind.interim).part(Side.partner)
        assert [v.text.replace("\r\n", "\n") for v in part.versions] == [FIRST, SECOND]
        db.session.remove()
    context.close()
