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
from .text import squash

if TYPE_CHECKING:
    from ..timing import SlideTiming
    from .plan import Planner

SHORT = 60  # characters of an item quoted in a continued slide's note


def note_text(*parts: str) -> str:
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def clean(text: str) -> str:
    return squash(text)


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


def title_notes(p: Planner, c: CourseView) -> str:
    _ = p._
    return note_text(
        _(
            "Welcome participants to “{title}” in {place}, {dates}.",
            title=clean(c.title),
            place=c.place,
            dates=c.dates_label,
        ),
        _("This workshop is part of the programme for {region}.", region=c.region.name)
        if c.region.name
        else "",
        _("Audience: {audience}", audience=c.audience) if c.audience else "",
        c.description or "",
    )


def agenda_notes(p: Planner, day: DayView) -> str:
    _ = p._
    teaching = [s for s in day.sessions if not s.is_break]
    breaks = [
        _("{session} at {time}", session=s.title.lower(), time=s.start)
        for s in day.sessions
        if s.is_break
    ]
    walk = "; ".join(f"{s.start} {clean(s.title)}" for s in teaching)
    return note_text(
        _("{day}: {start} to {end}.", day=day.label, start=day.start, end=day.end),
        _("Walk participants through the day: {sessions}.", sessions=walk),
        _("Breaks: {breaks}.", breaks=p.messages.join(breaks)) if breaks else "",
    )


def closing_notes(p: Planner, c: CourseView) -> str:
    _ = p._
    return note_text(
        _("Thank participants for taking part in “{title}”.", title=clean(c.title)),
        _(
            "Invite final questions and remind participants where to find the handout and the "
            "references for the {count} modules.",
            count=len(c.modules),
        ),
    )


def section_notes(p: Planner, session: SessionView, m: ModuleView, line: str) -> str:
    _ = p._
    timing = _(
        "{start}–{end}, {minutes} minutes", start=session.start, end=session.end, minutes=m.minutes
    )
    if m.activities:
        timing += _(
            ": about {presentation} for the presentation and {activities} for activities",
            presentation=m.presentation_minutes,
            activities=m.activity_minutes,
        )
    return note_text(
        f"{line}: {clean(m.title)} ({timing}).",
        _("Presenter: {name}.", name=clean(m.presenter)) if m.presenter else "",
        m.summary,
        m.session_notes,
    )


def objectives_notes(p: Planner, m: ModuleView) -> str:
    """What the module will go through to meet its objectives: its own slides and
    activities, in order."""
    _ = p._
    titles = [clean(s.title) for s in m.slides]
    shown = [_("“{title}”", title=t) for t in titles[:6]]
    if len(titles) > 6:
        shown.append(_("{count} more slides", count=len(titles) - 6))
    activities = [
        _("“{title}” ({minutes} minutes)", title=clean(a.title), minutes=a.minutes)
        for a in m.activities
    ]
    text = _(
        "By the end of these {minutes} minutes participants should be able to do the "
        "{count} things on this slide.",
        minutes=m.minutes,
        count=len(m.objectives),
    )
    if shown:
        text += " " + _("We get there through {slides}.", slides=p.messages.join(shown))
    if activities:
        text += " " + _(
            "Then they practise in {activities}.", activities=p.messages.join(activities)
        )
    return note_text(text, m.session_notes)


def takeaways_notes(
    p: Planner, m: ModuleView, objectives: SlideView | None, after: SessionView | None
) -> str:
    _ = p._
    back = (
        _(
            "Go back to the objectives on slide {number} and ask which of them participants "
            "now feel able to meet, and what they will apply in their own work.",
            number=objectives.number,
        )
        if objectives
        else _("Ask what participants will apply in their own work.")
    )
    head = _(
        "Sum up “{title}” with these {count} points.", title=clean(m.title), count=len(m.key_points)
    )
    if after:
        head += " " + _("Next: “{title}” at {time}.", title=clean(after.title), time=after.start)
    return note_text(head, back, m.session_notes)


def activity_notes(p: Planner, activity, m: ModuleView) -> str:
    _ = p._
    return note_text(
        _("Allow {minutes} minutes.", minutes=activity.minutes)
        + " "
        + clean(activity.instructions),
        _("Materials: {materials}.", materials=", ".join(activity.materials))
        if activity.materials
        else "",
        _(
            "Let the groups report back before you move on. Model answers are in the "
            "facilitator guide."
        )
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
