"""The smoke journey in a real browser: sign up, verify by mail, log in, see the tracks."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

EMAIL = "an.peeters@example.org"
PASSWORD = "een lang genoeg wachtwoord"
VERIFY_LINK = re.compile(r"https?://[^\s/]+/account/verify/\S+")


def test_sign_up_verify_log_in_and_see_the_tracks(
    page, live_server, smtp_server, flush_outbox, seeded
):
    # The header's language switch: English, remembered on the pages that follow.
    page.goto("/account/signup")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.get_by_role("button", name="English", exact=True).click()
    expect(page).to_have_url(re.compile(r"/account/signup$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")

    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Name (required)", exact=True).fill("An Peeters")
    page.get_by_label("Organization", exact=True).fill("Gemeente Zoersel")
    page.get_by_label("Function").select_option("global_policy_officer")
    expect(page.get_by_label("Language")).to_have_value("en")
    page.get_by_label("Password (required)", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your mailbox")
    expect(page.locator("main")).to_contain_text(EMAIL)

    # The verification mail, delivered to the SMTP sink.
    flush_outbox()
    mails = smtp_server.to(EMAIL)
    assert len(mails) == 1
    match = VERIFY_LINK.search(smtp_server.text_of(mails[0]))
    assert match, smtp_server.text_of(mails[0])
    link = match.group(0)
    assert link.startswith("http://127.0.0.1:5000/")
    parts = urlsplit(link)
    page.goto(live_server + parts.path)

    # The link asks for the account's password (someone else may have typed the address),
    # still in English; confirming verifies and logs in.
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your e-mail address")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main")).to_contain_text(EMAIL)
    page.get_by_label("Password (required)", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Confirm and log in").click()
    expect(page.locator(".flash-success")).to_be_visible()

    expect(page).to_have_url(re.compile(r"/overview$"))  # Mijn overzicht (issue 14)
    header = page.locator("header.site-header")
    expect(header.get_by_role("button", name="Log out")).to_be_visible()
    expect(header.get_by_role("link", name="My profile")).to_be_visible()
    expect(header.get_by_role("link", name="Log in", exact=True)).to_have_count(0)

    page.goto("/tracks/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    cards = page.locator("article.track-card")
    expect(cards).to_have_count(7)
    # In English, the tracks' English titles (issue 16).
    expect(cards.get_by_role("link", name="Sustainable procurement")).to_be_visible()
    expect(
        cards.get_by_role("link", name="Alternative forms of municipal international cooperation")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
