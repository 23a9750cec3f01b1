"""Configuration defaults; every key can be overridden by an LMB_<KEY> environment variable."""

import os
import secrets
from pathlib import Path


class Defaults:
    """Values used when neither the caller nor the environment sets them."""

    # PostgreSQL connections are pinged after 30 s idle, not at every checkout
    # (lmb.core.database.init_connections).
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    BASE_URL = "http://127.0.0.1:5000"
    TIMEZONE = "Europe/Brussels"
    SCHEDULER = "off"
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Brussels"
    LANGUAGES = ("nl", "en", "fr")
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024
    # No MAIL_SERVER by default: messages wait in the outbox until one is configured.
    MAIL_SERVER = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_DEFAULT_SENDER = "LMB Leertrajecten <leertrajecten@vvsg.example>"
    MAIL_TIMEOUT = 10
    # Answers to invitations (iTIP REPLY) come back to an IMAP mailbox when this is set:
    # imap://user@host:port/INBOX or imaps://... (the user percent-encoded: replies%40x.be).
    # Its password, or an OAuth2 access token for XOAUTH2 (the token itself, or a file the
    # job reads at every run, which a token refresher keeps fresh). The address that reaches
    # the mailbox is the invites' ORGANIZER (unset: the URL's user when it is an address).
    # Messages are moved to the processed folder, or to the not-processed one with the
    # reason (lmb.scheduling.replies).
    REPLY_IMAP_URL = None
    REPLY_IMAP_PASSWORD = None
    REPLY_IMAP_OAUTH2_TOKEN = None
    REPLY_IMAP_OAUTH2_TOKEN_FILE = None
    REPLY_ADDRESS = None
    REPLY_IMAP_PROCESSED_FOLDER = "LMB-processed"
    REPLY_IMAP_NOT_PROCESSED_FOLDER = "LMB-not-processed"
    REPLY_IMAP_TIMEOUT = 30
    # The outbox dispatcher: a claim's lease (seconds; 300 when unset), how long one batch may
    # send (60 s but at most half the lease when unset), and whether each "sent" mark is
    # committed durably on PostgreSQL (see the README for the figures behind True).
    OUTBOX_CLAIM_LEASE_SECONDS = None
    OUTBOX_BATCH_SECONDS = None
    # PostgreSQL: result marks committed asynchronously (README, "Mail": the figures).
    OUTBOX_SYNCHRONOUS_COMMIT = False
    # How often a scheduler that waits for the lock tries again; the SQLite lock file
    # (default: scheduler.lock in the instance folder).
    SCHEDULER_LOCK_POLL_SECONDS = 5
    SCHEDULER_LOCK_FILE = None
    # argon2id cost (the library's defaults: 3 passes over 64 MiB).
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 65536
    # Wrong passwords for one account from one client address before logins from that
    # address to that account pause for LOGIN_LOCK_MINUTES (the owner's own are not affected).
    LOGIN_MAX_FAILURES = 5
    LOGIN_LOCK_MINUTES = 15
    # Links in verification and password-reset mails stay valid this long (seconds).
    EMAIL_TOKEN_MAX_AGE = 3 * 24 * 3600
    PASSWORD_RESET_MAX_AGE = 2 * 3600
    # API tokens stop working this many days after they were made.
    API_TOKEN_DAYS = 365
    API_TITLE = "LMB Leertrajecten API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "openapi.json"
    # Anonymous public pages and feeds are served from memory for this long (0: never).
    PAGE_CACHE_SECONDS = 5
    # Attempts per client address (Flask-Limiter syntax); the store is memory:// unless set.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute;100 per hour"
    MAIL_LINK_RATE_LIMIT = "5 per minute;30 per hour"
    SIGNUP_RATE_LIMIT = "10 per hour"
    # Retention: unverified accounts are deleted after this many days; the texts of mail
    # that was sent (or given up on) are cleared after this many.
    UNVERIFIED_RETENTION_DAYS = 30
    OUTBOX_BODY_RETENTION_DAYS = 180
    # Behind a reverse proxy: trust this many X-Forwarded-For hops for the client address.
    PROXY_HOPS = 0
    # Production sets LMB_PRODUCTION=1: Secure cookies, HSTS.
    PRODUCTION = False


def instance_secret_key(instance_path: str) -> str:
    """The secret key kept in the instance folder, generated on first use."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        os.chmod(path, 0o600)
    return path.read_text().strip()
