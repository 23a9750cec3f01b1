"""The HTML a page repeats for every session it lists, written in Python: "Zet in mijn agenda"
with the map link (`session_links`) and "Will you come?" (`intent_form`).

As Jinja macros they cost a macro call, a url_for and a dozen escapes and lookups per
session; Mijn agenda shows twenty sessions and a track's page fifteen. Here each page builds
a URL pattern once (url_for with a placeholder id) and each session fills it in. The output is
the macros' own, escaped as Jinja escapes (markupsafe)."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from flask import g, url_for
from jinja2 import pass_context
from markupsafe import Markup, escape

try:
    from markupsafe import _escape_inner  # what escape() runs for a str
except ImportError:  # pragma: no cover - a markupsafe without it

    def _escape_inner(value: str) -> str:
        return str(escape(value))


from lmb.core.dates import session_when
from lmb.core.enums import _translated_labels
from lmb.core.i18n import UNTRANSLATED, current_translations
from lmb.core.templating import (
    CONTENT_LANGUAGE,
    _lang_attribute,
    _page_language_of,
    demo_mark,
    in_content_lang,
)

# Where a place's address is looked up: a link the person follows, nothing is fetched here.
MAP_SEARCH = "https://www.openstreetmap.org/search?query="

# An id no row has while a page is built; url_for puts it where each session's id goes.
_PLACEHOLDER = "1234567891"


# Where this request keeps its _Page (in `g`).
_PAGE = "lmb_session_fragments_page"


def _h(value) -> str:
    """str(escape(value)), in one C call for a str (what escape() does for one)."""
    return _escape_inner(value) if type(value) is str else str(escape(value))


class _Page:
    """What every fragment of a page asks again for each session, found once per request and
    locale: the interface texts and enum labels (translated and escaped once each), whether
    content (Dutch) is in another language than the page's, and the escaped URL pattern of each
    per-session endpoint."""

    __slots__ = (
        "locale",
        "state",
        "translations",
        "texts",
        "labels",
        "other",
        "lang",
        "noted",
        "patterns",
        "intent_parts",
    )

    def __init__(self, locale, state: dict):
        self.locale = locale
        self.state = state
        self.translations = current_translations()
        self.texts: dict[str, Markup] = {}
        self.labels: dict = {}
        page_language = _page_language_of(state)
        self.other = None if page_language == CONTENT_LANGUAGE else CONTENT_LANGUAGE
        # content_lang(): ` lang="nl"` when the page is in another language, else nothing.
        self.lang = _lang_attribute(self.other) if self.other else Markup("")
        self.noted = False
        self.patterns: dict[str, list[str]] = {}
        self.intent_parts: dict = {}

    def text(self, message: str) -> Markup:
        """The interface text in the page's language, as `_()` gives it in a template."""
        found = self.texts.get(message)
        if found is None:
            found = self.texts[message] = Markup(self.translations.ugettext(message))  # noqa: S704 - ours
        return found

    def label(self, member) -> str:
        """str(escape(member.label)): an enum's label in the page's language, escaped."""
        found = self.labels.get(member)
        if found is None:
            found = self.labels[member] = _h(
                _translated_labels(type(member), self.translations)[member]
            )
        return found

    def content_lang(self) -> Markup:
        """lmb.core.templating.content_lang() for the content language: noted as shown
        untranslated when it is not the page's."""
        if self.other and not self.noted:
            self.note()
        return self.lang

    def note(self) -> None:
        noted = self.state.get(UNTRANSLATED)
        if noted is None:
            noted = self.state[UNTRANSLATED] = set()
        noted.add(self.other)
        self.noted = True

    def in_content_lang(self, value) -> str:
        """str(lmb.core.templating.in_content_lang(value)) for the content language."""
        if value is None or value == "":
            return ""
        if not self.other:
            return _h(value)
        if not self.noted:
            self.note()
        return f"<span{self.lang}>{_h(value)}</span>"

    def session_url(self, endpoint: str, session_id: int) -> str:
        """escape(url_for(endpoint, session_id=...)) from a pattern built once per request."""
        pattern = self.patterns.get(endpoint)
        if pattern is None:
            pattern = self.patterns[endpoint] = [
                _h(part)
                for part in url_for(endpoint, session_id=int(_PLACEHOLDER)).split(_PLACEHOLDER)
            ]
        return _h(session_id).join(pattern)


def _page() -> _Page:
    state = vars(g._get_current_object())
    locale = getattr(state.get("_flask_babel"), "babel_locale", None)
    page = state.get(_PAGE)
    if page is None or locale is None or page.locale is not locale:
        page = state[_PAGE] = _Page(locale, state)
    return page


@lru_cache(maxsize=4096)
def _map_url(location: str) -> str:
    return MAP_SEARCH + quote(" ".join(location.split()), safe="")


def map_url(location: str) -> str:
    """A link to the place on a map (OpenStreetMap's search for the address); a page and the
    next ones show the same few places again and again."""
    return _map_url(str(location))


def session_links(
    session, page: _Page | None = None, title: str = "", lang: str | None = None
) -> Markup:
    """ "Add to my calendar" (one .ics event) and, where the session has a place, its address on
    a map; nothing for a cancelled session. `title` in `lang`: the session's title as its owner
    words it in the page's language (scheduling.audiences.Owner), else the session's own."""
    if session.status.name != "scheduled":
        return Markup("")
    page = page or _page()
    url = page.session_url("calendar.session_event", session.id)
    add = page.text("Add to my calendar")
    named = in_content_lang(title, lang) if title else page.in_content_lang(session.title)
    html = (
        f'\n    <span class="session-actions">\n      <a href="{url}" download>{add}<span'
        f' class="visually-hidden"> ({named})</span></a>'
    )
    if session.location:
        where = page.text("Map")
        html += (
            f'\n        <a href="{_h(map_url(session.location))}"'
            f' rel="noopener noreferrer external">{where}<span'
            f' class="visually-hidden">: {page.in_content_lang(session.location)}</span></a>'
        )
    return Markup(html + "\n    </span>")  # noqa: S704 - every value is escaped above


