"""Every destructive or mass-mail action asks first (issue 14), as a class: the POST routes of
the HTML pages are declared here, each in one list. Those that delete, cancel, decide for
someone or mail a group have a confirmation page at the GET of their own URL, and their POST
acts only when it comes from that page (`confirmed=yes`, lmb.core.views.asks_first): a bare
POST is sent to the question. A new POST route fails until it is put in one of the lists.
What each question says, with its numbers, is tested with real data in
tests/home/test_confirmations.py and tests/home/test_more_confirmations.py."""

from __future__ import annotations

from tests.conftest import csrf_from

# The actions that ask first, and what they do.
ASKS_FIRST = {
    "accounts.revoke_token": "revoke an API token",
    "accounts.refuse_membership": "refuse a request to join an organization (mails the person)",
    "accounts_admin.delete_organization": "delete an organization",
    "accounts_admin.merge_organization": "merge an organization into another",
    "notifications.retry": "send a failed message again",
    "partnerships.cancel_activity_meeting": "cancel a partnership's meeting (mails its people)",
    "partnerships.cancel_meeting": "cancel a steering-group meeting (mails its members)",
    "partnerships.decline_activity": "decline a partner's proposed activity (mails the proposer)",
    "partnerships.decline_application": "not select an application (mails the municipality)",
    "partnerships.hand_in_report_part": "hand in a side's part of a report (locked from then on)",
    "partnerships.decline_candidacy": "not select a candidate (mails them)",
    "partnerships.end_membership": "end a steering-group membership",
    "partnerships.select_application": "select an application (a partnership, a mail)",
    "partnerships.select_candidacy": "select a candidate (membership, invitations)",
    "partnerships.withdraw_application": "withdraw an application",
    "partnerships.withdraw_candidacy": "withdraw a candidacy",
    "peer_review.commit_allocation": "store the allocation (mails every reviewing team)",
    "peer_review.conflict_action": "confirm or remove a conflict of interest",
    "peer_review.decline": "decline a review",
    "peer_review.delete_criterion": "remove a criterion",
    "peer_review.release": "release reviews (mails the reviewed organizations)",
    "peer_review.switch_phase": "switch a round's phase (mails its people)",
    "peer_review.unassign": "remove an assignment",
    "toolkits.delete_attachment": "delete an attachment",
    "toolkits.delete_item": "delete a toolkit's item",
    "toolkits.delete_lesson": "delete a lesson",
    "toolkits.delete_theme": "delete a theme",
    "toolkits.delete_toolkit": "delete a toolkit",
    "toolkits.publish": "publish a toolkit (mails the theme's followers)",
    "tracks.cancel_registration": "cancel a registration",
    "tracks.cancel_session": "cancel a session (mails every participant)",
    "tracks.delete_milestone": "remove a milestone",
    "tracks.rotate_feed": "make a new calendar address (the old one stops working)",
}

# Forms that are the step itself: what is typed is the answer, and nothing is destroyed.
FORMS = {
    "accounts.change_password": "a person's own password",
    "accounts.login": "logging in",
    "accounts.logout": "logging out",
    "accounts.profile": "a person's own profile",
    "accounts.request_reset": "asks for a reset mail to oneself",
    "accounts.resend_verification": "a verification mail to oneself",
    "accounts.reset_password": "a person's own password",
    "accounts.set_locale": "the language",
    "accounts.signup": "making an account",
    "accounts.tokens": "making an API token",
    "accounts.verify_email": "verifying one's address",
    "accounts_admin.edit_organization": "the register's form",
    "accounts_admin.edit_user": "a person's role and organization",
    "accounts_admin.toggle_contact": "giving or taking the contact role (no mail)",
    "calendar.calendar_delivery": "a person's own choice; mails only them",
    "evaluations.add_answer": "the association's answer (a form)",
    "evaluations.edit_action": "an action's form",
    "evaluations.edit_evaluation": "an evaluation's form",
    "evaluations.edit_recommendation": "a recommendation's form",
    "evaluations.new_action": "a new action",
    "evaluations.new_evaluation": "a new evaluation",
    "evaluations.new_recommendation": "a new recommendation",
    "notifications.themes": "a person's own themes",
    "notifications.unsubscribe": "one person's own unsubscribe (one click, by law)",
    "partnerships.call": "applying (the municipality's own application)",
    "partnerships.activity_spending": "a side's spending on its own activity (no mail)",
    "partnerships.confirm_activity": "confirming one proposal (mails its proposer)",
    "partnerships.edit_call": "a call's form",
    "partnerships.edit_candidate_call": "a call's form",
    "partnerships.edit_outcome": "an outcome's form",
    "partnerships.edit_partnership": "a partnership's form",
    "partnerships.edit_steering_group_description": "the group's description (no mail)",
    "partnerships.new_call": "a new call",
    "partnerships.new_outcome": "a new outcome record",
    "partnerships.new_partnership": "a new partnership",
    "partnerships.partnership_stedenband": "recording a stedenband",
    "partnerships.propose_activity": "a proposal is itself the request to the Flemish side",
    "partnerships.report_deadlines": "a report's deadlines (mails nobody by itself)",
    "partnerships.save_report_part": "a new version of one's own side's part (no mail)",
    "partnerships.stand_as_candidate": "standing as a candidate (one's own)",
    "partnerships.write_meeting_record": "a yearly meeting's agenda, minutes and decisions (no mail)",
    "peer_review.conflicts": "declaring a conflict (the coordinator confirms it, asked first)",
    "peer_review.criteria": "adding a criterion",
    "peer_review.organizations": "who takes part (one that submitted cannot be removed; no mail)",
    "peer_review.feedback": "responding to feedback",
    "peer_review.new_programme_round": "a new round",
    "peer_review.new_round": "a new round",
    "peer_review.review": "the review form (drafts, submit)",
    "peer_review.settings": "a round's settings",
    "peer_review.submission": "uploading one's own work",
    "toolkits.add_attachment": "adding an attachment",
    "toolkits.approve_lesson": "approving a lesson (no mail)",
    "toolkits.edit_item": "an item's form",
    "toolkits.edit_lesson": "a lesson's form",
    "toolkits.edit_theme": "a theme's form",
    "toolkits.edit_toolkit": "a toolkit's form",
    "toolkits.move_item": "moving an item up or down",
    "toolkits.new_item": "a new item",
    "toolkits.new_lesson": "a new lesson",
    "toolkits.new_theme": "a new theme",
    "toolkits.new_toolkit": "a new toolkit",
    "toolkits.return_lesson": "sending a lesson back with a comment (mails its author)",
    "toolkits.submit_lesson": "submitting one's own lesson",
    "tracks.add_person": "adding one person (mails them)",
    "tracks.attendance": "recording attendance (no mail)",
    "tracks.confirm_registration": "confirming one person from the waiting list (mails them)",
    "tracks.edit_milestone": "a milestone's form",
    "tracks.edit_programme": "a programme's form",
    "tracks.settings": "registration window, places, reminders (mails nobody by itself)",
    "tracks.intent": "one's own 'will you come?'",
    "tracks.interest": "one's own interest",
    "tracks.new_milestone": "a new milestone",
    "tracks.new_programme": "a new programme",
    "tracks.new_track": "a new track",
    "tracks.register": "one's own registration",
    "accounts.erase_account": (
        "asks on its own page: what is erased, the password and 'I understand' in the form"
    ),
    "accounts.grant_membership": "granting one request (mails that person)",
    "peer_review.assign": "adding one assignment by hand (mails that organization's people)",
}

