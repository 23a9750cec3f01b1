"""Calls as themes people follow (issue 16): the news of a new call for SDG partnerships and
of a changed call for the steering group's candidates, each follower reading it in their own
language (the call's French beside its Dutch, issue 18)."""

from flask_babel import lazy_gettext as _l

from lmb import events
from lmb.core.models import utcnow
from lmb.core.urls import absolute_url
from lmb.notifications.subscriptions import ThemeSource, theme_sources
from lmb.tracks.mail import tell_news

# Calls as themes people follow: a new call for SDG partnerships, a changed call for the
# steering group's candidates (issue 16).

CALL_THEMES = {
    "partnerships": _l("Calls for SDG partnerships"),
    "steering-group": _l("Calls for candidates for the steering group"),
}


def _call_choices() -> list[tuple[str, str]]:
    return [(id_, str(title)) for id_, title in CALL_THEMES.items()]


def _call_titles(ids: list[str]) -> dict:
    return {id_: CALL_THEMES[id_] for id_ in ids if id_ in CALL_THEMES}


theme_sources.add(
    ThemeSource(
        kind="calls",
        heading=_l("Calls"),
        choices=_call_choices,
        titles=_call_titles,
        content=False,
    ),
    key="calls",
)


@events.call_saved.connect
def tell_call_news(call, created: bool, **_):
    from lmb.partnerships.models import CandidateCall

    if isinstance(call, CandidateCall):
        which = "steering-group"
        url = absolute_url("partnerships.steering_group", slug=call.steering_group.slug)
    elif created:
        which = "partnerships"
        url = absolute_url("partnerships.call", slug=call.slug)
    else:
        return  # a call for partnerships is news when it is published
    stamp = utcnow().isoformat()
    tell_news(
        f"calls:{which}",
        CALL_THEMES[which],
        key=f"call:{which}:{call.id}:{stamp}",
        title=call.title,
        summary=plain_summary(call.description),
        title_fr=call.title_fr,
        summary_fr=plain_summary(call.description_fr),
        url=url,
    )


def plain_summary(text: str) -> str:
    return " ".join((text or "").split())[:1000]
