"""The typed model of the YAML input: regions, source documents, modules and courses.

Every field's description is its documentation: ``docs/authoring.md`` and the JSON Schema
(``course-builder schema``) are written from these classes. Unknown keys are errors.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    model_validator,
)

from .i18n import N_
from .load import YFloat, YInt

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_TIME = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")


def _as_text(value: Any) -> Any:
    """Numbers keep the text they were written as (``1.10`` stays ``"1.10"``)."""
    if isinstance(value, (YInt, YFloat)):
        return value.src
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


# Longest texts a field takes, in characters: a title or name, a bullet, a paragraph. Longer
# input is a located error, not a slide that overflows or a header that fails later.
MAX_LABEL = 150
MAX_BULLET = 500
MAX_TEXT = 20_000

Text = Annotated[
    str, Field(max_length=MAX_TEXT), BeforeValidator(_as_text), AfterValidator(_not_blank)
]
"""Any text (a paragraph or several); may use Jinja2 expressions such as ``{{ course.city }}``."""
Label = Annotated[
    str, Field(max_length=MAX_LABEL), BeforeValidator(_as_text), AfterValidator(_not_blank)
]
"""A title or a name: one short line."""
BulletText = Annotated[
    str, Field(max_length=MAX_BULLET), BeforeValidator(_as_text), AfterValidator(_not_blank)
]
"""A bullet, a table cell, an objective or a key point: a sentence or two."""


def _text_of(limit: int):
    """Text of at most ``limit`` characters (its own limit, not stacked on another's)."""
    return Annotated[
        str, Field(max_length=limit), BeforeValidator(_as_text), AfterValidator(_not_blank)
    ]


FigureText = _text_of(24)
"""A key figure or a date as shown: a few characters."""
HeadingText = _text_of(80)
StepTitle = _text_of(60)
ShortText = _text_of(200)
"""A line that must fit a diagram's box."""

# Constraints come before the BeforeValidator so that the JSON Schema keeps the pattern
# (pydantic drops a pattern that follows a before-validator from the schema).
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=64), BeforeValidator(_as_text)]
"""Lower-case letters, digits and single hyphens: ``human-trafficking``."""

Minutes = Annotated[int, Field(gt=0, le=24 * 60, strict=True)]

