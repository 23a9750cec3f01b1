"""A report part records the language it is written in (issue 18): the form offers the
languages, chosen by default as the writer's profile language (or what the part is already in);
the page marks each text with its own language, not always as Dutch."""

import lxml.html
from sqlalchemy import select

from lmb.extensions import db
from lmb.partnerships.models import Partnership, ReportKind, Side
from lmb.partnerships.services import report_for
from tests.partnerships import test_partners_as_equals as equals
from tests.partnerships.test_french_content import reads_french

EMAILS, as_role = equals.EMAILS, equals.as_role
world = equals.world


def report_page(browser, slug, locale):
    browser.client.set_cookie("lmb_locale", locale)
    html = browser.get(f"/partnerships/{slug}/reports/interim").get_data(as_text=True)
    return lxml.html.document_fromstring(html)


def shown(tree, text):
    """The lang attribute of the block that shows `text` (None: the page's language)."""
    blocks = [b for b in tree.find_class("multiline") if b.text_content().strip() == text]
    assert blocks, text
    return {b.get("lang") for b in blocks}


def test_a_french_writers_part_is_marked_french_and_a_dutch_one_dutch(app, world, make_browser):
    reads_french(app)
    slug = world["slug"]
    partner = as_role(make_browser, "partner")
    tree = report_page(partner, slug, "fr")
    chosen = tree.xpath("//select[@name='language']/option[@selected]")
    assert [o.get("value") for o in chosen] == ["fr"]  # her profile's language
    assert "Langue de ce texte" in tree.text_content()
    sent = partner.submit(
        f"/partnerships/{slug}/reports/interim",
        {"text": "Les comités de quartier se sont réunis.", "language": "fr"},
    )
    assert sent.status_code == 302
    flemish = as_role(make_browser, "flemish")
    sent = flemish.submit(
        f"/partnerships/{slug}/reports/interim", {"text": "Twee bezoeken.", "language": "nl"}
    )
    assert sent.status_code == 302
    with app.app_context():
        found = db.session.scalar(select(Partnership).where(Partnership.slug == slug))
        report = report_for(found, ReportKind.interim)
        assert report.part(Side.partner).language == "fr"
        assert report.part(Side.flemish).language == "nl"
        db.session.remove()

    # A Dutch reader: her French part (and its version in the history) marked as French.
    tree = report_page(flemish, slug, "nl")
    assert shown(tree, "Les comités de quartier se sont réunis.") == {"fr"}
    assert shown(tree, "Twee bezoeken.") == {None}
    # A French reader: her own part unmarked, the Flemish part marked as Dutch.
    tree = report_page(partner, slug, "fr")
    assert shown(tree, "Les comités de quartier se sont réunis.") == {None}
    assert shown(tree, "Twee bezoeken.") == {"nl"}
    # The text field shows her text as French: no lang="nl" on it.
    assert tree.xpath("//textarea[@name='text']")[0].get("lang") is None


def test_changing_only_the_language_is_a_new_version_and_a_wrong_one_is_refused(
    app, world, make_browser
):
    slug = world["slug"]
    flemish = as_role(make_browser, "flemish")
    page = f"/partnerships/{slug}/reports/interim"
    assert flemish.submit(page, {"text": "Visite à Huye.", "language": "nl"}).status_code == 302
    assert flemish.submit(page, {"text": "Visite à Huye.", "language": "fr"}).status_code == 302
    tree = report_page(flemish, slug, "nl")
    assert "versie 2" in tree.text_content()
    assert shown(tree, "Visite à Huye.") == {"fr", None}  # version 2 French, 1 Dutch (unmarked)
    refused = flemish.submit(page, {"text": "Visite à Huye.", "language": "xx"})
    assert refused.status_code == 422
    # Without the choice (an older form), the part keeps the language it is in.
    assert flemish.submit(page, {"text": "Visite à Huye!"}).status_code == 302
    tree = report_page(flemish, slug, "nl")
    assert shown(tree, "Visite à Huye!") == {"fr"}
