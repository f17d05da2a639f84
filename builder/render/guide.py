"""The facilitator guide (.docx): how to run the workshop, session by session.

Cover, contents, the run sheet (every agenda session with clock times, title, minutes and
materials), a preparation checklist, then per module session: a first page that sums the
module up (objectives, timing with clock times, materials), delivery notes slide by slide
with the clock time and suggested minutes of each slide (:mod:`builder.render.delivery`),
the activities and case studies with their model answers, regional context and facilitator
notes; last, an index of the modules with the ids and versions of their files.

Slide numbers come from ``ctx.deck`` — the same planned deck the deck renderer draws — so the
guide's "Slide 14 — Title" is slide 14 of the deck built from the same course.

Every fixed string goes through the builder's catalogues (:mod:`builder.i18n`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..i18n import N_, Messages
from ..timing import SlideTiming, slide_timings
from ..view import (
    ActivityView,
    CaseStudyView,
    CourseView,
    ModuleView,
    QuestionView,
    SessionView,
    SlideView,
)
from . import delivery, flow
from .base import RenderContext
from .delivery import kind_label, slide_range
from .docx_common import (
    Cell,
    DocxWriter,
    module_number,
    module_titles,
    paragraphs,
    session_line,
    template_context,
    words_for,
    write_cover,
)
from .session_pages import has_pages, session_slides, write_session_guide
from .thumbnails import attach_thumbnails

LABEL = N_("Facilitator guide")
DASH = "\u2014"


def slides_by_session(
    course: CourseView, deck: Sequence[SlideView]
) -> dict[tuple[int, int], tuple[SlideView, ...]]:
    """(day, index) of each module session → its slides in the deck.

    The deck holds one contiguous run of slides per module session, in agenda order; a
    module taught twice has two runs, matched to its sessions in order.
    """
    runs: dict[str, list[list[SlideView]]] = {}
    previous: str | None = None
    for slide in deck:
        if slide.module_id is None:
            previous = None
            continue
        if slide.module_id != previous:
            runs.setdefault(slide.module_id, []).append([])
        runs[slide.module_id][-1].append(slide)
        previous = slide.module_id
    out: dict[tuple[int, int], tuple[SlideView, ...]] = {}
    taken: dict[str, int] = {}
    for session in course.sessions:
        if session.module is None:
            continue
        module_id = session.module.id
        index = taken.get(module_id, 0)
        taken[module_id] = index + 1
        found = runs.get(module_id, [])
        out[session.day, session.index] = tuple(found[index]) if index < len(found) else ()
    return out


class GuideRenderer:
    format = "guide"
    suffix = ".docx"

    def render(self, ctx: RenderContext) -> bytes:
        course = ctx.course
        words = words_for(course)
        gettext = words.gettext
        label = gettext(LABEL)
        w = DocxWriter(ctx.theme, "guide", course)
        attach_thumbnails(w, ctx.thumbnails)  # slide pictures (build --thumbnails)
        context = template_context(course, "guide", label)
        context["deck"] = {"slides": len(ctx.deck)}
        w.fill_headers(context)
        write_cover(w, course, label, context, "guide-cover.md.j2", words)

        w.paragraph("toc-heading", gettext("Contents"))
        w.toc_here()
        w.prose("guide-how-to-use.md.j2", context)

        titles = module_titles(course, words)
        numbers = module_numbers(course)
        slides = slides_by_session(course, ctx.deck)
        timings = slide_timings(course, ctx.deck)
        write_run_sheet(w, words, course, numbers)
        write_checklist(w, words, course, numbers, context)
        for session in course.sessions:
            if session.module is not None:
                key = (session.day, session.index)
                part = ModulePart(session, session.module, titles[key], slides[key], timings)
                write_module(w, words, course, part)
            elif has_pages(session):
                write_session_guide(w, session, session_slides(ctx.deck, session))
        write_index(w, words, course, numbers, slides)
        w.finish_toc()
        flow.apply(w)
        w.set_properties(title=course.title, subject=f"{label} · {course.place}", category=label)
        return w.save()


def module_numbers(course: CourseView) -> dict[tuple[int, int], int]:
    """(day, index) → the module's number in agenda order, for every module session."""
    keys = [(s.day, s.index) for s in course.sessions if s.module is not None]
    return {key: number for number, key in enumerate(keys, start=1)}


