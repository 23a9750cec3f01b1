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

from lmb.core.dates import session_when
from lmb.core.i18n import UNTRANSLATED, current_translations
from lmb.core.templating import CONTENT_LANGUAGE, _lang_attribute, _page_language_of, demo_mark

# Where a place's address is looked up: a link the person follows, nothing is fetched here.
MAP_SEARCH = "https://www.openstreetmap.org/search?query="

# An id no row has while a page is built; url_for puts it where each session's id goes.
_PLACEHOLDER = "1234567891"


# Where this request keeps its _Page (in `g`).
_PAGE = "lmb_session_fragments_page"


class _Page:
    """What every fragment of a page asks again for each session, found once per request and
    locale: the interface texts (translated once each), whether content (Dutch) is in another
    language than the page's, and the URL pattern of each per-session endpoint."""

    __slots__ = ("locale", "state", "gettext", "texts", "other", "lang", "patterns")

    def __init__(self, locale, state: dict):
        self.locale = locale
        self.state = state
        self.gettext = current_translations().ugettext
        self.texts: dict[str, Markup] = {}
        page_language = _page_language_of(state)
        self.other = None if page_language == CONTENT_LANGUAGE else CONTENT_LANGUAGE
        # content_lang(): ` lang="nl"` when the page is in another language, else nothing.
        self.lang = _lang_attribute(self.other) if self.other else Markup("")
        self.patterns: dict[str, list[str]] = {}

    def text(self, message: str) -> Markup:
        """The interface text in the page's language, as `_()` gives it in a template."""
        found = self.texts.get(message)
        if found is None:
            found = self.texts[message] = Markup(self.gettext(message))  # noqa: S704 - ours
        return found

    def content_lang(self) -> Markup:
        """lmb.core.templating.content_lang() for the content language: noted as shown
        untranslated when it is not the page's."""
        if self.other:
            self.note()
        return self.lang

    def note(self) -> None:
        noted = self.state.get(UNTRANSLATED)
        if noted is None:
            noted = self.state[UNTRANSLATED] = set()
        noted.add(self.other)

    def in_content_lang(self, value) -> Markup:
        """lmb.core.templating.in_content_lang(value) for the content language."""
        if value is None or value == "":
            return Markup("")
        if not self.other:
            return escape(value)
        self.note()
        return Markup(f"<span{self.lang}>{escape(value)}</span>")  # noqa: S704 - escaped

    def session_url(self, endpoint: str, session_id: int) -> str:
        """url_for(endpoint, session_id=...) from a pattern built once per request."""
        pattern = self.patterns.get(endpoint)
        if pattern is None:
            pattern = self.patterns[endpoint] = url_for(
                endpoint, session_id=int(_PLACEHOLDER)
            ).split(_PLACEHOLDER)
        return str(session_id).join(pattern)


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


def session_links(session, page: _Page | None = None) -> Markup:
    """ "Add to my calendar" (one .ics event) and, where the session has a place, its address on
    a map; nothing for a cancelled session."""
    if session.status.name != "scheduled":
        return Markup("")
    page = page or _page()
    url = escape(page.session_url("calendar.session_event", session.id))
    add = page.text("Add to my calendar")
    html = (
        f'\n    <span class="session-actions">\n      <a href="{url}" download>{add}<span'
        f' class="visually-hidden"> ({page.in_content_lang(session.title)})</span></a>'
    )
    if session.location:
        where = page.text("Map")
        html += (
            f'\n        <a href="{escape(map_url(session.location))}"'
            f' rel="noopener noreferrer external">{where}<span'
            f' class="visually-hidden">: {page.in_content_lang(session.location)}</span></a>'
        )
    return Markup(html + "\n    </span>")  # noqa: S704 - every value is escaped above


def intent_form(session, intents, intent_choices, token, save, next=None, page=None) -> Markup:  # noqa: A002
    """ "Will you come to ...?" for one session (Mijn agenda, Mijn overzicht): the legend names
    the session. The token and the button's word are the caller's, made once for every session
    of the page; `next` is where the answer returns to."""
    page = page or _page()
    title = page.in_content_lang(session.title)
    answer = intents.get(session.id)
    chosen = answer.intent.name if answer and answer.intent else ""
    session_id = escape(session.id)
    action = escape(page.session_url("tracks.intent", session.id))
    parts = [
        f'\n  <form method="post" action="{action}" class="intent">\n    <input type="hidden"'
        f' name="csrf_token" value="{escape(token)}">\n    '
    ]
    if next:
        parts.append(f'<input type="hidden" name="next" value="{escape(next)}">')
    legend = page.text("Will you come to %(title)s?") % {"title": title}
    parts.append(f"\n    <fieldset>\n      <legend>{legend}</legend>\n      \n      ")
    for value, label in intent_choices:
        value = escape(value)
        checked = " checked" if value == chosen else ""
        parts.append(
            f'\n        <span class="choice"><input type="radio" id="intent-{session_id}-{value}"'
            f' name="intent" value="{value}"{checked}>\n        <label'
            f' for="intent-{session_id}-{value}">{escape(label)}</label></span>\n      '
        )
    parts.append(
        f'\n      <button type="submit">{escape(save)}<span class="visually-hidden">'
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
    status = f" ({escape(session.status.label)})" if cancelled else ""
    row_class = ' class="cancelled"' if cancelled else ""
    where = (
        f"<span{lang}>{escape(session.location)}</span>"
        if session.location
        else page.text("Online")
    )
    html = (
        f"\n            <tr{row_class}>"
        f"\n              <td>{escape(session_when(context, session))}</td>"
        f"\n              <td>{escape(session.phase.label)}</td>"
        f"\n              <td><span{lang}>{escape(session.title)}</span>{demo_mark(session)}{status}</td>"
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
    status = f" ({escape(session.status.label)})" if cancelled else ""
    where = page.in_content_lang(session.location) if session.location else ""
    online = (
        f' <a href="{escape(session.online_url)}">{page.text("Online link")}</a>'
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
        f"\n        <h3><span{page.content_lang()}>{escape(session.title)}</span>{status}</h3>"
        f"\n        <p><strong>{escape(session_when(context, session))}</strong><br>"
        f"\n          {page.in_content_lang(session.track.title)} · {escape(session.phase.label)}<br>"
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
