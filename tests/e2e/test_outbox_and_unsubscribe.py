"""In the browser: the admin reads and retries mail in the outbox; a reader unsubscribes."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from lmb import events
from lmb.extensions import db
from lmb.notifications.models import Frequency, Subscription
from lmb.notifications.subscriptions import set_subscriptions
from tests.builders import create_person, create_track

pytestmark = pytest.mark.e2e


def log_in(page, email, password="correct horse battery"):
    page.goto("/account/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord (verplicht)", exact=True).fill(password)
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    expect(page.locator("header.site-header")).to_contain_text("Afmelden")


def test_the_admin_reads_the_outbox_and_retries_a_failed_message(
    page, app, make_user, smtp_server, flush_outbox
):
    make_user(email="admin@example.org", role="admin")
    make_user(email="tom@example.org")
    # A reset mail for Tom that the server refuses once.
    page.goto("/account/reset")
    page.get_by_label("E-mailadres").fill("tom@example.org")
    page.get_by_role("button").filter(has_text="link").click()
    smtp_server.reply = "550 Mailbox unavailable"
    assert flush_outbox().failed == 1
    smtp_server.reply = None

    log_in(page, "admin@example.org")
    page.get_by_role("link", name="Beheer").click()
    page.get_by_role("link", name=re.compile("Uitgaande post")).click()
    page.get_by_label("Status").select_option("failed")
    page.get_by_role("button", name="Filteren").click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("tom@example.org")
    rows.first.get_by_role("link").click()
    expect(page.locator("main")).to_contain_text("550")
    expect(page.locator("pre.mail-body")).to_contain_text("/account/reset/")
    page.get_by_role("link", name="Opnieuw versturen").click()
    expect(page.locator(".consequences")).to_contain_text(
        "1 persoon krijgt deze e-mail opnieuw: tom@example.org."
    )
    page.get_by_role("button", name="Ja, verstuur het opnieuw").click()
    expect(page.locator(".flash-success")).to_be_visible()
    assert flush_outbox().sent == 1
    assert len(smtp_server.to("tom@example.org")) == 1


def test_a_reader_unsubscribes_from_the_link_in_the_mail(
    page, app, live_server, smtp_server, flush_outbox
):
    with app.app_context():
        track = create_track("participatie-2026", "Participatie 2026")
        reader = create_person("lezer@example.org")
        set_subscriptions(reader, [track.id], Frequency.immediately)
        events.theme_news.send(
            track,
            key="toolkit-published:1:v1",
            title="Stappenplan participatie",
            summary="Versie 1",
            url="http://127.0.0.1:5000/tracks/participatie-2026",
        )
        db.session.commit()
        db.session.remove()
    flush_outbox()
    [mail] = smtp_server.to("lezer@example.org")
    link = re.search(r"https?://\S+/unsubscribe/\S+", smtp_server.text_of(mail)).group(0)
    page.goto(live_server + urlsplit(link).path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Uitschrijven")
    expect(page.locator("main")).to_contain_text("Participatie 2026")
    page.get_by_role("button", name="Ja, schrijf mij uit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("U bent uitgeschreven")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Subscription)) == 0
