"""What other domains add to the administrator's page of a person.

The page (lmb.accounts.views.admin.edit_user) shows the accounts' own fields, then one field
per part, in the order the parts were added; saving the page saves the accounts' fields, then
each part, as one change. A domain adds its part from its own setup (tracks: the tracks a
coordinator coordinates, lmb.tracks.accounts_parts), so that accounts never imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from wtforms.fields.core import UnboundField

from lmb.accounts.models import User
from lmb.core.contributions import Registry


@dataclass(frozen=True)
class UserFormPart:
    """One field of the admin's form of a person, owned by another domain."""

    # The form field's name (and the key of the part).
    name: str
    # Makes the field, afresh for every form so that it comes after the accounts' fields.
    field: Callable[[], UnboundField]
    # The choices of the field, read when the form is made.
    choices: Callable[[], list[tuple[object, str]]]
    # The field's value for this person, shown when the page opens.
    load: Callable[[User], object]
    # Saves the submitted value for this person (a service: flushes, never commits).
    save: Callable[[User, object], None]


user_form_parts: Registry[UserFormPart] = Registry("parts of the admin's form of a person")


def add(part: UserFormPart) -> UserFormPart:
    return user_form_parts.add(part, key=part.name)
