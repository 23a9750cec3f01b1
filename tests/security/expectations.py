"""What each role may do: one entry per (method, rule) of the URL map, naming a policy.

The roles (tests/security/scene.py): anonymous; participant (Sofie of Stad Roeselare, who owns
the objects: her registration, draft lesson with attachment, submission, application,
candidacy, API token); other_org (Tom of Stad Oostende, same track and round, another
organization, not a reviewer of Sofie's submission); reviewer (Stad Brugge, assigned to Sofie's
submission); asked (confirmed on track 1, asked to join Stad Roeselare, not granted); changed
(confirmed on track 1, was a granted member of Roeselare, changed her profile to Stad Kortrijk:
a request again); other_coordinator (tracks 5-7); coordinator (track 1, the scene's track);
admin. Sofie holds Roeselare's contact role: she decides its requests.

A policy is the set of roles allowed in this scene. Coordinators manage their own tracks only,
admins everything; the association's SDG partnerships and outcome harvesting belong to its
staff (every coordinator and admin); the steering group is chosen by admins.
"""

ANONYMOUS = "anonymous"
PARTICIPANT = "participant"
OTHER_ORG = "other_org"
REVIEWER = "reviewer"
ASKED = "asked"
CHANGED = "changed"
OTHER_COORDINATOR = "other_coordinator"
COORDINATOR = "coordinator"
ADMIN_ROLE = "admin"

PUBLIC = frozenset(
    {
        ANONYMOUS,
        PARTICIPANT,
        OTHER_ORG,
        REVIEWER,
        ASKED,
        CHANGED,
        OTHER_COORDINATOR,
        COORDINATOR,
        ADMIN_ROLE,
    }
)
LOGGED_IN = PUBLIC - {ANONYMOUS}
ADMIN = frozenset({ADMIN_ROLE})
# Every coordinator and admin: the association's staff (partnerships, outcomes, programme rounds).
STAFF = frozenset({OTHER_COORDINATOR, COORDINATOR, ADMIN_ROLE})
# The coordinators of the object's track (track 1) and admins.
TRACK_STAFF = frozenset({COORDINATOR, ADMIN_ROLE})
# The participant's own thing, and the staff of its track.
OWNER = frozenset({PARTICIPANT}) | TRACK_STAFF
# Only the owner, not even an admin (the secret of an API token).
OWNER_ONLY = frozenset({PARTICIPANT})
# People without organization rights: they asked to join and wait (issue 12).
WITHOUT_ORGANIZATION = frozenset({ASKED, CHANGED})
# Confirmed participants of track 1 (all three organizations, and the two who wait for a
# membership: the track is theirs, the organization's things are not) and its staff.
TRACK_PEOPLE = frozenset({PARTICIPANT, OTHER_ORG, REVIEWER}) | WITHOUT_ORGANIZATION | TRACK_STAFF
# Confirmed participants of track 1 only ("will you come?" to its session).
TRACK_PARTICIPANTS = frozenset({PARTICIPANT, OTHER_ORG, REVIEWER}) | WITHOUT_ORGANIZATION
# Only the organizations taking part (they submit and declare conflicts; managers do not submit).
ROUND_TEAMS = frozenset({PARTICIPANT, OTHER_ORG, REVIEWER})
# The organizations taking part in the review round, and the round's managers.
ROUND_PEOPLE = ROUND_TEAMS | TRACK_STAFF
# Sofie's submission document: her organization, its assigned reviewer, the round's managers.
SUBMISSION_READERS = frozenset({PARTICIPANT, REVIEWER}) | TRACK_STAFF
# The reviews of Sofie's submission before they are released: the round's managers only (the
# reviewer has not submitted a review yet, Sofie sees them once released).
FEEDBACK_BEFORE_RELEASE = TRACK_STAFF
# The review form of the assignment: the assigned organization; the managers read along.
REVIEW = frozenset({REVIEWER}) | TRACK_STAFF
# Declining an assignment: the assigned organization only.
REVIEWER_ONLY = frozenset({REVIEWER})
# A municipality's page: its own people, every coordinator, admins.
ORGANIZATION_PAGE = frozenset({PARTICIPANT}) | STAFF
# Withdrawing Roeselare's application: its people and the staff who run the calls.
APPLICANT = frozenset({PARTICIPANT}) | STAFF
# Withdrawing a candidacy for the steering group: the candidate, and admins who select.
CANDIDATE = frozenset({PARTICIPANT, ADMIN_ROLE})
# A yearly meeting's agenda, minutes and decisions: the steering group's members (the demo's
# Sofie and Tom sit in it) and the staff; the staff write them.
STEERING_MEMBERS = frozenset({PARTICIPANT, OTHER_ORG}) | STAFF
# Requests to join Roeselare: the association's staff and Roeselare's contact (Sofie).
MEMBERSHIP_DECIDERS = frozenset({PARTICIPANT}) | STAFF
# Reporting on an action of the (published) action plan: its owner (Sofie) and the staff.
ACTION_OWNER = frozenset({PARTICIPANT}) | STAFF