# ---------------------------------------------------------------------- run sheet


def run_sheet_rows(
    words: Messages, course: CourseView, numbers: dict
) -> list[tuple[SessionView, list]]:
    """One row per agenda session: time, title (and presenter), module, minutes, materials.
    Module ids and versions stay out: they are in the index at the end."""
    gettext = words.gettext
    rows = []
    for session in course.sessions:
        module = session.module
        if module is not None:
            presenter = (
                gettext("Presented by {name}", name=module.presenter) if module.presenter else ""
            )
            title = Cell.of(session.title, ("table-note", presenter))
            number = module_number(words, numbers[session.day, session.index])
        elif session.is_break:
            title = Cell.of(("table-muted", session.title))
            number = DASH
        else:
            title = Cell.of(session.title)
            number = DASH
        materials = (
            Cell.of(*session.materials) if session.materials else Cell.of(("table-muted", DASH))
        )
        rows.append(
            (
                session,
                [f"{session.start}–{session.end}", title, number, str(session.minutes), materials],
            )
        )
    return rows


def write_run_sheet(w: DocxWriter, words: Messages, course: CourseView, numbers: dict) -> None:
    gettext = words.gettext
    w.heading(1, gettext("Run sheet"), toc=True)
    rows = run_sheet_rows(words, course, numbers)
    header = (
        gettext("Time"),
        gettext("Session"),
        gettext("Module"),
        gettext("Min"),
        gettext("Materials"),
    )
    for day in course.days:
        w.heading(2, f"{day.label} · {day.title}" if day.title else day.label)
        day_rows = [cells for session, cells in rows if session.day == day.number]
        w.table((1.45, 3.4, 1.2, 0.65, 2.9), header, day_rows)
        teaching = sum(s.minutes for s in day.sessions if not s.is_break)
        breaks = sum(s.minutes for s in day.sessions if s.is_break)
        w.paragraph(
            "caption",
            gettext(
                "{day} runs from {start} to {end}: {teaching} minutes of sessions and "
                "{breaks} minutes of breaks.",
                day=day.label,
                start=day.start,
                end=day.end,
                teaching=teaching,
                breaks=breaks,
            ),
        )


# ---------------------------------------------------------------------- checklist


def materials_checklist(
    words: Messages, course: CourseView, numbers: dict
) -> list[tuple[str, list[str]]]:
    """Every material once (first spelling kept), with the sessions that need it."""
    found: dict[str, tuple[str, list[str]]] = {}
    for session in course.sessions:
        if session.module is not None:
            number = module_number(words, numbers[session.day, session.index])
            for activity in session.module.activities:
                for item in activity.materials:
                    where = f"{number}, {activity.title}"
                    entry = found.setdefault(item.casefold(), (item, []))
                    if where not in entry[1]:
                        entry[1].append(where)
        else:
            for item in session.materials:
                entry = found.setdefault(item.casefold(), (item, []))
                if session.title not in entry[1]:
                    entry[1].append(session.title)
    return list(found.values())


def write_checklist(
    w: DocxWriter, words: Messages, course: CourseView, numbers: dict, context: dict
) -> None:
    gettext = words.gettext
    flow.same_page(w.heading(1, gettext("Preparation checklist"), toc=True))
    items = materials_checklist(words, course, numbers)
    w.heading(2, gettext("Materials"))
    if items:
        w.paragraph(
            "body",
            gettext(
                "Everything the sessions and activities need, with where it is used. Prepare "
                "one set per group where the activity is group work."
            ),
        )
        for item, uses in items:
            p = w.paragraph("checklist", item)
            w.run(p, f" · {'; '.join(uses)}", "muted")
    else:
        w.paragraph("body", gettext("No session lists materials."))
    w.prose("guide-room-setup.md.j2", context)


# ---------------------------------------------------------------------- modules


