"""Markdown made harmless, for any page that shows text written as Markdown (lessons and
toolkits, the keuzemenu's texts, the steering group's call and minutes).

Raw HTML in the Markdown is never passed on: markdown-it treats it as text (html=False) and
nh3 cleans what markdown-it makes. Links keep only http, https and mailto addresses; anything
else (javascript:, data:, vbscript:) loses its link and keeps its words.
"""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "a", "hr",
}  # fmt: skip


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")


def safe_href(href: str | None) -> str | None:
    """The address if it is http(s) or mailto, else None. Control characters and spaces that
    browsers ignore ("java\\tscript:") are taken out before the scheme is read."""
    if not href:
        return None
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", href)
    scheme, colon, _rest = cleaned.partition(":")
    if not colon or "/" in scheme or "?" in scheme or "#" in scheme:
        return None  # relative links have no place in an exported document
    return href.strip() if scheme.lower() in SAFE_SCHEMES else None


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return safe_href(value)
    return value


def to_html(text: str | None) -> Markup:
    """Markdown → HTML safe to put in a page (and in the HTML export)."""
    if not text:
        return Markup("")
    rendered = _parser().render(text)
    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        attribute_filter=_attribute_filter,
        url_schemes=set(SAFE_SCHEMES),
        link_rel="nofollow noopener noreferrer",
    )
    return Markup(cleaned)  # noqa: S704 - nh3 has cleaned it
