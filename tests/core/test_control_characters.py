"""No single-line value holds a control character or a line separator (issue 12).

The class is tested by introspection: every form class of the app (every FlaskForm subclass
in lmb) and every API input schema (every schema a route reads its arguments with) is
found, and each of their text fields is given each control character. Then real routes
show what a person sees: the form again with the message on the field, or a JSON 422 that
names the field; never a 500, and nothing stored.
"""

from __future__ import annotations

import importlib
import pkgutil
from datetime import timedelta

import pytest
from flask_wtf import FlaskForm
from marshmallow import Schema, fields
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict
from wtforms import TextAreaField

import lmb
from lmb.core import text
from lmb.core.forms import Form, is_text_field
from lmb.core.models import utcnow
from lmb.core.timezones import to_local
from lmb.core.uploads import safe_filename
from lmb.extensions import db

CONTROLS = {
    "nul": "a\x00b",
    "escape": "a\x1bb",
    "next_line_c1": "a\x85b",
    "delete": "a\x7fb",
    "line_separator": "a\u2028b",
}
SINGLE_LINE_ONLY = {
    "tab": "a\tb",
    "newline": "a\nb",
    "paragraph_separator": "a\u2029b",
    # Direction overrides, embeddings and isolates: in a name or a mail subject they turn
    # the text after them around ("Jan\u202e..." disguises what follows).
    "right_to_left_override": "a\u202eb",
    "left_to_right_embedding": "a\u202ab",
    "first_strong_isolate": "a\u2068b",
}
SINGLE = "Regeleinden, tabs en andere stuurtekens zijn hier niet toegestaan."
MULTI = "Stuurtekens (behalve regeleinden en tabs) zijn hier niet toegestaan."


