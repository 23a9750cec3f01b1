"""Markdown made harmless: the sanitised HTML of pages and the blocks the exports write."""

import re

import pytest

from lmb.toolkits.markup import blocks_to_markdown, plain_text, safe_href, to_blocks, to_html


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        " javascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "file:///etc/passwd",
        "/relative/path",
        "",
        None,
    ],
)
def test_unsafe_or_relative_addresses_lose_their_link(href):
    assert safe_href(href) is None


@pytest.mark.parametrize("href", ["https://www.vvsg.be/", "http://x.org", "mailto:an@example.org"])
def test_web_and_mail_addresses_keep_their_link(href):
    assert safe_href(href) == href


@pytest.mark.parametrize(
    "markdown",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<iframe src='https://evil.example'></iframe>",
        "[x](javascript:alert(1))",
        "[x](<javascript:alert(1)>)",
        "[x]: javascript:alert(1)\n\n[x]",
        "![pic](https://evil.example/track.png)",
        "<a href='javascript:alert(1)'>x</a>",
        "[x](data:text/html,<script>alert(1)</script>)",
    ],
)
def test_pages_get_no_script_no_tag_from_the_text_and_no_unsafe_link(markdown):
    html = str(to_html(markdown)).lower()
    for forbidden in ("<script", "<img", "<iframe", 'href="javascript', 'href="data'):
        assert forbidden not in html
    assert not re.search(r"<[^>]*\son\w+=", html)  # no event handler inside a tag
    for block in to_blocks(markdown):
        assert all(run.href is None or run.href.startswith("https://") for run in block.runs)


def test_markdown_structure_survives_the_round_trip():
    source = (
        "## Kop\n\nTekst met **vet**, *schuin* en `code`, [link](https://x.org).\n\n"
        "- een\n- twee\n\n1. eerste\n2. tweede\n\n> citaat\n\n---\n\n```\nblok\n```"
    )
    kinds = [(b.kind, b.number) for b in to_blocks(source)]
    assert kinds == [
        ("heading", None), ("paragraph", None), ("item", None), ("item", None),
        ("item", 1), ("item", 2), ("paragraph", None), ("rule", None), ("code", None),
    ]  # fmt: skip
    again = to_blocks(blocks_to_markdown(to_blocks(source)))
    assert [b.text for b in again] == [b.text for b in to_blocks(source)]
    assert [(b.kind, b.number) for b in again] == kinds


def test_written_markdown_escapes_what_would_become_markup():
    text = "# geen kop, *geen* nadruk, <b>geen tag</b>, [geen](link) & 1. geen lijst"
    again = blocks_to_markdown(to_blocks(text.replace("# ", "\\# ")))
    assert plain_text(again) == plain_text(text.replace("# ", "\\# "))
    assert "<b>" not in str(to_html(again))
