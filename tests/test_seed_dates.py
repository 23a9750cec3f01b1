"""No page of a fresh `lmb seed` (without --demo) shows a date the documents do not give
(issue 16): the pages are crawled through the test client, anonymously and as an admin, in
Dutch and in English, and every date in their text is compared with the documents' dates."""

import re
from collections import deque
from datetime import date
from functools import cache
from pathlib import Path

import lxml.html
import pytest

from tests.tracks.test_seed import run_seed

MONTHS = {
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "en": "January February March April May June July August September October November December",
}
SHORT = {
    "nl": "jan feb mrt apr mei jun jul aug sep okt nov dec",
    "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
}
SEASONS = {"nl": "voorjaar zomer najaar winter", "en": "spring summer autumn winter"}

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
# Beyond the dates written out in the documents (found by `dates_in` below): seed 000's
# "2016: opstart, op diverse tijdstippen (voorjaar, najaar)", and seed 001's deadline "vóór 15
# september" in the call published on 14-07-2022, with the last day it leaves (14 September:
# "vóór 15 september" means a candidacy on the 15th is late).
SEASONS_GIVEN = {
    ("season", ("spring", 2016)),
    ("season", ("autumn", 2016)),
    ("day", date(2022, 9, 15)),
    ("day", date(2022, 9, 14)),
}


def _patterns(locale):
    months = MONTHS[locale].split()
    short = SHORT[locale].split()
    month = "|".join(months + short)
    return {
        # "do 15 sep 2022", "15 september 2022"
        "day": re.compile(rf"\b(\d{{1,2}})\.? ({month})\.? (\d{{4}})\b", re.IGNORECASE),
        # "September 15, 2022"
        "day_us": re.compile(rf"\b({month})\.? (\d{{1,2}}), (\d{{4}})\b", re.IGNORECASE),
        # "september 2022" (not preceded by a day)
        "month": re.compile(rf"(?<!\d )(?<!\d\. )\b({month}) (\d{{4}})\b", re.IGNORECASE),
        "season": re.compile(rf"\b({'|'.join(SEASONS[locale].split())}) (\d{{4}})\b", re.I),
        "iso": re.compile(r"\b(\d{4})-(\d\d)-(\d\d)\b"),
        "numeric": re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b"),
    }


def _month_number(name: str, locale: str) -> int:
    name = name.lower().rstrip(".")
    for names in (MONTHS[locale].lower().split(), SHORT[locale].lower().split()):
        if name in names:
            return names.index(name) + 1
    raise ValueError(name)


def dates_in(text: str, locale: str) -> set:
    """Every date in `text`: ("day", date), ("month", (y, m)) or ("season", (name, y))."""
    p = _patterns(locale)
    found = set()
    for d, m, y in p["day"].findall(text):
        found.add(("day", date(int(y), _month_number(m, locale), int(d))))
    for m, d, y in p["day_us"].findall(text):
        found.add(("day", date(int(y), _month_number(m, locale), int(d))))
    for y, m, d in p["iso"].findall(text):
        found.add(("day", date(int(y), int(m), int(d))))
    for d, m, y in p["numeric"].findall(text):
        found.add(("day", date(int(y), int(m), int(d))))
    for m, y in p["month"].findall(text):
        found.add(("month", (int(y), _month_number(m, locale))))
    seasons = dict(zip(SEASONS[locale].split(), SEASONS["en"].split(), strict=True))
    for s, y in p["season"].findall(text):
        found.add(("season", (seasons[s.lower()], int(y))))
    return found


@cache
def documents_dates() -> frozenset:
    """Every date the five documents write, with the month of each day they give."""
    found = set(SEASONS_GIVEN)
    for path in SEEDS.glob("*.txt"):
        found |= dates_in(" ".join(path.read_text(encoding="utf-8").split()), "nl")
    found |= {("month", (v.year, v.month)) for k, v in list(found) if k == "day"}
    return frozenset(found)


