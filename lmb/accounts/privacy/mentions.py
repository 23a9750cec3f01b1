"""Literal mentions of a person: their name and address in text other domains copied."""

from __future__ import annotations

import html
import json
import re

from lmb.accounts.privacy.registry import ERASED_NAME, Erasure, erased_address


def _variants(text: str) -> list[str]:
    text = (text or "").strip()
    if len(text) < 2 or text == ERASED_NAME:
        return []
    return sorted({text, html.escape(text)}, key=len, reverse=True)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def mention_needles(erasure: Erasure, *, json_escaped: bool = False) -> set[str]:
    """What to look for in `lower(column)` to find rows that may mention the person: SQLite's
    lower() changes only ASCII letters, PostgreSQL's every letter; JSON columns hold
    non-ASCII letters escaped. A prefilter only: `mention_pattern` decides."""
    needles = set()
    for value in _variants(erasure.email) + _variants(erasure.name):
        needles |= {value.lower(), value.translate(_ASCII_LOWER)}
        if json_escaped:
            needles.add(json.dumps(value)[1:-1].translate(_ASCII_LOWER))
    return needles


def mention_pattern(erasure: Erasure, *, whole_words: bool = False) -> re.Pattern | None:
    """A pattern that finds the person's name or address in a text (any case)."""
    parts = [re.escape(v) for v in _variants(erasure.email) + _variants(erasure.name)]
    if not parts:
        return None
    body = "|".join(parts)
    if whole_words:
        body = rf"(?<!\w)(?:{body})(?!\w)"
    return re.compile(body, re.IGNORECASE)


def scrub(text, erasure: Erasure, *, whole_words: bool = False):
    """The text with the person's name and address replaced by the erased ones."""
    if not isinstance(text, str) or not text:
        return text
    pattern = mention_pattern(erasure, whole_words=whole_words)
    if pattern is None:
        return text
    address = erased_address(erasure.user.id).lower()

    def replacement(match):
        found = match.group(0).lower()
        return address if "@" in found else ERASED_NAME

    return pattern.sub(replacement, text)
