"""Pagination of list pages and API lists: ?page= and ?per_page= (at most 100)."""

from dataclasses import dataclass

from flask import request
from sqlalchemy import Select, func, select

from lmb.extensions import db

MAX_PER_PAGE = 100
MAX_PAGE = 100_000


@dataclass
class Page:
    items: list
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _positive_int(name: str, default: int) -> int:
    value = request.args.get(name, "")
    if not (value.isascii() and value.isdigit()) or len(value) > 6 or int(value) < 1:
        return default
    return min(int(value), MAX_PAGE)


def page_number() -> int:
    """The page a list is asked for (?page=), 1 when missing or not a page number."""
    return _positive_int("page", 1)


def paginate(query: Select, page: int | None = None, per_page: int | None = None) -> Page:
    """One page of `query` and the total; bad or missing numbers fall back to sane defaults."""
    page = page or page_number()
    per_page = min(per_page or _positive_int("per_page", 25), MAX_PER_PAGE)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all()
    return Page(items=list(items), total=total or 0, page=page, per_page=per_page)
