"""Is a queued message still true? Each kind of subject ("session:12") has a current version.

A message stores its subject and that subject's version when it was written; the dispatcher
drops it when the version has moved on (a session moved or was cancelled), so nobody is
reminded of a time that no longer holds. The domain that owns a kind of subject adds its
version source with `@versions.under("session")`.
"""

from collections import defaultdict
from collections.abc import Callable

from lmb.core.contributions import Registry

# kind -> function(ids) -> {id: current version}; a missing id means the subject is gone.
versions: Registry[Callable[[list[int]], dict[int, str]]] = Registry("versions")


def split_about(about: str) -> tuple[str, int] | None:
    kind, _, ident = about.partition(":")
    return (kind, int(ident)) if ident.isdigit() else None


def current_versions(abouts: list[str]) -> dict[str, str | None]:
    """The current version of each subject whose kind is known; None when it is gone."""
    ids_by_kind: dict[str, set[int]] = defaultdict(set)
    for about in abouts:
        parsed = split_about(about)
        if parsed and parsed[0] in versions:
            ids_by_kind[parsed[0]].add(parsed[1])
    found_versions: dict[str, str | None] = {}
    for kind, ids in ids_by_kind.items():
        found = versions[kind](sorted(ids))
        for ident in ids:
            found_versions[f"{kind}:{ident}"] = found.get(ident)
    return found_versions
