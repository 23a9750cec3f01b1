"""Whom a reader of a track's or programme's page can ask.

A track or programme names its own contact; without one it is VVSG's Dienst Internationaal,
as the source documents give it: "Dienst Internationaal" (seed 000) and "Meer weten?
internationaal@vvsg.be of www.vvsg.be" (seed 002). The texts name staff too, but their personal
addresses are not copied into the platform.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Contact:
    name: str
    email: str = ""
    website: str = ""
    is_default: bool = False


DEFAULT_CONTACT = Contact(
    name="VVSG – Dienst Internationaal",
    email="internationaal@vvsg.be",
    website="https://www.vvsg.be",
    is_default=True,
)


def contact_of(thing) -> Contact:
    """The contact of a track or programme, or VVSG's Dienst Internationaal."""
    if thing.contact_name or thing.contact_email:
        return Contact(name=thing.contact_name or thing.contact_email, email=thing.contact_email)
    return DEFAULT_CONTACT
