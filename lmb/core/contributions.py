"""What domains add to a shared feature: one registry type for every such contribution.

A shared feature (the privacy page, the calendar feed's deadlines, the reminder sweep, the
audiences of sessions without a track, the versions the dispatcher checks) declares a
`Registry`; each domain adds its part from its own setup (`lmb.<domain>.init_app`, called by
`create_app`), so the feature never imports the domains that contribute to it.

    reminder_rules: Registry[Rule] = Registry("reminder rules")

    @reminder_rules
    def upcoming_sessions(now): ...

    versions.add(session_versions, key="session")

Entries keep the order in which they were added. A key names an entry (a function's
`module.qualname` unless given); adding another entry under a taken key is an error, adding
the same entry again is a no-op.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


def _key_of(item: object) -> str:
    module = getattr(item, "__module__", None)
    name = getattr(item, "__qualname__", None)
    if module and name:
        return f"{module}.{name}"
    return repr(item)


class Registry(Generic[T]):
    """An ordered set of contributions to one shared feature, by key."""

    def __init__(self, name: str):
        self.name = name
        self._entries: dict[str, T] = {}

    def add(self, item: T, *, key: str | None = None) -> T:
        key = _key_of(item) if key is None else key
        known = self._entries.get(key)
        if known is item:
            return item
        if known is not None:
            raise ValueError(f"{self.name}: {key!r} is registered twice")
        self._entries[key] = item
        return item

    def __call__(self, item: T) -> T:
        """Use the registry as a decorator: `@reminder_rules`."""
        return self.add(item)

    def under(self, key: str) -> Callable[[T], T]:
        """A decorator that adds under a chosen key: `@versions.under("session")`."""

        def register(item: T) -> T:
            return self.add(item, key=key)

        return register

    def get(self, key: str, default: T | None = None) -> T | None:
        return self._entries.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __getitem__(self, key: str) -> T:
        return self._entries[key]

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._entries.values()))

    def __len__(self) -> int:
        return len(self._entries)

    def keys(self) -> list[str]:
        return list(self._entries)

    def values(self) -> list[T]:
        return list(self._entries.values())

    def items(self) -> list[tuple[str, T]]:
        return list(self._entries.items())

    def __repr__(self) -> str:
        return f"Registry({self.name!r}, {len(self)} entries)"
