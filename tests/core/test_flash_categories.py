"""Every message flashed to a person has a category the page styles (success or error): a
typo such as "success.xlsx" showed the partnership application's confirmation unstyled."""

import ast
from pathlib import Path

import lmb

CATEGORIES = {"success", "error"}


def test_every_flash_has_a_styled_category():
    found, wrong = 0, []
    for path in Path(lmb.__path__[0]).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "flash":
                found += 1
                category = node.args[1] if len(node.args) > 1 else None
                value = category.value if isinstance(category, ast.Constant) else None
                if value not in CATEGORIES:
                    wrong.append(f"{path.name}:{node.lineno} {value!r}")
    assert found > 40
    assert wrong == []