class ModulePart:
    """One module session of the guide: the session, its module, title, slides, timings."""

    def __init__(
        self,
        session: SessionView,
        module: ModuleView,
        title: str,
        slides: tuple[SlideView, ...],
        timings: dict[int, SlideTiming],
    ):
        self.session, self.module, self.title = session, module, title
        self.slides, self.timings = slides, timings


def write_module(w: DocxWriter, words: Messages, course: CourseView, part: ModulePart) -> None:
    gettext = words.gettext
    session, module, slides = part.session, part.module, part.slides
    first = w.heading(1, part.title, toc=True)
    extra = [gettext("Deck {slides}", slides=slide_range(words, slides))] if slides else []
    w.paragraph("session-line", session_line(session, extra, words))
    fits = delivery.write_summary(w, words, session, module, slides, part.timings, first)
    delivery.write_delivery_notes(w, words, module, slides, part.timings, new_page=fits)
    if module.activities:
        w.heading(2, gettext("Activities"))
        for activity in module.activities:
            write_activity(w, words, activity)
    notes = [s.notes for s in slides]
    for case in module.case_studies:
        write_case_study(w, words, course, case, notes)
    if module.regional_notes:
        w.heading(2, gettext("Regional context: {region}", region=course.region.name))
        for block in paragraphs(module.regional_notes):
            w.paragraph("note", block)
    if module.facilitator_notes:
        w.heading(2, gettext("Facilitator notes"))
        for block in paragraphs(module.facilitator_notes):
            w.paragraph("note", block)


def write_questions(w: DocxWriter, words: Messages, questions: Sequence[QuestionView]) -> None:
    num_id = w.restart_numbering("number")
    for question in questions:
        w.paragraph("number", question.question, num_id=num_id)
        w.labelled("answer", words.gettext("Model answer:"), question.answer)


def write_activity(w: DocxWriter, words: Messages, activity: ActivityView) -> None:
    gettext = words.gettext
    w.heading(3, activity.title)
    w.paragraph(
        "session-line",
        f"{kind_label(words, activity.kind)} · "
        + gettext("{minutes} minutes", minutes=activity.minutes),
    )
    if activity.materials:
        w.labelled("body", gettext("Materials:"), "; ".join(activity.materials))
    w.text_block("body", activity.instructions)
    if activity.questions:
        w.paragraph("body", gettext("Discussion questions, with model answers:"))
        write_questions(w, words, activity.questions)


def write_case_study(
    w: DocxWriter,
    words: Messages,
    course: CourseView,
    case: CaseStudyView,
    slide_notes: Sequence[str],
) -> None:
    gettext = words.gettext
    w.heading(2, gettext("Case study: {title}", title=case.title))
    w.text_block("body", case.summary)
    if case.notes and not any(case.notes in notes for notes in slide_notes):
        # the deck did not carry the case's notes onto a slide: print them here
        for block in paragraphs(case.notes):
            w.paragraph("note", block)
    if case.questions:
        w.heading(3, gettext("Questions, with model answers"))
        write_questions(w, words, case.questions)
    if case.sources:
        titles = {s.id: s.title for s in course.sources}
        w.labelled(
            "caption", gettext("Sources:"), "; ".join(titles.get(s, s) for s in case.sources)
        )


# ---------------------------------------------------------------------- index


def write_index(
    w: DocxWriter, words: Messages, course: CourseView, numbers: dict, slides: dict
) -> None:
    """The modules with the ids and versions of their files, for whoever maintains them."""
    gettext = words.gettext
    w.heading(1, gettext("Index of modules"), toc=True)
    w.paragraph(
        "body",
        gettext(
            "The file each module session comes from, by id and version: quote them when you "
            "report a correction."
        ),
    )
    rows = []
    for session in course.sessions:
        module = session.module
        if module is None:
            continue
        key = (session.day, session.index)
        rows.append(
            [
                module_number(words, numbers[key]),
                module.title,
                Cell.of(("table-note", module.id)),
                module.version,
                slide_range(words, slides[key]) or DASH,
            ]
        )
    header = (
        gettext("Module"),
        gettext("Title"),
        gettext("Id"),
        gettext("Version"),
        gettext("Deck"),
    )
    w.table((1.2, 4, 2.2, 0.9, 1.5), header, rows)
