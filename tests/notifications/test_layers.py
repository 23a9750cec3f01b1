"""The mail infrastructure imports no domain (issue 13): each domain writes its own mail and
adds its rules, audiences and versions from its own setup (lmb.core.contributions)."""

import ast
from pathlib import Path

LMB = Path(__file__).resolve().parents[2] / "lmb"
DOMAINS = {
    "accounts",
    "api",
    "calendar",
    "modalities",
    "partnerships",
    "peer_review",
    "scheduling",
    "toolkits",
    "tracks",
}


def imported_packages(package: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted((LMB / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
                if node.module == "lmb":
                    names += [f"lmb.{alias.name}" for alias in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "lmb" and len(parts) > 1:
                    found.setdefault(parts[1], set()).add(path.name)
    return found


def test_notifications_imports_no_domain():
    edges = imported_packages("notifications")
    assert {package: files for package, files in edges.items() if package in DOMAINS} == {}


def test_core_contributions_import_no_domain():
    tree = ast.parse((LMB / "core" / "contributions.py").read_text(encoding="utf-8"))
    modules = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not [m for m in modules if m and m.startswith("lmb.")]
