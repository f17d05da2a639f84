"""The facilitator guide (.docx): how to run the workshop, session by session.

Cover, contents, the run sheet (every agenda session with clock times, module, minutes and
materials), a preparation checklist, then per module session: objectives, a timing
breakdown, delivery notes slide by slide citing the deck's slide numbers, the activities and
case studies with their model answers, regional context and facilitator notes.

Slide numbers come from ``ctx.deck`` — the same planned deck the deck renderer draws — so the
guide's "Slide 14 — Title" is slide 14 of the deck built from the same course.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..view import (
    ActivityView,
    CaseStudyView,
    CourseView,
    ModuleView,
    QuestionView,
    SessionView,
    SlideView,
)
from .base import RenderContext
from .docx_common import (
    ACTIVITY_KINDS,
    Cell,
    DocxWriter,
    module_titles,
    paragraphs,
    session_line,
    template_context,
    write_cover,
)
from .session_pages import has_pages, session_slides, write_session_guide
from .thumbnails import attach_thumbnails, slide_picture_beside

LABEL = "Facilitator guide"
DASH = "\u2014"


def slide_citation(slide: SlideView) -> str:
    """How the guide cites a deck slide: ``Slide 14 — Forms of interaction``."""
    return f"Slide {slide.number} {DASH} {slide.title}"


def slide_range(slides: Sequence[SlideView]) -> str:
    if not slides:
        return ""
    first, last = slides[0].number, slides[-1].number
    return f"slide {first}" if first == last else f"slides {first}–{last}"


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
        w = DocxWriter(ctx.theme, "guide", course)
        attach_thumbnails(w, ctx.thumbnails)  # slide pictures (build --thumbnails)
        context = template_context(course, "guide", LABEL)
        context["deck"] = {"slides": len(ctx.deck)}
        w.fill_headers(context)
        write_cover(w, course, LABEL, context, "guide-cover.md.j2")

        w.paragraph("toc-heading", "Contents")
        w.toc_here()
        w.prose("guide-how-to-use.md.j2", context)

        titles = module_titles(course)
        slides = slides_by_session(course, ctx.deck)
        write_run_sheet(w, course, titles)
        write_checklist(w, course, titles, context)
        for session in course.sessions:
            if session.module is not None:
                key = (session.day, session.index)
                write_module(w, course, session, session.module, titles[key], slides[key])
            elif has_pages(session):
                write_session_guide(w, session, session_slides(ctx.deck, session))
        w.finish_toc()
        w.set_properties(title=course.title, subject=f"{LABEL} · {course.place}", category=LABEL)
        return w.save()


# ---------------------------------------------------------------------- run sheet


def run_sheet_rows(course: CourseView, titles: dict) -> list[tuple[SessionView, list]]:
    rows = []
    for session in course.sessions:
        module = session.module
        if module is not None:
            notes = [f"{module.id} v{module.version}"]
            if module.presenter:
                notes.insert(0, f"Presented by {module.presenter}")
            title = Cell.of(session.title, *(("table-note", n) for n in notes))
            number = titles[session.day, session.index].split(" · ")[0]
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


def write_run_sheet(w: DocxWriter, course: CourseView, titles: dict) -> None:
    w.heading(1, "Run sheet", toc=True)
    rows = run_sheet_rows(course, titles)
    for day in course.days:
        w.heading(2, f"{day.label} · {day.title}" if day.title else day.label)
        day_rows = [cells for session, cells in rows if session.day == day.number]
        w.table(
            (1.45, 3.4, 1.2, 0.65, 2.9), ("Time", "Session", "Module", "Min", "Materials"), day_rows
        )
        teaching = sum(s.minutes for s in day.sessions if not s.is_break)
        breaks = sum(s.minutes for s in day.sessions if s.is_break)
        w.paragraph(
            "caption",
            f"{day.label} runs from {day.start} to {day.end}: "
            f"{teaching} minutes of sessions and {breaks} minutes of breaks.",
        )


# ---------------------------------------------------------------------- checklist


def materials_checklist(course: CourseView, titles: dict) -> list[tuple[str, list[str]]]:
    """Every material once (first spelling kept), with the sessions that need it."""
    found: dict[str, tuple[str, list[str]]] = {}
    for session in course.sessions:
        if session.module is not None:
            number = titles[session.day, session.index].split(" · ")[0]
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


def write_checklist(w: DocxWriter, course: CourseView, titles: dict, context: dict) -> None:
    w.heading(1, "Preparation checklist", toc=True)
    items = materials_checklist(course, titles)
    w.heading(2, "Materials")
    if items:
        w.paragraph(
            "body",
            "Everything the sessions and activities need, with where it is "
            "used. Prepare one set per group where the activity is group work.",
        )
        for item, uses in items:
            p = w.paragraph("checklist", item)
            w.run(p, f" · {'; '.join(uses)}", "muted")
    else:
        w.paragraph("body", "No session lists materials.")
    w.prose("guide-room-setup.md.j2", context)


# ---------------------------------------------------------------------- modules


def write_module(
    w: DocxWriter,
    course: CourseView,
    session: SessionView,
    module: ModuleView,
    title: str,
    slides: tuple[SlideView, ...],
) -> None:
    w.heading(1, title, toc=True)
    extra = [f"Deck {slide_range(slides)}"] if slides else []
    w.paragraph("session-line", session_line(session, extra))

    w.heading(2, "Objectives")
    w.numbered(module.objectives)

    write_timing(w, module, slides)
    write_delivery_notes(w, module, slides)
    if module.activities:
        w.heading(2, "Activities")
        for activity in module.activities:
            write_activity(w, activity)
    notes = [s.notes for s in slides]
    for case in module.case_studies:
        write_case_study(w, course, case, notes)
    if module.regional_notes:
        w.heading(2, f"Regional context: {course.region.name}")
        for block in paragraphs(module.regional_notes):
            w.paragraph("note", block)
    if module.facilitator_notes:
        w.heading(2, "Facilitator notes")
        for block in paragraphs(module.facilitator_notes):
            w.paragraph("note", block)


def write_timing(w: DocxWriter, module: ModuleView, slides: tuple[SlideView, ...]) -> None:
    w.heading(2, "Timing")
    span = f" ({slide_range(slides)})" if slides else ""
    rows = [[f"Presentation and discussion{span}", str(module.presentation_minutes)]]
    for activity in module.activities:
        kind = ACTIVITY_KINDS.get(activity.kind, activity.kind)
        rows.append([f"{kind}: {activity.title}", str(activity.minutes)])
    rows.append(
        [
            Cell.of(("table-heading", "Session total")),
            Cell.of(("table-heading", str(module.minutes))),
        ]
    )
    w.table((5, 1), ("Part", "Minutes"), rows)


def strip_session_notes(notes: str, session_notes: str) -> str:
    """Slide notes without the outline's per-session extra (printed once instead)."""
    if session_notes and notes.endswith(session_notes):
        return notes[: -len(session_notes)].rstrip()
    return notes


