"""Fill empty entries of the catalogs: Dutch from a JSON file of {msgid: Dutch}, English = msgid.

Usage: python tools/translate.py tools/translations/*.json   (then `make translations`)
Each domain keeps its Dutch in its own file, so branches that add strings do not collide.
Prints the msgids still untranslated in Dutch.
"""

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

TRANSLATIONS = Path(__file__).resolve().parent.parent / "lmb" / "translations"


def fill(locale: str, dutch: dict[str, str]) -> list[str]:
    path = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    missing = []
    for message in catalog:
        filled = any(message.string) if isinstance(message.string, tuple) else message.string
        if not message.id or (filled and not message.fuzzy):
            continue
        message.flags.discard("fuzzy")
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        if locale == "en":
            message.string = message.id if isinstance(message.id, str) else tuple(message.id)
        elif msgid in dutch:
            value = dutch[msgid]
            # Plurals: a list [singular, plural] in the JSON file.
            message.string = tuple(value) if isinstance(value, list) else value
        else:
            missing.append(msgid)
    with open(path, "wb") as handle:
        write_po(handle, catalog, width=100)
    return missing


if __name__ == "__main__":
    additions = {}
    for name in sys.argv[1:]:
        additions.update(json.loads(Path(name).read_text()))
    fill("en", {})
    for msgid in fill("nl", additions):
        print(msgid)
