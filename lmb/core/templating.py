"""Jinja filters and globals (dates: lmb.core.dates), in the reader's language."""

from datetime import date
from typing import NamedTuple
from weakref import WeakKeyDictionary

from flask import (
    Flask,
    current_app,
    g,
    has_app_context,
    has_request_context,
    request,
    url_for,
)
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup, escape

from lmb.core import dates, markup
from lmb.core.charts import bar_length
from lmb.core.enums import PhaseKey
from lmb.core.i18n import (
    UNTRANSLATED,
    current_translations,
    language_choices,
    untranslated_languages,
)
from lmb.core.sdgs import sdg
from lmb.core.seasons import SEASON_STARTS

# {catalogue: {message: what `_(message)` without values gives in an HTML template}}: a page
# shows dozens of fixed texts, every page the same ones.
_PLAIN_TEXTS: "WeakKeyDictionary[object, dict[str, Markup]]" = WeakKeyDictionary()


def _page_gettext(translations):
    """`_()` and `gettext()` in templates, bound to this render's translations: what
    Flask-Babel installs (jinja2.ext's new-style gettext over get_translations()), without
    looking the translations up again for each string, and a text without values in an HTML
    template translated and formatted once per catalogue."""
    lookup = translations.ugettext
    plain = _PLAIN_TEXTS.get(translations)
    if plain is None:
        plain = _PLAIN_TEXTS[translations] = {}

    @pass_context
    def gettext(__context, __string: str, **variables) -> str:
        if not variables and __context.eval_ctx.autoescape:
            rv = plain.get(__string)
            if rv is None:
                rv = Markup(lookup(__string)) % variables  # noqa: S704 - the catalogue is trusted
                plain[__string] = rv
            return rv
        rv = lookup(__string)
        if __context.eval_ctx.autoescape:
            rv = Markup(rv)  # noqa: S704 - the catalogue is trusted, as in jinja2.ext
        return rv % variables

    return gettext


def _page_ngettext(translations):
    lookup = translations.ungettext

    @pass_context
    def ngettext(__context, __singular: str, __plural: str, __num: int, **variables) -> str:
        variables.setdefault("num", __num)
        rv = lookup(__singular, __plural, __num)
        if __context.eval_ctx.autoescape:
            rv = Markup(rv)  # noqa: S704 - the catalogue is trusted, as in jinja2.ext
        return rv % variables

    return ngettext


def period(starts_on: date, ends_on: date, precision) -> str:
    """A milestone's date as precisely as it is known: "2 februari 2016", "najaar 2022", "2017"."""
    name = getattr(precision, "name", precision)
    if name == "year":
        return str(starts_on.year)
    if name == "month":
        return format_date(starts_on, "LLLL yyyy")
    if name == "season":
        season = {
            "spring": _("spring %(year)s", year=starts_on.year),
            "summer": _("summer %(year)s", year=starts_on.year),
            "autumn": _("autumn %(year)s", year=starts_on.year),
            "winter": _("winter %(year)s", year=starts_on.year),
        }
        return season[SEASON_STARTS.get(starts_on.month, "spring")]
    return dates.days(starts_on, ends_on)


# The language people write the platform's content in (tracks, sessions, lessons, criteria,
# partnerships, modalities, programmes): Dutch. A toolkit says its own (Toolkit.language).
CONTENT_LANGUAGE = "nl"


def _page_language_of(state: dict) -> str:
    """The page's language from the request's `g` (its vars), remembered there per locale."""
    locale = getattr(state.get("_flask_babel"), "babel_locale", None)
    memo = state.get("_lmb_page_language")
    if memo is not None and locale is not None and memo[0] is locale:
        return memo[1]
    language = str(get_locale() or CONTENT_LANGUAGE)
    state["_lmb_page_language"] = (
        getattr(state.get("_flask_babel"), "babel_locale", None),
        language,
    )
    return language


def _page_language() -> str:
    """The page's language as a string, found once per request and locale (a page asks for
    it once for every piece of content it shows; `force_locale` gets its own answer)."""
    if not has_app_context():
        return str(get_locale() or CONTENT_LANGUAGE)
    return _page_language_of(vars(g._get_current_object()))


