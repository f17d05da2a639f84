"""The participant handout (.docx): what an organiser prints for every participant.

Cover, contents, welcome, the agenda with clock times, one chapter per module session
(summary, objectives, key points, the region's case study, the exercise, references, lined
space for notes), the glossary and the list of instruments cited.

Nothing meant for facilitators reaches this document: no speaker notes, no model answers, no
facilitator, regional or session notes. Tests hold the renderer to that.
"""

from __future__ import annotations

from ..view import CourseView, ModuleView, ReferenceView, SessionView
from .base import RenderContext
from .docx_common import (
    ACTIVITY_KINDS,
    Cell,
    DocxWriter,
    module_titles,
    session_line,
    template_context,
    write_cover,
)
from .session_pages import has_pages, write_session_handout
from .thumbnails import write_slide_pages

LABEL = "Participant handout"

INSTRUMENT_GROUPS = (
    (("resolution",), "Resolutions"),
    (("presidential-statement",), "Presidential statements"),
    (("convention", "protocol"), "Conventions and protocols"),
    (("good-practices",), "Good practices"),
    (("report", "document"), "Reports and other documents"),
)


class HandoutRenderer:
    format = "handout"
    suffix = ".docx"

    def render(self, ctx: RenderContext) -> bytes:
        course = ctx.course
        w = DocxWriter(ctx.theme, "handout", course)
        context = template_context(course, "handout", LABEL)
        w.fill_headers(context)
        write_cover(w, course, LABEL, context, "handout-cover.md.j2")

        w.paragraph("toc-heading", "Contents")
        w.toc_here()
        w.prose("handout-welcome.md.j2", context)
        w.prose("handout-how-to-use.md.j2", context)

        write_agenda(w, course)
        titles = module_titles(course)
        for session in course.sessions:
            if session.module is not None:
                write_module(w, session, session.module, titles[session.day, session.index])
            elif has_pages(session):
                write_session_handout(w, session)
        write_slide_pages(w, ctx)  # slides with space for notes (build --thumbnails)
        if course.glossary:
            write_glossary(w, course)
        if course.instruments:
            write_instruments(w, course.instruments)
        w.finish_toc()
        w.set_properties(title=course.title, subject=f"{LABEL} · {course.place}", category=LABEL)
        return w.save()


def write_agenda(w: DocxWriter, course: CourseView) -> None:
    w.heading(1, "Agenda", toc=True)
    titles = module_titles(course)
    for day in course.days:
        w.heading(2, f"{day.label} · {day.title}" if day.title else day.label)
        rows = []
        for session in day.sessions:
            rows.append([f"{session.start}–{session.end}", agenda_cell(session, titles)])
        w.table((1, 4.4), ("Time", "Session"), rows)
        w.paragraph("caption", f"{day.label} runs from {day.start} to {day.end}.")


def agenda_cell(session: SessionView, titles: dict) -> Cell:
    if session.module is not None:
        detail = f"Presented by {session.module.presenter}" if session.module.presenter else ""
        return Cell.of(titles[session.day, session.index], ("table-note", detail))
    if session.is_break:
        return Cell.of(("table-muted", session.title))
    return Cell.of(session.title, ("table-note", session.description))


def write_module(w: DocxWriter, session: SessionView, module: ModuleView, title: str) -> None:
    w.heading(1, title, toc=True)
    w.paragraph("session-line", session_line(session))

    w.heading(2, "Summary")
    w.text_block("body", module.summary)

    w.heading(2, "Learning objectives")
    w.paragraph("body", "By the end of this session you will be able to:")
    w.numbered(module.objectives)

    w.heading(2, "Key points")
    w.bullets(module.key_points)

    for case in module.case_studies:
        w.heading(2, f"Case study: {case.title}")
        w.text_block("body", case.summary)
        w.bullets((b.text, b.level) for b in case.bullets)
        if case.questions:
            w.heading(3, "Questions to consider")
            w.numbered(q.question for q in case.questions)

    for activity in module.activities:
        w.heading(2, f"Exercise: {activity.title}")
        w.paragraph(
            "session-line",
            f"{ACTIVITY_KINDS.get(activity.kind, activity.kind)} · {activity.minutes} minutes",
        )
        w.text_block("body", activity.instructions)
        if activity.questions:
            w.heading(3, "Questions")
            w.numbered(q.question for q in activity.questions)

    if module.references or module.sources:
        w.heading(2, "References")
        w.bullets(ref.label for ref in module.references)
        if module.sources:
            w.heading(3, "Sources")
            w.bullets(source_label(s) for s in module.sources)

    w.ruled_page("Notes")


def source_label(source) -> str:
    parts = [source.title]
    if source.symbol and source.symbol not in source.title:
        parts[0] = f"{source.title} ({source.symbol})"
    parts += [p for p in (source.publisher, source.date) if p]
    return ", ".join(parts)


def write_glossary(w: DocxWriter, course: CourseView) -> None:
    w.heading(1, "Glossary", toc=True)
    rows = [[Cell.of(("table-heading", g.term)), g.definition] for g in course.glossary]
    w.table((1, 2.6), ("Term", "Definition"), rows)


def write_instruments(w: DocxWriter, instruments: tuple[ReferenceView, ...]) -> None:
    w.heading(1, "Instruments cited", toc=True)
    w.paragraph(
        "body",
        "The resolutions, conventions and documents cited in the modules, "
        "resolutions in numeric order.",
    )
    grouped = {kinds: [r for r in instruments if r.type in kinds] for kinds, _ in INSTRUMENT_GROUPS}
    known = {k for kinds, _ in INSTRUMENT_GROUPS for k in kinds}
    other = [r for r in instruments if r.type not in known]
    for kinds, heading in INSTRUMENT_GROUPS:
        if grouped[kinds]:
            w.heading(2, heading)
            w.bullets(r.label for r in grouped[kinds])
    if other:
        w.heading(2, "Other instruments")
        w.bullets(r.label for r in other)
