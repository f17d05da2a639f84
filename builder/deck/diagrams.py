"""Where the parts of a timeline or a process diagram go, and whether their text fits.

Both are drawn inside the ``area`` placeholder of the theme's diagram layout, as native
shapes; the placeholder's paragraph levels give their text styles (level 1: dates and step
titles; level 2: the events' and steps' text). The planner asks :func:`timeline_fits` and
:func:`process_fits` before it plans a slide; the renderer draws at the same places.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..view import EventView, StepItem
from .template import EMU_PER_PT, Box

EMU_PER_IN = 914400
INSET = 45720  # text inset inside a diagram shape, each side
MIN_EVENT_W = int(1.75 * EMU_PER_IN)  # narrowest column an event may get
ARROW_W = int(0.42 * EMU_PER_IN)
DOT = int(0.26 * EMU_PER_IN)


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    w: int
    h: int

    @property
    def inner_width(self) -> float:
        return (self.w - 2 * INSET) / EMU_PER_PT

    @property
    def inner_height(self) -> float:
        return (self.h - 2 * INSET) / EMU_PER_PT


@dataclass(frozen=True)
class EventSlot:
    date: Rect
    text: Rect
    dot: Rect


@dataclass(frozen=True)
class TimelineGeometry:
    line: Rect  # the axis (a thin bar)
    events: tuple[EventSlot, ...]


def timeline_geometry(area: Box, n: int, used: int | None = None) -> TimelineGeometry:
    """``n`` events spread over the area: dates above the axis, texts below it; centred
    vertically when the texts need only ``used`` EMU of height below the axis."""
    date_h = int(area.line_height(area.level(0)) * EMU_PER_PT * 2.1) + 2 * INSET  # 2 lines
    above = date_h + DOT // 2 + int(0.08 * EMU_PER_IN)
    below = DOT // 2 + int(0.12 * EMU_PER_IN) + (used or area.h)
    shift = max(0, (area.h - above - below) // 2) if used else 0
    axis_y = area.y + shift + above
    column = area.w // n
    events = []
    for i in range(n):
        x = area.x + i * column
        centre = x + column // 2
        dot = Rect(centre - DOT // 2, axis_y - DOT // 2, DOT, DOT)
        date = Rect(x, axis_y - above, column, date_h)
        top = axis_y + DOT // 2 + int(0.12 * EMU_PER_IN)
        text = Rect(x, top, column, area.y + area.h - top)
        events.append(EventSlot(date, text, dot))
    line = Rect(area.x, axis_y - int(0.02 * EMU_PER_IN), area.w, int(0.04 * EMU_PER_IN))
    return TimelineGeometry(line, tuple(events))


def most_events(area: Box) -> int:
    return max(2, min(6, area.w // MIN_EVENT_W))


def text_height(area: Box, rect: Rect, text: str, level: int) -> float:
    style = area.level(level)
    from .text import wrap_count

    lines = wrap_count(text, rect.inner_width, style.size, area.face(style))
    return lines * area.line_height(style, text)


def timeline_text_height(area: Box, events: Sequence[EventView]) -> int:
    """Height in EMU the tallest event text needs under the axis."""
    geometry = timeline_geometry(area, len(events))
    tallest = max(
        text_height(area, slot.text, event.text, 1)
        for event, slot in zip(events, geometry.events, strict=True)
    )
    return int(tallest * EMU_PER_PT) + 2 * INSET + int(0.1 * EMU_PER_IN)


def timeline_fits(area: Box, events: Sequence[EventView]) -> bool:
    geometry = timeline_geometry(area, len(events))
    for event, slot in zip(events, geometry.events, strict=True):
        if text_height(area, slot.date, event.date, 0) > slot.date.inner_height + 0.5:
            return False
        if text_height(area, slot.text, event.text, 1) > slot.text.inner_height:
            return False
    return True


@dataclass(frozen=True)
class ProcessGeometry:
    steps: tuple[Rect, ...]
    arrows: tuple[Rect, ...]


def process_geometry(area: Box, n: int, height: int | None = None) -> ProcessGeometry:
    """``n`` boxes left to right across the area (``height`` high, centred), an arrow
    between each two."""
    width = (area.w - (n - 1) * ARROW_W) // n
    height = min(height or area.h, area.h)
    top = area.y + (area.h - height) // 2
    steps, arrows = [], []
    gap = int(0.08 * EMU_PER_IN)
    for i in range(n):
        x = area.x + i * (width + ARROW_W)
        steps.append(Rect(x, top, width, height))
        if i:
            middle = top + height // 2 - ARROW_W // 2
            arrows.append(Rect(x - ARROW_W + gap, middle, ARROW_W - 2 * gap, ARROW_W))
    return ProcessGeometry(tuple(steps), tuple(arrows))


def process_height(area: Box, steps: Sequence[StepItem]) -> int:
    """The boxes' height: room for the tallest step's text, at least 40 % of the area."""
    rects = process_geometry(area, len(steps)).steps
    tallest = max(step_height(area, r, s) for r, s in zip(rects, steps, strict=True))
    need = int((tallest + 12) * EMU_PER_PT) + 2 * INSET + int(0.3 * EMU_PER_IN)
    return min(area.h, max(need, int(area.h * 0.4)))


def step_height(area: Box, rect: Rect, step: StepItem) -> float:
    title = text_height(area, rect, step.title, 0)
    body = text_height(area, rect, step.text, 1) + area.level(1).space_before if step.text else 0.0
    return title + body


def process_fits(area: Box, steps: Sequence[StepItem]) -> bool:
    geometry = process_geometry(area, len(steps))
    return all(
        step_height(area, rect, step) <= rect.inner_height - 12
        for rect, step in zip(geometry.steps, steps, strict=True)
    )
