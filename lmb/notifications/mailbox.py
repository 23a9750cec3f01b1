"""The reply mailbox: an IMAP mailbox (LMB_REPLY_IMAP_URL) read with the standard library's
imaplib, where answers to invitations arrive (lmb.scheduling.replies decides what each
says). Mail infrastructure, as the outbox is: it knows messages and folders, no domain.

Each message read is moved out of the mailbox once its outcome is committed: to the
processed folder, or, annotated with the reason, to the not-processed folder (an
`X-LMB-Not-Processed` header and a subject that starts with "[LMB: not processed: ...]",
so that staff see the reason in any mail program's list of that folder).
"""

from __future__ import annotations

import imaplib
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from email.header import Header
from email.parser import BytesHeaderParser
from email.policy import default as default_policy
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app

log = logging.getLogger(__name__)

NOT_PROCESSED_HEADER = "X-LMB-Not-Processed"
# What a failing server or connection raises.
IMAP_ERRORS = (imaplib.IMAP4.error, OSError)


class Refused(Exception):
    """The server answered NO or BAD to a command."""


# A larger message is no calendar answer; it is set aside unread.
MAX_MESSAGE_BYTES = 2_000_000


def configured() -> bool:
    return bool(current_app.config.get("REPLY_IMAP_URL"))


def reply_address() -> str | None:
    """The address that reaches the reply mailbox (the invites' ORGANIZER), or None when no
    mailbox is configured: LMB_REPLY_ADDRESS, else the URL's user when it is an address."""
    config = current_app.config
    if not config.get("REPLY_IMAP_URL"):
        return None
    if config.get("REPLY_ADDRESS"):
        return config["REPLY_ADDRESS"].strip()
    user = unquote(urlsplit(config["REPLY_IMAP_URL"]).username or "")
    return user if "@" in user else None


@dataclass(frozen=True)
class Settings:
    secure: bool
    host: str
    port: int
    user: str
    folder: str
    password: str | None
    token: str | None
    timeout: float
    processed: str
    not_processed: str

    @classmethod
    def from_config(cls, config) -> Settings:
        url = urlsplit(config["REPLY_IMAP_URL"])
        if url.scheme not in ("imap", "imaps") or not url.hostname or not url.username:
            raise ValueError("LMB_REPLY_IMAP_URL is imap://user@host[:port]/folder or imaps://...")
        token = config.get("REPLY_IMAP_OAUTH2_TOKEN")
        if not token and config.get("REPLY_IMAP_OAUTH2_TOKEN_FILE"):
            # Read at every run: a token refresher outside the app keeps the file fresh.
            token = Path(config["REPLY_IMAP_OAUTH2_TOKEN_FILE"]).read_text().strip()
        return cls(
            secure=url.scheme == "imaps",
            host=url.hostname,
            port=url.port or (993 if url.scheme == "imaps" else 143),
            user=unquote(url.username),
            folder=unquote(url.path.lstrip("/")) or "INBOX",
            password=config.get("REPLY_IMAP_PASSWORD") or unquote(url.password or "") or None,
            token=token or None,
            timeout=float(config.get("REPLY_IMAP_TIMEOUT") or 30),
            processed=config["REPLY_IMAP_PROCESSED_FOLDER"],
            not_processed=config["REPLY_IMAP_NOT_PROCESSED_FOLDER"],
        )


