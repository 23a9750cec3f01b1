"""The shape of the code: lines per package, import edges between packages, long files.

    .venv/bin/python tools/structure.py [--root lmb] [--long 400]

Counts every import of an `lmb.<package>` module inside another package, at module level or
inside a function (a deferred import is an edge all the same). Prints figures; exits 0.
Used for the architecture issue's before/after figures (docs/architecture.md).
"""

from __future__ import annotations

import argparse
import ast
from collections import Counter, defaultdict
from pathlib import Path


def package_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "lmb":
        return None
    return parts[1] if len(parts) > 1 else "lmb"


def module_name(path: Path, root: Path) -> str:
    relative = path.relative_to(root.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, module: str) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                if path.name != "__init__.py":
                    base = base[:-1]
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append(target)
            # `from lmb import accounts` names a package, too
            if target == "lmb":
                found += [f"lmb.{alias.name}" for alias in node.names]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default="lmb")
    parser.add_argument("--long", type=int, default=400)
    args = parser.parse_args()
    root = Path(args.root).resolve()

    lines: Counter[str] = Counter()
    edges: dict[tuple[str, str], int] = defaultdict(int)
    long_files = []
    for path in sorted(root.rglob("*.py")):
        module = module_name(path, root)
        package = package_of(module) or "?"
        if path.parent == root:
            package = "lmb (top)"
        count = len(path.read_text(encoding="utf-8").splitlines())
        lines[package] += count
        if count > args.long:
            long_files.append((count, path.relative_to(root.parent)))
        for target in imports_of(path, module):
            other = package_of(target)
            if other is None or other == "lmb":
                continue
            if other != package and (root / other).is_dir():
                edges[(package, other)] += 1

    print("== Lines of Python per package ==")
    for package, count in sorted(lines.items(), key=lambda item: -item[1]):
        print(f"{package:<16} {count:6d}")
    print(f"{'total':<16} {sum(lines.values()):6d}")

    print(f"\n== Import edges between packages ({len(edges)} edges) ==")
    for (source, target), count in sorted(edges.items()):
        print(f"{source:<16} -> {target:<16} {count:3d}")
    cycles = sorted({tuple(sorted(pair)) for pair in edges if (pair[1], pair[0]) in edges})
    print(f"\n== Two-way edges (cycles of two): {len(cycles)} ==")
    for a, b in cycles:
        print(f"{a} <-> {b}")

    print(f"\n== Files over {args.long} lines: {len(long_files)} ==")
    for count, path in sorted(long_files, reverse=True):
        print(f"{count:6d} {path}")


if __name__ == "__main__":
    main()
