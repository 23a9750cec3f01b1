"""The outbox page shows what was sent, but never a link that is itself a credential: the
verification, password-reset and unsubscribe links of real mails, and (the class) every route
whose URL carries a token, such as the personal calendar feed (issue 12)."""

import re

import pytest
from flask import url_for
from sqlalchemy import select

from lmb.accounts import services as accounts
from lmb.extensions import db
from lmb.notifications.links import MASK, mask_secret_links, secret_arguments
from lmb.notifications.models import OutboundMessage
from lmb.notifications.outbox import enqueue
from tests.builders import create_person

TOKEN = re.compile(r"/(?:account/verify|account/reset|unsubscribe)/([^\s\"<]+)")


def _mail_with_every_secret_link(person):
    """A verification mail, a reset mail and a mail with an unsubscribe link, written by the
    services that write them for real."""
    person.email_verified_at = None
    db.session.commit()
    accounts.resend_verification(person.email)
    accounts.request_password_reset(person.email)
    enqueue(
        key=f"mask:{person.id}",
        kind="account/password_changed",
        template="accounts/mail/account/password_changed",
        recipient=person,
        subject="Test",
        unsubscribe_scope="all",
    )
    db.session.commit()


def test_the_outbox_page_masks_verification_reset_and_unsubscribe_links(app, make_user, browser):
    make_user(email="admin@example.org", role="admin")
    with app.app_context():
        _mail_with_every_secret_link(create_person("sofie@example.org"))
        messages = db.session.scalars(select(OutboundMessage).order_by(OutboundMessage.id)).all()
        assert [m.kind for m in messages] == [
            "account/verify",
            "account/reset",
            "account/password_changed",
        ]
        shown = {m.id: TOKEN.findall(m.body_text) for m in messages}
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    assert all(shown.values()), "every mail carries its secret link"
    browser.login("admin@example.org")
    for message_id, tokens in shown.items():
        page = browser.get(f"/admin/outbox/{message_id}").get_data(as_text=True)
        for token in tokens:
            assert token not in page
            assert token.split(".")[0] not in page
        assert MASK in page


def test_every_route_whose_url_carries_a_token_is_masked(app):
    """The class: each route with a token in its path (found in the URL map, so a route
    added later is covered too), absolute or with a query string, in text and calendar parts."""
    with app.test_request_context():
        secret_rules = [r for r in app.url_map.iter_rules() if secret_arguments(r)]
        endpoints = {r.endpoint for r in secret_rules}
        assert {
            "accounts.verify_email",
            "accounts.reset_password",
            "notifications.unsubscribe",
            "calendar.personal_feed",
        } <= endpoints
        secret = "Zx9.eyJ1c2VyIjoxfQ.Abc-def_123"
        for rule in secret_rules:
            values = {name: secret for name in secret_arguments(rule)}
            values.update({name: 7 for name in rule.arguments if name not in values})
            url = url_for(rule.endpoint, _external=True, **values)
            text = f"Klik hier: {url}\nof {url}?utm=x."
            masked = mask_secret_links(text)
            assert secret not in masked, rule.rule
            assert MASK in masked
        # Links without a secret are left alone; so is a token-named query parameter's name.
        plain = url_for("tracks.track", slug="token-van-een-track", _external=True)
        assert mask_secret_links(f"Zie {plain}") == f"Zie {plain}"
        assert secret not in mask_secret_links(f"https://x.example/p?token={secret}")


@pytest.mark.parametrize("value", [None, "", "geen links hier"])
def test_masking_leaves_text_without_links_alone(app, value):
    with app.test_request_context():
        assert mask_secret_links(value) == value


def test_every_route_whose_url_carries_a_token_is_redacted_from_access_logs(app):
    """The access-log filter (lmb.core.security.redact) runs outside any app, so it keeps a
    list of secret paths; this holds that list to the URL map: a route added later with a
    token in its path fails here until the list covers it."""
    from lmb.core.security import redact

    with app.test_request_context():
        secret = "Zx9eyJ1c2VyIjoxfQAbcdef123"
        for rule in app.url_map.iter_rules():
            if not secret_arguments(rule):
                continue
            values = {name: secret for name in secret_arguments(rule)}
            values.update({name: 7 for name in rule.arguments if name not in values})
            path = url_for(rule.endpoint, **values)
            line = f'127.0.0.1 - - "GET {path}?x=1 HTTP/1.1" 200 -'
            assert secret not in redact(line), rule.rule
