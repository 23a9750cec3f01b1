"""The dispatcher sends each message once, over a real SMTP connection, and loses none."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.notifications.dispatch import flush
from lmb.notifications.models import MessageStatus, OutboundMessage
from lmb.notifications.outbox import Draft, enqueue, enqueue_many
from tests.builders import create_person
from tests.conftest import free_port


def write_messages(people, count_each=1, kind="account/password_changed"):
    drafts = [
        Draft(
            key=f"test:{person.id}:{n}",
            kind=kind,
            template=f"accounts/mail/{kind}",
            recipient=person,
            subject="Test",
        )
        for person in people
        for n in range(count_each)
    ]
    written = enqueue_many(drafts)
    db.session.commit()
    return written


def messages():
    return db.session.scalars(select(OutboundMessage).order_by(OutboundMessage.id)).all()


def test_writing_the_same_key_twice_is_a_no_op(ctx):
    person = create_person("sofie@example.org")
    assert write_messages([person]) == 1
    assert write_messages([person]) == 0
    assert (
        enqueue(
            key=f"test:{person.id}:0",
            kind="account/password_changed",
            template="accounts/mail/account/password_changed",
            recipient=person,
            subject="Test",
        )
        is False
    )
    assert len(messages()) == 1


def test_messages_are_multipart_with_a_stable_message_id(ctx, smtp_server):
    person = create_person("sofie@example.org")
    write_messages([person])
    assert flush().sent == 1
    [mail] = smtp_server.messages
    assert mail.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in mail.iter_parts()] == ["text/plain", "text/html"]
    assert mail["Message-ID"] == messages()[0].message_id
    assert "List-Unsubscribe" not in mail  # account mail


def test_smtp_down_loses_nothing_and_the_next_flush_delivers_each_message_once(ctx, app):
    people = [create_person(f"p{n}@example.org") for n in range(5)]
    write_messages(people)
    port = free_port()  # nothing listens here
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        result = flush()
    finally:
        app.config.update(MAIL_SERVER=None)
    assert (result.sent, result.retrying, result.pending) == (0, 5, 5)
    for message in messages():
        assert message.status is MessageStatus.pending
        assert message.next_attempt_at > utcnow()
        assert "connection" in message.last_error
    ids = {m.id: m.message_id for m in messages()}

    from aiosmtpd.controller import Controller

    from tests.conftest import MailSink

    sink = MailSink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        assert flush().sent == 0  # not due yet: backoff
        later = utcnow() + timedelta(minutes=5)
        result = flush(now=later)
        assert result.sent == 5 and result.pending == 0
        assert flush(now=later + timedelta(hours=1)).sent == 0
    finally:
        controller.stop()
        app.config.update(MAIL_SERVER=None)
    assert sorted(m["To"] for m in sink.messages) == sorted(
        f"P{n} <p{n}@example.org>" for n in range(5)
    )
    # The Message-ID chosen at the first attempt is the one that was sent.
    assert {m["Message-ID"] for m in sink.messages} == set(ids.values())


def test_a_5xx_for_a_recipient_fails_at_once_and_a_4xx_is_retried(ctx, smtp_server):
    person = create_person("sofie@example.org")
    write_messages([person])
    smtp_server.reply = "550 No such user here"
    result = flush()
    assert (result.failed, result.retrying) == (1, 0)
    assert messages()[0].status is MessageStatus.failed and "550" in messages()[0].last_error

    other = create_person("tom@example.org")
    write_messages([other])
    smtp_server.reply = "451 Try again later"
    assert flush().retrying == 1
    retried = messages()[1]
    assert retried.status is MessageStatus.pending and retried.attempts == 1
    smtp_server.reply = None
    assert flush(now=utcnow() + timedelta(minutes=5)).sent == 1


def test_backoff_grows_and_gives_up_after_the_last_attempt(ctx, app):
    from lmb.notifications import dispatch

    person = create_person("sofie@example.org")
    write_messages([person])
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    try:
        moment = utcnow()
        waits = []
        for _ in range(dispatch.MAX_ATTEMPTS):
            flush(now=moment)
            message = messages()[0]
            if message.status is MessageStatus.failed:
                break
            waits.append(message.next_attempt_at - moment)
            moment = message.next_attempt_at
    finally:
        app.config.update(MAIL_SERVER=None)
    assert messages()[0].status is MessageStatus.failed
    assert messages()[0].attempts == dispatch.MAX_ATTEMPTS
    assert all(later > earlier for earlier, later in zip(waits, waits[1:], strict=False))


def test_an_admin_retries_a_failed_message(app, make_user, browser, smtp_server, flush_outbox):
    make_user(email="admin@example.org", role="admin")
    with app.app_context():
        write_messages([create_person("sofie@example.org")])
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    smtp_server.reply = "550 No such user"
    assert flush_outbox().failed == 1
    smtp_server.reply = None
    browser.login("admin@example.org")
    page = browser.get("/admin/outbox/?status=failed").get_data(as_text=True)
    assert "sofie@example.org" in page
    with app.app_context():
        message_id = db.session.scalar(select(OutboundMessage.id))
    browser.confirm(f"/admin/outbox/{message_id}/retry", page=f"/admin/outbox/{message_id}")
    assert flush_outbox().sent == 1


def test_two_dispatchers_at_once_send_each_message_exactly_once(app, smtp_server):
    with app.app_context():
        people = [create_person(f"p{n}@example.org") for n in range(20)]
        write_messages(people, count_each=10)  # 200 messages
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()

    results = []
    barrier = threading.Barrier(2)

    def dispatcher():
        with app.app_context():
            barrier.wait()
            results.append(flush(batch_size=7))
            db.session.commit()  # the test calls services: they flush, the caller commits
            db.session.remove()

    threads = [threading.Thread(target=dispatcher) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sum(r.sent for r in results) == 200
    ids = [m["Message-ID"] for m in smtp_server.messages]
    assert len(ids) == 200 and len(set(ids)) == 200
    with app.app_context():
        assert {m.status for m in messages()} == {MessageStatus.sent}


@pytest.mark.parametrize("status", ["sent", "failed"])
def test_only_failed_messages_can_be_retried(ctx, status):
    from lmb.core.errors import ServiceError
    from lmb.notifications.dispatch import retry

    write_messages([create_person("sofie@example.org")])
    message = messages()[0]
    message.status = MessageStatus[status]
    db.session.commit()
    if status == "failed":
        retry(message)
        assert message.status is MessageStatus.pending
    else:
        with pytest.raises(ServiceError):
            retry(message)
