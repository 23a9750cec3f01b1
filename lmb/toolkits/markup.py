"""Markdown of lessons and toolkits, made harmless: sanitised HTML for pages, and a small block
model (paragraphs, headings, list items, code) that the Markdown, PDF and DOCX exports write.

Raw HTML in the Markdown is never passed on: markdown-it treats it as text (html=False) and
nh3 cleans what markdown-it makes. Links keep only http, https and mailto addresses; anything
else (javascript:, data:, vbscript:) loses its link and keeps its words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lmb.core.markup import ALLOWED_TAGS, SAFE_SCHEMES, _parser, safe_href, to_html

__all__ = ["ALLOWED_TAGS", "SAFE_SCHEMES", "safe_href", "to_html"]


# The block model


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None


@dataclass
class Block:
    # "paragraph", "heading", "item" (list item), "code", "rule"
    kind: str
    runs: list[Run] = field(default_factory=list)
    # Heading level (1-6), or the depth of a list item (1 = top level).
    level: int = 1
    # List items: the number in an ordered list, None in a bulleted one.
    number: int | None = None
    quote: bool = False

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def _inline_runs(children) -> list[Run]:
    runs: list[Run] = []
    bold = italic = 0
    href_stack: list[str | None] = []
    for token in children or []:
        kind = token.type
        href = href_stack[-1] if href_stack else None
        if kind == "text":
            runs.append(Run(token.content, bold > 0, italic > 0, False, href))
        elif kind == "code_inline":
            runs.append(Run(token.content, bold > 0, italic > 0, True, href))
        elif kind in ("softbreak",):
            runs.append(Run(" ", bold > 0, italic > 0, False, href))
        elif kind == "hardbreak":
            runs.append(Run("\n", bold > 0, italic > 0, False, href))
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            href_stack.append(safe_href(token.attrGet("href")))
        elif kind == "link_close" and href_stack:
            href_stack.pop()
        elif token.content:
            runs.append(Run(token.content, bold > 0, italic > 0, False, href))
    # Neighbouring runs of the same style become one (fewer, longer runs write faster).
    merged: list[Run] = []
    for run in runs:
        last = merged[-1] if merged else None
        if last and (last.bold, last.italic, last.code, last.href) == (
            run.bold,
            run.italic,
            run.code,
            run.href,
        ):
            last.text += run.text
        else:
            merged.append(run)
    return merged


def to_blocks(text: str | None) -> list[Block]:
    """Markdown → blocks for the document exports; links already made safe."""
    if not text or not text.strip():
        return []
    blocks: list[Block] = []
    lists: list[list] = []  # per open list: [ordered, next number]
    quote = 0
    pending_item: tuple[int, int | None] | None = None
    for token in _parser().parse(text):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = token.attrGet("start")
            lists.append([kind == "ordered_list_open", int(start) if start else 1])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            if lists:
                lists.pop()
        elif kind == "list_item_open" and lists:
            ordered, number = lists[-1]
            pending_item = (len(lists), number if ordered else None)
            if ordered:
                lists[-1][1] += 1
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "heading_open":
            blocks.append(Block("heading", level=int(token.tag[1]), quote=quote > 0))
        elif kind == "paragraph_open":
            if pending_item is not None:
                depth, number = pending_item
                blocks.append(Block("item", level=depth, number=number, quote=quote > 0))
                pending_item = None
            else:
                blocks.append(Block("paragraph", quote=quote > 0))
        elif kind == "inline" and blocks:
            blocks[-1].runs.extend(_inline_runs(token.children))
        elif kind in ("fence", "code_block"):
            blocks.append(Block("code", [Run(token.content.rstrip("\n"), code=True)]))
        elif kind == "hr":
            blocks.append(Block("rule"))
    return blocks


def plain_text(text: str | None) -> str:
    """The words of the Markdown, one block a line: for mail summaries and search snippets."""
    return "\n".join(block.text for block in to_blocks(text) if block.kind != "rule")


# Writing Markdown again, with every character that could mean markup escaped


_ESCAPE = re.compile(r"([\\`*_\[\]!|~#])")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Text that reads the same in any Markdown renderer; < and & become entities, so not even
    a renderer that passes raw HTML finds a tag."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = _ESCAPE.sub(r"\\\1", escaped)
    return _LINE_START.sub(r"\1\\\2", escaped)


def _markdown_run(run: Run) -> str:
    if run.code:
        body = run.text.replace("`", "'")
        text = f"`{body}`"
    else:
        text = escape_markdown(run.text).replace("\n", "  \n")
        if run.bold and text.strip():
            text = f"**{text}**"
        if run.italic and text.strip():
            text = f"*{text}*"
    if run.href:
        target = run.href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
        return f"[{text}](<{target}>)" if "<" not in target else text
    return text


def blocks_to_markdown(blocks: list[Block]) -> str:
    """Blocks → Markdown in which only our own markup is markup."""
    out: list[str] = []
    previous_item = False
    for block in blocks:
        prefix = "> " if block.quote else ""
        if block.kind == "rule":
            line = "---"
        elif block.kind == "code":
            body = block.text.replace("```", "'''")
            line = "```\n" + body + "\n```"
        else:
            text = "".join(_markdown_run(run) for run in block.runs)
            if block.kind == "heading":
                line = "#" * min(block.level + 2, 6) + " " + text
            elif block.kind == "item":
                indent = "   " * (block.level - 1)
                marker = f"{block.number}." if block.number is not None else "-"
                line = f"{indent}{marker} {text}"
            else:
                line = text
        is_item = block.kind == "item"
        if out:
            out.append("\n" if is_item and previous_item else "\n\n")
        out.append(prefix + line.replace("\n", "\n" + prefix) if prefix else line)
        previous_item = is_item
    return "".join(out)
