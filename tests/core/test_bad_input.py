"""No page answers 500 to any input: hostile form values, query strings and path parts.

Every form is posted with its real CSRF token, once with each hostile value in all fields at
once and once per field with the other fields valid (so the hostile value reaches the deeper
checks). Whatever comes back must be below 500, and submitted markup must come back escaped.
Afterwards the form still accepts valid input, the admin can still log in, and an organization
stored beforehand is unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import quote, urlsplit

import pytest
from sqlalchemy import select

from tests.conftest import csrf_from

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
PASSWORD = "correct horse battery"
NEW_PASSWORD = "a brand new passphrase"

ADMIN = "admin@example.org"
PARTICIPANT = "participant@example.org"
LOGIN_TARGET = "login-target@example.org"
RESETTER = "resetter@example.org"

HOSTILE = {
    "empty": "",
    "blank": " \t\r\n ",
    "long": "x" * 10_000,
    "unicode": "Zoë Ĳssel 🌍 مرحبا",
    "idn_email": "zoë@exämple.org",
    "script": SCRIPT,
    "not_a_choice": "abc",
    "dunder": "__class__",
    "huge_number": "99999999999999999999",
    "negative": "-1",
    "nul_byte": "nul\x00byte",
    "sql": "' OR '1'='1' --",
    "format": "%(name)s {0} %s",
    "offsite": "//evil.example/path",
    "repeated": ["abc", SCRIPT],
}

# The page every post takes its CSRF token from (the header's language switch carries one).
TOKEN_PAGE = "/tracks/"


@dataclass
class Form:
    path: str
    who: str  # "anonymous", "participant" or "admin"
    valid: dict
    # The status of a valid post made after all the hostile ones (with `final` on top).
    final_status: int = 302
    final: dict = field(default_factory=dict)
    # A field whose valid value must differ per post, so that an earlier post that got
    # through does not turn every later one into a "this already exists".
    unique: str | None = None


FORMS = {
    "signup": Form(
        "/account/signup",
        "anonymous",
        {
            "email": "new.person@example.org",
            "name": "Nieuwe Persoon",
            "organization": "Gemeente Nieuw",
            "organization_kind": "municipality",
            "function": "alderman",
            "locale": "nl",
            "password": NEW_PASSWORD,
            "password_confirm": NEW_PASSWORD,
        },
        final_status=200,
        final={"email": "final.person@example.org"},
        unique="email",
    ),
    "login": Form(
        "/account/login",
        "anonymous",
        {"email": LOGIN_TARGET, "password": PASSWORD, "remember": "y"},
        # The hostile tries may have locked the target: the valid post logs in the admin.
        final={"email": ADMIN},
    ),
    "resend_verification": Form("/account/verify", "anonymous", {"email": PARTICIPANT}),
    "request_reset": Form("/account/reset", "anonymous", {"email": PARTICIPANT}),
    "reset_password": Form(
        "/account/reset/{reset_token}",
        "anonymous",
        {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
    ),
    "locale_anonymous": Form("/account/locale", "anonymous", {"locale": "en", "next": "/tracks/"}),
    "locale_participant": Form(
        "/account/locale", "participant", {"locale": "en", "next": "/account/profile"}
    ),
    "profile": Form(
        "/account/profile",
        "participant",
        {
            "name": "Deelnemer",
            "organization": "Stad Roeselare",
            "organization_kind": "municipality",
            "function": "civil_servant",
            "locale": "en",
        },
    ),
    "change_password": Form(
        "/account/password",
        "participant",
        {"current_password": PASSWORD, "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
    ),
    "tokens": Form("/account/tokens", "participant", {"name": "Outlook sync"}, final_status=200),
    "new_organization": Form(
        "/admin/organizations/new",
        "admin",
        {"name": "Nieuwe Organisatie", "kind": "civil_society", "country": "BJ"},
        unique="name",
    ),
    "edit_organization": Form(
        "/admin/organizations/{editable_organization_id}",
        "admin",
        {"name": "Gemeente Bewerkbaar", "kind": "province", "country": "BE"},
    ),
    "edit_user": Form(
        "/admin/users/{participant_id}",
        "admin",
        {
            "name": "Deelnemer",
            "role": "coordinator",
            "organization_id": "{stored_organization_id}",
            "function": "mayor",
            "active": "y",
            "tracks": ["{track_id}"],
        },
    ),
    "edit_own_account": Form(
        "/admin/users/{admin_id}",
        "admin",
        {
            "name": "Beheerder",
            "role": "admin",
            "organization_id": "0",
            "function": "other",
            "active": "y",
            "tracks": [],
        },
    ),
}


# Helpers


def fill(value, ids: dict):
    """A template value with the ids of this test's data filled in."""
    if isinstance(value, list):
        return [fill(v, ids) for v in value]
    return value.format(**ids) if isinstance(value, str) and "{" in value else value


