"""The Flask class the app is made of: Flask, minus a check it repeats on every request."""

from __future__ import annotations

import typing as t

from flask import Flask

# How many plain functions ensure_sync remembers (hooks, views, context processors: a few
# hundred at most); past that it checks as Flask does, without remembering.
_KNOWN_SYNC_MAX = 4096


class App(Flask):
    """Flask asks `ensure_sync` about every hook, view and context processor on every request
    (a dozen per page and more, each an inspect.iscoroutinefunction of some ten calls). The
    answer for a plain function is the function itself and never changes: remembered once."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._known_sync: set = set()

    def ensure_sync(self, func: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
        known = self._known_sync
        try:
            if func in known:
                return func
        except TypeError:  # an unhashable callable: asked as Flask does
            return super().ensure_sync(func)
        synced = super().ensure_sync(func)
        if synced is func and len(known) < _KNOWN_SYNC_MAX:
            known.add(func)
        return synced