def _import_everything():
    for module in pkgutil.walk_packages(lmb.__path__, "lmb."):
        importlib.import_module(module.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def form_classes() -> list[type]:
    _import_everything()
    return sorted(
        {c for c in _subclasses(FlaskForm) if c.__module__.startswith("lmb.")},
        key=lambda c: f"{c.__module__}.{c.__qualname__}",
    )


def _text_fields(app, form_class):
    with app.test_request_context():
        form = form_class(meta={"csrf": False})
        return [
            (field.name, isinstance(field, TextAreaField)) for field in form if is_text_field(field)
        ]


def form_cases(app):
    return [
        (form_class, name, multiline)
        for form_class in form_classes()
        for name, multiline in _text_fields(app, form_class)
    ]


def test_every_form_of_the_app_has_the_rule():
    classes = form_classes()
    assert len(classes) > 40
    outside = [c.__qualname__ for c in classes if not issubclass(c, Form)]
    assert outside == [], "forms must derive from lmb.core.forms.Form (the control-character rule)"


def test_the_forms_have_single_and_multi_line_fields(app):
    cases = {(c.__name__, name): multiline for c, name, multiline in form_cases(app)}
    for known in [
        ("SignUpForm", "name"),
        ("SignUpForm", "organization"),
        ("OrganizationForm", "name"),
        ("SessionForm", "title"),
        ("SessionForm", "location"),
        ("LessonForm", "title"),
        ("LessonForm", "tags"),
        ("RoundForm", "title"),
        ("PartnershipForm", "flemish_municipality"),
        ("ActivityForm", "location"),
        ("ApiTokenForm", "name"),
        ("ToolkitItemForm", "who"),
    ]:
        assert cases[known] is False, known
    assert cases[("SessionForm", "agenda")] is True
    assert sum(not m for m in cases.values()) >= 30 and sum(cases.values()) >= 15


def _validate(app, form_class, name, value):
    with app.test_request_context():
        form = form_class(MultiDict({name: value}), meta={"csrf": False})
        field = form[name]
        field.validate(form)  # this field alone: others may need choices that views give
        return field.errors, field.data


@pytest.mark.parametrize("control", list(CONTROLS))
def test_every_form_text_field_refuses_control_characters(app, control):
    value = CONTROLS[control]
    failures = []
    for form_class, name, multiline in form_cases(app):
        errors, data = _validate(app, form_class, name, value)
        if multiline and control == "line_separator":
            # A line separator in a text of several lines is a line break.
            if data != "a\nb" or MULTI in errors:
                failures.append((form_class.__name__, name, errors, data))
        elif (MULTI if multiline else SINGLE) not in errors:
            failures.append((form_class.__name__, name, errors))
    assert failures == []


@pytest.mark.parametrize("control", list(SINGLE_LINE_ONLY))
def test_single_line_fields_refuse_tabs_and_line_breaks_that_text_areas_keep(app, control):
    value = SINGLE_LINE_ONLY[control]
    for form_class, name, multiline in form_cases(app):
        errors, _ = _validate(app, form_class, name, value)
        if multiline:
            assert MULTI not in errors, (form_class.__name__, name)
        else:
            assert SINGLE in errors, (form_class.__name__, name)


def test_ordinary_text_passes_the_rule(app):
    for form_class, name, _multiline in form_cases(app):
        errors, _ = _validate(app, form_class, name, "Zoë – “Roeselare” 🌍 مرحبا")
        assert SINGLE not in errors and MULTI not in errors, (form_class.__name__, name)


# The API: every schema a route reads arguments with


def input_schemas(app) -> list[type]:
    found = set()
    for view in app.view_functions.values():
        for parameter in getattr(view, "_apidoc", {}).get("arguments", {}).get("parameters", []):
            schema = parameter["schema"]
            found.add(schema if isinstance(schema, type) else type(schema))
    return sorted(found, key=lambda s: s.__name__)


def _string_paths(schema: Schema):
    """(payload for one value, path to its errors, multi-line?) for every text field."""
    from lmb.api.schemas import MultiLine

    def walk(field, build, path):
        if isinstance(field, fields.String):
            yield build, path, isinstance(field, MultiLine)
        elif isinstance(field, fields.List):
            yield from walk(field.inner, lambda v, b=build: b([v]), (*path, 0))
        elif isinstance(field, fields.Nested):
            for name, inner in field.schema.load_fields.items():
                yield from walk(inner, lambda v, b=build, n=name: b({n: v}), (*path, name))

    for name, field in schema.load_fields.items():
        yield from walk(field, lambda v, n=name: {n: v}, (name,))


def _errors_at(errors, path):
    for step in path:
        errors = errors.get(step, {}) if isinstance(errors, dict) else {}
    return errors if isinstance(errors, list) else []


def test_the_api_reads_its_input_with_input_schemas(app):
    from lmb.api.schemas import InputSchema

    schemas = input_schemas(app)
    assert len(schemas) >= 10
    assert [s.__name__ for s in schemas if not issubclass(s, InputSchema)] == []


@pytest.mark.parametrize("control", list(CONTROLS) + list(SINGLE_LINE_ONLY))
def test_every_api_text_field_refuses_control_characters(app, control):
    value = {**CONTROLS, **SINGLE_LINE_ONLY}[control]
    checked, failures = [], []
    with app.test_request_context():
        for schema_class in input_schemas(app):
            schema = schema_class()
            for payload, path, multiline in _string_paths(schema):
                checked.append((schema_class.__name__, path))
                messages = _errors_at(schema.validate(payload(value), partial=True), path)
                refused = (MULTI if multiline else SINGLE) in messages
                should = not multiline or control in CONTROLS and control != "line_separator"
                if refused != should:
                    failures.append((schema_class.__name__, path, messages))
    assert failures == []
    for known in [
        ("SessionCreateSchema", ("title",)),
        ("SessionChangeSchema", ("location",)),
        ("TrackUpdateSchema", ("reminder_offsets", 0)),
        ("TrackUpdateSchema", ("phases", 0, "key")),
        ("LessonCreateSchema", ("tags", 0)),
        ("ToolkitItemCreateSchema", ("who",)),
        ("LessonArgsSchema", ("q",)),
    ]:
        assert known in checked


def test_uploaded_file_names_follow_the_rule():
    for value in [*CONTROLS.values(), *SINGLE_LINE_ONLY.values()]:
        name = safe_filename(value.replace("b", "b.pdf"))
        assert not text.has_forbidden_characters(name) and name == "a b.pdf", repr(name)


# Real routes


@pytest.fixture
def people(app, seeded, make_user, make_browser):
    from lmb.accounts.services import create_api_token, find_user_by_email

    make_user(email="admin@example.org", role="admin", organization="VVSG")
    admin = make_browser()
    admin.login("admin@example.org")
    with app.app_context():
        token = create_api_token(find_user_by_email("admin@example.org"), "tests")[1]
        db.session.commit()
        db.session.remove()
    return {"admin": admin, "anonymous": make_browser(), "token": token}


def _count(app, model) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(model))
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    return count


def _future_day() -> str:
    return to_local(utcnow() + timedelta(days=30)).date().isoformat()