# Forms whose save mails a group: once their values pass their checks, they ask once more
# (lmb.core.views.check_answers: the values travel as hidden fields, "change" takes them back
# to the form). Tested in tests/tracks/test_track_pages.py, the registration journey and
# tests/tracks/test_programme_admin_pages.py, and for partnerships and evaluations in
# tests/partnerships/test_check_answers.py and tests/evaluations/test_report_asks_first.py.
CHECKS_ANSWERS = {
    "tracks.new_session": "invites every participant of the track",
    "tracks.edit_session": "moving or changing a session mails every participant the update",
    "tracks.edit_track": "opening it mails who asked to be told and the theme's followers",
    "evaluations.update_action": "mails the owners and coordinators, and news to followers",
    "partnerships.new_activity": "a meeting invites the partnership's people",
    "partnerships.edit_activity": "a moved meeting mails the partnership's people",
    "partnerships.new_meeting": "invites the steering group's members",
    "partnerships.edit_meeting": "a moved meeting mails the steering group's members",
    "partnerships.new_visit": "invites the municipality's members",
    "partnerships.partnership_contacts": "invites added people, cancels for removed people",
}


def html_post_rules(app):
    return [
        rule
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods and not rule.rule.startswith("/api/")
    ]


def test_every_post_route_is_in_exactly_one_list(app):
    lists = (ASKS_FIRST, CHECKS_ANSWERS, FORMS)
    endpoints = {rule.endpoint for rule in html_post_rules(app)}
    unlisted = sorted(e for e in endpoints if not any(e in listed for listed in lists))
    assert not unlisted, f"POST routes in no list of {__file__}: {unlisted}"
    twice = sorted(e for e in endpoints if sum(e in listed for listed in lists) > 1)
    assert not twice, twice
    stale = sorted(set().union(*lists) - endpoints)
    assert not stale, f"no such POST route: {stale}"


def urls_of(app, rule) -> list[str]:
    """Every URL the rule makes (both actions of `<any(confirm, remove):action>`), with ids
    that exist nowhere: the question must come before any row is even looked for."""
    values = {name: 987654 for name in rule.arguments}
    if "slug" in values:
        values["slug"] = "nergens"
    if "action" in values:
        return [
            rule.build({**values, "action": action}, append_unknown=False)[1]
            for action in ("confirm", "remove")
        ]
    return [rule.build(values, append_unknown=False)[1]]


def asking_rules(app):
    return [rule for rule in html_post_rules(app) if rule.endpoint in ASKS_FIRST]


def test_each_action_that_asks_first_has_its_question_at_the_get_of_its_url(app):
    adapter = app.url_map.bind("localhost")
    rules = asking_rules(app)
    assert {rule.endpoint for rule in rules} == set(ASKS_FIRST)
    for rule in rules:
        assert getattr(app.view_functions[rule.endpoint], "asks_first", False), rule.endpoint
        for url in urls_of(app, rule):
            endpoint, _args = adapter.match(url, method="GET")
            assert endpoint.split(".")[-1].startswith("confirm_"), (url, endpoint)


def test_a_post_that_did_not_come_from_the_question_is_sent_to_it(app, browser):
    """No action runs: the answer comes before the view, with the form's values carried."""
    token = csrf_from(browser.get("/account/login").get_data(as_text=True))
    for rule in asking_rules(app):
        for url in urls_of(app, rule):
            response = browser.client.post(
                url, data={"csrf_token": token, "reason": "x y", "confirmed": "no"}
            )
            assert response.status_code == 303, (url, response.status_code)
            assert response.headers["Location"] == f"{url}?reason=x+y", url


def test_the_confirmation_page_sends_the_answer(app):
    from lmb.core.views import confirm_page

    with app.test_request_context("/"):
        html, status = confirm_page(
            title="Vraag", consequences=["Een"], action="/doe", button="Ja", back="/"
        )
    assert status == 200
    assert '<input type="hidden" name="confirmed" value="yes">' in html
