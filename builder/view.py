"""The resolved course: plain, immutable values that renderers consume.

Nothing here knows about YAML, files or pydantic. :func:`builder.resolve.resolve_course`
produces a :class:`CourseView`; :func:`builder.deck.plan_deck` turns it into the
numbered list of :class:`SlideView` that the deck renderer draws and the facilitator guide
cites. Every text here is final: templating has already been applied.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BulletLine:
    """One bullet; ``level`` 0 is top level."""

    text: str
    level: int = 0


@dataclass(frozen=True)
class TableView:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str | None = None
    source: str | None = None
    widths: tuple[float, ...] = ()  # column shares of the width (deck pages of a split table)


@dataclass(frozen=True)
class SeriesView:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class ChartView:
    type: str  # bar | column | line | pie
    categories: tuple[str, ...]
    series: tuple[SeriesView, ...]
    title: str | None = None
    number_format: str = "General"
    source: str | None = None


@dataclass(frozen=True)
class ImageView:
    path: Path  # absolute, checked to lie inside the project
    alt: str
    caption: str | None = None


@dataclass(frozen=True)
class QuoteView:
    text: str
    attribution: str | None = None


@dataclass(frozen=True)
class FigureView:
    """A key figure: a big number with what it counts and where it comes from."""

    value: str
    label: str
    source: str | None = None


@dataclass(frozen=True)
class EventView:
    date: str
    text: str


@dataclass(frozen=True)
class TimelineView:
    events: tuple[EventView, ...]
    source: str | None = None


@dataclass(frozen=True)
class StepItem:
    title: str
    text: str = ""


@dataclass(frozen=True)
class ProcessView:
    """Steps in order, drawn with arrows between them."""

    steps: tuple[StepItem, ...]
    source: str | None = None


@dataclass(frozen=True)
class ColumnView:
    heading: str
    bullets: tuple[BulletLine, ...]


@dataclass(frozen=True)
class ComparisonView:
    left: ColumnView
    right: ColumnView
    source: str | None = None


@dataclass(frozen=True)
class NoteCue:
    """One cue of speaker notes: ``kind`` is ``say``, ``ask`` or ``do``."""

    kind: str
    text: str


@dataclass(frozen=True)
class ContentSlide:
    """A slide as authored in a module (before pagination)."""

    title: str
    bullets: tuple[BulletLine, ...] = ()
    notes: str = ""
    table: TableView | None = None
    chart: ChartView | None = None
    image: ImageView | None = None
    quote: QuoteView | None = None
    layout: str | None = None
    regional: bool = False  # came from the course region's `regional:` block
    cues: tuple[NoteCue, ...] = ()  # the notes as cues, when the module gives them so
    figure: FigureView | None = None
    timeline: TimelineView | None = None
    process: ProcessView | None = None
    comparison: ComparisonView | None = None


@dataclass(frozen=True)
class QuestionView:
    question: str
    answer: str


@dataclass(frozen=True)
class ActivityView:
    title: str
    kind: str
    minutes: int
    instructions: str
    materials: tuple[str, ...] = ()
    questions: tuple[QuestionView, ...] = ()


@dataclass(frozen=True)
class CaseStudyView:
    title: str
    summary: str
    bullets: tuple[BulletLine, ...] = ()
    notes: str = ""
    cues: tuple[NoteCue, ...] = ()
    questions: tuple[QuestionView, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    definition: str


@dataclass(frozen=True)
class ReferenceView:
    """An instrument cited; ``label`` is how documents print it."""

    type: str
    label: str
    number: int | None = None
    year: int | None = None
    symbol: str | None = None
    title: str | None = None
    body: str | None = None

    @property
    def sort_key(self) -> tuple:
        order = [
            "resolution",
            "presidential-statement",
            "convention",
            "protocol",
            "good-practices",
            "report",
            "document",
        ]
        rank = order.index(self.type) if self.type in order else len(order)
        return (rank, self.number or 0, self.year or 0, self.label.casefold())


@dataclass(frozen=True)
class SourceView:
    id: str
    title: str
    publisher: str | None = None
    date: str | None = None
    symbol: str | None = None
    backs: str | None = None  # what the citing module says this source backs


@dataclass(frozen=True)
class ModuleView:
    """A module as taught in one session of one course (overrides and region applied)."""

    id: str
    title: str
    version: str
    minutes: int  # session minutes
    summary: str
    objectives: tuple[str, ...]
    key_points: tuple[str, ...]  # module key points, then the region's examples
    slides: tuple[ContentSlide, ...]  # skipped slides removed, regional slides appended
    activities: tuple[ActivityView, ...]
    case_studies: tuple[CaseStudyView, ...]
    glossary: tuple[GlossaryEntry, ...]
    references: tuple[ReferenceView, ...]
    sources: tuple[SourceView, ...]
    facilitator_notes: str = ""
    regional_notes: str = ""
    session_notes: str = ""  # the outline's extra notes for this session
    presenter: str | None = None

    @property
    def activity_minutes(self) -> int:
        return sum(a.minutes for a in self.activities)

    @property
    def presentation_minutes(self) -> int:
        return self.minutes - self.activity_minutes


@dataclass(frozen=True)
class PromptView:
    question: str
    answer: str = ""  # points to listen for (guide only)


@dataclass(frozen=True)
class StepView:
    minutes: int
    text: str


@dataclass(frozen=True)
class PersonView:
    name: str
    role: str = ""
    organisation: str = ""

    @property
    def label(self) -> str:
        """``Name, Role, Organisation`` with the parts given."""
        return ", ".join(p for p in (self.name, self.role, self.organisation) if p)


@dataclass(frozen=True)
class SessionContentView:
    """What an opening, panel, exercise or closing holds: its session pack (if any), the
    region's additions and the outline's own keys, merged."""

    aims: tuple[str, ...] = ()
    points: tuple[BulletLine, ...] = ()
    questions: tuple[PromptView, ...] = ()
    task: str = ""
    groups: str = ""
    scenario: str = ""
    expected: tuple[str, ...] = ()  # guide only
    brief: str = ""  # guide only
    steps: tuple[StepView, ...] = ()
    notes: str = ""
    moderator: PersonView | None = None
    panellists: tuple[PersonView, ...] = ()
    contacts: tuple[PersonView, ...] = ()
    pack: str | None = None  # id of the session pack used

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.aims,
                self.points,
                self.questions,
                self.task,
                self.groups,
                self.scenario,
                self.expected,
                self.brief,
                self.steps,
                self.notes,
                self.moderator,
                self.panellists,
                self.contacts,
            )
        )


@dataclass(frozen=True)
class SessionView:
    """One agenda slot with computed clock times."""

    day: int  # 1-based
    index: int  # 1-based within the day
    start: str  # "09:00"
    end: str
    minutes: int
    kind: str  # "module" or the plain item kind: opening, break, lunch, panel, …
    title: str
    description: str = ""
    materials: tuple[str, ...] = ()
    module: ModuleView | None = None
    content: SessionContentView = SessionContentView()  # plain sessions

    @property
    def is_break(self) -> bool:
        return self.kind in ("break", "lunch")


@dataclass(frozen=True)
class DayView:
    number: int
    label: str  # "Day 1" or "Day 1 – Tuesday 13 February 2018"
    date: dt.date | None
    start: str
    end: str
    title: str | None
    sessions: tuple[SessionView, ...]


@dataclass(frozen=True)
class HostView:
    name: str
    role: str


@dataclass(frozen=True)
class RegionView:
    id: str
    name: str
    countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class CourseView:
    id: str
    title: str
    subtitle: str | None
    region: RegionView
    city: str
    country: str
    dates_label: str  # "October 2017" or "13–14 February 2018"
    language: str
    theme: str
    hosts: tuple[HostView, ...]
    audience: str | None
    description: str | None
    days: tuple[DayView, ...]
    build_time: dt.datetime  # from SOURCE_DATE_EPOCH, for document properties
    glossary: tuple[GlossaryEntry, ...] = ()  # all modules', deduplicated, sorted
    instruments: tuple[ReferenceView, ...] = ()  # all modules', deduplicated, sorted
    sources: tuple[SourceView, ...] = ()
    participants: int | None = None  # expected participants (sign-in sheet rows)
    as_of: dt.date | None = None  # the date whose knowledge it shows; None: the latest
    held_back: int = 0  # dated items of its modules not shown at that date
    locale: str = ""  # CLDR locale of the edition's formats (ar_DZ): language and host country

    @property
    def sessions(self) -> tuple[SessionView, ...]:
        return tuple(s for day in self.days for s in day.sessions)

    @property
    def modules(self) -> tuple[ModuleView, ...]:
        """Module sessions' modules, in agenda order."""
        return tuple(s.module for s in self.sessions if s.module is not None)

    @property
    def place(self) -> str:
        return f"{self.city}, {self.country}" if self.city != self.country else self.city


