"""The admin's outbox shows every message, but never a secret link that works: the mails of
a real sign-up, a resent verification and a password reset."""

import re

from sqlalchemy import select

from lmb.core.security import SECRET_PATHS
from lmb.extensions import db
from lmb.notifications.links import MASK
from lmb.notifications.models import OutboundMessage

SIGNUP = {
    "email": "sofie@example.org",
    "name": "Sofie Peeters",
    "organization": "Stad Roeselare",
    "function": "other",
    "locale": "nl",
    "password": "een lang wachtwoord",
    "password_confirm": "een lang wachtwoord",
}


def test_the_outbox_page_masks_the_links_of_a_real_sign_up_and_reset(app, make_browser, make_user):
    make_user(email="admin@example.org", role="admin")
    make_user(email="tom@example.org")
    visitor = make_browser()
    visitor.submit("/account/signup", SIGNUP)
    visitor.submit("/account/verify", {"email": "sofie@example.org"})
    visitor.submit("/account/reset", {"email": "tom@example.org"})
    with app.app_context():
        messages = {m.id: m.body_text for m in db.session.scalars(select(OutboundMessage))}
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    secrets = {
        match.group(0) for body in messages.values() for match in SECRET_PATHS.finditer(body)
    }
    kinds = {path.split("/")[2] for path in secrets}
    assert kinds == {"verify", "reset"}, secrets  # the mails do hold working links

    admin = make_browser()
    admin.login("admin@example.org")
    for message_id in messages:
        page = admin.get(f"/admin/outbox/{message_id}").get_data(as_text=True)
        assert page.count(MASK) >= 1
        for secret in secrets:
            assert secret not in page
        assert not re.search(r"/account/(verify|reset)/(?!" + re.escape(MASK) + ")", page)
