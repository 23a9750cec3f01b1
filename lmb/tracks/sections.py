"""What other domains add to a programme's page (`/programmes/<slug>`): each contribution is a
function of the programme returning HTML (Markup) or None. Partnerships adds the SDG
partnership programme's budget against about 35,000 EUR per partnership."""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from lmb.core.contributions import Registry

programme_sections: Registry[Callable[[object], Markup | None]] = Registry(
    "sections of a programme's page"
)


def sections_of(programme) -> list[Markup]:
    return [html for section in programme_sections if (html := section(programme)) is not None]
