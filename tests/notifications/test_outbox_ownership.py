"""Mail goes out once (issue 20): a claim takes the batch size and no more, a dispatcher sends
and records a message only while it holds it, attempts are counted when made, a message that
cannot be built fails alone (issue 12), and the outbox shows what is leased and why."""

import asyncio
import contextlib
import email
import email.policy
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, insert, select, text, update

from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.notifications import dispatch
from lmb.notifications.dispatch import claim, flush
from lmb.notifications.models import MessageStatus, OutboundMessage
from lmb.notifications.outbox import Draft, enqueue_many
from tests.builders import create_person
from tests.conftest import free_port, is_postgres


def write(person, count, prefix="m"):
    enqueue_many(
        [
            Draft(
                key=f"{prefix}:{person.id}:{n}",
                kind="account/password_changed",
                template="accounts/mail/account/password_changed",
                recipient=person,
                subject=f"Bericht {n}",
            )
            for n in range(count)
        ]
    )
    db.session.commit()


def rows():
    return db.session.scalars(select(OutboundMessage).order_by(OutboundMessage.id)).all()


def raw_row(n, **fields):
    """An outbox row as another program (or an old bug) could have written it."""
    now = utcnow()
    return {
        "idempotency_key": f"raw:{n}",
        "kind": "account/password_changed",
        "recipient_email": f"raw{n}@example.org",
        "locale": "nl",
        "subject": f"Rij {n}",
        "body_text": "Tekst",
        "body_html": "<p>Tekst</p>",
        "status": MessageStatus.pending,
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
        "message_id": f"<raw{n}.lmb@127.0.0.1>",
        **fields,
    }


class StallingSink:
    """An SMTP server that takes `stall` seconds per message and counts Message-IDs."""

    def __init__(self, stall: float):
        self.stall = stall
        self.message_ids: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.stall)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.message_ids.append(str(message["Message-ID"]))
        return "250 Message accepted for delivery"


