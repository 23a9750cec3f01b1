"""Where the mail texts are: each domain keeps the texts of the messages it writes with its
other templates, `lmb/templates/<domain>/mail/<kind>.txt` and `.html` (the Draft names that
path as its `template`); notifications keeps only the shared layout and footer
(`lmb/templates/notifications/mail/_*`)."""

from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[1] / "lmb" / "templates"
SHARED = TEMPLATES / "notifications" / "mail"


def mail_templates(suffix: str) -> dict[str, str]:
    """Each kind of message with a `suffix` template, and that template without extension."""
    found: dict[str, str] = {}
    for path in sorted(TEMPLATES.glob(f"*/mail/**/*{suffix}")):
        if path.name.startswith("_"):
            continue
        domain, _mail, *kind = path.relative_to(TEMPLATES).with_suffix("").parts
        kind = "/".join(kind)
        template = f"{domain}/mail/{kind}"
        assert kind not in found, f"{kind} has texts in two places: {found[kind]}, {template}"
        found[kind] = template
    return found
