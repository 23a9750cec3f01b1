"""A label's colon as the reader's language writes it: French puts a no-break space before it
("Quand :"), Dutch and English do not. Templates write `{{ _("When")|colon }}`, never a colon of
their own after a translated label, so no page or mail can forget it."""

import re
from pathlib import Path

import pytest
from flask import render_template_string
from flask_babel import force_locale

ROOT = Path(__file__).resolve().parents[2]
OWN_COLON = re.compile(r'\{\{ _\("[^"]*"\) \}\}:')


def test_no_template_puts_its_own_colon_after_a_translated_label():
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "lmb" / "templates").rglob("*"))
        if path.suffix in (".html", ".txt")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OWN_COLON.search(line)
    ]
    assert found == []


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("nl", "Wanneer:"), ("en", "When:"), ("fr", "Quand\u00a0:")],
)
def test_the_colon_follows_the_language(app, locale, expected):
    with app.test_request_context(), force_locale(locale):
        assert render_template_string('{{ _("When")|colon }}') == expected
