"""Geometry for the charts the server draws as SVG (timelines, bars): numbers only, so that
each domain's template draws its own picture and states the same facts in text beside it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


def bar_length(value: float, maximum: float, length: float) -> float:
    """The length of a bar for `value` on a scale where `maximum` fills `length`, rounded to a
    tenth; nothing and negative values draw no bar, values past the maximum stop at its end."""
    if not maximum or maximum <= 0 or not value or value <= 0:
        return 0.0
    return round(float(min(value, maximum)) / float(maximum) * length, 1)


@dataclass(frozen=True)
class TimeScale:
    """Days from `starts_on` to `ends_on` mapped onto `left`..`left + width` user units."""

    starts_on: date
    ends_on: date
    left: float
    width: float

    def x(self, day: date) -> float:
        """Where `day` falls; days outside the range stick to its ends."""
        span = max((self.ends_on - self.starts_on).days, 1)
        offset = min(max((day - self.starts_on).days, 0), span)
        return round(self.left + offset / span * self.width, 1)

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def years(self) -> list[tuple[int, float]]:
        """Each 1 January within the range (and the first year's start), with its x."""
        first = self.starts_on.year
        return [
            (year, self.x(max(date(year, 1, 1), self.starts_on)))
            for year in range(first, self.ends_on.year + 1)
        ]
