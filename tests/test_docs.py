"""The documents in docs/ stay true to the code: every `LMB_*` setting the code reads, every
`lmb` command and every URL rule of the app is in docs/contract.md, and the README leads there."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from lmb.config import Defaults

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# config["KEY"], config.get("KEY"...), config.setdefault("KEY"...), a rate limit named by its
# key (_limit("LOGIN_RATE_LIMIT")), and LMB_* read from the environment directly.
CONFIG_READ = re.compile(
    r"""config(?:\[|\.get\(|\.setdefault\()\s*["']([A-Z][A-Z0-9_]+)["']"""
    r"""|_limit\(\s*["']([A-Z][A-Z0-9_]+)["']"""
    r"""|environ(?:\.get\(|\[)\s*["']LMB_([A-Z][A-Z0-9_]+)["']"""
)
RULE_PART = re.compile(r"<(?:[^:>]+:)?([^>]+)>")


def contract() -> str:
    return (DOCS / "contract.md").read_text(encoding="utf-8")


def settings_the_code_reads() -> set[str]:
    keys = {name for name in vars(Defaults) if name.isupper()}
    for path in (ROOT / "lmb").rglob("*.py"):
        for match in CONFIG_READ.finditer(path.read_text(encoding="utf-8")):
            keys.add(next(group for group in match.groups() if group))
    return keys


def test_every_setting_the_code_reads_is_documented():
    text = contract()
    keys = settings_the_code_reads()
    assert {"SQLALCHEMY_DATABASE_URI", "PROXY_HOPS", "UPLOAD_FOLDER", "WORKERS"} <= keys
    missing = sorted(f"LMB_{key}" for key in keys if f"`LMB_{key}`" not in text)
    assert not missing, f"not in docs/contract.md: {missing}"


def lmb_commands(app) -> list[str]:
    """`lmb NAME` for every command, and `lmb GROUP SUB` for the subcommands of our groups
    (Flask-Migrate's `db` group is documented by its one command that matters)."""
    context = click.Context(app.cli)
    names = []
    for name in app.cli.list_commands(context):
        command = app.cli.get_command(context, name)
        names.append(f"lmb {name}")
        if isinstance(command, click.Group) and name != "db":
            names += [f"lmb {name} {sub}" for sub in command.list_commands(context)]
    return names


def test_every_lmb_command_is_documented(app):
    text = contract()
    commands = lmb_commands(app)
    assert "lmb scheduler" in commands and "lmb users create" in commands
    missing = [name for name in commands if f"`{name}" not in text]
    assert not missing, f"not in docs/contract.md: {missing}"


def documented_forms(rule: str) -> tuple[str, str]:
    """A rule as the URL tables write it, and as the OpenAPI document (and the API table) does."""
    return f"`{rule}`", "`" + RULE_PART.sub(r"{\1}", rule) + "`"


def test_every_url_rule_is_documented(app):
    text = contract()
    rules = [rule.rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]
    assert "/tracks/<slug>" in rules
    missing = sorted(
        rule for rule in rules if not any(form in text for form in documented_forms(rule))
    )
    assert not missing, f"not in docs/contract.md: {missing}"


@pytest.mark.parametrize("name", ["architecture.md", "contract.md", "deploying.md", "glossary.md"])
def test_the_readme_links_to_each_document(name):
    assert (DOCS / name).is_file()
    assert f"docs/{name}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_links_between_the_documents_lead_somewhere():
    for document in DOCS.glob("*.md"):
        for target in re.findall(r"\]\(([^)#:]+\.md)\)", document.read_text(encoding="utf-8")):
            assert (document.parent / target).is_file(), f"{document.name} links to {target}"
