"""Resolve: course outline + shared modules + region → one immutable :class:`CourseView`.

Here the course's region selects each module's ``regional:`` block (other regions' blocks
never reach the course), session overrides apply, clock times are computed, and every text
field is rendered through the sandboxed Jinja2 environment. A template problem is a located
error, collected with all the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from .context import course_values
from .dating import Dating, emptied, reference_date
from .errors import BuildError, Diagnostic, KeyPath
from .i18n import N_, Messages
from .instruments import cited
from .load import Document
from .model import (
    Course,
    Module,
    ModuleSession,
    Reference,
    Slide,
    clock_minutes,
    item_text,
    row_cells,
)
from .project import Project
from .sessions import session_content
from .templating import needs_rendering
from .texts import (
    Texts,
    bullet_lines,
    current_translations,
    notes_and_cues,
    points,
    translating,
)
from .translate import Translations, load_translations
from .view import (
    ActivityView,
    CaseStudyView,
    ChartView,
    ColumnView,
    ComparisonView,
    ContentSlide,
    CourseView,
    DayView,
    EventView,
    FigureView,
    GlossaryEntry,
    HostView,
    ImageView,
    ModuleView,
    ProcessView,
    QuestionView,
    QuoteView,
    ReferenceView,
    RegionView,
    SeriesView,
    SessionView,
    SourceView,
    StepItem,
    TableView,
    TimelineView,
)
from .write import build_time

ITEM_TITLES = {
    "opening": N_("Opening"),
    "closing": N_("Closing"),
    "break": N_("Break"),
    "lunch": N_("Lunch"),
    "panel": N_("Panel discussion"),
    "qa": N_("Questions and answers"),
    "exercise": N_("Group exercise"),
    "keynote": N_("Keynote"),
    "other": N_("Session"),
}


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def dates_label(course: Course, messages: Messages | None = None) -> str:
    """When the course runs, in ``messages``' language: ``October 2017``,
    ``13–14 February 2018``, ``13 février 2018``."""
    messages = messages or Messages("en", course.country)
    dates = course.dates
    if dates.month:
        year, month = dates.month.split("-")
        return messages.month(int(year), int(month))
    return messages.range(dates.start, dates.end or dates.start)


def edition_messages(project: Project, course: Course) -> Messages:
    """The builder's words and formats for the edition being resolved."""
    return Messages(edition_language(project, course), course.country)


def reference_label(ref: Reference) -> str:
    if ref.type == "resolution":
        body = ref.body or "Security Council"
        year = f" ({ref.year})" if ref.year else ""
        label = f"{body} resolution {ref.number}{year}"
        return f"{label}: {ref.title}" if ref.title else label
    parts = [p for p in (ref.title, ref.symbol) if p]
    label = " ".join(parts) if len(parts) == 1 else f"{ref.title} ({ref.symbol})"
    if ref.body and ref.body not in label:
        label = f"{label}, {ref.body}"
    if ref.year and str(ref.year) not in label:
        label = f"{label}, {ref.year}"
    return label