@pytest.fixture
def stalling_smtp(app):
    sink = StallingSink(stall=0.02)
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    saved = {key: app.config.get(key) for key in ("MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        yield sink
    finally:
        controller.stop()
        app.config.update(saved)


# 1. The claim bound


@pytest.mark.postgres_only
@pytest.mark.parametrize("analysed_with_pending", [False, True])
def test_a_claim_takes_exactly_the_batch_size_with_analysed_statistics(
    ctx, app, analysed_with_pending
):
    """Thousands of sent rows, a thousand pending, statistics analysed (before the pending
    rows arrived, as in an outbox that keeps its sent mail, or after): claim(200) takes 200."""
    if not is_postgres(app):
        pytest.skip("PostgreSQL only")
    sent, pending = 5000, 1000

    def insert_rows(status, first, count):
        db.session.execute(
            text(
                "INSERT INTO outbound_messages (idempotency_key, kind, recipient_email, locale,"
                " subject, body_text, body_html, status, attempts, next_attempt_at, created_at,"
                " message_id) SELECT 'bound:' || n, 'account/password_changed',"
                " 'p' || n || '@example.org', 'nl', 'Test', 'Tekst', '<p>Tekst</p>', :status, 0,"
                " now() - interval '1 minute', now(), '<' || n || '@x>'"
                " FROM generate_series(CAST(:first AS integer), CAST(:last AS integer)) AS n"
            ),
            {"status": status, "first": first, "last": first + count - 1},
        )
        db.session.commit()

    insert_rows("sent", 1, sent)
    if analysed_with_pending:
        insert_rows("pending", sent + 1, pending)
        db.session.execute(text("ANALYZE outbound_messages"))
    else:
        db.session.execute(text("ANALYZE outbound_messages"))
        insert_rows("pending", sent + 1, pending)
    db.session.commit()

    claimed = claim(db.session, 200, utcnow(), "bound-test")
    assert len(claimed) == 200
    changed = db.session.scalar(
        select(func.count()).where(OutboundMessage.status == MessageStatus.sending)
    )
    assert changed == 200
    assert (
        db.session.scalar(select(func.count()).where(OutboundMessage.claim_token == "bound-test"))
        == 200
    )


def test_a_claim_never_takes_more_than_the_batch_size(ctx):
    person = create_person("sofie@example.org")
    write(person, 30)
    assert len(claim(db.session, 7, utcnow(), "a")) == 7
    assert len(claim(db.session, 7, utcnow(), "b")) == 7
    statuses = Counter(message.status for message in rows())
    assert statuses == {MessageStatus.sending: 14, MessageStatus.pending: 16}


# 2. Ownership: a lease shorter than a slow batch


@pytest.mark.parametrize("batch_seconds", [100.0, None], ids=["no-time-bound", "time-bound"])
def test_two_dispatchers_with_a_lease_shorter_than_a_slow_batch_send_nothing_twice(
    app, stalling_smtp, batch_seconds
):
    """A batch of 40 takes ~0.8 s at 20 ms a message; the lease is 0.3 s. Without the time
    bound the second dispatcher claims messages still in the first one's batch, and the
    per-message take makes only one of them send each; with it (the default: half the
    lease) the first hands the rest of its batch back in time."""
    with app.app_context():
        write(create_person("sofie@example.org"), 120)
        expected = set(db.session.scalars(select(OutboundMessage.message_id)))
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    app.config.update(OUTBOX_CLAIM_LEASE_SECONDS=0.3, OUTBOX_BATCH_SECONDS=batch_seconds)
    results = []

    def dispatcher():
        with app.app_context():
            results.append(flush(batch_size=40))
            db.session.commit()  # the test calls services: they flush, the caller commits
            db.session.remove()

    try:
        threads = [threading.Thread(target=dispatcher) for _ in range(2)]
        threads[0].start()
        # The second starts when the first is in the middle of its first batch, past its lease.
        deadline = time.monotonic() + 10
        while len(stalling_smtp.message_ids) < 20 and time.monotonic() < deadline:
            time.sleep(0.005)
        threads[1].start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        app.config.update(OUTBOX_CLAIM_LEASE_SECONDS=None, OUTBOX_BATCH_SECONDS=None)
    counts = Counter(stalling_smtp.message_ids)
    assert set(counts) == expected
    assert [mid for mid, n in counts.items() if n > 1] == []
    assert sum(r.sent for r in results) == 120
    if batch_seconds is not None:
        # The lease really did run out under the first dispatcher: the second took over
        # messages of its batch, and the first left them alone.
        assert sum(r.lost_claims for r in results) > 0
    with app.app_context():
        assert {m.status for m in rows()} == {MessageStatus.sent}
        assert {m.attempts for m in rows()} == {1}
        assert {m.claim_token for m in rows()} == {None}


def test_a_dispatcher_whose_claim_was_taken_over_neither_sends_nor_records(ctx, smtp_server):
    person = create_person("sofie@example.org")
    write(person, 3)
    moment = utcnow()
    stale = claim(db.session, 10, moment, "stale")
    outgoing = [dispatch.Outgoing.of(m) for m in stale]
    # The lease ran out; another dispatcher claimed and sent everything.
    later = moment + dispatch.CLAIM_LEASE + timedelta(seconds=1)
    assert flush(now=later).sent == 3
    results = dispatch.ResultLog(db.engine, "stale", dispatch.CLAIM_LEASE)
    try:
        assert not results.take(outgoing[0], later)
        assert not results.failed(outgoing[0].id, "late")
        assert results.hand_back(later) == 0
    finally:
        results.close()
    db.session.expire_all()
    assert {m.status for m in rows()} == {MessageStatus.sent}
    assert len(smtp_server.messages) == 3


# 6. Attempts counted when made


def test_claims_that_were_never_tried_cost_no_attempt(ctx, smtp_server):
    """Dispatchers that die after claiming (five times over) use up nothing."""
    person = create_person("sofie@example.org")
    write(person, 2)
    moment = utcnow()
    for n in range(5):
        claim(db.session, 10, moment, f"died-{n}")
        moment += dispatch.CLAIM_LEASE + timedelta(seconds=1)
    assert {m.attempts for m in rows()} == {0}
    assert flush(now=moment).sent == 2
    db.session.expire_all()
    assert {m.attempts for m in rows()} == {1}


def test_a_long_outage_fails_no_message_that_was_never_tried(ctx, app):
    person = create_person("sofie@example.org")
    write(person, 4)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())  # nothing listens
    try:
        moment = utcnow()
        for _ in range(dispatch.MAX_ATTEMPTS * 2):
            flush(now=moment)
            moment = max(m.next_attempt_at for m in rows()) + timedelta(seconds=1)
            db.session.expire_all()
    finally:
        app.config.update(MAIL_SERVER=None, MAIL_PORT=25)
    messages = rows()
    assert all(m.attempts <= dispatch.MAX_ATTEMPTS for m in messages)
    # Each connection attempt is counted once, for the message it was made for.
    assert sum(m.attempts for m in messages) == dispatch.MAX_ATTEMPTS * 2
    failed = [m for m in messages if m.status is MessageStatus.failed]
    assert all(m.attempts == dispatch.MAX_ATTEMPTS for m in failed)
    assert len(failed) == 2


def test_a_message_claimed_again_after_its_last_attempt_is_not_sent_again(ctx, smtp_server):
    db.session.execute(
        insert(OutboundMessage),
        [
            raw_row(
                1,
                status=MessageStatus.sending,
                attempts=dispatch.MAX_ATTEMPTS,
                next_attempt_at=utcnow() - timedelta(minutes=1),
                claim_token="dead",
            )
        ],
    )
    db.session.commit()
    assert flush().failed == 1
    [message] = rows()
    assert message.status is MessageStatus.failed
    assert message.attempts == dispatch.MAX_ATTEMPTS
    assert smtp_server.messages == []


# Issue 12: one bad message never stops the dispatcher


BAD_ROWS = {
    "a line break in the subject": {"subject": "Hallo\r\nBcc: everyone@example.org"},
    "a line break in the address": {"recipient_email": "raw@example.org\nBcc: x@example.org"},
    "a line break in the Message-ID": {"message_id": "<a\r\nb@x>"},
    "a line break in the language": {"locale": "nl\nX"},
    "an address that needs SMTPUTF8": {"recipient_email": "jösé@exämple.org"},
    "an unknown calendar method": {"ical": "BEGIN:VCALENDAR", "ical_method": "A\r\nB: c"},
}


def test_messages_that_cannot_be_built_fail_alone_and_everything_else_is_sent(
    app, make_user, browser, smtp_server
):
    make_user(email="admin@example.org", role="admin")
    with app.app_context():
        raw = []
        for n, fields in enumerate(BAD_ROWS.values()):
            raw.append(raw_row(2 * n))  # good
            raw.append(raw_row(2 * n + 1, **fields))  # bad
        raw.append(raw_row(99))
        db.session.execute(insert(OutboundMessage), raw)
        db.session.commit()
        result = flush(batch_size=5)
        assert (result.sent, result.failed) == (len(BAD_ROWS) + 1, len(BAD_ROWS))
        by_key = {m.idempotency_key: m for m in rows()}
        for n in range(len(BAD_ROWS)):
            assert by_key[f"raw:{2 * n}"].status is MessageStatus.sent
            bad = by_key[f"raw:{2 * n + 1}"]
            assert bad.status is MessageStatus.failed, bad.last_error
            assert bad.last_error and bad.attempts == 1
        failed_id = by_key["raw:1"].id
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    assert sorted(m["Message-ID"] for m in smtp_server.messages) == sorted(
        f"<raw{2 * n}.lmb@127.0.0.1>" for n in range(len(BAD_ROWS))
    ) + ["<raw99.lmb@127.0.0.1>"]
    browser.login("admin@example.org")
    listing = browser.get("/admin/outbox/?status=failed").get_data(as_text=True)
    assert "cannot be built" in listing
    detail = browser.get(f"/admin/outbox/{failed_id}").get_data(as_text=True)
    assert "linefeed or carriage return" in detail


# 5. What is leased, until when, and why nothing was sent


def test_flush_and_the_outbox_page_show_leased_messages_and_until_when(
    app, make_user, browser, smtp_server
):
    make_user(email="admin@example.org", role="admin")
    with app.app_context():
        write(create_person("sofie@example.org"), 3)
        claim(db.session, 2, utcnow(), "elsewhere")  # another dispatcher holds two
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    output = app.test_cli_runner().invoke(args=["outbox", "flush"]).output
    assert "sent: 1 failed: 0 pending: 2" in output
    assert "being sent by another dispatcher (leased until" in output
    browser.login("admin@example.org")
    page = browser.get("/admin/outbox/").get_data(as_text=True)
    assert "Wordt nu verzonden: 2, uiterlijk klaar om" in page
    assert page.count("uiterlijk klaar om") == 3  # the summary and the two rows


def test_flush_says_when_mail_waits_for_a_retry(app, smtp_server):
    with app.app_context():
        write(create_person("sofie@example.org"), 1)
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    smtp_server.reply = "451 Try again later"
    output = app.test_cli_runner().invoke(args=["outbox", "flush"]).output
    assert "sent: 0 failed: 0 pending: 1" in output
    assert "waiting to be retried, the first at" in output and "451" in output


def test_a_stop_hands_the_claim_back_due_at_once(ctx, smtp_server):
    person = create_person("sofie@example.org")
    write(person, 5)
    dispatch.STOP.set()
    try:
        moment = utcnow()
        clock = dispatch._Clock(moment)
        messages = claim(db.session, 10, moment, "stopping")
        results = dispatch.ResultLog(db.engine, "stopping", dispatch.CLAIM_LEASE)
        result = dispatch.FlushResult()
        try:
            dispatch._dispatch_claim(
                db.session, results, messages, clock, dispatch.CLAIM_LEASE, result
            )
            assert results.hand_back(clock.now()) == 5
        finally:
            results.close()
    finally:
        dispatch.STOP.clear()
    db.session.expire_all()
    assert {(m.status, m.attempts, m.claim_token) for m in rows()} == {
        (MessageStatus.pending, 0, None)
    }
    assert all(m.next_attempt_at <= utcnow() for m in rows())
    assert flush().sent == 5


def test_an_admin_retry_clears_an_old_claim(ctx):
    person = create_person("sofie@example.org")
    write(person, 1)
    db.session.execute(
        update(OutboundMessage).values(status=MessageStatus.failed, claim_token="old")
    )
    db.session.commit()
    [message] = rows()
    dispatch.retry(message)
    assert message.claim_token is None and message.status is MessageStatus.pending


# Groups: the "sent" marks of a group are written together, never after a hand-back


class DroppingSink:
    """Accepts `accept` messages, then drops the connection at the next MAIL FROM; counts
    Message-IDs."""

    def __init__(self, accept: int):
        self.accept = accept
        self.message_ids: list[str] = []

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if len(self.message_ids) >= self.accept:
            server.transport.close()
            return "421 closing"
        envelope.mail_from = address
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.message_ids.append(str(message["Message-ID"]))
        return "250 Message accepted for delivery"


@contextlib.contextmanager
def serving(app, sink):
    """`sink` as the app's SMTP server for the length of the block."""
    saved = {key: app.config.get(key) for key in ("MAIL_SERVER", "MAIL_PORT")}
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        yield sink
    finally:
        controller.stop()
        app.config.update(saved)


def test_a_connection_dropped_mid_group_marks_what_went_out_and_gives_the_rest_back(ctx, app):
    """The first group and one message of the second go out, the next meets a closed
    connection: those that went out are marked sent, that one waits for a retry with its
    attempt counted, every message not tried is due at once with no attempt counted (those
    taken with the second group as well); the next flush sends each remaining one once."""
    size = dispatch.GROUP_SIZE
    write(create_person("sofie@example.org"), 3 * size)
    dropping = DroppingSink(accept=size + 1)
    with serving(app, dropping):
        result = flush()
    assert result.sent == size + 1
    db.session.expire_all()
    states = Counter((m.status, m.attempts, m.last_error is not None) for m in rows())
    assert states == {
        (MessageStatus.sent, 1, False): size + 1,
        (MessageStatus.pending, 1, True): 1,
        (MessageStatus.pending, 0, True): 2 * size - 2,
    }
    untried = [m for m in rows() if m.status is MessageStatus.pending and m.attempts == 0]
    assert all(m.next_attempt_at <= utcnow() and m.claim_token is None for m in untried)

    healthy = DroppingSink(accept=10**6)
    with serving(app, healthy):
        later = utcnow() + timedelta(hours=1)  # past the retry
        assert flush(now=later).sent == 2 * size - 1
    counts = Counter(dropping.message_ids + healthy.message_ids)
    assert len(counts) == 3 * size and set(counts.values()) == {1}


def test_a_stop_mid_group_marks_what_went_out_and_gives_the_attempts_back(ctx, app):
    """SIGTERM (STOP) after three messages: three marked sent; the seven others, those taken
    with a group but not tried among them, are pending, due at once, with no attempt
    counted."""
    write(create_person("sofie@example.org"), 10)

    class StoppingSink(DroppingSink):
        async def handle_DATA(self, server, session, envelope):
            reply = await super().handle_DATA(server, session, envelope)
            if len(self.message_ids) == 3:
                dispatch.STOP.set()
            return reply

    try:
        with serving(app, StoppingSink(accept=10**6)):
            result = flush()
    finally:
        dispatch.STOP.clear()
    assert (result.sent, result.handed_back) == (3, 7)
    db.session.expire_all()
    assert Counter((m.status, m.attempts, m.claim_token) for m in rows()) == {
        (MessageStatus.sent, 1, None): 3,
        (MessageStatus.pending, 0, None): 7,
    }
