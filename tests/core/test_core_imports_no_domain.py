"""lmb/core is the mechanism every domain uses; it imports none of them (issue 13, item 7).

Every import counts, at module level or deferred inside a function: a rule that core needs
from a domain is handed in (a predicate, a registry the domain fills), never imported.
"""

import ast
from pathlib import Path

import lmb

CORE = Path(lmb.__file__).parent / "core"
# What core may import from lmb: itself and the extension objects (db, login manager, ...).
ALLOWED = {"lmb.core", "lmb.extensions"}


def _imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(node.module)
            if node.module == "lmb":
                found += [f"lmb.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level > 1:
            found.append("lmb." + (node.module or ""))  # `from ..x import y` leaves core
    return found


def test_core_imports_no_domain():
    offending = {
        f"{path.relative_to(CORE.parent.parent)}: {name}"
        for path in sorted(CORE.rglob("*.py"))
        for name in _imports(path)
        if name.startswith("lmb.")
        and not any(name == a or name.startswith(a + ".") for a in ALLOWED)
    }
    assert not offending, sorted(offending)