def contains_script(value) -> bool:
    if isinstance(value, list):
        return any(contains_script(v) for v in value)
    return isinstance(value, str) and "alert(1)" in value


def check(response, sent=None, what=""):
    """Below 500; markup that came back is escaped; API errors in the agreed JSON form."""
    body = response.get_data(as_text=True)
    assert response.status_code < 500, f"{what}: {response.status_code}\n{body[:3000]}"
    if response.mimetype == "text/html":
        assert SCRIPT not in body, f"{what}: the submitted script came back unescaped"
        if sent is not None and contains_script(sent) and "alert(1)" in body:
            assert ESCAPED in body, f"{what}: the submitted script came back half-escaped"
    if response.request.path.startswith("/api/") and response.status_code >= 400:
        check_api_error(response, what)


def check_api_error(response, what=""):
    assert 400 <= response.status_code < 500, what
    assert response.mimetype == "application/json", what
    error = response.get_json()["error"]
    assert isinstance(error["code"], str) and error["code"], what
    assert isinstance(error["message"], str) and error["message"], what


def post(browser, path, data, label="valid"):
    """A post with the session's real CSRF token; redirects are followed and checked too."""
    token = csrf_from(browser.get(TOKEN_PAGE).get_data(as_text=True))
    response = browser.client.post(path, data={**data, "csrf_token": token}, follow_redirects=True)
    for step in [*response.history, response]:
        check(step, data, f"POST {path} ({label})")
    return response


def variants(valid: dict, unique: str | None = None):
    """(name, data): each hostile value in every field at once, then in one field at a time."""
    for label, value in HOSTILE.items():
        yield f"all fields {label}", dict.fromkeys(valid, value)
    for number, (name, label) in enumerate((name, label) for name in valid for label in HOSTILE):
        data = {**valid, name: HOSTILE[label]}
        if unique and unique != name:
            data[unique] = f"n{number}.{valid[unique]}"
        yield f"{name} {label}", data


# Data


@pytest.fixture
def readers(seeded, make_user, make_browser):
    """An admin and a participant, each logged in in a browser of their own."""
    ids = {
        "admin_id": make_user(email=ADMIN, role="admin", organization="VVSG"),
        "participant_id": make_user(email=PARTICIPANT, organization="Stad Roeselare"),
    }
    admin = make_browser()
    admin.login(ADMIN)
    participant = make_browser()
    participant.login(PARTICIPANT)
    return SimpleNamespace(ids=ids, admin=admin, participant=participant, anonymous=make_browser)


@pytest.fixture
def world(app, readers, make_user):
    """The readers, plus an organization stored, one to edit, and a valid reset link."""
    from lmb.accounts import services
    from lmb.accounts.models import OrganizationKind
    from lmb.extensions import db
    from lmb.notifications.models import OutboundMessage
    from lmb.tracks import services as tracks

    make_user(email=LOGIN_TARGET)
    make_user(email=RESETTER)
    with app.app_context():
        stored = services.save_organization(
            None, "Gemeente Bewaard", OrganizationKind.association, "rw"
        )
        editable = services.save_organization(
            None, "Gemeente Bewerkbaar", OrganizationKind.municipality, "BE"
        )
        services.request_password_reset(RESETTER)
        mail = db.session.scalar(
            select(OutboundMessage).where(OutboundMessage.recipient_email == RESETTER)
        )
        readers.ids.update(
            stored_organization_id=stored.id,
            editable_organization_id=editable.id,
            track_id=tracks.all_tracks()[0].id,
            reset_token=re.search(r"/account/reset/([^\s/]+)", mail.body_text).group(1),
        )
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    readers.stored = ("Gemeente Bewaard", "association", "RW")
    return readers


def organization_row(app, organization_id):
    from lmb.accounts.models import Organization
    from lmb.extensions import db

    with app.app_context():
        organization = db.session.get(Organization, organization_id)
        row = (
            None
            if organization is None
            else (organization.name, organization.kind.name, organization.country)
        )
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    return row


def browser_for(world, who: str):
    return world.anonymous() if who == "anonymous" else getattr(world, who)


# Forms