def _other_language(lang: str | None = None) -> str | None:
    """The content's language when it differs from the page's, else None; then the page
    shows that content untranslated, and says so once (base.html, lmb.core.i18n). Asked once
    for every piece of content a page shows: `g` is looked up once here."""
    lang = lang or CONTENT_LANGUAGE
    if not has_app_context():
        return None if lang == str(get_locale() or CONTENT_LANGUAGE) else lang
    state = vars(g._get_current_object())
    if lang == _page_language_of(state):
        return None
    noted = state.get(UNTRANSLATED)
    if noted is None:
        noted = state[UNTRANSLATED] = set()
    noted.add(lang)  # note_untranslated(lang), without looking `g` up again
    return lang


# {language: its lang attribute}: a page shows the same one dozens of times.
_LANG_ATTRIBUTES: dict[str, Markup] = {}


def _lang_attribute(lang: str) -> Markup:
    attribute = _LANG_ATTRIBUTES.get(lang)
    if attribute is None:
        attribute = _LANG_ATTRIBUTES[lang] = Markup(' lang="%s"') % lang
    return attribute


def content_lang(lang: str | None = None) -> Markup:
    """` lang="nl"` for an element whose content is in another language than the page's
    (WCAG 3.1.2): `<h1{{ content_lang() }}>{{ track.title }}</h1>`; nothing when they agree."""
    other = _other_language(lang)
    return _lang_attribute(other) if other else Markup("")


def in_content_lang(value, lang: str | None = None) -> Markup:
    """Content inside interface text, in a span with its language when it differs from the
    page's: `{{ _("Will you come to %(title)s?", title=session.title|in_content_lang) }}`."""
    if value is None or value == "":
        return Markup("")
    other = _other_language(lang)
    if not other:
        return escape(value)
    return Markup(f"<span{_lang_attribute(other)}>{escape(value)}</span>")  # noqa: S704 - escaped


def quoting_content(value, parts, lang: str | None = None) -> Markup:
    """Interface text that quotes content (a sentence of the wegwijzer that names another
    modality): each quoted part in a span with its language when it differs from the page's."""
    html = escape(value)
    other = _other_language(lang)
    if not other:
        return html
    for part in sorted({p for p in parts if p}, key=len, reverse=True):
        quoted = escape(part)
        span = Markup('<span lang="%s">%s</span>') % (other, quoted)
        html = Markup(html.replace(quoted, span))  # noqa: S704 - both sides are escaped above
    return html


def page_url_for(endpoint: str, **values) -> str:
    """url_for in templates: a URL without values (or a static file's) found once per script
    root; any other asks Flask (the app adds no URL defaults, so the answer cannot differ)."""
    fixed = not values or (endpoint == "static" and len(values) == 1 and "filename" in values)
    if fixed and not endpoint.startswith(".") and has_request_context():
        # {(script root, endpoint, filename): URL} of this app: the links every page's header
        # repeats (the menu, the style sheets), the same for every request under one root.
        fixed_urls = current_app.extensions.setdefault("lmb_fixed_urls", {})
        key = (request.script_root, endpoint, values.get("filename"))
        url = fixed_urls.get(key)
        if url is None:
            url = fixed_urls[key] = url_for(endpoint, **values)
        return url
    return url_for(endpoint, **values)


def colon(label):
    """A label and its colon as the reader's language writes them: "Wanneer:", "When:",
    "Quand :" (French puts a no-break space before it). `{{ _("When")|colon }}`."""
    return label + ("\u00a0:" if _page_language() == "fr" else ":")


def demo_mark(thing) -> Markup:
    """The visible mark on what `lmb seed --demo` added (templates/_demo.html's demo_label, and
    Python fragments such as a track page's session rows): nothing for real records."""
    if not (thing is not None and getattr(thing, "is_demo", False)):
        return Markup("")
    return Markup(
        ' <strong class="demo-label">%s<span class="visually-hidden"> %s</span></strong>'
    ) % (_("Demo"), _("(made-up example data, not from VVSG's documents)"))


