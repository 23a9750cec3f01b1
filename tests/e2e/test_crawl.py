"""A crawl of the main pages over HTTP (the test client: no browser is needed to read markup),
as each role, in both languages, on the demo world (WCAG 2.1 AA beyond the engines):

- each URL has a title of its own (2.4.2): an edit page says "Wijzigen: …", a settings page
  what it sets; and a failed submit of every form answers with a title that starts with
  "Fout: " ("Error: "), an error summary and its fields marked;
- no page repeats an `id` (4.1.1; forms rendered several times on a page included);
- in English, every block of Dutch content (track texts, sessions, lessons, criteria,
  partnerships, modalities, programmes, toolkits) carries lang="nl" (3.1.2)."""

import re
from collections import Counter, defaultdict

import lxml.html
import pytest
from sqlalchemy import select

from lmb.extensions import db
from tests.e2e.pages import ROLES, form_pages, main_pages, world

ERROR_PREFIX = {"nl": "Fout: ", "en": "Error: "}
# The phases keep their Dutch names in the English interface (docs/glossary.md): as labels
# they are terms of the interface, not content.
INTERFACE_TERMS = {"Labo", "Voedingsbodem", "Uitrol"}


def _client(app, locale, email):
    client = app.test_client()
    client.set_cookie("lmb_locale", locale)
    if email:
        page = client.get("/account/login").get_data(as_text=True)
        response = client.post(
            "/account/login",
            data={"email": email, "password": "demo-wachtwoord", "csrf_token": _token(page)},
        )
        assert response.status_code == 302, f"{email} was not logged in"
        client.set_cookie("lmb_locale", locale)  # logging in restores the person's own choice
    return client


