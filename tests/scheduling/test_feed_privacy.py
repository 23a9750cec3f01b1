"""A personal feed's token never appears in the access log."""

import logging
import time
import urllib.request

from lmb.accounts.services import calendar_token
from lmb.core.security import RedactSecretPaths
from lmb.extensions import db
from tests.builders import create_person


def test_the_feed_token_is_not_in_the_access_log(app, live_server, caplog):
    with app.app_context():
        token = calendar_token(create_person("sofie@example.org"))
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        url = f"{live_server}/calendar/{token}.ics"
        with urllib.request.urlopen(url) as response:  # noqa: S310 - our own server
            assert response.status == 200
        # The server thread writes its log line after the response has gone out.
        for _ in range(50):
            if "/calendar/" in caplog.text:
                break
            time.sleep(0.02)
    assert "/calendar/[redacted]" in caplog.text
    assert token not in caplog.text


def test_gunicorn_style_access_records_are_redacted_too():
    record = logging.LogRecord(
        "gunicorn.access",
        logging.INFO,
        __file__,
        1,
        '%(h)s "%(r)s" %(s)s',
        None,
        None,
    )
    record.args = {"h": "127.0.0.1", "r": "GET /account/reset/SECRET123 HTTP/1.1", "s": "200"}
    RedactSecretPaths().filter(record)
    assert "SECRET123" not in record.getMessage()