@dataclass(frozen=True)
class SlideView:
    """One physical deck slide, numbered, after pagination.

    ``kind`` is what the slide is for: title, agenda, section, objectives, content,
    case-study, activity, takeaways, session (an opening, panel, exercise … of the agenda),
    break, closing. ``layout`` is the layout role that draws it (content, two-content, table,
    chart, picture, quote, figure, figure-text, diagram, comparison, break …), chosen by the
    planner from what the slide holds.
    """

    number: int
    kind: str
    title: str
    bullets: tuple[BulletLine, ...] = ()
    notes: str = ""
    subtitle: str | None = None
    table: TableView | None = None
    chart: ChartView | None = None
    image: ImageView | None = None
    quote: QuoteView | None = None
    layout: str | None = None
    module_id: str | None = None
    continued: bool = False  # a "(cont.)" slide made by pagination
    session: tuple[int, int] | None = None  # (day, index) of the agenda session it belongs to
    activity: int | None = None  # index of the module activity it presents, if any
    cues: tuple[NoteCue, ...] = ()  # the notes as Say / Ask / Do cues, when written so
    figure: FigureView | None = None
    timeline: TimelineView | None = None
    process: ProcessView | None = None
    comparison: ComparisonView | None = None
    icon: str | None = None  # activity, case-study, discussion: the theme's icon for it