@pytest.mark.parametrize("name", list(FORMS))
def test_hostile_form_values_never_cause_a_server_error(name, app, world, make_browser):
    form = FORMS[name]
    path = fill(form.path, world.ids)
    valid = {key: fill(value, world.ids) for key, value in form.valid.items()}

    for label, data in variants(valid, form.unique):
        post(browser_for(world, form.who), path, data, label)

    # What the hostile posts stored is shown escaped on the pages that list it.
    for page in (
        "/admin/users",
        "/admin/organizations",
        "/admin/outbox/",
        f"/admin/users/{world.ids['participant_id']}",
        f"/admin/users/{world.ids['admin_id']}",
        f"/admin/organizations/{world.ids['editable_organization_id']}",
    ):
        check(world.admin.get(page), SCRIPT, f"GET {page}")
    for page in ("/account/profile", "/account/tokens", "/"):
        check(world.participant.get(page), SCRIPT, f"GET {page}")

    # The form still does its work with valid input.
    response = post(browser_for(world, form.who), path, {**valid, **form.final})
    first = response.history[0] if response.history else response
    assert first.status_code == form.final_status, response.get_data(as_text=True)[:3000]

    # Nothing was lost: the stored organization is as it was, the admin can log in.
    assert organization_row(app, world.ids["stored_organization_id"]) == world.stored
    fresh = make_browser()
    fresh.login(ADMIN)
    assert fresh.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "next_url",
    [
        "//evil.example/x",
        "https://evil.example/",
        "javascript:alert(1)",
        "/\\evil.example",
        "\\\\evil.example",
        " //evil.example",
        "/" + "x" * 10_000,
        "nul\x00byte",
        "",
    ],
)
def test_redirect_targets_stay_on_the_site(next_url, readers, make_browser):
    responses = [
        post_once(readers.anonymous(), "/account/locale", {"locale": "en", "next": next_url}),
        post_once(
            make_browser(),
            f"/account/login?next={quote(next_url)}",
            {"email": ADMIN, "password": PASSWORD},
        ),
    ]
    for response in responses:
        if "\x00" in next_url:
            # NUL is refused before anything else happens.
            assert response.status_code == 400
            continue
        assert response.status_code == 302
        location = urlsplit(response.headers["Location"])
        assert location.netloc in ("", "localhost"), response.headers["Location"]
        assert location.scheme in ("", "http"), response.headers["Location"]


def post_once(browser, path, data):
    token = csrf_from(browser.get(TOKEN_PAGE).get_data(as_text=True))
    response = browser.client.post(path, data={**data, "csrf_token": token})
    check(response, data, f"POST {path}")
    return response


# Query strings and path parts

TOO_BIG = "99999999999999999999"

ADMIN_GETS = [
    "/admin/users?q=" + quote(SCRIPT),
    "/admin/users?q=%25",
    "/admin/users?q=_",
    "/admin/users?q=" + quote("' OR '1'='1' --"),
    "/admin/users?q=" + "x" * 10_000,
    "/admin/users?q=nul%00byte",
    "/admin/users?q=" + quote(HOSTILE["unicode"]),
    "/admin/users?role=" + quote(SCRIPT),
    "/admin/users?role=__class__",
    "/admin/users?page=-1",
    "/admin/users?page=0",
    "/admin/users?page=" + TOO_BIG,
    "/admin/users?page=%C2%B2",  # a superscript two: str.isdigit() says yes, int() says no
    "/admin/users?page=%D9%A3",  # an Arabic-Indic three
    "/admin/users?page=1.5",
    "/admin/users?page=",
    "/admin/users?page=1&page=abc",
    "/admin/users?per_page=abc",
    "/admin/users?per_page=0",
    "/admin/users?per_page=" + TOO_BIG,
    "/admin/users?per_page=%C2%B2",
    "/admin/organizations?q=" + quote(SCRIPT),
    "/admin/organizations?q=nul%00byte",
    "/admin/organizations?page=" + TOO_BIG,
    "/admin/organizations?page=%C2%B2",
    "/admin/outbox/?status=" + quote(SCRIPT),
    "/admin/outbox/?status=__class__",
    "/admin/outbox/?recipient=" + quote(SCRIPT),
    "/admin/outbox/?recipient=nul%00byte",
    "/admin/outbox/?recipient=" + "x" * 10_000,
    "/admin/outbox/?page=-1",
    "/admin/outbox/?page=%C2%B2",
    "/admin/users/" + TOO_BIG,
    "/admin/users/-1",
    "/admin/users/abc",
    "/admin/organizations/" + TOO_BIG,
    "/admin/outbox/" + TOO_BIG,
]

