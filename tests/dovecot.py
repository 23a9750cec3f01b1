"""A real IMAP server for the tests: Debian's Dovecot (`apt-get install -y dovecot-imapd`,
which .ci/run does when it is missing), started on 127.0.0.1 on a free port with its own
configuration in a temporary folder: maildir storage there, one user in a passwd-file, no
TLS, no system service touched. Run as the current user; as root, Dovecot's own unprivileged
users (dovenull, dovecot) run its login and mail processes, since it refuses root for them."""

from __future__ import annotations

import grp
import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

USER = "replies"
PASSWORD = "reply-secret"
# Dovecot checks an XOAUTH2 token as the user's password against this passdb (a real
# installation asks the provider): enough to drive the SASL exchange end to end.
TOKEN = "ya29.test-access-token"

CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
instance_name = lmb-test-{port}
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2
default_login_user = {login_user}
default_internal_user = {internal_user}
default_internal_group = {internal_group}
first_valid_uid = {uid}
first_valid_gid = {gid}
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/passwd
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


def installed() -> bool:
    return shutil.which("dovecot") is not None and shutil.which("doveadm") is not None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Dovecot:
    def __init__(self):
        # Not pytest's tmp_path: as root, Dovecot's mail user must reach the folder, and
        # pytest's are 0700.
        self.root = Path(tempfile.mkdtemp(prefix="lmb-dovecot-"))
        self.root.chmod(0o755)
        self.port = _free_port()
        self.config = self.root / "dovecot.conf"
        if os.geteuid() == 0:
            login_user, internal = "dovenull", "dovecot"
            mail_user = pwd.getpwnam(internal)
            uid, gid = mail_user.pw_uid, mail_user.pw_gid
            group = grp.getgrgid(gid).gr_name
        else:
            me = pwd.getpwuid(os.geteuid())
            login_user = internal = me.pw_name
            uid, gid, group = me.pw_uid, me.pw_gid, grp.getgrgid(me.pw_gid).gr_name
        mail = self.root / "mail"
        mail.mkdir()
        os.chown(mail, uid, gid)
        # user:password:uid:gid::home; XOAUTH2's token is checked as a second password.
        (self.root / "passwd").write_text(
            f"{USER}:{{PLAIN}}{PASSWORD}:{uid}:{gid}::{mail}/{USER}\n"
            f"oauth-{USER}:{{PLAIN}}{TOKEN}:{uid}:{gid}::{mail}/{USER}\n"
        )
        self.config.write_text(
            CONFIG.format(
                root=self.root,
                port=self.port,
                login_user=login_user,
                internal_user=internal,
                internal_group=group,
                uid=uid,
                gid=gid,
            )
        )

    def start(self) -> None:
        subprocess.run(["dovecot", "-c", str(self.config)], check=True, timeout=30)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                self.connect().logout()
                return
            except (OSError, imaplib.IMAP4.error):
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"Dovecot did not start: {self.log()}")

    def stop(self) -> None:
        subprocess.run(["doveadm", "-c", str(self.config), "stop"], capture_output=True, timeout=30)
        pid_file = self.root / "run" / "master.pid"
        deadline = time.monotonic() + 10
        while pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        shutil.rmtree(self.root, ignore_errors=True)

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text() if path.exists() else ""

    @property
    def url(self) -> str:
        return f"imap://{USER}@127.0.0.1:{self.port}/INBOX"

    def connect(self, user: str = USER, password: str = PASSWORD) -> imaplib.IMAP4:
        imap = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        imap.login(user, password)
        return imap

    def append(self, raw: bytes, folder: str = "INBOX") -> None:
        imap = self.connect()
        try:
            status, data = imap.append(folder, None, None, raw)
            assert status == "OK", data
        finally:
            imap.logout()

    def messages(self, folder: str) -> list[bytes]:
        """The messages in a folder, whole; [] when the folder does not exist."""
        imap = self.connect()
        try:
            status, _ = imap.select(f'"{folder}"', readonly=True)
            if status != "OK":
                return []
            _, [found] = imap.uid("SEARCH", None, "ALL")
            found_messages = []
            for uid in found.split():
                _, data = imap.uid("FETCH", uid, "(BODY.PEEK[])")
                found_messages += [item[1] for item in data if isinstance(item, tuple)]
            return found_messages
        finally:
            imap.logout()

    def empty(self) -> None:
        """Every folder but INBOX removed, INBOX emptied: a fresh mailbox for each test."""
        imap = self.connect()
        try:
            _, folders = imap.list()
            for line in folders or []:
                name = line.decode().rsplit(' "." ', 1)[-1].strip('"')
                if name != "INBOX":
                    imap.delete(f'"{name}"')
            _, [count] = imap.select("INBOX")
            if int(count):
                imap.store("1:*", "+FLAGS.SILENT", r"(\Deleted)")
                imap.expunge()
        finally:
            imap.logout()