EXPECTED = {
    "GET /": PUBLIC,
    "POST /account/locale": PUBLIC,
    "GET /account/login": PUBLIC,
    "POST /account/login": PUBLIC,
    "POST /account/logout": PUBLIC,
    "GET /account/password": LOGGED_IN,
    "POST /account/password": LOGGED_IN,
    "GET /account/members/requests": MEMBERSHIP_DECIDERS,
    "POST /account/members/requests/<id:membership_id>/grant": MEMBERSHIP_DECIDERS,
    "POST /account/members/requests/<id:membership_id>/refuse": MEMBERSHIP_DECIDERS,
    "GET /account/privacy": LOGGED_IN,
    "GET /account/privacy/data.<any(json, html):fmt>": LOGGED_IN,
    "POST /account/privacy/erase": LOGGED_IN,
    "GET /account/profile": LOGGED_IN,
    "POST /account/profile": LOGGED_IN,
    "GET /account/reset": PUBLIC,
    "POST /account/reset": PUBLIC,
    "GET /account/reset/<token>": PUBLIC,
    "POST /account/reset/<token>": PUBLIC,
    "GET /account/signup": PUBLIC,
    "POST /account/signup": PUBLIC,
    "GET /account/themes": LOGGED_IN,
    "POST /account/themes": LOGGED_IN,
    "GET /account/tokens": LOGGED_IN,
    "POST /account/tokens": LOGGED_IN,
    "POST /account/tokens/<id:token_id>/revoke": OWNER_ONLY,
    "GET /account/verify": PUBLIC,
    "POST /account/verify": PUBLIC,
    "GET /account/verify/<token>": PUBLIC,
    "POST /account/verify/<token>": PUBLIC,
    "GET /admin/": ADMIN,
    "GET /admin/audit": ADMIN,
    "GET /admin/audit.<any(csv, xlsx):fmt>": ADMIN,
    "POST /admin/memberships/<id:membership_id>/contact": STAFF,
    "GET /admin/organizations": STAFF,
    "GET /admin/organizations/<id:organization_id>": STAFF,
    "POST /admin/organizations/<id:organization_id>": STAFF,
    "POST /admin/organizations/<id:organization_id>/delete": STAFF,
    "POST /admin/organizations/<id:organization_id>/merge": STAFF,
    "GET /admin/organizations/new": STAFF,
    "POST /admin/organizations/new": STAFF,
    "GET /admin/outbox/": ADMIN,
    "GET /admin/outbox/<id:message_id>": ADMIN,
    "POST /admin/outbox/<id:message_id>/retry": ADMIN,
    "GET /admin/users": ADMIN,
    "GET /admin/users/<id:user_id>": ADMIN,
    "POST /admin/users/<id:user_id>": ADMIN,
    "GET /agenda": LOGGED_IN,
    "POST /agenda/calendar-delivery": LOGGED_IN,
    "POST /agenda/feed": LOGGED_IN,
    "GET /api/openapi.json": PUBLIC,
    "GET /api/v1/lessons": PUBLIC,
    "GET /api/v1/lessons/<id:lesson_id>": OWNER,
    "POST /api/v1/lessons/<id:lesson_id>/approve": TRACK_STAFF,
    "POST /api/v1/lessons/<id:lesson_id>/return": TRACK_STAFF,
    "POST /api/v1/lessons/<id:lesson_id>/submit": OWNER,
    "GET /api/v1/me": LOGGED_IN,
    "GET /api/v1/modalities": PUBLIC,
    "GET /api/v1/outcomes": STAFF,
    "GET /api/v1/partnerships": PUBLIC,
    "GET /api/v1/partnerships/<slug>": PUBLIC,
    "POST /api/v1/registrations/<id:registration_id>/cancel": OWNER,
    "GET /api/v1/review-rounds": LOGGED_IN,
    "GET /api/v1/review-rounds/<id:round_id>": ROUND_PEOPLE,
    "GET /api/v1/review-rounds/<id:round_id>/assignments": ROUND_PEOPLE,
    "GET /api/v1/review-submissions/<id:submission_id>/reviews": FEEDBACK_BEFORE_RELEASE,
    "PATCH /api/v1/sessions/<id:session_id>": TRACK_STAFF,
    "POST /api/v1/sessions/<id:session_id>/cancel": TRACK_STAFF,
    "GET /api/v1/steering-groups/<slug>": PUBLIC,
    "GET /api/v1/toolkits": PUBLIC,
    "GET /api/v1/toolkits/<id:toolkit_id>": PUBLIC,
    "GET /api/v1/toolkits/<id:toolkit_id>/export": PUBLIC,
    "POST /api/v1/toolkits/<id:toolkit_id>/items": TRACK_STAFF,
    "POST /api/v1/toolkits/<id:toolkit_id>/publish": TRACK_STAFF,
    "GET /api/v1/tracks": PUBLIC,
    "GET /api/v1/tracks/<slug>": PUBLIC,
    "PATCH /api/v1/tracks/<slug>": TRACK_STAFF,
    "POST /api/v1/tracks/<slug>/lessons": TRACK_PEOPLE,
    "GET /api/v1/tracks/<slug>/registrations": TRACK_STAFF,
    "POST /api/v1/tracks/<slug>/registrations": LOGGED_IN,
    "GET /api/v1/tracks/<slug>/sessions": PUBLIC,
    "POST /api/v1/tracks/<slug>/sessions": TRACK_STAFF,
    "POST /api/v1/tracks/<slug>/toolkits": TRACK_STAFF,
    "GET /attachments/<id:attachment_id>": OWNER,
    "POST /attachments/<id:attachment_id>/delete": OWNER,
    "GET /calendar/<token>.ics": PUBLIC,
    "GET /healthz": PUBLIC,
    "GET /lessons/": PUBLIC,
    "GET /lessons/<id:lesson_id>": OWNER,
    "POST /lessons/<id:lesson_id>/approve": TRACK_STAFF,
    "POST /lessons/<id:lesson_id>/attachments": OWNER,
    "POST /lessons/<id:lesson_id>/delete": OWNER,
    "GET /lessons/<id:lesson_id>/edit": OWNER,
    "POST /lessons/<id:lesson_id>/edit": OWNER,
    "POST /lessons/<id:lesson_id>/return": TRACK_STAFF,
    "POST /lessons/<id:lesson_id>/submit": OWNER,
    "GET /lessons/mine": LOGGED_IN,
    "GET /lessons/themes": PUBLIC,
    "GET /organizations/<id:organization_id>": ORGANIZATION_PAGE,
    "GET /outcomes/": STAFF,
    "GET /outcomes/<id:record_id>": STAFF,
    "GET /outcomes/<id:record_id>/edit": STAFF,
    "POST /outcomes/<id:record_id>/edit": STAFF,
    "GET /outcomes/export.xlsx": STAFF,
    "GET /outcomes/new": STAFF,
    "POST /outcomes/new": STAFF,
    "GET /outcomes/visits/": STAFF,
    "GET /outcomes/visits/<id:visit_id>": STAFF,
    "GET /outcomes/visits/new": STAFF,
    "POST /outcomes/visits/new": STAFF,
    "GET /partnerships/": PUBLIC,
    "GET /partnerships/<slug>": PUBLIC,
    "GET /partnerships/<slug>/activities/new": STAFF,
    "POST /partnerships/<slug>/activities/new": STAFF,
    "GET /partnerships/<slug>/budget.xlsx": STAFF,
    "POST /partnerships/<slug>/contacts": STAFF,
    "GET /partnerships/<slug>/edit": STAFF,
    "POST /partnerships/<slug>/edit": STAFF,
    "POST /partnerships/<slug>/stedenband": STAFF,
    "POST /partnerships/activities/<id:activity_id>/cancel-meeting": STAFF,
    "GET /partnerships/activities/<id:activity_id>/edit": STAFF,
    "POST /partnerships/activities/<id:activity_id>/edit": STAFF,
    "POST /partnerships/applications/<id:application_id>/decline": STAFF,
    "POST /partnerships/applications/<id:application_id>/select": STAFF,
    "POST /partnerships/applications/<id:application_id>/withdraw": APPLICANT,
    "GET /partnerships/budget": STAFF,
    "GET /partnerships/budget.xlsx": STAFF,
    "GET /partnerships/calls/<slug>": PUBLIC,
    # Without fields the form stops everyone (422); that a person without a granted membership
    # cannot apply is tested in tests/accounts/test_membership.py.
    "POST /partnerships/calls/<slug>": LOGGED_IN,
    "GET /partnerships/calls/<slug>/applications": STAFF,
    "GET /partnerships/calls/<slug>/edit": STAFF,
    "POST /partnerships/calls/<slug>/edit": STAFF,
    "GET /partnerships/calls/new": STAFF,
    "POST /partnerships/calls/new": STAFF,
    "GET /partnerships/new": STAFF,
    "POST /partnerships/new": STAFF,
    "GET /programmes/<slug>": PUBLIC,
    "GET /programmes/<slug>/review-rounds/new": STAFF,
    "POST /programmes/<slug>/review-rounds/new": STAFF,
    "POST /registrations/<id:registration_id>/cancel": OWNER,
    "POST /registrations/<id:registration_id>/confirm": TRACK_STAFF,
    "POST /review-assignments/<id:assignment_id>/decline": REVIEWER_ONLY,
    "POST /review-assignments/<id:assignment_id>/remove": TRACK_STAFF,
    "GET /review-assignments/<id:assignment_id>/review": REVIEW,
    "POST /review-assignments/<id:assignment_id>/review": REVIEW,
    "POST /review-conflicts/<id:conflict_id>/<any(confirm, remove):action>": TRACK_STAFF,
    "POST /review-criteria/<id:criterion_id>/delete": TRACK_STAFF,
    "GET /review-documents/<id:version_id>": SUBMISSION_READERS,
    "GET /review-rounds/": LOGGED_IN,
    "GET /review-rounds/<id:round_id>": ROUND_PEOPLE,
    "GET /review-rounds/<id:round_id>/allocation": TRACK_STAFF,
    "POST /review-rounds/<id:round_id>/allocation/store": TRACK_STAFF,
    "POST /review-rounds/<id:round_id>/assign": TRACK_STAFF,
    "GET /review-rounds/<id:round_id>/conflicts": ROUND_PEOPLE,
    "POST /review-rounds/<id:round_id>/conflicts": ROUND_PEOPLE,
    "GET /review-rounds/<id:round_id>/criteria": TRACK_STAFF,
    "POST /review-rounds/<id:round_id>/criteria": TRACK_STAFF,
    "GET /review-rounds/<id:round_id>/export.<any(csv, xlsx):fmt>": TRACK_STAFF,
    "GET /review-rounds/<id:round_id>/organizations": TRACK_STAFF,
    "POST /review-rounds/<id:round_id>/organizations": TRACK_STAFF,
    "POST /review-rounds/<id:round_id>/phase": TRACK_STAFF,
    "POST /review-rounds/<id:round_id>/release": TRACK_STAFF,
    "GET /review-rounds/<id:round_id>/settings": TRACK_STAFF,
    "POST /review-rounds/<id:round_id>/settings": TRACK_STAFF,
    "GET /review-rounds/<id:round_id>/submission": ROUND_TEAMS,
    "POST /review-rounds/<id:round_id>/submission": ROUND_TEAMS,
    "GET /review-submissions/<id:submission_id>/feedback": FEEDBACK_BEFORE_RELEASE,
    "POST /review-submissions/<id:submission_id>/feedback": FEEDBACK_BEFORE_RELEASE,
    "GET /sessions/<id:session_id>/attendance": TRACK_STAFF,
    "POST /sessions/<id:session_id>/attendance": TRACK_STAFF,
    "POST /sessions/<id:session_id>/cancel": TRACK_STAFF,
    "GET /sessions/<id:session_id>/edit": TRACK_STAFF,
    "POST /sessions/<id:session_id>/edit": TRACK_STAFF,
    "POST /sessions/<id:session_id>/intent": TRACK_PARTICIPANTS,
    "GET /steering-group/<slug>": PUBLIC,
    "GET /steering-group/<slug>/description": ADMIN,
    "POST /steering-group/<slug>/description": ADMIN,
    "GET /steering-group/<slug>/meetings/new": ADMIN,
    "POST /steering-group/<slug>/meetings/new": ADMIN,
    "POST /steering-group/calls/<slug>/apply": LOGGED_IN,
    "GET /steering-group/calls/<slug>/candidacies": ADMIN,
    "GET /steering-group/calls/<slug>/edit": ADMIN,
    "POST /steering-group/calls/<slug>/edit": ADMIN,
    "POST /steering-group/candidacies/<id:candidacy_id>/decline": ADMIN,
    "POST /steering-group/candidacies/<id:candidacy_id>/select": ADMIN,
    "POST /steering-group/candidacies/<id:candidacy_id>/withdraw": CANDIDATE,
    "POST /steering-group/meetings/<id:meeting_id>/cancel": ADMIN,
    "GET /steering-group/meetings/<id:meeting_id>": STEERING_MEMBERS,
    "GET /steering-group/meetings/<id:meeting_id>/record": STAFF,
    "POST /steering-group/meetings/<id:meeting_id>/record": STAFF,
    "GET /steering-group/meetings/<id:meeting_id>/edit": ADMIN,
    "POST /steering-group/meetings/<id:meeting_id>/edit": ADMIN,
    "POST /steering-group/members/<id:member_id>/end": ADMIN,
    "POST /themes/<id:theme_id>/delete": TRACK_STAFF,
    "GET /themes/<id:theme_id>/edit": TRACK_STAFF,
    "POST /themes/<id:theme_id>/edit": TRACK_STAFF,
    "POST /toolkit-items/<id:item_id>/delete": TRACK_STAFF,
    "GET /toolkit-items/<id:item_id>/edit": TRACK_STAFF,
    "POST /toolkit-items/<id:item_id>/edit": TRACK_STAFF,
    "POST /toolkit-items/<id:item_id>/move/<any(up, down):direction>": TRACK_STAFF,
    "GET /toolkits/": PUBLIC,
    "GET /toolkits/<id:toolkit_id>": PUBLIC,
    "POST /toolkits/<id:toolkit_id>/delete": TRACK_STAFF,
    "GET /toolkits/<id:toolkit_id>/draft.<any(html, md, pdf, docx):fmt>": TRACK_STAFF,
    "GET /toolkits/<id:toolkit_id>/edit": TRACK_STAFF,
    "POST /toolkits/<id:toolkit_id>/edit": TRACK_STAFF,
    "GET /toolkits/<id:toolkit_id>/items/new": TRACK_STAFF,
    "POST /toolkits/<id:toolkit_id>/items/new": TRACK_STAFF,
    "GET /toolkits/<id:toolkit_id>/latest.<any(html, md, pdf, docx):fmt>": PUBLIC,
    "POST /toolkits/<id:toolkit_id>/publish": TRACK_STAFF,
    "GET /toolkits/<id:toolkit_id>/v<id:number>": PUBLIC,
    "GET /toolkits/<id:toolkit_id>/v<id:number>.<any(html, md, pdf, docx):fmt>": PUBLIC,
    "GET /tracks/": PUBLIC,
    "GET /tracks/<slug>": PUBLIC,
    "GET /tracks/<slug>/calendar.ics": PUBLIC,
    "POST /tracks/<slug>/interest": LOGGED_IN,
    "GET /tracks/<slug>/lessons": PUBLIC,
    "GET /tracks/<slug>/lessons/moderate": TRACK_STAFF,
    "GET /tracks/<slug>/lessons/new": TRACK_PEOPLE,
    "POST /tracks/<slug>/lessons/new": TRACK_PEOPLE,
    "GET /tracks/<slug>/manage": TRACK_STAFF,
    "POST /tracks/<slug>/register": LOGGED_IN,
    "GET /tracks/<slug>/registrations.<any(csv, xlsx):kind>": TRACK_STAFF,
    "POST /tracks/<slug>/registrations/add": TRACK_STAFF,
    "GET /tracks/<slug>/review-rounds/new": TRACK_STAFF,
    "POST /tracks/<slug>/review-rounds/new": TRACK_STAFF,
    "GET /tracks/<slug>/sessions/new": TRACK_STAFF,
    "POST /tracks/<slug>/sessions/new": TRACK_STAFF,
    "GET /tracks/<slug>/settings": TRACK_STAFF,
    "POST /tracks/<slug>/settings": TRACK_STAFF,
    "GET /tracks/<slug>/themes/new": TRACK_STAFF,
    "POST /tracks/<slug>/themes/new": TRACK_STAFF,
    "GET /tracks/<slug>/toolkits/new": TRACK_STAFF,
    "POST /tracks/<slug>/toolkits/new": TRACK_STAFF,
    "GET /unsubscribe/<token>": PUBLIC,
    "POST /unsubscribe/<token>": PUBLIC,
    "GET /wegwijzer": PUBLIC,
    "GET /wegwijzer/<slug>": PUBLIC,
    # Issue 14: each destructive or mass-mail action asks first (the GET of its URL), with
    # the POST's policy; Mijn overzicht; a session's .ics; the document beside the review form.
    "GET /account/tokens/<id:token_id>/revoke": OWNER_ONLY,
    "GET /admin/organizations/<id:organization_id>/delete": STAFF,
    "GET /admin/organizations/<id:organization_id>/merge": STAFF,
    "GET /agenda/feed": LOGGED_IN,
    "GET /attachments/<id:attachment_id>/delete": OWNER,
    "GET /lessons/<id:lesson_id>/delete": OWNER,
    "GET /partnerships/activities/<id:activity_id>/cancel-meeting": STAFF,
    "GET /partnerships/applications/<id:application_id>/decline": STAFF,
    "GET /partnerships/applications/<id:application_id>/withdraw": APPLICANT,
    "GET /registrations/<id:registration_id>/cancel": OWNER,
    "GET /review-assignments/<id:assignment_id>/decline": REVIEWER_ONLY,
    "GET /review-assignments/<id:assignment_id>/remove": TRACK_STAFF,
    "GET /review-criteria/<id:criterion_id>/delete": TRACK_STAFF,
    "GET /review-rounds/<id:round_id>/phase": TRACK_STAFF,
    "GET /review-rounds/<id:round_id>/release": TRACK_STAFF,
    "GET /sessions/<id:session_id>/cancel": TRACK_STAFF,
    "GET /steering-group/candidacies/<id:candidacy_id>/decline": ADMIN,
    "GET /steering-group/candidacies/<id:candidacy_id>/withdraw": CANDIDATE,
    "GET /steering-group/meetings/<id:meeting_id>/cancel": ADMIN,
    "GET /steering-group/members/<id:member_id>/end": ADMIN,
    "GET /themes/<id:theme_id>/delete": TRACK_STAFF,
    "GET /toolkit-items/<id:item_id>/delete": TRACK_STAFF,
    "GET /toolkits/<id:toolkit_id>/delete": TRACK_STAFF,
    "GET /toolkits/<id:toolkit_id>/publish": TRACK_STAFF,
    "GET /review-conflicts/<id:conflict_id>/remove": TRACK_STAFF,
    "GET /review-conflicts/<id:conflict_id>/confirm": TRACK_STAFF,
    "GET /review-rounds/<id:round_id>/allocation/store": TRACK_STAFF,
    "GET /partnerships/applications/<id:application_id>/select": STAFF,
    "GET /steering-group/candidacies/<id:candidacy_id>/select": ADMIN,
    "GET /account/members/requests/<id:membership_id>/refuse": MEMBERSHIP_DECIDERS,
    "GET /admin/outbox/<id:message_id>/retry": ADMIN,
    "GET /review-documents/<id:version_id>/inline": SUBMISSION_READERS,
    "GET /over": PUBLIC,
    "GET /overview": LOGGED_IN,
    # A track's session, like its feed: public.
    "GET /sessions/<id:session_id>/event.ics": PUBLIC,
    # Evaluations (issue 17): the published management response of seed 003 is public, the
    # staff record, Sofie owns one action of its plan and reports on it.
    "GET /evaluations/": PUBLIC,
    "GET /evaluations/new": STAFF,
    "POST /evaluations/new": STAFF,
    "GET /evaluations/<id:evaluation_id>": PUBLIC,
    "GET /evaluations/<id:evaluation_id>/edit": STAFF,
    "POST /evaluations/<id:evaluation_id>/edit": STAFF,
    "GET /evaluations/<id:evaluation_id>/follow-up": PUBLIC,
    "GET /evaluations/<id:evaluation_id>/follow-up.<any(xlsx, pdf, docx):fmt>": PUBLIC,
    "GET /evaluations/<id:evaluation_id>/report": PUBLIC,
    "GET /evaluations/<id:evaluation_id>/recommendations/new": STAFF,
    "POST /evaluations/<id:evaluation_id>/recommendations/new": STAFF,
    "GET /evaluations/recommendations/<id:recommendation_id>/edit": STAFF,
    "POST /evaluations/recommendations/<id:recommendation_id>/edit": STAFF,
    "GET /evaluations/recommendations/<id:recommendation_id>/answers": STAFF,
    "POST /evaluations/recommendations/<id:recommendation_id>/answers": STAFF,
    "GET /evaluations/<id:evaluation_id>/actions/new": STAFF,
    "POST /evaluations/<id:evaluation_id>/actions/new": STAFF,
    "GET /evaluations/actions/<id:action_id>": PUBLIC,
    "GET /evaluations/actions/<id:action_id>/edit": STAFF,
    "POST /evaluations/actions/<id:action_id>/edit": STAFF,
    "POST /evaluations/actions/<id:action_id>/update": ACTION_OWNER,
    "GET /evaluations/actions/mine": LOGGED_IN,
    "GET /evaluations/evidence/<id:evidence_id>": PUBLIC,
    "GET /api/v1/evaluations": PUBLIC,
    "GET /api/v1/evaluations/<id:evaluation_id>": PUBLIC,
    "POST /api/v1/evaluation-actions/<id:action_id>/updates": ACTION_OWNER,
    # Programme administration (issue 16): staff run programmes, milestones and new tracks;
    # a track's own coordinators (and admins) edit what its page holds.
    "GET /api/v1/programmes": PUBLIC,
    "POST /api/v1/programmes": STAFF,
    "GET /api/v1/programmes/<slug>": PUBLIC,
    "PATCH /api/v1/programmes/<slug>": STAFF,
    "POST /api/v1/programmes/<slug>/milestones": STAFF,
    "POST /api/v1/programmes/<slug>/tracks": STAFF,
    "PUT /api/v1/milestones/<id:milestone_id>": STAFF,
    "DELETE /api/v1/milestones/<id:milestone_id>": STAFF,
    "GET /milestones/<id:milestone_id>/edit": STAFF,
    "POST /milestones/<id:milestone_id>/edit": STAFF,
    "GET /milestones/<id:milestone_id>/delete": STAFF,
    "POST /milestones/<id:milestone_id>/delete": STAFF,
    "GET /programmes/new": STAFF,
    "POST /programmes/new": STAFF,
    "GET /programmes/<slug>/edit": STAFF,
    "POST /programmes/<slug>/edit": STAFF,
    "GET /programmes/<slug>/milestones/new": STAFF,
    "POST /programmes/<slug>/milestones/new": STAFF,
    "GET /programmes/<slug>/tracks/new": STAFF,
    "POST /programmes/<slug>/tracks/new": STAFF,
    "GET /tracks/<slug>/edit": TRACK_STAFF,
    "POST /tracks/<slug>/edit": TRACK_STAFF,
}