def write_delivery_notes(w: DocxWriter, module: ModuleView, slides: tuple[SlideView, ...]) -> None:
    w.heading(2, "Delivery notes")
    if not slides:
        w.paragraph("body", "The deck has no slides for this module.")
        return
    w.paragraph(
        "body", f"What to say on each slide; numbers are those of the deck ({slide_range(slides)})."
    )
    if module.session_notes:
        p = w.paragraph("note")
        w.run(p, "For this workshop:", "label")
        w.run(p, f" {module.session_notes}")
    shown: SlideView | None = None  # the last slide whose notes were printed in full
    for slide in slides:
        head = w.heading(3, slide_citation(slide))
        notes = strip_session_notes(slide.notes, module.session_notes)
        if slide.kind == "activity" and module.activities:
            w.paragraph(
                "caption",
                "Run the activity now: its instructions, materials and "
                "model answers are under Activities below.",
            )
        elif (
            slide.continued
            and shown is not None
            and shown.notes.strip()
            and shown.notes.strip() in slide.notes
        ):
            w.paragraph("caption", f"Continues slide {shown.number}; the notes above apply.")
        elif notes:
            w.text_block("body", notes)
            shown = slide
        else:
            w.paragraph("caption", "No speaker notes on this slide.")
        slide_picture_beside(w, head, slide)  # the slide's picture beside its notes, if made


def write_questions(w: DocxWriter, questions: Sequence[QuestionView]) -> None:
    num_id = w.restart_numbering("number")
    for question in questions:
        w.paragraph("number", question.question, num_id=num_id)
        w.labelled("answer", "Model answer:", question.answer)


def write_activity(w: DocxWriter, activity: ActivityView) -> None:
    w.heading(3, activity.title)
    w.paragraph(
        "session-line",
        f"{ACTIVITY_KINDS.get(activity.kind, activity.kind)} · {activity.minutes} minutes",
    )
    if activity.materials:
        w.labelled("body", "Materials:", "; ".join(activity.materials))
    w.text_block("body", activity.instructions)
    if activity.questions:
        w.paragraph("body", "Discussion questions, with model answers:")
        write_questions(w, activity.questions)


def write_case_study(
    w: DocxWriter, course: CourseView, case: CaseStudyView, slide_notes: Sequence[str]
) -> None:
    w.heading(2, f"Case study: {case.title}")
    w.text_block("body", case.summary)
    if case.notes and not any(case.notes in notes for notes in slide_notes):
        # the deck did not carry the case's notes onto a slide: print them here
        for block in paragraphs(case.notes):
            w.paragraph("note", block)
    if case.questions:
        w.heading(3, "Questions, with model answers")
        write_questions(w, case.questions)
    if case.sources:
        titles = {s.id: s.title for s in course.sources}
        w.labelled("caption", "Sources:", "; ".join(titles.get(s, s) for s in case.sources))