# Where layout_piece puts this request's CSRF token and path in a piece rendered once.
_TOKEN_MARK = "\ue000lmb-csrf-token\ue000"  # noqa: S105 - a marker, not a secret
_PATH_MARK = "\ue000lmb-current-path\ue000"


class _Visitor(NamedTuple):
    """All a layout piece knows of the person: whether logged in, and as an admin."""

    is_authenticated: bool
    is_admin: bool


@pass_context
def layout_piece(context, name: str) -> Markup:
    """A piece of base.html that every page repeats (the style sheets and the header with the
    menu; the footer): rendered once per language, URL root and kind of visitor, kept per
    app, with this request's CSRF token and path put in. The piece sees only what its key
    holds (templates/layout/: no page data), so the page is the same as if rendered here."""
    user = context.get("user")
    authenticated = bool(user is not None and user.is_authenticated)
    admin = bool(authenticated and user.is_admin)
    locale, languages = context.get("current_locale"), context.get("languages")
    translations = current_translations()
    script_root = request.script_root if has_request_context() else None
    key = (name, translations, locale, tuple(languages or ()), script_root, authenticated, admin)
    pieces = current_app.extensions.setdefault("lmb_layout_pieces", {})
    html = pieces.get(key)
    if html is None:
        html = pieces[key] = current_app.jinja_env.get_template(name).render(
            csrf_token=lambda: _TOKEN_MARK,
            current_path=_PATH_MARK,
            current_locale=locale,
            languages=languages,
            user=_Visitor(authenticated, admin),
        )
    if _TOKEN_MARK in html:
        html = html.replace(_TOKEN_MARK, escape(context.resolve("csrf_token")()))
    if _PATH_MARK in html:
        html = html.replace(_PATH_MARK, escape(context.get("current_path")))
    return Markup(html)  # noqa: S704 - rendered with autoescape; the values put in escaped


def mark_page_errors() -> str:
    """Called by the error summary (templates/_forms.html) and base.html when the page shows an
    error: the page's title then starts with "Fout: " (base.html renders its content first)."""
    g.lmb_page_has_errors = True
    return ""


def page_has_errors() -> bool:
    return g.get("lmb_page_has_errors", False)


def init_app(app: Flask) -> None:
    dates.init_app(app)
    # `_()` in macros imported without the page's context: Flask-Babel's own callables look
    # the catalogue up again for every string; these use the one found for this request.
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: current_translations().ugettext(s),
        ngettext=lambda s, p, n: current_translations().ungettext(s, p, n),
        pgettext=lambda c, s: current_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: current_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals["url_for"] = page_url_for
    app.jinja_env.globals["period"] = period
    app.jinja_env.globals["phase_keys"] = list(PhaseKey)
    app.jinja_env.globals["bar_length"] = bar_length
    app.jinja_env.globals["sdg"] = sdg
    app.jinja_env.globals["mark_page_errors"] = mark_page_errors
    app.jinja_env.globals["page_has_errors"] = page_has_errors
    app.jinja_env.globals["content_lang"] = content_lang
    app.jinja_env.globals["other_language"] = _other_language
    app.jinja_env.globals["untranslated_languages"] = untranslated_languages
    app.jinja_env.globals["demo_mark"] = demo_mark
    app.jinja_env.globals["layout_piece"] = layout_piece
    app.jinja_env.filters["in_content_lang"] = in_content_lang
    app.jinja_env.filters["colon"] = colon
    app.jinja_env.filters["quoting_content"] = quoting_content
    # Markdown as safe HTML (lmb/core/markup.py), for any domain's page.
    app.jinja_env.filters["markdown"] = markup.to_html

    @app.context_processor
    def interface():
        translations = current_translations()
        return {
            "gettext": _page_gettext(translations),
            "ngettext": _page_ngettext(translations),
            "current_locale": str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"]),
            "languages": language_choices(),
            "current_path": request.full_path.rstrip("?") if request else "/",
            "user": current_user,
        }