def _token(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def _tree(html: str):
    return lxml.html.document_fromstring(html)


def _title(tree) -> str:
    return " ".join(tree.findtext(".//title").split())


def _pages(app, locale):
    """(role, path, status, html) of every main page as each role."""
    w = world(app)
    for role, email in ROLES.items():
        client = _client(app, locale, email)
        for path in main_pages(role, w):
            response = client.get(path)
            yield role, path, response.status_code, response.get_data(as_text=True)


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_titles_are_unique_per_url_and_ids_unique_per_page(app, seeded, locale):
    titles = defaultdict(lambda: defaultdict(set))  # role → title → paths
    duplicates = []
    for role, path, status, html in _pages(app, locale):
        assert status == 200, f"{role} {path}: {status}"
        tree = _tree(html)
        titles[role][_title(tree)].add(path.split("?")[0])
        repeated = [i for i, n in Counter(tree.xpath("//@id")).items() if n > 1]
        if repeated:
            duplicates.append(f"{role} {path}: {', '.join(repeated)}")
        assert not _title(tree).startswith(ERROR_PREFIX[locale]), f"{role} {path}"
    shared = [
        f"{role}: {title!r} on {sorted(paths)}"
        for role, by_title in titles.items()
        for title, paths in by_title.items()
        if len(paths) > 1
    ]
    assert not shared, "titles shared by several URLs:\n" + "\n".join(shared)
    assert not duplicates, "ids repeated on a page:\n" + "\n".join(duplicates)


def _failed_submit(client, path):
    """Send the page's first form with a required field, empty: the server's error page."""
    page = client.get(path)
    assert page.status_code == 200, f"{path}: {page.status_code}"
    tree = _tree(page.get_data(as_text=True))
    forms = tree.xpath("//main//form[@method='post'][.//*[@required]]")
    assert forms, f"no form with a required field on {path}"
    form = forms[0]
    data = {i.get("name"): i.get("value", "") for i in form.xpath(".//input[@type='hidden']")}
    button = form.xpath(".//button[@type='submit'][@name]")
    if button:
        data[button[0].get("name")] = button[0].get("value", "")
    return client.post(form.get("action") or path, data=data)


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_a_failed_submit_says_so_in_the_title_and_marks_its_fields(app, seeded, locale):
    w = world(app)
    wrong = []
    for role, email in ROLES.items():
        client = _client(app, locale, email)
        for path, _selector in form_pages(role, w):
            response = _failed_submit(client, path)
            tree = _tree(response.get_data(as_text=True))
            title = _title(tree)
            summary = tree.xpath("//*[@data-error-summary]")
            invalid = tree.xpath("//main//*[@aria-invalid='true']")
            problems = []
            if response.status_code not in (200, 422):  # the form is shown again, not a redirect
                problems.append(f"status {response.status_code}")
            if not title.startswith(ERROR_PREFIX[locale]):
                problems.append(f"title {title!r}")
            if len(summary) != 1 or summary[0].get("tabindex") != "-1":
                problems.append("no focusable error summary")
            if not invalid:
                problems.append("no field marked aria-invalid")
            for element in invalid:
                described = (element.get("aria-describedby") or "").split()
                messages = [tree.get_element_by_id(i, None) for i in described]
                if not any(m is not None and "error" in m.get("class", "") for m in messages):
                    problems.append(f"{element.get('id')} has no error message in aria-describedby")
            for link in summary[0].xpath(".//a[@href]") if summary else []:
                if tree.get_element_by_id(link.get("href")[1:], None) is None:
                    problems.append(f"summary link {link.get('href')} leads nowhere")
            for label in tree.xpath("//main//label[@for] | //main//legend"):
                control = (
                    tree.get_element_by_id(label.get("for"), None)
                    if label.tag == "label"
                    else label.getparent()
                )
                marked = "(" + {"nl": "verplicht", "en": "required"}[locale]
                if (
                    control is not None
                    and control.get("required") is not None
                    and marked not in label.text_content()
                ):
                    problems.append(f"required {label.get('for')} not marked in its label")
            if problems:
                wrong.append(f"{role} {path}: {'; '.join(problems)}")
    assert not wrong, "\n".join(wrong)


def _dutch_content(app) -> tuple[set[str], set[str]]:
    """Texts people wrote in Dutch, as the demo world holds them (long enough to be content)."""
    from lmb.accounts.models import Organization
    from lmb.modalities.models import Modality
    from lmb.partnerships.models import Partnership, PartnershipActivity, PartnershipCall
    from lmb.peer_review.models import Criterion, ReviewRound
    from lmb.scheduling.models import Session
    from lmb.toolkits.models import Lesson, LessonTheme, Toolkit
    from lmb.tracks.models import Milestone, Programme, Track

    columns = [
        Track.title,
        Track.summary,
        Track.description,
        Programme.title,
        Programme.summary,
        Milestone.title,
        Milestone.description,
        Session.title,
        Session.agenda,
        Lesson.title,
        Lesson.body,
        LessonTheme.title,
        LessonTheme.synthesis,
        Criterion.title,
        Criterion.description,
        ReviewRound.title,
        ReviewRound.deliverable,
        ReviewRound.instructions,
        Partnership.title,
        Partnership.summary,
        PartnershipActivity.title,
        PartnershipActivity.description,
        PartnershipCall.title,
        PartnershipCall.description,
        Modality.name,
        Modality.table_label,
        Modality.definition,
    ]
    with app.app_context():
        texts = {t for column in columns for t in db.session.scalars(select(column)) if t}
        # Names of organizations are proper names (WCAG 3.1.2 leaves them out), also where a
        # text quotes them.
        names = set(db.session.scalars(select(Organization.name)))
        texts |= set(db.session.scalars(select(Toolkit.title).where(Toolkit.language == "nl")))
        db.session.remove()
    return {" ".join(t.split()) for t in texts if len(t) >= 12}, names


def test_in_english_dutch_content_carries_lang_nl(app, seeded):
    found = []
    pages = list(_pages(app, "en"))  # seeds the demo world first
    content, names = _dutch_content(app)
    assert content, "the demo world has no Dutch content to look for"
    for role, path, _status, html in pages:
        body = _tree(html).find("body")
        for element in body.iter():
            if not isinstance(element.tag, str):
                continue
            for text, holder in ((element.text, element), (element.tail, element.getparent())):
                text = " ".join((text or "").split())
                if not text or holder is None or text in INTERFACE_TERMS or text in names:
                    continue
                if any(c in text or (len(text) >= 12 and text in c) for c in content):
                    lang = next(
                        (a.get("lang") for a in holder.iterancestors() if a.get("lang")), None
                    )
                    lang = holder.get("lang") or lang
                    if lang != "nl":
                        found.append((role, path, holder.tag, text[:70]))
    report = sorted({f"{p} <{tag}>: {text}" for _r, p, tag, text in found})
    assert not report, f"{len(report)} Dutch texts without lang=nl:\n" + "\n".join(report)
