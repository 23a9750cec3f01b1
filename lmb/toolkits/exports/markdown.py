"""The Markdown export: GitHub-flavoured task lists for checklists, numbered steps, sources.

Content is written from the block model with every markup character escaped, so a lesson's
raw HTML or javascript: link arrives as harmless text.
"""

from __future__ import annotations

from lmb.toolkits.document import Document, Item
from lmb.toolkits.exports import Labels
from lmb.toolkits.markup import blocks_to_markdown, escape_markdown, to_blocks


def _text(markdown: str) -> str:
    return blocks_to_markdown(to_blocks(markdown))


def _item_heading(document: Document, item: Item, labels: Labels) -> str:
    if document.kind == "step_plan":
        return f"{labels.step(item.position)}. {escape_markdown(item.title)}"
    return f"{item.position}\\. {escape_markdown(item.title)}"


def _item_details(document: Document, item: Item, labels: Labels) -> list[str]:
    parts = []
    body = _text(item.body)
    if body:
        parts.append(body)
    if item.who:
        parts.append(f"**{labels.who}:** {escape_markdown(item.who)}")
    resources = _text(item.resources)
    if resources:
        parts.append(f"**{labels.resources}:**\n\n{resources}")
    if item.sources:
        parts.append(f"*{labels.cites(item.sources)}*")
    return parts


def render_markdown(document: Document, labels: Labels) -> str:
    out: list[str] = [
        f"# {escape_markdown(document.title)}",
        f"**{escape_markdown(labels.kind)}** · {escape_markdown(document.track)}",
        f"{escape_markdown(labels.by)}  \n{escape_markdown(labels.date_line)}",
    ]
    summary = _text(document.summary)
    if summary:
        out.append(summary)

    out.append(f"## {labels.contents}")
    if document.kind == "checklist":
        toc = [f"- {escape_markdown(group or labels.kind)}" for group, _items in document.groups()]
    else:
        toc = [f"- {_item_heading(document, item, labels)}" for item in document.items]
    toc.append(f"- {labels.sources}")
    out.append("\n".join(toc))

    if document.kind == "checklist":
        for group, items in document.groups():
            out.append(f"## {escape_markdown(group or labels.kind)}")
            lines = []
            for item in items:
                line = f"- [ ] {escape_markdown(item.title)}"
                details = _item_details(document, item, labels)
                if details:
                    indented = "\n\n".join(details).replace("\n", "\n  ")
                    line += "\n\n  " + indented + "\n"
                lines.append(line)
            out.append("\n".join(lines))
    else:
        for item in document.items:
            out.append(f"## {_item_heading(document, item, labels)}")
            out.extend(_item_details(document, item, labels))

    out.append(f"## {labels.sources}")
    if document.sources:
        out.append(escape_markdown(labels.sources_intro))
        out.append(
            "\n".join(
                f"{source.number}. **[{escape_markdown(source.title)}]"
                f"(<{labels.lesson_url(source)}>)**  \n"
                f"   {escape_markdown(labels.source_line(source))}"
                for source in document.sources
            )
        )
    else:
        out.append(escape_markdown(labels.no_sources))
    return "\n\n".join(out) + "\n"