PUBLIC_GETS = [
    "/tracks/" + quote(SCRIPT, safe=""),
    "/tracks/%00",
    "/tracks/" + "x" * 10_000,
    "/tracks/" + quote(HOSTILE["unicode"]),
    "/programmes/" + quote(SCRIPT, safe=""),
    "/programmes/%00",
    "/wegwijzer/" + quote(SCRIPT, safe=""),
    "/wegwijzer/%00",
    "/account/verify/garbage",
    "/account/verify/" + quote(SCRIPT, safe=""),
    "/account/verify/%00",
    "/account/verify/" + "x" * 10_000,
    "/account/reset/garbage",
    "/account/reset/" + quote(SCRIPT, safe=""),
    "/account/reset/%00",
    "/account/reset/" + "x" * 10_000,
    "/no-such-page/" + quote(SCRIPT, safe=""),
    "/?page=%C2%B2",
    "/account/login?next=" + quote(SCRIPT),
    "/account/signup?next=" + quote(SCRIPT),
]

API_ERRORS = [
    "/api/v1/tracks?page=0",
    "/api/v1/tracks?page=-1",
    "/api/v1/tracks?page=abc",
    "/api/v1/tracks?page=1.5",
    "/api/v1/tracks?page=" + TOO_BIG,
    "/api/v1/tracks?page=%C2%B2",
    "/api/v1/tracks?page=" + quote(SCRIPT),
    "/api/v1/tracks?per_page=1000",
    "/api/v1/tracks?per_page=0",
    "/api/v1/tracks?per_page=abc",
    "/api/v1/tracks/%00",
    "/api/v1/tracks/" + quote(SCRIPT, safe=""),
    "/api/v1/tracks/" + "x" * 10_000,
    "/api/v1/me",
    "/api/v1/" + quote(SCRIPT, safe=""),
]


@pytest.mark.parametrize("url", ADMIN_GETS)
def test_hostile_queries_on_admin_pages(url, readers):
    check(readers.admin.get(url), SCRIPT, f"GET {url}")
    # A participant is turned away (or the malformed request refused), not crashed.
    response = readers.participant.get(url)
    check(response, SCRIPT, f"GET {url} as participant")
    allowed = (400, 403, 404) if "%00" in url else (403, 404)
    assert response.status_code in allowed


@pytest.mark.parametrize("url", PUBLIC_GETS)
def test_hostile_paths_on_public_pages(url, readers):
    for browser in (readers.anonymous(), readers.participant):
        check(browser.get(url), SCRIPT, f"GET {url}")


@pytest.mark.parametrize("url", API_ERRORS)
def test_hostile_api_requests_are_json_errors(url, readers):
    response = readers.anonymous().get(url)
    check(response, SCRIPT, f"GET {url}")
    check_api_error(response, f"GET {url}")


@pytest.mark.parametrize(
    "header",
    [
        "Bearer garbage",
        "Bearer " + "x" * 10_000,
        "Bearer",
        "Basic abc",
        "bearer  ",
        SCRIPT,
        "Bearer " + HOSTILE["unicode"],
    ],
)
def test_hostile_api_tokens_are_json_401(header, readers):
    response = readers.anonymous().get("/api/v1/me", headers={"Authorization": header})
    check_api_error(response, header[:50])
    assert response.status_code == 401


@pytest.mark.parametrize(
    "path",
    [
        f"/account/tokens/{TOO_BIG}/revoke",
        "/account/tokens/-1/revoke",
        f"/admin/organizations/{TOO_BIG}/delete",
        f"/admin/outbox/{TOO_BIG}/retry",
        "/account/logout",
    ],
)
def test_hostile_ids_in_posted_paths(path, readers):
    for browser in (readers.admin, readers.participant):
        post_once(browser, path, {"next": SCRIPT})


@pytest.mark.parametrize(
    "cookie",
    [
        ("lmb_locale", SCRIPT),
        ("lmb_locale", "x" * 3000),
        ("lmb_locale", "__class__"),
        ("session", "garbage"),
        ("session", "x" * 3000),
        ("remember_token", "1|garbage"),
        ("remember_token", SCRIPT),
    ],
)
def test_hostile_cookies(cookie, app, readers):
    client = app.test_client()
    client.set_cookie(*cookie)
    for url in ("/", "/account/login", "/api/v1/tracks"):
        check(client.get(url), SCRIPT, f"GET {url} with cookie {cookie[0]}")


def test_api_pages_still_answer_after_hostile_paging(readers):
    """A sanity check that the valid request the hostile ones vary on does work."""
    response = readers.anonymous().get("/api/v1/tracks?page=1&per_page=100")
    assert response.status_code == 200
    assert response.get_json()["total"] == 7