def _slide(
    t: Texts,
    slide: Slide,
    path: KeyPath,
    doc: Document,
    regional: bool,
    extra_notes: str,
    dating: Dating,
) -> ContentSlide | None:
    """The slide as shown, or None when the course's date holds it back (or all it shows)."""
    if not dating.shown(slide):
        return None
    notes, cues = notes_and_cues(t, slide.notes, (*path, "notes"))
    if extra_notes:
        notes = f"{notes}\n\n{extra_notes}" if notes else extra_notes
    table = chart = image = quote = None
    if slide.table:
        p = (*path, "table")
        table = TableView(
            columns=t.many(slide.table.columns, (*p, "columns")),
            rows=tuple(
                t.many(row_cells(row), (*p, "rows", r)) for r, row in dating.keep(slide.table.rows)
            ),
            caption=t(slide.table.caption, (*p, "caption")) or None,
            source=t(slide.table.source, (*p, "source")) or None,
        )
    if slide.chart:
        p = (*path, "chart")
        c = slide.chart
        kept = list(dating.keep(c.categories))
        chart = ChartView(
            type=c.type,
            categories=tuple(t(item_text(k), (*p, "categories", i)) for i, k in kept),
            series=tuple(
                SeriesView(
                    t(s.name, (*p, "series", i, "name")), tuple(s.values[k] for k, _ in kept)
                )
                for i, s in enumerate(c.series)
            ),
            title=t(c.title, (*p, "title")) or None,
            number_format=c.number_format,
            source=t(c.source, (*p, "source")) or None,
        )
    if slide.image:
        p = (*path, "image")
        image = ImageView(
            path=(doc.path.parent / slide.image.path).resolve(),
            alt=t(slide.image.alt, (*p, "alt")),
            caption=t(slide.image.caption, (*p, "caption")) or None,
        )
    if slide.quote:
        p = (*path, "quote")
        quote = QuoteView(
            t(slide.quote.text, (*p, "text")),
            t(slide.quote.attribution, (*p, "attribution")) or None,
        )
    shown = ContentSlide(
        title=t(slide.title, (*path, "title")),
        bullets=bullet_lines(t, slide.bullets, (*path, "bullets"), dating=dating),
        notes=notes,
        table=table,
        chart=chart,
        image=image,
        quote=quote,
        layout=slide.layout,
        regional=regional,
        cues=cues,
        **_elements(t, slide, path, dating),
    )
    if emptied(shown):
        dating.held_back += 1
        return None
    return shown


def _elements(t: Texts, slide: Slide, path: KeyPath, dating: Dating) -> dict[str, Any]:
    """The key figure, timeline, process and comparison of a slide, as views."""
    out: dict[str, Any] = {}
    if slide.figure:
        p, f = (*path, "figure"), slide.figure
        out["figure"] = FigureView(
            t(f.value, (*p, "value")),
            t(f.label, (*p, "label")),
            t(f.source, (*p, "source")) or None,
        )
    if slide.timeline:
        p = (*path, "timeline")
        events = slide.timeline.events
        out["timeline"] = TimelineView(
            tuple(
                EventView(
                    t(e.date, (*p, "events", i, "date")), t(e.text, (*p, "events", i, "text"))
                )
                for i, e in dating.keep(events)
            ),
            t(slide.timeline.source, (*p, "source")) or None,
        )
    if slide.process:
        p = (*path, "process")
        out["process"] = ProcessView(
            tuple(
                StepItem(t(s.title, (*p, "steps", i, "title")), t(s.text, (*p, "steps", i, "text")))
                for i, s in enumerate(slide.process.steps)
            ),
            t(slide.process.source, (*p, "source")) or None,
        )
    if slide.comparison:
        p, c = (*path, "comparison"), slide.comparison

        def side(name: str) -> ColumnView:
            value = getattr(c, name)
            return ColumnView(
                t(value.heading, (*p, name, "heading")),
                bullet_lines(t, value.bullets, (*p, name, "bullets"), dating=dating),
            )

        out["comparison"] = ComparisonView(
            side("left"), side("right"), t(c.source, (*p, "source")) or None
        )
    return out


def _questions(t: Texts, questions, path: KeyPath, dating: Dating) -> tuple[QuestionView, ...]:
    return tuple(
        QuestionView(t(q.question, (*path, i, "question")), t(q.answer, (*path, i, "answer")))
        for i, q in dating.keep(questions)
    )


def _source_text(st: Texts | None, known, index: int, key: str) -> str | None:
    """A field of a source document, translated for the edition when it can be."""
    value = getattr(known, key) if known else None
    if value is None or st is None:
        return value
    return st.plain(value, ("documents", index, key))


def _reference(t: Texts, ref: Reference, path: KeyPath) -> ReferenceView:
    """The instrument as the edition prints it: its title and body translated (a resolution's
    label keeps the source body: its pattern is not in the builder's catalogue yet)."""
    title = t.plain(ref.title, (*path, "title")) or None
    body = ref.body if ref.type == "resolution" else (t.plain(ref.body, (*path, "body")) or None)
    return ReferenceView(
        type=ref.type,
        label=reference_label(ref.model_copy(update={"title": title, "body": body})),
        number=ref.number,
        year=ref.year,
        symbol=ref.symbol,
        title=title,
        body=ref.body,  # the source body: instruments are merged by it
    )