def _quoted(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _check(answer, what: str):
    status, data = answer
    if status != "OK":
        raise Refused(f"{what}: {status} {data!r}")
    return data


class Mailbox:
    """One logged-in IMAP connection with the reply folder selected."""

    def __init__(self, settings: Settings):
        self.settings = settings
        kind = imaplib.IMAP4_SSL if settings.secure else imaplib.IMAP4
        self.imap = kind(settings.host, settings.port, timeout=settings.timeout)
        if settings.token:
            auth = f"user={settings.user}\x01auth=Bearer {settings.token}\x01\x01"
            _check(self.imap.authenticate("XOAUTH2", lambda _challenge: auth.encode()), "login")
        else:
            _check(self.imap.login(settings.user, settings.password or ""), "login")
        # The capabilities after login (MOVE, UIDPLUS) are not always those shown before.
        _check(self.imap.capability(), "capability")
        self.capabilities = set(self.imap.capabilities) | {
            word.decode().upper()
            for line in self.imap.untagged_responses.get("CAPABILITY", [])
            for word in line.split()
        }
        self.imap.untagged_responses.pop("CAPABILITY", None)
        for folder in (settings.processed, settings.not_processed):
            self.imap.create(_quoted(folder))  # "already exists" is fine
        _check(self.imap.select(_quoted(settings.folder)), "select")

    def uids(self, limit: int) -> list[bytes]:
        """The oldest `limit` messages in the folder."""
        [found] = _check(self.imap.uid("SEARCH", None, "ALL"), "search")
        return (found or b"").split()[:limit]

    def fetch(self, uid: bytes) -> bytes | None:
        """The whole message (unread flags untouched); None when it is gone or too large.
        Refused when the server will not hand it over; a broken connection raises."""
        try:
            return self._fetch(uid)
        except imaplib.IMAP4.abort:
            raise
        except imaplib.IMAP4.error as error:
            raise Refused(str(error)) from error

    def _fetch(self, uid: bytes) -> bytes | None:
        data = _check(self.imap.uid("FETCH", uid, "(RFC822.SIZE)"), "fetch size")
        size = re.search(rb"RFC822\.SIZE (\d+)", b" ".join(d for d in data if isinstance(d, bytes)))
        if size is None or int(size.group(1)) > MAX_MESSAGE_BYTES:
            return None
        data = _check(self.imap.uid("FETCH", uid, "(BODY.PEEK[])"), "fetch")
        parts = [item[1] for item in data if isinstance(item, tuple)]
        return parts[0] if parts else None

    def move(self, uid: bytes, folder: str) -> None:
        if "MOVE" in self.capabilities:
            _check(self.imap.uid("MOVE", uid, _quoted(folder)), "move")
            return
        _check(self.imap.uid("COPY", uid, _quoted(folder)), "copy")
        self._remove(uid)

    def set_aside(self, uid: bytes, raw: bytes | None, reason: str) -> None:
        """Into the not-processed folder, as a copy that carries the reason; a message that
        could not be read (too large) moves there as it is."""
        if raw is None:
            self.move(uid, self.settings.not_processed)
            return
        _check(
            self.imap.append(
                _quoted(self.settings.not_processed), None, None, annotated(raw, reason)
            ),
            "append",
        )
        self._remove(uid)

    def _remove(self, uid: bytes) -> None:
        _check(self.imap.uid("STORE", uid, "+FLAGS.SILENT", r"(\Deleted)"), "delete")
        if "UIDPLUS" in self.capabilities:
            _check(self.imap.uid("EXPUNGE", uid), "expunge")
        else:
            _check(self.imap.expunge(), "expunge")

    def close(self) -> None:
        with suppress(*IMAP_ERRORS):
            self.imap.logout()


@contextmanager
def opened() -> Iterator[Mailbox]:
    box = Mailbox(Settings.from_config(current_app.config))
    try:
        yield box
    finally:
        box.close()


def _header(name: str, value: str) -> bytes:
    charset = "us-ascii" if value.isascii() else "utf-8"
    return f"{name}: {Header(value, charset, header_name=name).encode()}\r\n".encode("ascii")


def annotated(raw: bytes, reason: str) -> bytes:
    """The message with the reason in an X-LMB-Not-Processed header and at the start of its
    subject; the body is left byte for byte as it came."""
    reason = " ".join(reason.split())[:300]
    head, separator, body = raw.partition(b"\r\n\r\n")
    if not separator:
        head, separator, body = raw.partition(b"\n\n")
    subject = str(
        BytesHeaderParser(policy=default_policy).parsebytes(head + b"\n\n")["Subject"] or ""
    )
    kept, skipping = [], False
    for line in head.splitlines():
        if line[:1] in (b" ", b"\t") and skipping:
            continue
        skipping = line.lower().startswith((b"subject:", NOT_PROCESSED_HEADER.lower().encode()))
        if not skipping:
            kept.append(line)
    new = _header(NOT_PROCESSED_HEADER, reason) + _header(
        "Subject", f"[LMB: not processed: {reason}] {subject}".strip()
    )
    return new + b"\r\n".join(kept) + b"\r\n\r\n" + body
