"""Every kind of message has a text and an HTML template, in Dutch and in English."""

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from flask import render_template
from flask_babel import force_locale

from lmb.notifications.models import NewsItem
from lmb.notifications.outbox import Draft
from lmb.partnerships.models import PartnershipCall
from tests.mail_templates import SHARED, TEMPLATES, mail_templates

TEXTS = mail_templates(".txt")
KINDS = sorted(TEXTS)
WHEN = datetime(2026, 3, 3, 8, 30, tzinfo=UTC)
TRACK = SimpleNamespace(
    title="Participatie", shown_title="Participatie", registration_closes_at=WHEN
)
CONTEXT = {
    "recipient": SimpleNamespace(name="Sofie Peeters", locale="nl"),
    "verify_url": "http://127.0.0.1:5000/account/verify/abc",
    "reset_url": "http://127.0.0.1:5000/account/reset/abc",
    "locked_until": WHEN,
    "login_url": "http://127.0.0.1:5000/account/login",
    "signup_url": "http://127.0.0.1:5000/account/signup",
    "agenda_url": "http://127.0.0.1:5000/agenda",
    "tokens_url": "http://127.0.0.1:5000/account/tokens",
    "track": TRACK,
    "track_url": "http://127.0.0.1:5000/tracks/participatie",
    "theme": "Participatie",
    "position": 2,
    "moderated": False,
    "session": SimpleNamespace(
        title="Labo 1",
        starts_at=WHEN,
        ends_at=WHEN,
        location="Brussel",
        online_url="",
        agenda="Welkom",
    ),
    # News items and calls as stored: the mails read their texts in the recipient's language.
    "item": NewsItem(title="Checklist", summary="Versie 1", url="http://127.0.0.1:5000/t/1"),
    "items": [NewsItem(title="Checklist", summary="", url="http://x/1", created_at=WHEN)],
    "week": "2026-W10",
    "unsubscribe_url": "http://127.0.0.1:5000/unsubscribe/abc",
    # SDG partnerships and the steering group
    "group": SimpleNamespace(name="Stuurgroep SDG-partnerschappen"),
    "group_url": "http://127.0.0.1:5000/steering-group/stuurgroep-sdg-partnerschappen",
    "seat": SimpleNamespace(label="Mondiale ambtenaar"),
    "call": PartnershipCall(title="Oproep SDG-partnerschappen 2023", title_fr=""),
    "application": SimpleNamespace(organization=SimpleNamespace(name="Gemeente Merelbeke")),
    "selected": True,
    "partnership": SimpleNamespace(title="Merelbeke – Huye"),
    "partnership_url": "http://127.0.0.1:5000/partnerships/merelbeke-huye",
    # An action of an evaluation's action plan
    "action_text": "Internationale conferentie over de SDG's",
    "who": "VVSG Internationaal",
    "when": "September 2020",
    "ends_on": WHEN.date(),
    "status": SimpleNamespace(label="Bezig"),
    "old_status": SimpleNamespace(label="Gepland"),
    "note": "Locatie vastgelegd.",
    "by_name": "An Coördinator",
    "evidence": ["Programma"],
    "owners": ["An Coördinator"],
    "evaluation_title": "Mid-term evaluatie 2017-2019",
    "action_url": "http://127.0.0.1:5000/evaluations/actions/1",
    # A part of a partnership's report
    "report": "Tussentijds rapport",
    "partnership_title": "Merelbeke – Huye",
    "municipality": "Gemeente Merelbeke",
    "due_on": WHEN.date(),
    "written": True,
    "report_url": "http://127.0.0.1:5000/partnerships/merelbeke-huye/reports/interim",
    # A partner municipality's proposal
    "title": "Forum des jeunes",
    "description": "Un forum pour les jeunes de Huye.",
    "starts_on": WHEN.date(),
    "amount": 2500,
    "partner": "Huye",
    "flemish": "Gemeente Merelbeke",
    "proposed_by": "Claudine",
    "confirmed": True,
}


def test_the_kinds_are_found():
    assert {"account/verify", "reminder/session", "news/digest"} <= set(KINDS)
    assert TEXTS["account/verify"] == "accounts/mail/account/verify"
    assert TEXTS["reminder/session"] == "scheduling/mail/reminder/session"
    assert TEXTS["news/digest"] == "tracks/mail/news/digest"


def test_notifications_keeps_only_the_shared_layout_and_footer():
    assert sorted(path.name for path in SHARED.rglob("*") if path.is_file()) == [
        "_footer.txt",
        "_layout.html",
    ]


def test_a_draft_names_its_template():
    with pytest.raises(TypeError, match="template"):
        Draft(key="k", kind="account/verify", recipient=None, subject="s")


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_renders_in_dutch_and_english(app, kind):
    template = TEXTS[kind]
    assert (TEMPLATES / f"{template}.html").exists(), f"{template}.html is missing"
    rendered = {}
    with app.test_request_context():
        for locale in ("nl", "en"):
            with force_locale(locale):
                text = render_template(f"{template}.txt", **CONTEXT)
                html = render_template(f"{template}.html", **CONTEXT)
            assert "Sofie Peeters" in text and "Sofie Peeters" in html
            rendered[locale] = (text, html)
    assert rendered["nl"][0] != rendered["en"][0]
    assert rendered["nl"][1] != rendered["en"][1]
    assert "Beste Sofie Peeters" in rendered["nl"][0]
    assert "Dear Sofie Peeters" in rendered["en"][0]