def _module(
    project: Project,
    module: Module,
    session: ModuleSession,
    session_path: KeyPath,
    course: Course,
    context: dict[str, Any],
    errors: list[Diagnostic],
    dating: Dating,
) -> ModuleView:
    doc = project.module_docs[module.id]
    t = Texts(doc, context, errors)
    course_t = Texts(project.course_docs[course.id], context, errors)
    block_region = next(
        (r for r in project.region_chain(course.region) if r in module.regional), None
    )
    block = module.regional.get(block_region) if block_region else None
    session_notes = course_t(session.notes, (*session_path, "notes"))
    skip = set(session.skip_slides)
    slides = [
        _slide(t, slide, ("slides", i), doc, False, session_notes, dating)
        for i, slide in enumerate(module.slides)
        if slide.title not in skip
    ]
    key_points = list(points(t, module.key_points, ("key_points",), dating))
    case_studies: tuple[CaseStudyView, ...] = ()
    regional_notes = ""
    if block is not None:
        rp = ("regional", block_region)
        slides += [
            _slide(t, s, (*rp, "slides", i), doc, True, session_notes, dating)
            for i, s in enumerate(block.slides)
        ]
        key_points += points(t, block.examples, (*rp, "examples"), dating)
        case_studies = tuple(
            CaseStudyView(
                title=t(c.title, (*rp, "case_studies", i, "title")),
                summary=t(c.summary, (*rp, "case_studies", i, "summary")),
                bullets=bullet_lines(
                    t, c.bullets, (*rp, "case_studies", i, "bullets"), dating=dating
                ),
                notes=notes_and_cues(t, c.notes, (*rp, "case_studies", i, "notes"))[0],
                cues=notes_and_cues(t, c.notes, (*rp, "case_studies", i, "notes"))[1],
                questions=_questions(t, c.questions, (*rp, "case_studies", i, "questions"), dating),
                sources=tuple(c.sources),
            )
            for i, c in dating.keep(block.case_studies)
        )
        regional_notes = t(block.notes, (*rp, "notes"))
    catalogue = (
        {d.id: (i, d) for i, d in enumerate(project.sources.documents)} if (project.sources) else {}
    )
    sources_doc = project.documents.get("courses/sources.yaml")
    st = Texts(sources_doc, {}, []) if sources_doc is not None else None
    sources = []
    for i, cite in dating.keep(module.sources):
        index, known = catalogue.get(cite.document, (0, None))
        sources.append(
            SourceView(
                id=cite.document,
                title=st.plain(known.title, ("documents", index, "title"))
                if known and st
                else (known.title if known else cite.document),
                publisher=_source_text(st, known, index, "publisher"),
                date=_source_text(st, known, index, "date"),
                symbol=known.symbol if known else None,
                backs=t(cite.backs, ("sources", i, "backs")),
            )
        )
    return ModuleView(
        id=module.id,
        title=(
            course_t(session.title, (*session_path, "title"))
            if session.title
            else t(module.title, ("title",))
        ),
        version=module.version,
        minutes=session.minutes or module.minutes,
        summary=t(module.summary, ("summary",)),
        objectives=points(t, module.objectives, ("objectives",), dating),
        key_points=tuple(key_points),
        slides=tuple(s for s in slides if s is not None),
        activities=tuple(
            ActivityView(
                title=t(a.title, ("activities", i, "title")),
                kind=a.kind,
                minutes=a.minutes,
                instructions=t(a.instructions, ("activities", i, "instructions")),
                materials=t.many(a.materials, ("activities", i, "materials")),
                questions=_questions(t, a.questions, ("activities", i, "questions"), dating),
            )
            for i, a in dating.keep(module.activities)
        ),
        case_studies=case_studies,
        glossary=tuple(
            GlossaryEntry(
                t(g.term, ("glossary", i, "term")), t(g.definition, ("glossary", i, "definition"))
            )
            for i, g in dating.keep(module.glossary)
        ),
        references=tuple(
            _reference(t, cited(project, r), ("references", i))
            for i, r in dating.keep(module.references)
        ),
        sources=tuple(sources),
        facilitator_notes=t(module.facilitator_notes, ("facilitator_notes",)),
        regional_notes=regional_notes,
        session_notes=session_notes,
        presenter=session.presenter,
    )