def allowed(kind, value, today: date) -> bool:
    # today: the crawl's own moment (e.g. when the admin's account was made)
    return (kind, value) in documents_dates() or (kind, value) == ("day", today)


def _text(html: str) -> str:
    tree = lxml.html.document_fromstring(html)
    for element in tree.xpath("//script|//style"):
        element.drop_tree()
    return " ".join(tree.body.text_content().split()) if tree.body is not None else ""


SKIP = ("/static/", "/account/logout", "/api/", "/calendar/", "/feeds/", "/export")
# Forms show input aids, not facts: the programme's bounds as days (a programme of "2016-2018"
# is stored as 1 January 2016 - 31 December 2018) and an example of how to write a season.
FORMS = ("/edit", "/new")


def crawl(client, start="/", limit=400):
    """(path, html) of every HTML page reachable from `start` by GET links."""
    seen, queue, pages = {start}, deque([start]), []
    while queue and len(pages) < limit:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        html = response.get_data(as_text=True)
        pages.append((path, html))
        tree = lxml.html.document_fromstring(html)
        for href in tree.xpath("//a/@href"):
            href = href.split("#")[0]
            if not href.startswith("/") or href.startswith("//") or href.startswith(SKIP):
                continue
            if href.endswith((".ics", ".xlsx", ".csv", ".pdf", ".png", ".svg", *FORMS)):
                continue
            if href not in seen:
                seen.add(href)
                queue.append(href)
    return pages


def test_dates_are_found_as_written():
    found = dates_in("do 15 sep 2022, najaar 2022, februari 2022 en 2 februari 2016", "nl")
    assert found == {
        ("day", date(2022, 9, 15)),
        ("season", ("autumn", 2022)),
        ("month", (2022, 2)),
        ("day", date(2016, 2, 2)),
    }
    found = dates_in("Thu 15 Sep 2022; September 15, 2022; autumn 2026", "en")
    assert found == {("day", date(2022, 9, 15)), ("season", ("autumn", 2026))}
    assert not allowed("season", ("autumn", 2026), date(2026, 11, 30))
    assert not allowed("day", date(2016, 4, 1), date(2026, 11, 30))
    # Written out in the documents: 000's inspiration day, 001's publication date (14-07-2022),
    # 003's "april 2019", 002's "8/12/2022".
    for kind, value in [
        ("day", date(2016, 2, 2)),
        ("day", date(2022, 7, 14)),
        ("month", (2019, 4)),
        ("day", date(2022, 12, 8)),
        ("season", ("autumn", 2022)),
        ("month", (2022, 9)),
    ]:
        assert allowed(kind, value, date(2026, 11, 30)), value


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_no_page_of_a_fresh_seed_shows_a_date_the_documents_do_not_give(
    app, make_browser, make_user, locale
):
    run_seed(app)
    make_user("beheer@example.org", role="admin", organization=None)
    today = date.today()
    anonymous, admin = make_browser(), make_browser()
    admin.login("beheer@example.org")
    wrong, crawled, undecided = [], set(), set()
    to_be_determined = {"nl": "Nog te bepalen", "en": "To be determined"}[locale]
    for who, browser in (("anonymous", anonymous), ("admin", admin)):
        browser.client.set_cookie("lmb_locale", locale)
        for path, html in crawl(browser.client):
            crawled.add(path)
            if to_be_determined in html:
                undecided.add(path)
            for kind, value in sorted(dates_in(_text(html), locale), key=str):
                if not allowed(kind, value, today):
                    wrong.append(f"{who} {path}: {kind} {value}")
    assert len(crawled) > 20 and "/programmes/sdg-partnerschappen" in crawled
    # What the documents leave open is said to be open, on the tracks' pages and lists.
    assert {
        "/tracks/",
        "/tracks/participatie",
        "/programmes/lokaal-mondiaal-beleid-in-de-praktijk",
    } <= undecided
    assert not wrong, "dates no document gives:\n" + "\n".join(sorted(set(wrong)))