def _routes():
    from lmb.accounts.models import ApiToken, Organization, User
    from lmb.partnerships.models import OutcomeRecord, Partnership
    from lmb.peer_review.models import ReviewRound
    from lmb.scheduling.models import Session
    from lmb.toolkits.models import Lesson
    from lmb.tracks.models import Track

    track_id = db.session.scalar(select(Track.id).where(Track.slug == "participatie"))
    return {
        "sign-up name": (
            "anonymous",
            "/account/signup",
            {
                "email": "new.person@example.org",
                "name": "Nieuwe Persoon",
                "organization": "Gemeente Nieuw",
                "function": "alderman",
                "locale": "nl",
                "password": "a brand new passphrase",
                "password_confirm": "a brand new passphrase",
            },
            "name",
            User,
        ),
        "organization name": (
            "admin",
            "/admin/organizations/new",
            {"name": "Nieuwe Organisatie", "kind": "association", "country": "BE"},
            "name",
            Organization,
        ),
        "session title": (
            "admin",
            "/tracks/participatie/sessions/new",
            {
                "phase": "labo",
                "title": "Labo 2",
                "day": _future_day(),
                "starts": "09:30",
                "ends": "12:30",
                "location": "Roeselare",
                "agenda": "",
            },
            "title",
            Session,
        ),
        "session place": (
            "admin",
            "/tracks/participatie/sessions/new",
            {
                "phase": "labo",
                "title": "Labo 2",
                "day": _future_day(),
                "starts": "09:30",
                "ends": "12:30",
                "location": "Roeselare",
            },
            "location",
            Session,
        ),
        "lesson title": (
            "admin",
            "/tracks/participatie/lessons/new",
            {"title": "Werkkledij", "body": "Tekst", "phase": "labo", "session": "0"},
            "title",
            Lesson,
        ),
        "lesson tags": (
            "admin",
            "/tracks/participatie/lessons/new",
            {"title": "Werkkledij", "body": "", "phase": "labo", "session": "0", "tags": "x"},
            "tags",
            Lesson,
        ),
        "partnership municipality": (
            "admin",
            "/partnerships/new",
            {
                "country": "benin",
                "flemish_municipality": "Gemeente Zoersel",
                "partner_municipality": "Dogbo",
                "starts_on": "2027-01-01",
            },
            "partner_municipality",
            Partnership,
        ),
        "outcome place": (
            "admin",
            "/outcomes/new",
            {
                "visited_on": "2025-02-10",
                "municipality_id": "0",
                "partnership_id": "0",
                "track_id": str(track_id),
                "actor": "Het district",
                "change": "Iets veranderde.",
                "occurred_on": "2025-01-01",
                "place": "Huye",
            },
            "place",
            OutcomeRecord,
        ),
        "API token name": ("admin", "/account/tokens", {"name": "Outlook"}, "name", ApiToken),
        "review round title": (
            "admin",
            "/tracks/participatie/review-rounds/new",
            {
                "title": "Ronde 1",
                "deliverable": "Meerjarenplan",
                "instructions": "",
                "submission_day": _future_day(),
                "submission_time": "12:00",
                "review_day": (to_local(utcnow() + timedelta(days=60)).date().isoformat()),
                "review_time": "12:00",
                "reviews_per_submission": "2",
                "allocation_seed": "1",
                "names": "visible",
                "meeting_session_id": "0",
            },
            "title",
            ReviewRound,
        ),
    }


ROUTES = [
    "sign-up name",
    "organization name",
    "session title",
    "session place",
    "lesson title",
    "lesson tags",
    "partnership municipality",
    "outcome place",
    "API token name",
    "review round title",
]


@pytest.mark.parametrize("control", list(CONTROLS) + ["tab"])
@pytest.mark.parametrize("route", ROUTES)
def test_forms_refuse_control_characters_on_the_field(app, people, route, control):
    with app.app_context():
        who, path, valid, name, model = _routes()[route]
    value = {**CONTROLS, **SINGLE_LINE_ONLY}[control]
    before = _count(app, model)
    response = people[who].submit(path, {**valid, name: value})
    body = response.get_data(as_text=True)
    if control == "nul":
        # NUL is refused before any form sees it (lmb.core.security).
        assert response.status_code == 400, body[:2000]
    else:
        assert response.status_code in (200, 422), body[:2000]
        assert SINGLE in body
        assert f'id="{name}"' in body and 'aria-invalid="true"' in body
    assert _count(app, model) == before
    # The same form with the value cleaned does its work (the test data is valid).
    ok = people[who].submit(path, {**valid, name: "a b"})
    assert ok.status_code in (200, 302), ok.get_data(as_text=True)[:2000]
    assert _count(app, model) == before + 1


@pytest.mark.parametrize("control", list(CONTROLS) + ["tab", "newline"])
def test_the_api_refuses_control_characters_naming_the_field(app, people, control):
    from lmb.scheduling.models import Session

    value = {**CONTROLS, **SINGLE_LINE_ONLY}[control]
    client = app.test_client()
    headers = {"Authorization": f"Bearer {people['token']}"}
    starts = utcnow() + timedelta(days=30)
    session = {
        "title": "Labo 2",
        "phase": "labo",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=2)).isoformat(),
        "location": "Roeselare",
    }
    before = _count(app, Session)
    for field_name in ("title", "location"):
        response = client.post(
            "/api/v1/tracks/participatie/sessions",
            json={**session, field_name: value},
            headers=headers,
        )
        assert response.status_code == 422, response.get_data(as_text=True)
        error = response.get_json()["error"]
        assert error["details"]["json"][field_name] == [SINGLE]
    response = client.patch(
        "/api/v1/tracks/participatie", json={"reminder_offsets": [f"P{value}D"]}, headers=headers
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["details"]["json"]["reminder_offsets"] == {"0": [SINGLE]}
    assert _count(app, Session) == before
    assert (
        client.post(
            "/api/v1/tracks/participatie/sessions", json=session, headers=headers
        ).status_code
        == 201
    )
    assert _count(app, Session) == before + 1
