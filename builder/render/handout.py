"""The participant handout (.docx): what an organiser prints for every participant.

Cover, contents, welcome, the agenda with clock times, one chapter per module session
(summary, objectives, key points, the region's case study, the exercise, references in the
order of the list of instruments, space for notes as the theme's ``notes_space`` option
says), the glossary and the list of instruments cited. Fixed strings come from the builder's
catalogues (:mod:`builder.i18n`); page flow is :mod:`builder.render.flow`'s.

Nothing meant for facilitators reaches this document: no speaker notes, no model answers, no
facilitator, regional or session notes. Tests hold the renderer to that.
"""

from __future__ import annotations

from ..i18n import N_, Messages
from ..view import CourseView, ModuleView, ReferenceView, SessionView
from . import flow
from .base import RenderContext
from .delivery import kind_label
from .docx_common import (
    Cell,
    DocxWriter,
    module_titles,
    session_line,
    template_context,
    words_for,
    write_cover,
)
from .session_pages import has_pages, write_session_handout
from .thumbnails import write_slide_pages

LABEL = N_("Participant handout")

INSTRUMENT_GROUPS = (
    (("resolution",), N_("Resolutions")),
    (("presidential-statement",), N_("Presidential statements")),
    (("convention", "protocol"), N_("Conventions and protocols")),
    (("good-practices",), N_("Good practices")),
    (("report", "document"), N_("Reports and other documents")),
)


class HandoutRenderer:
    format = "handout"
    suffix = ".docx"

    def render(self, ctx: RenderContext) -> bytes:
        course = ctx.course
        words = words_for(course)
        gettext = words.gettext
        label = gettext(LABEL)
        w = DocxWriter(ctx.theme, "handout", course)
        context = template_context(course, "handout", label)
        w.fill_headers(context)
        write_cover(w, course, label, context, "handout-cover.md.j2", words)

        w.paragraph("toc-heading", gettext("Contents"))
        w.toc_here()
        w.prose("handout-welcome.md.j2", context)
        w.prose("handout-how-to-use.md.j2", context)

        titles = module_titles(course, words)
        write_agenda(w, words, course, titles)
        for session in course.sessions:
            if session.module is not None:
                title = titles[session.day, session.index]
                write_module(w, words, session, session.module, title)
            elif has_pages(session):
                write_session_handout(w, session)
        write_slide_pages(w, ctx)  # slides with space for notes (build --thumbnails)
        if course.glossary:
            write_glossary(w, words, course)
        if course.instruments:
            write_instruments(w, words, course.instruments)
        w.finish_toc()
        flow.apply(w)
        w.set_properties(title=course.title, subject=f"{label} · {course.place}", category=label)
        return w.save()


def write_agenda(w: DocxWriter, words: Messages, course: CourseView, titles: dict) -> None:
    gettext = words.gettext
    w.heading(1, gettext("Agenda"), toc=True)
    for day in course.days:
        w.heading(2, f"{day.label} · {day.title}" if day.title else day.label)
        rows = []
        for session in day.sessions:
            rows.append([f"{session.start}–{session.end}", agenda_cell(words, session, titles)])
        w.table((1, 4.4), (gettext("Time"), gettext("Session")), rows)
        w.paragraph(
            "caption",
            gettext(
                "{day} runs from {start} to {end}.", day=day.label, start=day.start, end=day.end
            ),
        )


def agenda_cell(words: Messages, session: SessionView, titles: dict) -> Cell:
    if session.module is not None:
        presenter = session.module.presenter
        detail = words.gettext("Presented by {name}", name=presenter) if presenter else ""
        return Cell.of(titles[session.day, session.index], ("table-note", detail))
    if session.is_break:
        return Cell.of(("table-muted", session.title))
    return Cell.of(session.title, ("table-note", session.description))


def write_module(
    w: DocxWriter, words: Messages, session: SessionView, module: ModuleView, title: str
) -> None:
    gettext = words.gettext
    w.heading(1, title, toc=True)
    w.paragraph("session-line", session_line(session, (), words))

    w.heading(2, gettext("Summary"))
    w.text_block("body", module.summary)

    w.heading(2, gettext("Learning objectives"))
    w.paragraph("body", gettext("By the end of this session you will be able to:"))
    w.numbered(module.objectives)

    w.heading(2, gettext("Key points"))
    w.bullets(module.key_points)

    for case in module.case_studies:
        w.heading(2, gettext("Case study: {title}", title=case.title))
        w.text_block("body", case.summary)
        w.bullets((b.text, b.level) for b in case.bullets)
        if case.questions:
            w.heading(3, gettext("Questions to consider"))
            w.numbered(q.question for q in case.questions)

    for activity in module.activities:
        w.heading(2, gettext("Exercise: {title}", title=activity.title))
        w.paragraph(
            "session-line",
            f"{kind_label(words, activity.kind)} · "
            + gettext("{minutes} minutes", minutes=activity.minutes),
        )
        w.text_block("body", activity.instructions)
        if activity.questions:
            w.heading(3, gettext("Questions"))
            w.numbered(q.question for q in activity.questions)

    if module.references or module.sources:
        w.heading(2, gettext("References"))
        # in the order of the list of instruments: resolutions by number, then statements,
        # conventions, good practices, reports and other documents
        w.bullets(ref.label for ref in sorted(module.references, key=lambda r: r.sort_key))
        if module.sources:
            w.heading(3, gettext("Sources"))
            w.bullets(source_label(s) for s in module.sources)

    flow.notes_space(w, gettext("Notes"))


def source_label(source) -> str:
    parts = [source.title]
    if source.symbol and source.symbol not in source.title:
        parts[0] = f"{source.title} ({source.symbol})"
    parts += [p for p in (source.publisher, source.date) if p]
    return ", ".join(parts)


def write_glossary(w: DocxWriter, words: Messages, course: CourseView) -> None:
    gettext = words.gettext
    w.heading(1, gettext("Glossary"), toc=True)
    rows = [[Cell.of(("table-heading", g.term)), g.definition] for g in course.glossary]
    w.table((1, 2.6), (gettext("Term"), gettext("Definition")), rows)


def write_instruments(
    w: DocxWriter, words: Messages, instruments: tuple[ReferenceView, ...]
) -> None:
    gettext = words.gettext
    flow.same_page(w.heading(1, gettext("Instruments cited"), toc=True))
    w.paragraph(
        "body",
        gettext(
            "The resolutions, conventions and documents cited in the modules, in this order: "
            "resolutions by number, presidential statements, conventions and protocols, good "
            "practices, then reports and other documents."
        ),
    )
    grouped = {kinds: [r for r in instruments if r.type in kinds] for kinds, _ in INSTRUMENT_GROUPS}
    known = {k for kinds, _ in INSTRUMENT_GROUPS for k in kinds}
    other = [r for r in instruments if r.type not in known]
    for kinds, heading in INSTRUMENT_GROUPS:
        if grouped[kinds]:
            w.heading(2, gettext(heading))
            w.bullets(r.label for r in grouped[kinds])
    if other:
        w.heading(2, gettext("Other instruments"))
        w.bullets(r.label for r in other)
