"""Mails about calls are written in their recipient's language (issue 18): the call's French
title for a French reader, the Dutch for an English or Dutch one (a call has no English); the
news of a new call alike. Writing a mail never leaves a "only available in Dutch" notice on
the page of the request that sends it: that is the mail's content, not the page's."""

from datetime import timedelta

from flask import render_template_string
from sqlalchemy import select

from lmb.core.i18n import note_untranslated
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.notifications.models import Frequency, NewsItem, OutboundMessage
from lmb.notifications.subscriptions import set_subscriptions
from lmb.partnerships import services
from lmb.partnerships.models import Country
from tests.builders import create_person
from tests.partnerships.builders import coordinator

DUTCH = "Oproep SDG-partnerschappen 2027"
FRENCH = "Appel aux partenariats ODD 2027"
NOTICE = "{% for language in untranslated_languages() %}[{{ language }}]{% endfor %}"


def a_call(staff, title_fr=FRENCH):
    now = utcnow()
    return services.save_call(
        None,
        by=staff,
        title=DUTCH,
        description="Gemeenten stellen zich kandidaat.",
        title_fr=title_fr,
        description_fr="Les communes posent leur candidature." if title_fr else "",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=20),
    )


def mail_to(email, kind):
    return db.session.scalar(
        select(OutboundMessage).where(
            OutboundMessage.recipient_email == email, OutboundMessage.kind == kind
        )
    )


def test_application_mails_name_the_call_in_the_recipients_language(ctx, seeded):
    staff = coordinator()
    call = a_call(staff)
    readers = {
        "fr": create_person("aline@example.org", locale="fr", organization="Gemeente Merelbeke"),
        "en": create_person("emma@example.org", locale="en", organization="Gemeente Gent"),
        "nl": create_person("piet@example.org", locale="nl", organization="Stad Roeselare"),
    }
    for person in readers.values():
        services.apply(person, call, country=Country.benin, motivation="Graag")
    db.session.commit()

    kind = "partnerships/application_received"
    french = mail_to("aline@example.org", kind)
    assert french.subject == f"Votre candidature : {FRENCH}"
    assert FRENCH in french.body_text and FRENCH in french.body_html
    assert DUTCH not in french.body_text + french.body_html
    # No English: the English reader gets the Dutch title in an English mail.
    english = mail_to("emma@example.org", kind)
    assert english.subject == f"Your application: {DUTCH}"
    assert DUTCH in english.body_text and FRENCH not in english.body_text
    dutch = mail_to("piet@example.org", kind)
    assert DUTCH in dutch.subject and DUTCH in dutch.body_text
    assert FRENCH not in dutch.subject + dutch.body_text + dutch.body_html

    application = next(a for a in call.applications if a.submitted_by.email == "aline@example.org")
    services.select_application(
        application, by=staff, partner_municipality="Za-Kpota", starts_on=utcnow().date()
    )
    db.session.commit()
    decided = mail_to("aline@example.org", "partnerships/application_decided")
    assert FRENCH in decided.subject and FRENCH in decided.body_text
    assert DUTCH not in decided.subject + decided.body_text


def test_news_of_a_new_call_reads_in_each_followers_language(ctx, seeded):
    staff = coordinator()
    readers = {
        "aline@example.org": create_person("aline@example.org", locale="fr"),
        "emma@example.org": create_person("emma@example.org", locale="en"),
        "piet@example.org": create_person("piet@example.org", locale="nl"),
    }
    for person in readers.values():
        set_subscriptions(person, ["calls:partnerships"], Frequency.immediately)
    a_call(staff)
    db.session.commit()

    item = db.session.scalar(select(NewsItem).where(NewsItem.theme == "calls:partnerships"))
    assert (item.title, item.title_fr) == (DUTCH, FRENCH)
    french = mail_to("aline@example.org", "news/item")
    assert FRENCH in french.subject and FRENCH in french.body_text
    assert "Les communes posent leur candidature." in french.body_html
    assert DUTCH not in french.subject + french.body_text + french.body_html
    for email in ("emma@example.org", "piet@example.org"):
        mail = mail_to(email, "news/item")
        assert DUTCH in mail.subject and DUTCH in mail.body_text, email
        assert FRENCH not in mail.subject + mail.body_text, email


def test_a_mail_leaves_no_notice_on_the_page_that_sends_it(app, seeded):
    """A Dutch page sends a French reader a mail about a call without French: the mail shows
    the Dutch title (noted while it is rendered), the page shows no notice; a notice the page
    noted for its own content before stays."""
    with app.app_context():
        staff = coordinator()
        aline = create_person("aline@example.org", locale="fr", organization="Stad Roeselare")
        call = a_call(staff, title_fr="")
        db.session.commit()
        call_id, aline_id = call.id, aline.id
        db.session.remove()

    with app.test_request_context("/", headers={"Accept-Language": "nl"}):
        call, aline = db.session.get(type(call), call_id), db.session.get(type(aline), aline_id)
        services.apply(aline, call, country=Country.benin, motivation="Graag")
        mail = mail_to("aline@example.org", "partnerships/application_received")
        assert mail.locale == "fr" and DUTCH in mail.subject and DUTCH in mail.body_text
        assert render_template_string(NOTICE) == ""

        note_untranslated("en")  # the page's own content, shown in English
        services.apply(
            create_person("piet@example.org", locale="fr", organization="Gemeente Gent"),
            call,
            country=Country.rwanda,
            motivation="Graag",
        )
        assert render_template_string(NOTICE) == "[Engels]"
        db.session.rollback()
        db.session.remove()
