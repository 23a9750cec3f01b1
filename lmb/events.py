"""The domain signals: the only coupling between domains.

A service sends a signal after it changed its rows (before the commit); receivers in other
domains add their own rows to the same database session, so one commit makes both durable.
"""

from blinker import Namespace

signals = Namespace()

user_registered = signals.signal(
    "user-registered",
    doc="""Sent when a person created an account and must verify their e-mail address.
    sender: the User; verify_url: the absolute link that verifies the address.""",
)

verification_requested = signals.signal(
    "verification-requested",
    doc="""Sent when a person asks for a new verification link.
    sender: the User; verify_url: the absolute link; attempt: a number that makes each
    request its own message.""",
)

email_verified = signals.signal(
    "email-verified",
    doc="""Sent after a person verified their e-mail address. sender: the User.""",
)

password_reset_requested = signals.signal(
    "password-reset-requested",
    doc="""Sent when someone asks to reset the password of an existing account.
    sender: the User; reset_url: the absolute, single-use reset link.""",
)

password_changed = signals.signal(
    "password-changed",
    doc="""Sent after a person's password changed (by themselves or through a reset).
    sender: the User.""",
)

account_locked = signals.signal(
    "account-locked",
    doc="""Sent when repeated failed logins locked an account.
    sender: the User; locked_until: aware datetime when logging in is possible again.""",
)

session_created = signals.signal(
    "session-created",
    doc="""Sent after a coordinator added a session to a track. sender: the Session.""",
)

session_rescheduled = signals.signal(
    "session-rescheduled",
    doc="""Sent after a session's time, place or title changed (its SEQUENCE was raised).
    sender: the Session; old_starts_at: its previous start (aware datetime).""",
)

session_cancelled = signals.signal(
    "session-cancelled",
    doc="""Sent after a session was cancelled (its SEQUENCE was raised). sender: the Session.""",
)

track_opened = signals.signal(
    "track-opened",
    doc="""Sent when a track's registration opened (by its dates or by a coordinator).
    sender: the Track.""",
)

theme_news = signals.signal(
    "theme-news",
    doc="""Sent when there is news in a theme that subscribers want to hear about.
    sender: the Track whose theme it is; key: names the news so that it is told once
    (e.g. "toolkit-published:4:v2"); title, summary: what happened (plain text, in the
    language of the content); url: absolute link to it.""",
)

registration_confirmed = signals.signal(
    "registration-confirmed",
    doc="""Sent when a registration became confirmed: at once, by promotion from the waiting
    list, or by a coordinator. sender: the Registration; promoted: True when it came from the
    waiting list.""",
)

registration_waitlisted = signals.signal(
    "registration-waitlisted",
    doc="""Sent when a registration landed on the waiting list. sender: the Registration
    (its waitlist_position is set).""",
)

registration_cancelled = signals.signal(
    "registration-cancelled",
    doc="""Sent after a registration was cancelled. sender: the Registration;
    was_confirmed: whether the person held a place (their calendar invites are withdrawn).""",
)

lesson_submitted = signals.signal(
    "lesson-submitted",
    doc="""Sent when an author offered a lesson learned to the track's coordinators.
    sender: the Lesson (status submitted).""",
)

lesson_approved = signals.signal(
    "lesson-approved",
    doc="""Sent when a coordinator approved a lesson: it is now public on the track's page and
    in the lessons library. sender: the Lesson.""",
)

lesson_returned = signals.signal(
    "lesson-returned",
    doc="""Sent when a coordinator sent a submitted lesson back to its author.
    sender: the Lesson (status returned); comment: what should change (plain text).""",
)

toolkit_published = signals.signal(
    "toolkit-published",
    doc="""Sent when a toolkit was published as a new version (the theme's subscribers hear
    of it through theme_news, sent right after). sender: the ToolkitVersion.""",
)
