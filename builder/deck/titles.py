"""Every slide of a deck gets a title of its own.

Screen readers and PowerPoint's accessibility checker list a deck by its slide titles, and
the facilitator guide cites slides by number and title, so two slides called "Key takeaways"
or "Break" are two slides nobody can tell apart. Titles the deck writes are told apart the
way a reader would: by module ("Key takeaways · Module 3"), by the time of the session
("Break · 10:30"), by counting continuations ("… (cont. 2)"), and in the last resort by
number ("… (2)"). The patterns are deck labels (``module_part``, ``at_time``,
``continued_again``, ``numbered``), translated like the others.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace

from ..view import CourseView, SlideView

Fill = Callable[..., str]
# the slides whose titles the deck itself writes, the same for every module or session;
# a title an editor wrote twice is theirs to change (`check` warns: unique_slide_titles)
GENERATED = frozenset({"objectives", "takeaways", "break"})


def unique_titles(
    slides: Sequence[SlideView], course: CourseView, label: Fill, continued: str
) -> list[SlideView]:
    """``slides`` with the titles the deck writes made unique (all the slides of a repeated
    title renamed by the first rule that tells them apart) and continuations counted."""
    out = list(slides)
    modules = _module_numbers(course)
    starts = {(s.day, s.index): s.start for s in course.sessions}
    steps: tuple[Callable[[SlideView, str], str | None], ...] = (
        lambda s, t: _by_module(s, t, modules, label),
        lambda s, t: label("at_time", title=t, time=starts[s.session]) if s.session else None,
    )
    for step in steps:
        out = _qualify(out, step)
    out = _count_continuations(out, label, continued)
    return _number_the_rest(out, label)


def _module_numbers(course: CourseView) -> dict[tuple[int, int], int]:
    keys = [(s.day, s.index) for s in course.sessions if s.module is not None]
    return {key: number for number, key in enumerate(keys, start=1)}


def _by_module(slide: SlideView, title: str, modules: dict, label: Fill) -> str | None:
    number = modules.get(slide.session) if slide.session else None
    return label("module_part", title=title, number=number) if number else None


def _qualify(slides: list[SlideView], name: Callable[[SlideView, str], str | None]):
    """Slides whose title repeats, renamed by ``name`` when that tells all of them apart."""
    counts = Counter(s.title for s in slides if s.kind in GENERATED)
    out = list(slides)
    for title, count in counts.items():
        if count < 2:
            continue
        places = [i for i, s in enumerate(slides) if s.title == title and s.kind in GENERATED]
        names = [name(slides[i], title) for i in places]
        if None in names or len(set(names)) < len(names):
            continue
        for i, new in zip(places, names, strict=True):
            out[i] = replace(out[i], title=new)
    return out


def _count_continuations(slides: list[SlideView], label: Fill, continued: str):
    """The second and later "(cont.)" slides of one title become "(cont. 2)", "(cont. 3)"."""
    seen: Counter[str] = Counter()
    out = []
    for slide in slides:
        if slide.continued and slide.title.endswith(continued):
            seen[slide.title] += 1
            if seen[slide.title] > 1:
                again = label("continued_again", number=seen[slide.title])
                slide = replace(slide, title=slide.title[: -len(continued)] + again)
        out.append(slide)
    return out


def _number_the_rest(slides: list[SlideView], label: Fill) -> list[SlideView]:
    counts = Counter(s.title for s in slides)
    seen: Counter[str] = Counter()
    out = []
    for slide in slides:
        if counts[slide.title] > 1 and slide.kind in GENERATED:
            seen[slide.title] += 1
            if seen[slide.title] > 1:
                slide = replace(
                    slide, title=label("numbered", title=slide.title, number=seen[slide.title])
                )
        out.append(slide)
    return out