def _track_title(page: _Page, track) -> str:
    """The track's title in the page's language: its English one on an English page."""
    english = getattr(track, "title_en", "")
    if english and str(page.locale) == "en":
        return _h(english)
    return page.in_content_lang(track.title)


def _intent_parts(page: _Page, intent_choices, token, save) -> tuple:
    """The escaped token, button word and choices of a page's intent forms, once per page."""
    key = (token, save, tuple(intent_choices))
    parts = page.intent_parts.get(key)
    if parts is None:
        parts = page.intent_parts[key] = (
            _h(token),
            _h(save),
            [(_h(value), _h(label)) for value, label in intent_choices],
        )
    return parts


def intent_form(session, intents, intent_choices, token, save, next=None, page=None) -> Markup:  # noqa: A002
    """ "Will you come to ...?" for one session (Mijn agenda, Mijn overzicht): the legend names
    the session. The token and the button's word are the caller's, made once for every session
    of the page; `next` is where the answer returns to."""
    page = page or _page()
    token, save, choices = _intent_parts(page, intent_choices, token, save)
    title = page.in_content_lang(session.title)
    answer = intents.get(session.id)
    chosen = _h(answer.intent.name) if answer and answer.intent else ""
    session_id = _h(session.id)
    action = page.session_url("tracks.intent", session.id)
    parts = [
        f'\n  <form method="post" action="{action}" class="intent">\n    <input type="hidden"'
        f' name="csrf_token" value="{token}">\n    '
    ]
    if next:
        parts.append(f'<input type="hidden" name="next" value="{_h(next)}">')
    # The catalogue's (trusted) text with the escaped title put in, as Markup's % does it.
    legend = page.translations.ugettext("Will you come to %(title)s?") % {"title": title}
    parts.append(f"\n    <fieldset>\n      <legend>{legend}</legend>\n      \n      ")
    for value, label in choices:
        checked = " checked" if value == chosen else ""
        parts.append(
            f'\n        <span class="choice"><input type="radio" id="intent-{session_id}-{value}"'
            f' name="intent" value="{value}"{checked}>\n        <label'
            f' for="intent-{session_id}-{value}">{label}</label></span>\n      '
        )
    parts.append(
        f'\n      <button type="submit">{save}<span class="visually-hidden">'
        f" ({title})</span></button>\n    </fieldset>\n  </form>"
    )
    return Markup("".join(parts))  # noqa: S704 - every value is escaped above


@pass_context
def session_table_row(context, session) -> Markup:
    """A row of a track page's table of sessions: when, phase, title (and "cancelled"), where
    with the session's links; the whitespace of the loop it replaces in tracks/track.html."""
    page = _page()
    cancelled = session.status.name == "cancelled"
    lang = page.content_lang()
    status = f" ({page.label(session.status)})" if cancelled else ""
    row_class = ' class="cancelled"' if cancelled else ""
    where = (
        f"<span{lang}>{_h(session.location)}</span>" if session.location else page.text("Online")
    )
    html = (
        f"\n            <tr{row_class}>"
        f"\n              <td>{_h(session_when(context, session))}</td>"
        f"\n              <td>{page.label(session.phase)}</td>"
        f"\n              <td><span{lang}>{_h(session.title)}</span>{demo_mark(session)}{status}</td>"
        f"\n              <td>{where}<br>{session_links(session, page)}</td>"
        "\n            </tr>\n          "
    )
    return Markup(html)  # noqa: S704 - every value is escaped above


@pass_context
def session_card(context, session, intents, intent_choices, token, save) -> Markup:
    """A session of Mijn agenda's list ("My sessions"): its title (and "cancelled"), when, its
    track and phase, where, its links and, when it is scheduled, "Will you come?"; the
    whitespace of the loop it replaces in scheduling/agenda.html."""
    page = _page()
    cancelled = session.status.name == "cancelled"
    status = f" ({page.label(session.status)})" if cancelled else ""
    where = page.in_content_lang(session.location) if session.location else ""
    online = (
        f' <a href="{_h(session.online_url)}">{page.text("Online link")}</a>'
        if session.online_url
        else ""
    )
    intent = (
        intent_form(session, intents, intent_choices, token, save, page=page)
        if session.status.name == "scheduled"
        else ""
    )
    html = (
        f'\n      <article class="card session{" cancelled" if cancelled else ""}">'
        f"\n        <h3><span{page.content_lang()}>{_h(session.title)}</span>{status}</h3>"
        f"\n        <p><strong>{_h(session_when(context, session))}</strong><br>"
        f"\n          {_track_title(page, session.track)} · {page.label(session.phase)}<br>"
        f"\n          {where}{online}<br>"
        f"\n          {session_links(session, page)}</p>"
        f"\n        {intent}"
        "\n      </article>\n    "
    )
    return Markup(html)  # noqa: S704 - every value is escaped above


def init_app(app) -> None:
    app.jinja_env.globals["session_table_row"] = session_table_row
    app.jinja_env.globals["session_card"] = session_card
    app.jinja_env.globals["session_links"] = session_links
    app.jinja_env.globals["intent_form"] = intent_form
    app.jinja_env.filters["map_url"] = map_url
