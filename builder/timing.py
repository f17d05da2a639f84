"""How long each slide is on screen, and at what clock time: one answer for deck and guide.

A session's minutes are spread over the slides that belong to it (``SlideView.session``):

* an activity's slides share the activity's own minutes;
* the rest of the session's time (its presentation time) is shared by the other slides in
  proportion to a weight: a section divider counts for little, a slide full of text for more;
* a plain session's slide (opening, panel, break …) gets the whole session, shared between
  its slides when there are several.

Times are rounded to half minutes for display and the running clock starts at the session's
start, so the last slide of a session ends when the session does. Slides outside any session
(the title and agenda) have no timing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .view import CourseView, SessionView, SlideView

# weight of a slide of each kind, before its text is counted
KIND_WEIGHT = {"section": 0.4, "objectives": 0.8, "takeaways": 1.0}
WORDS_PER_WEIGHT = 40  # a content slide's text adds one weight per this many words


@dataclass(frozen=True)
class SlideTiming:
    minutes: float  # suggested minutes, to the half minute
    start: str  # clock time the slide comes up, "HH:MM"


def _weight(slide: SlideView) -> float:
    if slide.kind in KIND_WEIGHT:
        return KIND_WEIGHT[slide.kind]
    words = sum(len(b.text.split()) for b in slide.bullets)
    if slide.table is not None:
        words += sum(len(cell.split()) for row in slide.table.rows for cell in row)
    visual = 1.0 if (slide.chart or slide.image or slide.quote or slide.table) else 0.0
    return 1.0 + visual + words / WORDS_PER_WEIGHT


def _clock(minutes: float) -> str:
    whole = int(round(minutes))
    return f"{whole // 60:02d}:{whole % 60:02d}"


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _shares(slides: Sequence[SlideView], session: SessionView) -> list[float]:
    """Minutes for each of one session's slides, summing to the session's minutes."""
    module = session.module
    if module is None:
        return [session.minutes / len(slides)] * len(slides)
    shares = [0.0] * len(slides)
    by_activity: dict[int, list[int]] = defaultdict(list)
    others: list[int] = []
    for i, slide in enumerate(slides):
        if slide.activity is not None and slide.activity < len(module.activities):
            by_activity[slide.activity].append(i)
        else:
            others.append(i)
    spent = 0.0
    for activity, indices in by_activity.items():
        each = module.activities[activity].minutes / len(indices)
        for i in indices:
            shares[i] = each
            spent += each
    rest = max(session.minutes - spent, 0.0)
    weights = [_weight(slides[i]) for i in others]
    total = sum(weights) or 1.0
    for i, weight in zip(others, weights, strict=True):
        shares[i] = rest * weight / total
    return shares


def slide_timings(course: CourseView, deck: Sequence[SlideView]) -> dict[int, SlideTiming]:
    """Slide number → suggested minutes and clock time, for the slides of agenda sessions."""
    sessions = {(s.day, s.index): s for s in course.sessions}
    grouped: dict[tuple[int, int], list[SlideView]] = defaultdict(list)
    for slide in deck:
        if slide.session in sessions:
            grouped[slide.session].append(slide)
    out: dict[int, SlideTiming] = {}
    for key, slides in grouped.items():
        session = sessions[key]
        now = float(_minutes(session.start))
        for slide, share in zip(slides, _shares(slides, session), strict=True):
            out[slide.number] = SlideTiming(round(share * 2) / 2, _clock(now))
            now += share
    return out
