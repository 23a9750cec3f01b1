"""The steering group's own texts: its description in Dutch, English and French (issue 18)."""

from lmb.extensions import db
from lmb.partnerships.models import SteeringGroup
from lmb.partnerships.permissions import can_select, require


def describe_steering_group(
    group: SteeringGroup, *, by, description: str, description_en: str, description_fr: str
) -> None:
    """The association's administrators (who choose the group) write its description; it
    mails nobody. Each language as typed, trimmed; an empty translation means its readers get
    the Dutch, marked."""
    require(can_select, by, None)
    group.description = description.strip()
    group.description_en = description_en.strip()
    group.description_fr = description_fr.strip()
    db.session.flush()
