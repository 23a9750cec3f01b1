"""Run by the SYSTEM python3 (Debian's gir1.2-ical-3.0 and python3-gi): libical's RFC 5546
restriction check (icalrestriction_check, ICalGLib.Component.check_restrictions) of each
calendar text on stdin (a JSON list); prints, per text, whether it passed and the
X-LIC-ERROR properties libical added (parse errors and failed restrictions)."""

import json
import sys

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # noqa: E402

KIND = ICalGLib.PropertyKind.XLICERROR_PROPERTY
ANY = ICalGLib.ComponentKind.ANY_COMPONENT


def errors(component) -> list:
    found = []
    prop = component.get_first_property(KIND)
    while prop is not None:
        found.append(prop.get_xlicerror())
        prop = component.get_next_property(KIND)
    child = component.get_first_component(ANY)
    while child is not None:
        found += errors(child)
        child = component.get_next_component(ANY)
    return found


results = []
for text in json.load(sys.stdin):
    component = ICalGLib.Component.new_from_string(text)
    if component is None:
        results.append({"passed": False, "errors": ["libical could not parse it"]})
        continue
    passed = bool(component.check_restrictions())
    method = component.get_method()
    results.append(
        {"passed": passed, "method": str(method.value_nick), "errors": errors(component)}
    )
json.dump(results, sys.stdout)
