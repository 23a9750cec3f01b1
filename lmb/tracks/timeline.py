"""A programme's timeline as the programme page draws it (an SVG beside its text equivalent):
the years, the milestones, each track's phases and today, placed on one time scale."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from lmb.core.charts import TimeScale
from lmb.core.enums import PhaseKey
from lmb.tracks.models import Milestone, Programme, Track

WIDTH = 800
LEFT = 60  # room for the track labels
RIGHT = 20
AXIS_Y = 30
MILESTONE_Y = 50
FIRST_TRACK_Y = 100
ROW = 24
BOTTOM = 30
# Fill of each phase's bar: SVG presentation attributes (the CSP allows no inline style), each
# at least 3:1 against the white page (WCAG 1.4.11), told apart by the legend's words as well.
PHASE_FILLS = {"labo": "#00507a", "voedingsbodem": "#8a4b00", "uitrol": "#1d5e20"}
TODAY_STROKE = "#a4000f"


@dataclass(frozen=True)
class Mark:
    number: int
    milestone: Milestone
    x: float
    x_end: float


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    x: float
    width: float
    fill: str


@dataclass(frozen=True)
class Row:
    track: Track
    y: float
    bars: list[Bar] = field(default_factory=list)


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    axis_y: int
    milestone_y: int
    years: list[tuple[int, float]]
    marks: list[Mark]
    rows: list[Row]
    today: date
    today_x: float | None
    right: float
    left: int = LEFT
    today_stroke: str = TODAY_STROKE
    legend: list[tuple[PhaseKey, str, str]] = field(default_factory=list)


def build(programme: Programme, tracks: list[Track], today: date) -> Timeline:
    """The timeline from the programme's start to its end, widened to any phase outside it."""
    tracks = [t for t in tracks if t.phases]
    starts_on = min([programme.starts_on, *(p.starts_on for t in tracks for p in t.phases)])
    ends_on = max([programme.ends_on, *(p.ends_on for t in tracks for p in t.phases)])
    scale = TimeScale(starts_on, ends_on, LEFT, WIDTH - LEFT - RIGHT)
    marks = [
        Mark(number, m, scale.x(m.starts_on), scale.x(m.ends_on))
        for number, m in enumerate(programme.milestones, start=1)
    ]
    rows = [
        Row(
            track=track,
            y=FIRST_TRACK_Y + index * ROW,
            bars=[
                Bar(
                    key=phase.key.value,
                    label=str(phase.key.label),
                    x=scale.x(phase.starts_on),
                    width=max(scale.x(phase.ends_on) - scale.x(phase.starts_on), 1.0),
                    fill=PHASE_FILLS[phase.key.value],
                )
                for phase in track.phases
            ],
        )
        for index, track in enumerate(tracks)
    ]
    height = FIRST_TRACK_Y + len(rows) * ROW + BOTTOM - (ROW if not rows else 0)
    return Timeline(
        width=WIDTH,
        height=height,
        axis_y=AXIS_Y,
        milestone_y=MILESTONE_Y,
        years=scale.years(),
        marks=marks,
        rows=rows,
        today=today,
        today_x=scale.x(today) if scale.contains(today) else None,
        right=WIDTH - RIGHT,
        legend=[(key, str(key.label), PHASE_FILLS[key.value]) for key in PhaseKey] if rows else [],
    )
