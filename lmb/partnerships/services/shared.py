"""What the partnerships' services share: exact amounts, SDGs, slugs, the programme, and the
refusal of an application or candidacy outside its call's window."""

from __future__ import annotations

import re
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from lmb.core.errors import ServiceError
from lmb.extensions import db
from lmb.partnerships.models import SDG_NUMBERS
from lmb.tracks.models import Programme

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("9999999999.99")


class CallClosed(ServiceError):
    """An application or candidacy outside a call's window."""

    code = "call_closed"


def money(value, field_name: str = "amount") -> Decimal:
    """An amount in euros as an exact Decimal with cents; refuses floats' guesses and nonsense."""
    if isinstance(value, float):
        raise TypeError("amounts are Decimal or text, never float")
    try:
        amount = Decimal(str(value).strip().replace(",", "."))
    except ArithmeticError:
        raise ServiceError(
            _("Enter an amount in euros, such as 1250.50."), field=field_name
        ) from None
    if not amount.is_finite():
        raise ServiceError(_("Enter an amount in euros, such as 1250.50."), field=field_name)
    if amount != amount.quantize(CENT):
        raise ServiceError(
            _("Give the amount in euros and cents (at most 2 decimals)."), field_name
        )
    if amount < 0 or amount > MAX_AMOUNT:
        raise ServiceError(_("Enter an amount between 0 and 9,999,999,999.99."), field_name)
    return amount.quantize(CENT)


def clean_sdgs(numbers) -> list[int]:
    chosen = sorted({int(n) for n in numbers or []})
    if any(n not in SDG_NUMBERS for n in chosen):
        raise ServiceError(_("SDGs are numbered 1 to 17."), field="sdgs")
    return chosen


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:70] or "partnerschap"


def sdg_programme() -> Programme:
    programme = db.session.scalar(select(Programme).where(Programme.slug == "sdg-partnerschappen"))
    if programme is None:
        raise ServiceError(_("The programme SDG-partnerschappen is not loaded (lmb seed)."))
    return programme
