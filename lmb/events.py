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

password_reset_unknown = signals.signal(
    "password-reset-unknown",
    doc="""Sent when someone asks to reset a password for an address without an active
    account (the same work as a reset link, so the answer tells nothing).
    sender: the normalized e-mail address; locale: the language of the request.""",
)

password_changed = signals.signal(
    "password-changed",
    doc="""Sent after a person's password changed (by themselves or through a reset): every
    session ended, the API tokens were revoked and the calendar address is new.
    sender: the User; revoked_tokens: how many API tokens were revoked.""",
)

sign_up_attempted = signals.signal(
    "sign-up-attempted",
    doc="""Sent when someone signs up with the address of an existing account (who is told
    nothing different). sender: the existing User.""",
)

account_locked = signals.signal(
    "account-locked",
    doc="""Sent when repeated wrong passwords from one client address paused that address.
    sender: the User; locked_until: aware datetime when logging in from the address that
    failed is possible again (the owner's own address is not paused).""",
)

calendar_delivery_changed = signals.signal(
    "calendar-delivery-changed",
    doc="""Sent after a person chose how sessions reach their calendar: invitations by mail
    or a subscribed address. sender: the User; delivery: the CalendarDelivery chosen.""",
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
    language of the content); url: absolute link to it; title_en, summary_en, title_fr,
    summary_fr (optional): the same in English and French, when the content has them.""",
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

review_phase_changed = signals.signal(
    "review-phase-changed",
    doc="""Sent after a peer review round moved to its next phase (by a coordinator or by its
    dates). sender: the ReviewRound (its `phase` is the new one); old: the previous RoundPhase.""",
)

reviewers_assigned = signals.signal(
    "reviewers-assigned",
    doc="""Sent when reviewer organizations were assigned to submissions while the assessment
    runs (the allocation at its start is told by review_phase_changed).
    sender: the ReviewRound; assignments: the new ReviewAssignments.""",
)

review_declined = signals.signal(
    "review-declined",
    doc="""Sent after a reviewer organization declined an assignment.
    sender: the ReviewAssignment (status declined, with its reason);
    replacement: the ReviewAssignment that took the slot, or None if it stays open.""",
)

review_submitted = signals.signal(
    "review-submitted",
    doc="""Sent when a review was submitted for the first time. sender: the Review.""",
)

reviews_released = signals.signal(
    "reviews-released",
    doc="""Sent after a coordinator released the reviews of a submission to its organization.
    sender: the Submission.""",
)

review_response_recorded = signals.signal(
    "review-response-recorded",
    doc="""Sent after a reviewed organization wrote or changed its response to its reviews.
    sender: the Submission (`candidate_outcome` says whether it may be harvested as an
    outcome); first: True the first time.""",
)

# SDG partnerships and the steering group

partnership_application_submitted = signals.signal(
    "partnership-application-submitted",
    doc="""Sent after a municipality applied to a call for SDG partnerships.
    sender: the PartnershipApplication.""",
)

partnership_application_decided = signals.signal(
    "partnership-application-decided",
    doc="""Sent after the association selected or declined an application.
    sender: the PartnershipApplication (status selected or declined; when selected, its
    partnership is set).""",
)

partnership_contacts_changed = signals.signal(
    "partnership-contacts-changed",
    doc="""Sent after people were added to or removed from a partnership (they are invited to
    its activities' sessions, or those invites are withdrawn). sender: the Partnership;
    added, removed: lists of Users.""",
)

partnership_activity_proposed = signals.signal(
    "partnership-activity-proposed",
    doc="""Sent after a partner municipality's person proposed an activity for the Flemish side
    to confirm. sender: the PartnershipActivity (status proposed).""",
)

partnership_activity_decided = signals.signal(
    "partnership-activity-decided",
    doc="""Sent after the Flemish side confirmed or declined a proposed activity (a declined one
    is removed right after). sender: the PartnershipActivity; confirmed: bool.""",
)

candidacy_submitted = signals.signal(
    "candidacy-submitted",
    doc="""Sent after a person stood as a candidate for a seat of the steering group.
    sender: the Candidacy.""",
)

candidacy_declined = signals.signal(
    "candidacy-declined",
    doc="""Sent after the association did not select a candidacy. sender: the Candidacy.""",
)

steering_group_member_added = signals.signal(
    "steering-group-member-added",
    doc="""Sent after a person took a seat of the steering group (selected from a candidacy or
    added by an admin); they are invited to its upcoming meetings.
    sender: the SteeringGroupMember.""",
)

steering_group_member_removed = signals.signal(
    "steering-group-member-removed",
    doc="""Sent after a membership of the steering group ended (its ended_at is set); the
    invites to upcoming meetings are withdrawn. sender: the SteeringGroupMember.""",
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

membership_asked = signals.signal(
    "membership-asked",
    doc="""Sent after a person asked to join an organization (at sign-up or from the profile).
    sender: the Membership (status asked; its organization may still be None).""",
)

membership_granted = signals.signal(
    "membership-granted",
    doc="""Sent after a request to join an organization was granted (by staff, a contact of
    the organization, or automatically by mail domain). sender: the Membership.""",
)

membership_refused = signals.signal(
    "membership-refused",
    doc="""Sent after a request to join an organization was refused. sender: the Membership.""",
)

action_updated = signals.signal(
    "action-updated",
    doc="""Sent after someone reported on an action of an evaluation's action plan (a status,
    a note, evidence). sender: the Action; update: the ActionUpdate (old_status, status, note,
    by); status_changed: whether the status moved. The programme's subscribers hear of a
    change of status through theme_news, sent by the evaluations' receiver.""",
)

call_saved = signals.signal(
    "call-saved",
    doc="""Sent after a call was published or changed: a new call for SDG partnerships, or a
    call for the steering group's candidates whose texts or window changed. sender: the
    PartnershipCall or CandidateCall; created: whether it is new. Those who follow the calls
    (theme "calls:partnerships" or "calls:steering-group") hear of it.""",
)
