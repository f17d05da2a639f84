"""Speaker notes a trainer can say: written from the course's own data, never repeated.

Authored notes (a module slide's ``notes``, as text or Say / Ask / Do cues) are used as they
are. Notes the deck writes itself come from the data of the slide they sit on: the
objectives' note walks through the module's own slides and activities, the takeaways' note
points back to the objectives' slide and on to the next session, and a continued slide's
note names only what the slide adds. :func:`note_paragraphs` gives the paragraphs the deck
shows: cues labelled with the theme's labels, and the slide's suggested time
(:mod:`builder.timing`) last.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..context import join_list
from ..view import (
    BulletLine,
    CourseView,
    DayView,
    ModuleView,
    NoteCue,
    SessionView,
    SlideView,
    TableView,
)

if TYPE_CHECKING:
    from ..timing import SlideTiming
    from .plan import Planner

SHORT = 60  # characters of an item quoted in a continued slide's note


def note_text(*parts: str) -> str:
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def clean(text: str) -> str:
    return " ".join(text.split())


def short(text: str) -> str:
    text = clean(text)
    if len(text) <= SHORT:
        return text
    cut = text[:SHORT].rsplit(" ", 1)[0]
    return f"{cut}…"


def continued(
    planner: Planner, first: SlideView, items: Sequence[BulletLine] | Sequence[str]
) -> str:
    """The note of a continued slide: which slide it continues, and what it adds."""
    texts = [b.text if isinstance(b, BulletLine) else b for b in items]
    top = [t for b, t in zip(items, texts, strict=True) if getattr(b, "level", 0) == 0] or texts
    head = planner.label("continues", number=first.number)
    return f"{head} {'; '.join(short(t) for t in top)}."


def continued_rows(planner: Planner, first: SlideView, table: TableView) -> str:
    return continued(planner, first, [" – ".join(row[:2]) for row in table.rows])


def title_notes(c: CourseView) -> str:
    return note_text(
        f"Welcome participants to “{clean(c.title)}” in {c.place}, {c.dates_label}.",
        f"This workshop is part of the programme for {c.region.name}." if c.region.name else "",
        f"Audience: {c.audience}" if c.audience else "",
        c.description or "",
    )


def agenda_notes(day: DayView) -> str:
    teaching = [s for s in day.sessions if not s.is_break]
    breaks = [f"{s.title.lower()} at {s.start}" for s in day.sessions if s.is_break]
    return note_text(
        f"{day.label}: {day.start} to {day.end}.",
        "Walk participants through the day: "
        + "; ".join(f"{s.start} {clean(s.title)}" for s in teaching)
        + ".",
        f"Breaks: {', '.join(breaks)}." if breaks else "",
    )


def closing_notes(c: CourseView) -> str:
    return note_text(
        f"Thank participants for taking part in “{clean(c.title)}”.",
        "Invite final questions and remind participants where to find the handout and the "
        f"references for the {len(c.modules)} modules.",
    )


def section_notes(session: SessionView, m: ModuleView, line: str) -> str:
    timing = f"{session.start}–{session.end}, {m.minutes} minutes" + (
        f": about {m.presentation_minutes} for the presentation and "
        f"{m.activity_minutes} for activities"
        if m.activities
        else ""
    )
    return note_text(
        f"{line}: {clean(m.title)} ({timing}).",
        f"Presenter: {clean(m.presenter)}." if m.presenter else "",
        m.summary,
        m.session_notes,
    )


def objectives_notes(m: ModuleView) -> str:
    """What the module will go through to meet its objectives: its own slides and
    activities, in order."""
    titles = [clean(s.title) for s in m.slides]
    steps = f"We get there through {join_list([f'“{t}”' for t in titles[:6]], 'en')}"
    steps += f" and {len(titles) - 6} more slides" if len(titles) > 6 else ""
    activities = [f"“{clean(a.title)}” ({a.minutes} minutes)" for a in m.activities]
    return note_text(
        f"By the end of these {m.minutes} minutes participants should be able to do the "
        f"{len(m.objectives)} things on this slide. {steps}."
        + (f" Then they practise in {join_list(activities, 'en')}." if activities else ""),
        m.session_notes,
    )


def takeaways_notes(m: ModuleView, objectives: SlideView | None, after: SessionView | None) -> str:
    back = (
        f"Go back to the objectives on slide {objectives.number} and ask which of them "
        "participants now feel able to meet, and what they will apply in their own work."
        if objectives
        else "Ask what participants will apply in their own work."
    )
    nxt = f" Next: “{clean(after.title)}” at {after.start}." if after else ""
    return note_text(
        f"Sum up “{clean(m.title)}” with these {len(m.key_points)} points.{nxt}",
        back,
        m.session_notes,
    )


def activity_notes(activity, m: ModuleView) -> str:
    return note_text(
        f"Allow {activity.minutes} minutes. {clean(activity.instructions)}",
        "Materials: " + ", ".join(activity.materials) + "." if activity.materials else "",
        "Let the groups report back before you move on. Model answers are in the facilitator guide."
        if activity.questions
        else "",
        m.session_notes,
    )


# --------------------------------------------------------------------------- in the deck

CUE = re.compile(r"\n\s*\n")


def note_paragraphs(
    view: SlideView, labels: dict[str, str], timing: SlideTiming | None
) -> list[str]:
    """The paragraphs of a slide's notes in the deck: Ask and Do cues labelled, the slide's
    suggested time last."""
    if view.cues:
        out = [_cue(cue, labels) for cue in view.cues]
        cue_text = "\n\n".join(cue.text for cue in view.cues)
        rest = view.notes[len(cue_text) :] if view.notes.startswith(cue_text) else ""
        out += [clean(p) for p in CUE.split(rest) if p.strip()]
    else:
        out = [clean(p) for p in CUE.split(view.notes) if p.strip()]
    if timing is not None:
        minutes = f"{timing.minutes:g}"
        out.append(labels["suggested_time"].format_map(_Keep(minutes=minutes, start=timing.start)))
    return out


def _cue(cue: NoteCue, labels: dict[str, str]) -> str:
    if cue.kind == "say":
        return clean(cue.text)
    return f"{labels[cue.kind]}: {clean(cue.text)}"


class _Keep(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
