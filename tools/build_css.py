"""Build lmb/static/utrecht.css from NL Design System's @utrecht/component-library-css (npm).

Usage: python tools/build_css.py   (or `make css`, which runs `npm ci` first)

The result is committed, so `make run` needs only Python. It is the library's styles for
plain HTML elements (`html.css`, applied under `<body class="utrecht-html">`) followed by the
few components whose class names the templates use. The library holds no colours of its own:
every value comes from a `--utrecht-*` design token, and lmb/static/lmb.css sets those tokens
for VVSG (the @utrecht/design-tokens package is the city of Utrecht's own brand and is not
used). tests/test_static_css.py checks that the committed file is what this script builds.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UTRECHT = ROOT / "node_modules" / "@utrecht"
LIBRARY = UTRECHT / "component-library-css"
OUTPUT = ROOT / "lmb" / "static" / "utrecht.css"

# The components whose class names lmb/templates/base.html uses (the page's frame), each a
# dependency of the library pinned in package-lock.json. Buttons, fields, tables and text are
# the library's plain-element styles in html.css, so the templates need no class per element.
COMPONENTS = ["page-body", "page-header", "page-footer", "skip-link"]


def build() -> str:
    version = json.loads((LIBRARY / "package.json").read_text())["version"]
    parts = [
        f"/* Built by tools/build_css.py (make css) from @utrecht/component-library-css {version}"
        " (EUPL-1.2, NL Design System). Do not edit: the VVSG theme is lmb/static/lmb.css. */\n",
        (LIBRARY / "dist" / "html.css").read_text(),
    ]
    for name in COMPONENTS:
        parts.append(f"\n/* @utrecht/{name}-css */\n")
        parts.append((UTRECHT / f"{name}-css" / "dist" / "index.css").read_text())
    return "".join(part if part.endswith("\n") else part + "\n" for part in parts)


def main() -> int:
    if not LIBRARY.exists():
        print("node_modules/@utrecht is missing: run `npm ci` first", file=sys.stderr)
        return 1
    OUTPUT.write_text(build())
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({OUTPUT.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