LanguageTag = Annotated[
    str,
    Field(pattern=r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$", max_length=35),
    BeforeValidator(_as_text),
]
"""A BCP 47 language tag: `en`, `fr`, `ar`, `ar-DZ`."""


def _clock(value: Any) -> str:
    value = _as_text(value)
    if not isinstance(value, str) or not _TIME.match(value):
        raise ValueError("must be a 24-hour clock time such as '09:00'")
    return value


def clock_minutes(hhmm: str) -> int:
    """Minutes since midnight of a validated ``HH:MM`` clock time."""
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


ClockTime = Annotated[str, Field(pattern=r"^\d\d:\d\d$"), BeforeValidator(_clock)]


def _date_text(value: Any) -> Any:
    """Dates are written ``YYYY-MM-DD``; a number is not silently read as a Unix time."""
    if isinstance(value, (bool, int, float)):
        got = _as_text(value) if isinstance(value, bool) else f"the number {_as_text(value)}"
        raise ValueError(f"expected a date written YYYY-MM-DD, got {got}")
    return value


Date = Annotated[dt.date, BeforeValidator(_date_text)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def _when(value: Any) -> Any:
    """A date ``YYYY-MM-DD`` or a month ``YYYY-MM`` (read as its first day)."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (bool, int, float)):
        raise ValueError(
            f"expected a month written YYYY-MM or a date written YYYY-MM-DD, got "
            f"{_as_text(value) if isinstance(value, bool) else 'the number ' + _as_text(value)}"
        )
    if isinstance(value, str):
        month = _MONTH.match(value)
        if month:
            return dt.date(int(month[1]), int(month[2]), 1)
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError("expected a month written YYYY-MM or a date written YYYY-MM-DD")


When = Annotated[dt.date, BeforeValidator(_when)]
"""A month `YYYY-MM` (read as its first day) or a date `YYYY-MM-DD`."""


def _partial(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return _as_text(value)


PartialDate = Annotated[
    str,
    Field(pattern=r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"),
    BeforeValidator(_partial),
]
"""A date as precise as the source gives it: `2019`, `2019-03` or `2019-03-28`."""


def partial_start(value: str) -> dt.date:
    """The first day a partial date can mean: `2019` → 1 January 2019."""
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return dt.date(*parts[:3])


def partial_precision(value: str) -> str:
    """`year`, `month` or `day`."""
    return ("year", "month", "day")[value.count("-")]


class Dated(Strict):
    """An item that states a dated fact: courses show it only from `from` (and before
    `until`), compared with the course's reference date (its `as_of`, start date or month)."""

    model_config = ConfigDict(populate_by_name=True)

    from_: When | None = Field(
        default=None,
        alias="from",
        description="First month or date the item is true: `2019-04`, `2018-05-08`; courses "
        "held earlier do not show it.",
    )
    until: When | None = Field(
        default=None,
        description="Month or date from which the item no longer applies (superseded); "
        "courses held then or later do not show it.",
    )

    @model_validator(mode="after")
    def _in_order(self):
        if self.from_ and self.until and self.until <= self.from_:
            raise ValueError("`until` must come after `from`")
        return self


# --------------------------------------------------------------------------- regions


class Region(Strict):
    """A region that workshops are held for; modules' `regional:` blocks are keyed by its id."""

    id: Id = Field(description="Short id used by courses and `regional:` blocks, e.g. `sahel`.")
    name: Label = Field(description="Display name, e.g. `West Africa and the Sahel`.")
    countries: list[Label] = Field(
        default_factory=list, description="Countries the region covers, for the handout."
    )
    language: Text = Field(
        default="en", description="Default language tag (BCP 47) of its courses, e.g. `en`, `fr`."
    )
    part_of: Id | None = Field(
        default=None,
        description="A broader region (e.g. `europe` for `balkans`): when a module has no "
        "`regional:` block for this region, its courses receive the broader region's block.",
    )


class RegionsFile(Strict):
    """`courses/regions.yaml`: every region known to the programme."""

    regions: list[Region] = Field(min_length=1, description="The regions.")


class SourceDocument(Strict):
    """A source document that module facts rest on; modules cite it by id in `sources:`."""

    id: Text = Field(description="Short id modules cite, e.g. `nexus-initiative`.")
    title: Text = Field(description="Full title of the document.")
    file: Text | None = Field(default=None, description="File name of the document, if any.")
    publisher: Text | None = Field(default=None, description="Who issued it.")
    date: Text | None = Field(default=None, description="When it was issued, as written.")
    symbol: Text | None = Field(default=None, description="Document symbol, e.g. `S/2020/754`.")


class SourcesFile(Strict):
    """`courses/sources.yaml`: the catalogue of source documents."""

    documents: list[SourceDocument] = Field(min_length=1, description="The documents.")


# --------------------------------------------------------------------------- slides


class Bullet(Dated):
    """A bullet as a mapping: with sub-bullets, or dated (`{text: …, from: 2019-04}`). A bullet
    without either may be written as plain text. Translations find a bullet's text under the
    bullet's own key path when it has no sub-bullets, as if it were written as plain text."""

    text: BulletText = Field(description="The bullet's text.")
    sub: list[BulletItem] = Field(
        default_factory=list, description="Sub-bullets, one level deeper (at most 4 levels)."
    )


def _bullet_kind(value: Any) -> str:
    return "bullet-map" if isinstance(value, (dict, Bullet)) else "bullet-text"


BulletItem = Annotated[
    Annotated[BulletText, Tag("bullet-text")] | Annotated[Bullet, Tag("bullet-map")],
    Discriminator(_bullet_kind),
]
Bullet.model_rebuild()


class DatedText(Dated):
    """A key point, example or objective that states a dated fact, written as a mapping:
    `{text: …, from: 2019-04}`. Translations find its text under the item's own key path,
    as if it were written as plain text."""

    text: BulletText = Field(description="The text.")


def _point_kind(value: Any) -> str:
    return "point-map" if isinstance(value, (dict, DatedText)) else "point-text"


PointItem = Annotated[
    Annotated[BulletText, Tag("point-text")] | Annotated[DatedText, Tag("point-map")],
    Discriminator(_point_kind),
]
"""A key point, example or objective: plain text, or `{text: …, from: …, until: …}`."""


class Row(Dated):
    """A table row that states a dated fact: `{cells: [...], from: 2019-04}`. Translations
    find its cells under the row's own key path, as if it were written as a plain list."""

    cells: list[BulletText] = Field(min_length=1, description="The row's cells.")


def _row_kind(value: Any) -> str:
    return "row-map" if isinstance(value, (dict, Row)) else "row-list"


RowItem = Annotated[
    Annotated[list[BulletText], Tag("row-list")] | Annotated[Row, Tag("row-map")],
    Discriminator(_row_kind),
]


def row_cells(row: Any) -> list[str]:
    """The cells of a table row, however it is written."""
    return list(row.cells) if isinstance(row, Row) else list(row)


class Category(Dated):
    """A chart category that states a dated fact: `{text: "2020", from: 2020-08}`; its value
    in every series goes with it. Translations find its text under its own key path."""

    text: Label = Field(description="The category label.")


def _category_kind(value: Any) -> str:
    return "category-map" if isinstance(value, (dict, Category)) else "category-text"


CategoryItem = Annotated[
    Annotated[Label, Tag("category-text")] | Annotated[Category, Tag("category-map")],
    Discriminator(_category_kind),
]


def item_text(item: Any) -> str:
    """The text of a plain or dated text item (a point, a category, a bullet)."""
    return item if isinstance(item, str) else item.text


class Table(Strict):
    """A native table. Long tables are split across continuation slides, header repeated."""

    columns: list[Label] = Field(min_length=1, description="Column headings.")
    rows: list[RowItem] = Field(
        min_length=1,
        description="Rows; each as long as `columns`. A dated row is a mapping "
        "`{cells: [...], from: 2019-04}`.",
    )
    caption: Text | None = Field(default=None, description="Caption shown under the table.")
    source: Text | None = Field(default=None, description="Source line, e.g. `Source: CTED`.")

    @model_validator(mode="after")
    def _rows_match(self) -> Table:
        for index, row in enumerate(self.rows):
            if len(row_cells(row)) != len(self.columns):
                raise ValueError(
                    f"row {index + 1} has {len(row_cells(row))} cells but there are "
                    f"{len(self.columns)} columns"
                )
        return self


class Series(Strict):
    """One data series of a chart."""

    name: Label = Field(description="Series name, shown in the legend.")
    values: list[float] = Field(min_length=1, description="One number per category.")


class Chart(Strict):
    """A native, editable chart (the data travels inside the deck)."""

    type: Literal["bar", "column", "line", "pie"] = Field(
        description="`bar` (horizontal), `column` (vertical), `line` or `pie`."
    )
    title: Label | None = Field(default=None, description="Chart title.")
    categories: list[CategoryItem] = Field(
        min_length=1,
        description="Category labels; a dated one is `{text: …, from: …}` and takes its "
        "values with it.",
    )
    series: list[Series] = Field(min_length=1, description="Data series.")
    number_format: Text = Field(
        default="General", description="Excel number format of data labels, e.g. `0%`."
    )
    source: Text | None = Field(default=None, description="Source line shown under the chart.")

    @model_validator(mode="after")
    def _lengths_match(self) -> Chart:
        for s in self.series:
            if len(s.values) != len(self.categories):
                raise ValueError(
                    f"series {s.name!r} has {len(s.values)} values but there are "
                    f"{len(self.categories)} categories"
                )
        if self.type == "pie" and len(self.series) != 1:
            raise ValueError("a pie chart takes exactly one series")
        if self.type == "pie" and sum(1 for v in self.series[0].values if v > 0) < 2:
            raise ValueError(
                "a pie chart needs at least two shares greater than zero; show a single "
                "figure as a `figure:` (a key figure) instead"
            )
        return self


class Image(Strict):
    """A picture, scaled to fit its placeholder with its aspect ratio kept."""

    path: Text = Field(
        description="Path relative to the file that names it; must stay inside the project."
    )
    alt: Text = Field(description="Alternative text for screen readers (required).")
    caption: Text | None = Field(default=None, description="Caption shown under the picture.")


class Quote(Strict):
    """A quotation shown large on its own slide."""

    text: BulletText = Field(description="The quotation.")
    attribution: Text | None = Field(default=None, description="Who said or wrote it.")


class KeyFigure(Strict):
    """A key figure shown big on its slide: a number, what it counts, and its source."""

    value: FigureText = Field(
        description="The figure as shown, at most 24 characters: `USD 150 billion`, `134`."
    )
    label: BulletText = Field(description="What the figure counts, in a sentence.")
    source: Text | None = Field(default=None, description="Source line shown under it.")


class TimelineEvent(Dated):
    """One dated event of a timeline."""

    date: FigureText = Field(description="When, as shown: `2001`, `May 2018`.")
    text: ShortText = Field(description="What happened, briefly.")


class Timeline(Strict):
    """Dated events in order, drawn on a line; more than fit one slide continue on the next."""

    events: list[TimelineEvent] = Field(min_length=2, description="Events, oldest first.")
    source: Text | None = Field(default=None, description="Source line shown under it.")


class ProcessStep(Strict):
    """One step of a process diagram."""

    title: StepTitle = Field(description="The step, in a few words.")
    text: ShortText | None = Field(default=None, description="A line explaining it (optional).")


class Process(Strict):
    """Three to six steps drawn left to right with arrows between them."""

    steps: list[ProcessStep] = Field(
        min_length=3, max_length=6, description="The steps, in order (3 to 6)."
    )
    source: Text | None = Field(default=None, description="Source line shown under it.")


class ComparisonSide(Strict):
    """One side of a two-column comparison."""

    heading: HeadingText = Field(description="Heading of the column.")
    bullets: list[BulletItem] = Field(min_length=1, description="Its points, nestable.")


class Comparison(Strict):
    """Two columns side by side, each with a heading: before and after, two kinds of group …"""

    left: ComparisonSide = Field(description="The left column.")
    right: ComparisonSide = Field(description="The right column.")
    source: Text | None = Field(default=None, description="Source line shown under them.")


VISUALS = ("table", "chart", "image", "quote", "figure", "timeline", "process", "comparison")


class Cue(Strict):
    """One cue of structured speaker notes: what the trainer says, asks or does."""

    say: Text | None = Field(default=None, description="What the trainer says.")
    ask: Text | None = Field(default=None, description="A question the trainer puts to the room.")
    do: Text | None = Field(
        default=None, description="Something the trainer does (show, point, hand out)."
    )

    @model_validator(mode="after")
    def _one(self) -> Cue:
        given = [k for k in ("say", "ask", "do") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("a cue has exactly one of `say`, `ask` or `do`")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in ("say", "ask", "do") if getattr(self, k) is not None)

    @property
    def text(self) -> str:
        return getattr(self, self.kind)


def _notes_kind(value: Any) -> str:
    return "notes-cues" if isinstance(value, list) else "notes-text"


Notes = Annotated[
    Annotated[Text, Tag("notes-text")] | Annotated[list[Cue], Tag("notes-cues")],
    Discriminator(_notes_kind),
]
"""Speaker notes: plain text, or a list of cues (`- say: …`, `- ask: …`, `- do: …`)."""


class Slide(Dated):
    """One content slide. Give bullets, or a table, chart, image or quote (with optional
    bullets beside a chart or image)."""

    title: Label = Field(description="Slide title (every slide has one, also for screen readers).")
    bullets: list[BulletItem] = Field(default_factory=list, description="Bullets, nestable.")
    notes: Notes | None = Field(
        default=None,
        description="Speaker notes: text the trainer can say, or a list of cues "
        "(`- say: …`, `- ask: …`, `- do: …`) shown as Say / Ask / Do in the guide.",
    )
    table: Table | None = Field(default=None, description="A native table.")
    chart: Chart | None = Field(default=None, description="A native chart.")
    image: Image | None = Field(default=None, description="A picture with alt text.")
    quote: Quote | None = Field(default=None, description="A quotation.")
    figure: KeyFigure | None = Field(
        default=None, description="A key figure shown big (bullets may stand beside it)."
    )
    timeline: Timeline | None = Field(default=None, description="Dated events on a line.")
    process: Process | None = Field(
        default=None, description="Steps drawn left to right with arrows."
    )
    comparison: Comparison | None = Field(
        default=None, description="Two columns side by side, each with a heading."
    )
    layout: Text | None = Field(
        default=None,
        description="Theme layout name to force (`content`, `two-content`, `table`, `chart`, "
        "`picture`, `quote`); chosen from the content when omitted.",
    )

    @model_validator(mode="after")
    def _has_content(self) -> Slide:
        visuals = [n for n in VISUALS if getattr(self, n)]
        if len(visuals) > 1:
            raise ValueError(
                f"a slide holds at most one of {', '.join(VISUALS)}; "
                f"this one has {', '.join(visuals)}"
            )
        if not visuals and not self.bullets:
            raise ValueError(f"a slide needs bullets or one of {', '.join(VISUALS)}")
        if visuals and self.bullets and visuals[0] in ("timeline", "process", "comparison"):
            raise ValueError(
                f"a {visuals[0]} fills its slide: give its points inside it, not as `bullets`"
            )
        return self


# --------------------------------------------------------------------------- activities


class Question(Dated):
    """A discussion question; the model answer appears only in the facilitator guide."""

    question: Text = Field(description="The question, as put to participants.")
    answer: Text = Field(description="Model answer (facilitator guide only).")


class Activity(Dated):
    """An exercise or discussion inside a module's session."""

    title: Label = Field(description="Activity title.")
    kind: Literal["discussion", "group-exercise", "case-study", "quiz", "role-play"] = Field(
        default="discussion", description="What sort of activity it is."
    )
    minutes: Minutes = Field(description="Time it takes, within the module's minutes.")
    instructions: Text = Field(description="What participants do (handout and guide).")
    materials: list[BulletText] = Field(
        default_factory=list, description="Materials to prepare (guide checklist)."
    )
    questions: list[Question] = Field(default_factory=list, description="Discussion questions.")


# --------------------------------------------------------------------------- modules


class GlossaryTerm(Dated):
    """A term explained in the handout's glossary (merged across modules, sorted)."""

    term: Label = Field(description="The term.")
    definition: Text = Field(description="Its definition, in plain words.")


InstrumentType = Literal[
    "resolution",
    "presidential-statement",
    "convention",
    "protocol",
    "document",
    "good-practices",
    "report",
]


class Instrument(Strict):
    """An instrument of `courses/instruments.yaml`: modules cite it by id, and the
    anachronism check knows its date."""

    id: Id = Field(description="Id modules cite, e.g. `unscr-2462`.")
    type: InstrumentType = Field(description="What kind of instrument.")
    number: int | None = Field(
        default=None, description="Resolution number, e.g. `2462` (resolutions only)."
    )
    symbol: Text | None = Field(default=None, description="Document symbol, e.g. `S/RES/2462`.")
    title: Text = Field(description="Title or short description.")
    date: PartialDate = Field(
        description="When it was adopted or issued, as precisely as the sources give it: "
        "`2019`, `2018-05` or `2018-05-08`; references to it are shown from then on."
    )

    @property
    def start(self) -> dt.date:
        """The first day its date can mean."""
        return partial_start(self.date)

    body: Text | None = Field(
        default=None, description="Issuing body, e.g. `Security Council`, `GCTF`."
    )

    @model_validator(mode="after")
    def _numbered(self) -> Instrument:
        if self.type == "resolution" and self.number is None:
            raise ValueError("a resolution needs its `number`")
        return self


class InstrumentsFile(Strict):
    """`courses/instruments.yaml`: the catalogue of instruments (resolutions, statements,
    conventions, good practices …) that modules cite and text mentions."""

    instruments: list[Instrument] = Field(min_length=1, description="The instruments.")


class Reference(Dated):
    """An instrument or document cited by the module: `{instrument: unscr-2462}` takes it from
    `courses/instruments.yaml` (and is shown only to courses held on or after its date), or
    describe it here. Resolutions are listed in numeric order in the handout's list of
    instruments."""

    instrument: Id | None = Field(
        default=None,
        description="Id of an instrument in `courses/instruments.yaml`: its type, number, "
        "symbol, title, year and date come from there; fields given here override them.",
    )
    type: InstrumentType | None = Field(
        default=None, description="What kind of instrument (required without `instrument`)."
    )
    number: int | None = Field(
        default=None, description="Resolution number, e.g. `2195` (resolutions only)."
    )
    year: int | None = Field(default=None, ge=1945, le=2100, description="Year adopted.")
    symbol: Text | None = Field(default=None, description="Document symbol, e.g. `S/PRST/2018/9`.")
    title: Text | None = Field(default=None, description="Title or short description.")
    body: Text | None = Field(
        default=None, description="Issuing body, e.g. `Security Council`, `GCTF`."
    )

    @model_validator(mode="after")
    def _complete(self) -> Reference:
        if self.instrument is not None:
            return self
        if self.type is None:
            raise ValueError("give the `instrument` id, or its `type`")
        if self.type == "resolution" and self.number is None:
            raise ValueError("a resolution needs its `number`")
        if self.type != "resolution" and self.title is None and self.symbol is None:
            raise ValueError("give a `title` or a `symbol`")
        return self


class SourceCitation(Dated):
    """Which source document backs the module's facts; date it (`from: 2020-08`) when the
    document appeared after courses that use the module."""

    document: Text = Field(description="Id of a document in `courses/sources.yaml`.")
    backs: Text = Field(description="Which facts of the module it backs.")


class CaseStudy(Dated):
    """A regional case study: a slide in the deck, a section in the handout."""

    title: Label = Field(description="Case-study title.")
    summary: Text = Field(description="The case, in a short paragraph (handout).")
    bullets: list[BulletItem] = Field(default_factory=list, description="Points for the slide.")
    notes: Notes | None = Field(
        default=None, description="Speaker notes for the slide: text or a list of cues."
    )
    questions: list[Question] = Field(
        default_factory=list, description="Questions on the case, with model answers."
    )
    sources: list[Text] = Field(
        default_factory=list, description="Ids of the source documents this case rests on."
    )


class RegionalBlock(Strict):
    """Content only the courses of one region receive."""

    case_studies: list[CaseStudy] = Field(default_factory=list, description="Case studies.")
    examples: list[PointItem] = Field(
        default_factory=list, description="Short regional examples, added to key points."
    )
    slides: list[Slide] = Field(
        default_factory=list, description="Extra slides, shown after the module's own slides."
    )
    notes: Text | None = Field(
        default=None, description="Regional context for the facilitator guide."
    )


class Module(Strict):
    """`courses/modules/<id>.yaml`: a shared teaching unit that several courses use."""

    id: Id = Field(description="Module id; must equal the file name without `.yaml`.")
    title: Label = Field(description="Module title.")
    version: Text = Field(description="Content version, e.g. `1.2`; bump it when you edit.")
    minutes: Minutes = Field(description="Default session length, activities included.")
    summary: Text = Field(description="Handout summary of the module (a few paragraphs).")
    objectives: list[PointItem] = Field(min_length=1, description="Learning objectives.")
    key_points: list[PointItem] = Field(
        min_length=1, description="Key points: the module's key takeaways."
    )
    slides: list[Slide] = Field(min_length=1, description="Content slides, in order.")
    activities: list[Activity] = Field(default_factory=list, description="Activities.")
    glossary: list[GlossaryTerm] = Field(default_factory=list, description="Glossary terms.")
    references: list[Reference] = Field(default_factory=list, description="Instruments cited.")
    sources: list[SourceCitation] = Field(
        min_length=1, description="Source documents the module's facts rest on."
    )
    regional: dict[Id, RegionalBlock] = Field(
        default_factory=dict, description="Content keyed by region id, for that region only."
    )
    facilitator_notes: Text | None = Field(
        default=None, description="General delivery advice for the facilitator guide."
    )


# --------------------------------------------------------------------------- courses


class Host(Strict):
    """An organisation hosting or supporting the workshop."""

    name: Label = Field(description="Organisation name.")
    role: Literal["host", "partner", "organiser", "funder"] = Field(
        default="host", description="Its role."
    )


class Dates(Strict):
    """When the workshop runs: either a `month` (`"2017-10"`) when the days are not known,
    or a `start` date (and `end` for more than one day)."""

    month: str | None = Field(
        default=None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="`YYYY-MM`."
    )
    start: Date | None = Field(default=None, description="First day, `YYYY-MM-DD`.")
    end: Date | None = Field(default=None, description="Last day, `YYYY-MM-DD`.")

    @model_validator(mode="after")
    def _one_form(self) -> Dates:
        if self.month and (self.start or self.end):
            raise ValueError("give either `month` or `start`/`end`, not both")
        if not self.month and not self.start:
            raise ValueError("give `month` (YYYY-MM) or a `start` date")
        if self.end and not self.start:
            raise ValueError("`end` needs a `start`")
        if self.start and self.end and self.end < self.start:
            raise ValueError("`end` is before `start`")
        return self


class ModuleSession(Strict):
    """A session that teaches a shared module, with optional overrides."""

    module: Id = Field(description="Id of the module (file name in `courses/modules/`).")
    minutes: Minutes | None = Field(default=None, description="Override the module's minutes.")
    title: Label | None = Field(default=None, description="Override the module's title.")
    skip_slides: list[Label] = Field(
        default_factory=list, description="Titles of module slides to leave out."
    )
    notes: Text | None = Field(
        default=None, description="Extra speaker notes added to every content slide."
    )
    presenter: Text | None = Field(default=None, description="Who presents (role or name).")


ItemKind = Literal[
    "opening", "closing", "break", "lunch", "panel", "qa", "exercise", "keynote", "other"
]


class Prompt(Strict):
    """A question put to the room or to a panel, with what to listen for (guide only)."""

    question: Text = Field(description="The question, as put.")
    answer: Text | None = Field(
        default=None, description="Points to listen for, or expected findings (guide only)."
    )


def _prompt_kind(value: Any) -> str:
    return "prompt-map" if isinstance(value, (dict, Prompt)) else "prompt-text"


PromptItem = Annotated[
    Annotated[Text, Tag("prompt-text")] | Annotated[Prompt, Tag("prompt-map")],
    Discriminator(_prompt_kind),
]


class Step(Strict):
    """One step of a session's running order, e.g. `{minutes: 10, text: Panellists' openings}`."""

    minutes: Minutes = Field(description="How long the step takes.")
    text: BulletText = Field(description="What happens in it.")


class SessionContent(Strict):
    """What an opening, panel, exercise or closing holds beyond its title and minutes. Every
    key is optional: the deck, handout and guide show what is given."""

    aims: list[BulletText] = Field(
        default_factory=list, description="What the session is for (deck slide, handout)."
    )
    points: list[BulletItem] = Field(
        default_factory=list,
        description="Points for its slide, e.g. ground rules or next steps (deck, handout).",
    )
    questions: list[PromptItem] = Field(
        default_factory=list,
        description="Guiding questions (deck, handout); a mapping form adds points to listen "
        "for (guide only).",
    )
    task: Text | None = Field(
        default=None, description="What participants are asked to do (deck, handout, guide)."
    )
    groups: Text | None = Field(
        default=None, description="How groups are formed and what roles they take."
    )
    scenario: Text | None = Field(
        default=None,
        description="The scenario participants work on (handout and guide; blank lines "
        "separate paragraphs).",
    )
    expected: list[BulletText] = Field(
        default_factory=list,
        description="Expected findings or outcomes (facilitator guide only).",
    )
    brief: Text | None = Field(
        default=None,
        description="The moderator's or facilitator's brief (facilitator guide only).",
    )
    steps: list[Step] = Field(
        default_factory=list, description="Running order with minutes (deck, guide)."
    )
    notes: Text | None = Field(default=None, description="Speaker notes for the session's slide.")


class Person(Strict):
    """A panellist, moderator or contact."""

    name: Label = Field(description="Name, or a role when the person is not yet known.")
    role: Label | None = Field(default=None, description="Position, e.g. `Head of unit`.")
    organisation: Label | None = Field(default=None, description="Organisation.")


class PlainSession(SessionContent):
    """A session that is not a module: opening, break, lunch, panel, Q&A, exercise … It may
    `use` a session pack from `courses/sessions/` and add to it."""

    item: ItemKind = Field(description="What sort of session.")
    title: Label | None = Field(default=None, description="Title; a default follows from `item`.")
    minutes: Minutes = Field(description="How long it lasts.")
    description: Text | None = Field(default=None, description="What happens (guide, handout).")
    materials: list[Text] = Field(default_factory=list, description="Materials to prepare.")
    use: Id | None = Field(
        default=None,
        description="Id of a session pack in `courses/sessions/` whose content this session "
        "takes (its own keys add to it: lists and the `brief` are appended, other texts replace).",
    )
    moderator: Person | None = Field(default=None, description="Who moderates (panels).")
    panellists: list[Person] = Field(default_factory=list, description="Panellists (panels).")
    contacts: list[Person] = Field(
        default_factory=list, description="Contacts to show, e.g. on the closing slide."
    )


class SessionPack(SessionContent):
    """`courses/sessions/<id>.yaml`: shared content for openings, panels, exercises and closings
    that outlines take with `use:`, with additions for each region."""

    id: Id = Field(description="Pack id; must equal the file name without `.yaml`.")
    item: ItemKind = Field(description="The kind of session it serves, e.g. `panel`.")
    title: Label | None = Field(
        default=None, description="Default title of sessions that use it (the outline's wins)."
    )
    version: Label = Field(description="Content version, e.g. `1.0`; bump it when you edit.")
    materials: list[Text] = Field(default_factory=list, description="Materials to prepare.")
    sources: list[SourceCitation] = Field(
        default_factory=list, description="Source documents its facts rest on."
    )
    regional: dict[Id, SessionContent] = Field(
        default_factory=dict,
        description="Additions keyed by region id, for that region's courses only.",
    )


def _session_kind(value: Any) -> str | None:
    if isinstance(value, ModuleSession) or (isinstance(value, dict) and "module" in value):
        return "module-session"
    if isinstance(value, PlainSession) or (isinstance(value, dict) and "item" in value):
        return "plain-session"
    return None


Session = Annotated[
    Annotated[ModuleSession, Tag("module-session")] | Annotated[PlainSession, Tag("plain-session")],
    Discriminator(
        _session_kind,
        custom_error_type="session_kind",
        custom_error_message="a session needs `module:` (a shared module id) or `item:` "
        "(opening, closing, break, lunch, panel, qa, exercise, keynote, other)",
    ),
]


class Day(Strict):
    """One workshop day: a start time and its sessions, back to back."""

    start: ClockTime = Field(description="Clock time the day starts, `HH:MM` (24-hour).")
    end: ClockTime | None = Field(
        default=None, description="Latest end; an agenda that runs past it is an error."
    )
    title: Label | None = Field(default=None, description="Theme of the day, e.g. `Responses`.")
    sessions: list[Session] = Field(min_length=1, description="Sessions in order.")


class Agenda(Strict):
    """The workshop agenda."""

    days: list[Day] = Field(min_length=1, description="Days in order.")


class Course(Strict):
    """`courses/<id>.yaml`: one workshop."""

    id: Id = Field(description="Course id; must equal the file name without `.yaml`.")
    title: Label = Field(description="Workshop title.")
    subtitle: Label | None = Field(default=None, description="Subtitle for the title slide.")
    region: Id = Field(description="Region id from `courses/regions.yaml`.")
    city: Label = Field(description="City where the workshop is held.")
    country: Label = Field(description="Country where the workshop is held.")
    dates: Dates = Field(description="When it runs.")
    as_of: When | Literal["latest"] | None = Field(
        default=None,
        description="The date whose knowledge the course shows (dated items of modules "
        "valid then): a month `YYYY-MM` or a date, or `latest` for all current content (e.g. "
        "a self-study edition); default: the start date or month of `dates`.",
    )
    language: Text | None = Field(
        default=None,
        description="Language tag (BCP 47) the outline and its modules are written in; "
        "defaults to the region's.",
    )
    languages: list[LanguageTag] = Field(
        default_factory=list,
        description="Editions to build, e.g. `[en, fr, ar]`: each is built from "
        "`courses/translations/<tag>/` (see `course-builder translate`); default: the "
        "source language only. Files of other editions are named `<id>-deck.fr.pptx` ….",
    )
    theme: Id = Field(default="default", description="Theme folder name in `templates/`.")
    hosts: list[Host] = Field(min_length=1, description="Hosts and partners.")
    audience: Text | None = Field(default=None, description="Who the workshop is for.")
    description: Text | None = Field(default=None, description="A paragraph for the handout.")
    participants: Annotated[int, Field(ge=1, le=500, strict=True)] | None = Field(
        default=None,
        description="How many participants are expected: the rows of each day's sign-in "
        "sheet (default 30).",
    )
    agenda: Agenda = Field(description="Days and sessions.")


Points = Annotated[float, Field(ge=4, le=200, strict=True)]


def _pattern(value: str) -> str:
    """A label with ``{name}`` fields: braces must pair and name a field."""
    import string

    try:
        names = [name for _, name, _, _ in string.Formatter().parse(value) if name is not None]
    except ValueError as exc:
        raise ValueError(f"braces do not pair: {exc}") from None
    bad = [n for n in names if not n.isidentifier()]
    if bad:
        raise ValueError(f"{{{bad[0]}}} is not a field name")
    return value


Pattern = Annotated[Text, AfterValidator(_pattern)]
"""A label with ``{fields}`` filled in by the deck, e.g. ``Module {number} of {total}``."""


class DeckLabels(Strict):
    """`options.deck_labels` of a theme: the texts the deck generates, relabelled (another
    language, house wording). Each key not given keeps the text shown here."""

    agenda: Text = Field(default=N_("Agenda"), description="Title of the agenda slides.")
    continued: Text = Field(
        default=N_("(cont.)"), description="Added to the title of a continued slide."
    )
    objectives: Text = Field(
        default=N_("Learning objectives"), description="Title of a module's objectives slide."
    )
    takeaways: Text = Field(
        default=N_("Key takeaways"), description="Title of the takeaways slide."
    )
    case_study: Text = Field(
        default=N_("Case study"), description="Before a case study's title on its slide."
    )
    questions: Text = Field(
        default=N_("Questions for discussion"),
        description="Line above the questions of an activity or case study.",
    )
    closing: Text = Field(default=N_("Thank you"), description="Title of the closing slide.")
    time: Text = Field(
        default=N_("Time"),
        description="Agenda column: clock time; also before an activity's minutes.",
    )
    session: Text = Field(default=N_("Session"), description="Agenda column: session.")
    minutes: Text = Field(default=N_("minutes"), description="Unit after a number of minutes.")
    host: Text = Field(default=N_("Hosted by"), description="Before the hosts' names.")
    partner: Text = Field(default=N_("In partnership with"), description="Before partners' names.")
    organiser: Text = Field(default=N_("Organised by"), description="Before organisers' names.")
    funder: Text = Field(default=N_("With the support of"), description="Before funders' names.")
    discussion: Text = Field(default=N_("Discussion"), description="Activity kind `discussion`.")
    group_exercise: Text = Field(
        default=N_("Group exercise"),
        alias="group-exercise",
        description="Activity kind `group-exercise`.",
    )
    case_study_exercise: Text = Field(
        default=N_("Case study exercise"),
        alias="case-study",
        description="Activity kind `case-study`.",
    )
    quiz: Text = Field(default=N_("Quiz"), description="Activity kind `quiz`.")
    role_play: Text = Field(
        default=N_("Role play"), alias="role-play", description="Activity kind `role-play`."
    )
    module_part: Pattern = Field(
        default=N_("{title} · Module {number}"),
        description="A generated title the deck repeats per module (objectives, takeaways), "
        "told apart: `{title}`, `{number}`.",
    )
    at_time: Pattern = Field(
        default=N_("{title} · {time}"),
        description="A title the deck repeats per session (breaks, lunch), told apart by "
        "its start: `{title}`, `{time}`.",
    )
    continued_again: Pattern = Field(
        default=N_("(cont. {number})"),
        description="Added to the title of the second and later continued slides (`{number}`: "
        "2, 3 …).",
    )
    numbered: Pattern = Field(
        default=N_("{title} ({number})"),
        description="Any other title that would repeat in a deck: `{title}`, `{number}`.",
    )
    module_of: Pattern = Field(
        default=N_("Module {number} of {total}"),
        description="Section divider: which module this is (`{number}`, `{total}`).",
    )
    back_at: Pattern = Field(
        default=N_("Back at {time}"),
        description="Break and lunch slides: when to be back (`{time}`).",
    )
    next: Text = Field(default=N_("Next"), description="Break slides: before the next session.")
    say: Text = Field(default=N_("Say"), description="Speaker notes: before a Say cue.")
    ask: Text = Field(default=N_("Ask"), description="Speaker notes: before an Ask cue.")
    do: Text = Field(default=N_("Do"), description="Speaker notes: before a Do cue.")
    suggested_time: Pattern = Field(
        default=N_("Suggested time: {minutes} min, from {start}"),
        description="Speaker notes: the slide's time (`{minutes}`, `{start}`).",
    )
    continues: Pattern = Field(
        default=N_("Continues slide {number}; new here:"),
        description="Speaker notes of a continued slide, before what it adds (`{number}`).",
    )
    aims: Text = Field(default=N_("Aims"), description="Heading of a session's aims.")
    ground_rules: Text = Field(
        default=N_("Ground rules"), description="Heading of an opening's points."
    )
    next_steps: Text = Field(default=N_("Next steps"), description="Heading of a closing's points.")
    key_points: Text = Field(default=N_("Key points"), description="Heading of a session's points.")
    panellists: Text = Field(default=N_("Panellists"), description="Heading of a panel's speakers.")
    moderator: Text = Field(default=N_("Moderator"), description="Before a panel's moderator.")
    guiding_questions: Text = Field(
        default=N_("Guiding questions"), description="Heading of a panel's or session's questions."
    )
    task: Text = Field(default=N_("Task"), description="Before an exercise's task.")
    groups: Text = Field(default=N_("Groups"), description="Before how an exercise's groups form.")
    materials: Text = Field(default=N_("Materials"), description="Before what a session needs.")
    running_order: Text = Field(
        default=N_("Running order"), description="Title of an exercise's steps slide."
    )
    covered: Text = Field(default=N_("What we covered"), description="Closing: the modules taught.")
    contacts: Text = Field(default=N_("Contacts"), description="Closing: before the contacts.")
    evaluation: Text = Field(
        default=N_("Please fill in the evaluation form before you leave"),
        description="Closing: shown when the session's materials include evaluation forms.",
    )


class ThemeOptions(Strict):
    """`options` of a theme: how the renderers lay text out. A theme that `extends` another
    overrides only the options it gives."""

    min_font_pt: Points = Field(
        default=18,
        description="Deck body text is never set smaller (points); text that does not fit "
        "continues on a '(cont.)' slide.",
    )
    max_body_lines: Annotated[int, Field(ge=1, le=100, strict=True)] | None = Field(
        default=14,
        description="At most this many lines of body text on one slide, even when more "
        "would fit; `null` for no limit but the slide's size.",
    )
    chart_font_pt: Points = Field(
        default=14, description="Text size of chart labels, legends and axes (points)."
    )
    deck_labels: DeckLabels = Field(
        default_factory=DeckLabels,
        description="Relabel generated slide texts, e.g. `{agenda: Programme, continued: "
        "(suite)}`; labels not given come from the builder's catalogue in the edition's "
        "language.",
    )
    complex_script_font: Label | None = Field(
        default=None,
        description="Typeface for Arabic, Hebrew and other complex-script text (`a:cs` in "
        "decks, `w:rFonts w:cs` in documents), e.g. `Amiri`; give its files under `fonts:` "
        "so that slide text in those scripts is measured with it.",
    )
    complex_script_line_spacing: Annotated[float, Field(ge=0.6, le=1.5)] = Field(
        default=0.85,
        description="Word documents of right-to-left editions: the styles' automatic line "
        "spacing is multiplied by this, because Arabic fonts such as Amiri carry tall line "
        "metrics (room for stacked marks) that would otherwise make every page run long.",
    )
    notes_space: Literal["lines", "page", "none"] = Field(
        default="lines",
        description="Where handout participants write: `lines` (a few ruled lines at the end "
        "of each module, kept with its last text), `page` (a full ruled page after each "
        "module) or `none`.",
    )
    notes_lines: Annotated[int, Field(ge=1, le=40, strict=True)] = Field(
        default=8, description="How many ruled lines `notes_space: lines` gives each module."
    )


class FontFiles(Strict):
    """The font files of one typeface, in the theme folder: what the deck measures its text
    with (a typeface without files is measured by a conservative estimate, with a warning)."""

    regular: Text = Field(description="Regular style, e.g. `fonts/Carlito-Regular.ttf`.")
    bold: Text | None = Field(default=None, description="Bold style.")
    italic: Text | None = Field(default=None, description="Italic style.")
    bold_italic: Text | None = Field(default=None, description="Bold italic style.")


class ThemeFile(Strict):
    """`templates/<theme>/theme.yaml`: what a theme provides."""

    name: Text = Field(description="Display name.")
    extends: Id | None = Field(default=None, description="Theme to inherit from.")
    deck: Text | None = Field(default=None, description="PowerPoint template file name.")
    handout: Text | None = Field(default=None, description="Word template for the handout.")
    guide: Text | None = Field(default=None, description="Word template for the guide.")
    master: int | Text | None = Field(
        default=None,
        description="Slide master of the deck template to use, by name or number (from 1; "
        "`course-builder theme inspect` lists them). Default: the first.",
    )
    layouts: dict[str, Text] = Field(
        default_factory=dict, description="Role → layout name in the deck template."
    )
    styles: dict[str, Text] = Field(
        default_factory=dict, description="Role → style name in the Word templates."
    )
    options: ThemeOptions = Field(
        default_factory=ThemeOptions, description="Renderer options (see Theme options)."
    )
    fonts: dict[Label, FontFiles] = Field(
        default_factory=dict,
        description="Typeface named by the deck template (e.g. `Calibri`, also through its "
        "theme fonts) → its font files (TrueType or OpenType), or files of a metric-compatible "
        "font; slide text is fitted with them.",
    )