def instrument_key(ref: ReferenceView) -> tuple:
    """What makes two citations the same instrument, however each module labels it."""
    if ref.number is not None:
        return (ref.type, (ref.body or "Security Council").casefold(), ref.number)
    if ref.symbol:
        return ("symbol", ref.symbol.casefold().replace(" ", ""))
    return (ref.type, (ref.title or ref.label).casefold())


def merge_instruments(references: Iterable[ReferenceView]) -> list[ReferenceView]:
    """One entry per instrument, in first-seen order, under its most informative label."""
    merged: dict[tuple, ReferenceView] = {}
    for ref in references:
        key = instrument_key(ref)
        kept = merged.get(key)
        if kept is None or (bool(ref.title), len(ref.label)) > (bool(kept.title), len(kept.label)):
            merged[key] = ref
    return list(merged.values())


# Fields other texts can refer to ({{ course.city }}): they are plain text themselves.
PLAIN_FIELDS = ("city", "country")


def template_context(
    project: Project, course: Course, own: dict[str, str] | None = None
) -> dict[str, Any]:
    """What ``{{ … }}`` in text fields can see: ``course`` and ``region`` (see
    :mod:`builder.context`). ``own`` holds the course's rendered title, subtitle and audience."""
    region = project.region(course.region)
    own = {"title": course.title, "subtitle": "", "audience": ""} if own is None else own
    plain = _plain_texts(project, course)
    return course_values(
        language=edition_language(project, course),
        course_id=course.id,
        title=own.get("title"),
        subtitle=own.get("subtitle"),
        city=plain["city"],
        country=plain["country"],
        dates=dates_label(course, edition_messages(project, course)),
        hosts=plain["hosts"],
        audience=own.get("audience"),
        region_id=region.id,
        region_name=plain["region"],
        countries=plain["countries"],
    )


def source_language(project: Project, course: Course) -> str:
    """The language the course's YAML is written in."""
    return course.language or project.region(course.region).language


def edition_language(project: Project, course: Course) -> str:
    """The language of the edition being resolved (the source language outside
    :func:`resolve_course` with another ``language``)."""
    active = current_translations()
    return active.language if active is not None else source_language(project, course)


def _plain_texts(project: Project, course: Course) -> dict[str, Any]:
    """City, country, host and region names: shown and referred to as they are (no
    templating), in the edition's language when translated."""
    doc = project.course_docs[course.id]
    t = Texts(doc, {}, [])
    index = next(i for i, r in enumerate(project.regions.regions) if r.id == course.region)
    region = project.region(course.region)
    regions = Texts(project.documents["courses/regions.yaml"], {}, [])
    rp = ("regions", index)
    return {
        "city": t.plain(course.city, ("city",)),
        "country": t.plain(course.country, ("country",)),
        "hosts": [t.plain(h.name, ("hosts", i, "name")) for i, h in enumerate(course.hosts)],
        "region": regions.plain(region.name, (*rp, "name")),
        "countries": [
            regions.plain(c, (*rp, "countries", i)) for i, c in enumerate(region.countries)
        ],
    }


def _course_texts(project: Project, course: Course, errors: list[Diagnostic]) -> dict[str, str]:
    """The outline's own title, subtitle and audience, rendered in order: each may refer to
    the place, dates, hosts and region, and to the ones rendered before it."""
    doc = project.course_docs[course.id]
    for name in PLAIN_FIELDS:
        if needs_rendering(getattr(course, name)):
            line, col = doc.where((name,))
            errors.append(
                Diagnostic(
                    doc.name,
                    line,
                    col,
                    f"`{name}` cannot use {{{{ }}}}: other texts refer to it",
                    key=name,
                    hint="write it as plain text",
                )
            )
    own: dict[str, str] = {}
    for name in ("title", "subtitle", "audience"):
        t = Texts(doc, template_context(project, course, own), errors)
        own[name] = t(getattr(course, name), (name,))
    return own


