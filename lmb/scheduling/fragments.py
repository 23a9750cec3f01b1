"""The HTML a page repeats for every session it lists, written in Python: "Zet in mijn agenda"
with the map link (`session_links`) and "Will you come?" (`intent_form`).

As Jinja macros they cost a macro call, a url_for and a dozen escapes and lookups per
session; Mijn agenda shows twenty sessions and a track's page fifteen. Here each page builds
a URL pattern once (url_for with a placeholder id) and each session fills it in. The output is
the macros' own, escaped as Jinja escapes (markupsafe)."""

from __future__ import annotations

from urllib.parse import quote

from flask import g, url_for
from jinja2 import pass_context
from markupsafe import Markup, escape

from lmb.core.dates import session_when
from lmb.core.i18n import current_translations
from lmb.core.templating import content_lang, demo_mark, in_content_lang

# Where a place's address is looked up: a link the person follows, nothing is fetched here.
MAP_SEARCH = "https://www.openstreetmap.org/search?query="

# An id no row has while a page is built; url_for puts it where each session's id goes.
_PLACEHOLDER = "1234567891"


def _(message: str) -> Markup:
    """The interface text in the page's language, as `_()` gives it in a template."""
    return Markup(current_translations().ugettext(message))  # noqa: S704 - our catalogue


def _session_url(endpoint: str, session_id: int) -> str:
    """url_for(endpoint, session_id=...) from a pattern built once per request."""
    patterns = g.setdefault("lmb_session_url_patterns", {})
    pattern = patterns.get(endpoint)
    if pattern is None:
        pattern = patterns[endpoint] = url_for(endpoint, session_id=int(_PLACEHOLDER)).split(
            _PLACEHOLDER
        )
    return str(session_id).join(pattern)


def map_url(location: str) -> str:
    """A link to the place on a map (OpenStreetMap's search for the address)."""
    return MAP_SEARCH + quote(" ".join(str(location).split()), safe="")


def session_links(session) -> Markup:
    """ "Add to my calendar" (one .ics event) and, where the session has a place, its address on
    a map; nothing for a cancelled session."""
    if session.status.name != "scheduled":
        return Markup("")
    url = escape(_session_url("calendar.session_event", session.id))
    add = _("Add to my calendar")
    html = (
        f'\n    <span class="session-actions">\n      <a href="{url}" download>{add}<span'
        f' class="visually-hidden"> ({in_content_lang(session.title)})</span></a>'
    )
    if session.location:
        where = _("Map")
        html += (
            f'\n        <a href="{escape(map_url(session.location))}"'
            f' rel="noopener noreferrer external">{where}<span'
            f' class="visually-hidden">: {in_content_lang(session.location)}</span></a>'
        )
    return Markup(html + "\n    </span>")  # noqa: S704 - every value is escaped above


def intent_form(session, intents, intent_choices, token, save, next=None) -> Markup:  # noqa: A002
    """ "Will you come to ...?" for one session (Mijn agenda, Mijn overzicht): the legend names
    the session. The token and the button's word are the caller's, made once for every session
    of the page; `next` is where the answer returns to."""
    title = in_content_lang(session.title)
    answer = intents.get(session.id)
    chosen = answer.intent.name if answer and answer.intent else ""
    session_id = escape(session.id)
    action = escape(_session_url("tracks.intent", session.id))
    parts = [
        f'\n  <form method="post" action="{action}" class="intent">\n    <input type="hidden"'
        f' name="csrf_token" value="{escape(token)}">\n    '
    ]
    if next:
        parts.append(f'<input type="hidden" name="next" value="{escape(next)}">')
    legend = _("Will you come to %(title)s?") % {"title": title}
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
    cancelled = session.status.name == "cancelled"
    lang = content_lang()
    status = f" ({escape(session.status.label)})" if cancelled else ""
    row_class = ' class="cancelled"' if cancelled else ""
    where = f"<span{lang}>{escape(session.location)}</span>" if session.location else _("Online")
    html = (
        f"\n            <tr{row_class}>"
        f"\n              <td>{escape(session_when(context, session))}</td>"
        f"\n              <td>{escape(session.phase.label)}</td>"
        f"\n              <td><span{lang}>{escape(session.title)}</span>{demo_mark(session)}{status}</td>"
        f"\n              <td>{where}<br>{session_links(session)}</td>"
        "\n            </tr>\n          "
    )
    return Markup(html)  # noqa: S704 - every value is escaped above


def init_app(app) -> None:
    app.jinja_env.globals["session_table_row"] = session_table_row
    app.jinja_env.globals["session_links"] = session_links
    app.jinja_env.globals["intent_form"] = intent_form
    app.jinja_env.filters["map_url"] = map_url