def resolve_course(
    project: Project,
    course_id: str,
    language: str | None = None,
    translations: Translations | None = None,
) -> CourseView:
    """The resolved view of one valid course, in its source language or, given ``language``,
    in that edition (texts from courses/translations/<language>/, or ``translations`` when
    given; English where a text has no usable translation); raises :class:`BuildError` on
    template errors."""
    course = project.courses[course_id]
    if language is None or language == source_language(project, course):
        with translating(None):
            return _resolve(project, course_id)
    if translations is None:
        translations = load_translations(project, language)
    with translating(translations):
        return _resolve(project, course_id)


def _resolve(project: Project, course_id: str) -> CourseView:
    course = project.courses[course_id]
    doc = project.course_docs[course_id]
    region = project.region(course.region)
    errors: list[Diagnostic] = []
    own = _course_texts(project, course, errors)
    context = template_context(project, course, own)
    t = Texts(doc, context, errors)
    words = edition_messages(project, course)
    dating = Dating(reference_date(course), project.instruments, project.sources)
    days = []
    for d, day in enumerate(course.agenda.days):
        dp = ("agenda", "days", d)
        now = clock_minutes(day.start)
        sessions = []
        for s, item in enumerate(day.sessions):
            sp = (*dp, "sessions", s)
            if isinstance(item, ModuleSession):
                module = project.modules[item.module]
                view = _module(project, module, item, sp, course, context, errors, dating)
                minutes, details = (
                    view.minutes,
                    {
                        "kind": "module",
                        "title": view.title,
                        "module": view,
                        "materials": tuple(m for a in view.activities for m in a.materials),
                    },
                )
            else:
                content, pack_title, pack_materials = session_content(
                    project, t, item, sp, project.region_chain(course.region), dating
                )
                minutes, details = (
                    item.minutes,
                    {
                        "kind": item.item,
                        "title": t(item.title, (*sp, "title"))
                        or pack_title
                        or words.gettext(ITEM_TITLES[item.item]),
                        "description": t(item.description, (*sp, "description")),
                        "materials": pack_materials + t.many(item.materials, (*sp, "materials")),
                        "content": content,
                    },
                )
            sessions.append(
                SessionView(
                    day=d + 1,
                    index=s + 1,
                    start=clock(now),
                    end=clock(now + minutes),
                    minutes=minutes,
                    **details,
                )
            )
            now += minutes
        date = course.dates.start + dt.timedelta(days=d) if course.dates.start else None
        label = words.gettext("Day {number}", number=d + 1) + (
            f" – {words.day(date, weekday=True)}" if date else ""
        )
        days.append(
            DayView(
                number=d + 1,
                label=label,
                date=date,
                start=day.start,
                end=clock(now),
                title=t(day.title, (*dp, "title")) or None,
                sessions=tuple(sessions),
            )
        )
    description = t(course.description, ("description",)) or None
    if errors:
        raise BuildError(sorted(set(errors)))
    modules = [s.module for day in days for s in day.sessions if s.module]
    glossary: dict[str, GlossaryEntry] = {}
    for module in modules:
        for entry in module.glossary:
            glossary.setdefault(entry.term.casefold(), entry)
    instruments = merge_instruments(ref for module in modules for ref in module.references)
    sources: dict[str, SourceView] = {}
    for module in modules:
        for source in module.sources:
            sources.setdefault(
                source.id,
                SourceView(source.id, source.title, source.publisher, source.date, source.symbol),
            )
    plain = _plain_texts(project, course)
    return CourseView(
        id=course.id,
        title=own["title"],
        subtitle=own["subtitle"] or None,
        region=RegionView(region.id, plain["region"], tuple(plain["countries"])),
        city=plain["city"],
        country=plain["country"],
        dates_label=dates_label(course, words),
        language=edition_language(project, course),
        theme=course.theme,
        hosts=tuple(HostView(n, h.role) for n, h in zip(plain["hosts"], course.hosts, strict=True)),
        audience=own["audience"] or None,
        description=description,
        days=tuple(days),
        build_time=build_time(),
        glossary=tuple(sorted(glossary.values(), key=lambda g: g.term.casefold())),
        instruments=tuple(sorted(instruments, key=lambda r: r.sort_key)),
        sources=tuple(sorted(sources.values(), key=lambda s: s.id)),
        participants=course.participants,
        as_of=dating.when,
        held_back=dating.held_back,
        locale=str(words.locale),
    )
