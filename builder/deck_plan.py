"""The deck's composition, pagination and numbering.

:func:`plan_deck` turns a resolved :class:`~builder.view.CourseView` into the numbered
:class:`~builder.view.SlideView` list that the deck renderer draws and the facilitator guide
cites ("Slide 12 — Three forms of interaction"):

* a title slide (title, subtitle, place and dates, hosts and partners),
* the agenda with clock times, one table per day, split across slides when long,
* per module session: a section header, the learning objectives, the module's content slides,
  the region's case studies, one slide per activity (questions, never model answers) and the
  key takeaways,
* a closing slide.

Text is paginated here, against the placeholder sizes and font sizes of the theme's deck
template (:mod:`builder.deck_metrics`): content that would overflow goes on continuation slides
titled "<title> (cont.)", spread evenly; nothing is cut and nothing is shrunk. Long tables are
split by rows (the renderer repeats the header). Every slide carries speaker notes.

``SlideView.layout`` holds the layout *role* (``title``, ``agenda``, ``section``, ``content``,
``two-content``, ``table``, ``chart``, ``picture``, ``quote``, ``closing``);
:func:`layout_name` maps it to a layout of the template through the theme. Role contracts (the
content placeholders of a layout, in ``idx`` order, after the title) are in :data:`CONTRACTS`.
On ``title`` and ``closing`` slides the bullets are the detail lines: the first goes to the
place-and-dates placeholder, the others to the hosts placeholder.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .context import join_list
from .deck_metrics import (
    Box,
    LayoutMetrics,
    TemplateMetrics,
    column_widths,
    row_heights,
    template_metrics,
)
from .errors import BuildError
from .model import DeckLabels
from .theme import Theme
from .view import (
    ActivityView,
    BulletLine,
    CaseStudyView,
    ContentSlide,
    CourseView,
    ModuleView,
    QuoteView,
    SessionView,
    SlideView,
    TableView,
)

log = logging.getLogger(__name__)

# role → names of its content placeholders, in idx order
CONTRACTS: dict[str, tuple[str, ...]] = {
    "title": ("subtitle", "details", "hosts"),
    "agenda": ("table", "day"),
    "section": ("subtitle",),
    "content": ("body",),
    "two-content": ("left", "right", "caption"),
    "table": ("table", "caption"),
    "chart": ("chart", "caption"),
    "picture": ("picture", "caption"),
    "quote": ("quote", "attribution"),
    "closing": ("subtitle", "details"),
}
# slide kinds drawn on the content layout unless the theme maps them to a layout of their own

# texts the deck generates; a theme relabels them under options.deck_labels
DEFAULT_LABELS: dict[str, str] = DeckLabels().model_dump(by_alias=True)

SENTENCE = re.compile(r"(?<=[.!?;:])\s+")
STEP = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])")


def layout_name(theme: Theme, kind: str, role: str) -> str:
    """The template layout that draws a slide of ``kind`` in layout ``role``."""
    if role == "content" and kind in theme.layouts:
        return theme.layouts[kind]
    return theme.layout(role)


def labels(theme: Theme) -> dict[str, str]:
    return theme.options.deck_labels.model_dump(by_alias=True)


def clean(text: str) -> str:
    """One line: inner newlines and runs of spaces folded (YAML block scalars)."""
    return " ".join(text.split())


def note_text(*parts: str) -> str:
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


@dataclass
class _Layouts:
    """The metrics of the layouts a theme maps roles to, checked against the contracts."""

    theme: Theme
    metrics: TemplateMetrics
    cache: dict[tuple[str, str], LayoutMetrics] = field(default_factory=dict)

    def get(self, kind: str, role: str) -> LayoutMetrics:
        key = (kind, role)
        if key not in self.cache:
            name = layout_name(self.theme, kind, role)
            layout = self.metrics.layout(name)
            need = CONTRACTS[role]
            if len(layout.boxes) < len(need) or layout.title is None:
                raise BuildError(
                    f"{self.metrics.path.name}: layout {name!r} (role {role!r}) needs a title "
                    f"and {len(need)} content placeholder(s) ({', '.join(need)}); it has "
                    f"{len(layout.boxes)}"
                )
            self.cache[key] = layout
        return self.cache[key]

    def box(self, kind: str, role: str, slot: str) -> Box:
        return self.get(kind, role).boxes[CONTRACTS[role].index(slot)]


# --------------------------------------------------------------------------- pagination


def _blocks(bullets: Sequence[BulletLine]) -> list[list[BulletLine]]:
    """Top-level bullets with their sub-bullets: kept together on a slide when possible."""
    blocks: list[list[BulletLine]] = []
    for bullet in bullets:
        if bullet.level == 0 or not blocks:
            blocks.append([bullet])
        else:
            blocks[-1].append(bullet)
    return blocks


def _paras(bullets: Sequence[BulletLine]) -> list[tuple[str, int]]:
    return [(b.text, b.level) for b in bullets]


def _split_long(bullet: BulletLine, box: Box, max_lines: int | None) -> list[BulletLine]:
    """A single paragraph too tall for the box, cut at sentence (else word) boundaries into
    pieces that each fit; a word too long for a page on its own is cut between characters.
    The words all stay, in order."""
    pieces = [p for p in SENTENCE.split(bullet.text) if p] or [bullet.text]
    if len(pieces) == 1:
        pieces = bullet.text.split()
    out: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current} {piece}".strip()
        if current and not box.fits([(candidate, bullet.level)], max_lines):
            out.append(current)
            current = piece
        else:
            current = candidate
    if current:
        out.append(current)
    fitted = [part for text in out for part in _cut_characters(text, bullet.level, box, max_lines)]
    return [BulletLine(text, bullet.level) for text in fitted]


def _cut_characters(text: str, level: int, box: Box, max_lines: int | None) -> list[str]:
    """``text`` in the longest runs of characters that each fit ``box`` (usually one run)."""
    parts: list[str] = []
    while text and not box.fits([(text, level)], max_lines):
        low, high = 1, len(text)
        while low < high:  # the longest prefix that fits
            middle = (low + high + 1) // 2
            if box.fits([(text[:middle], level)], max_lines):
                low = middle
            else:
                high = middle - 1
        parts.append(text[:low])
        text = text[low:]
    return [*parts, text] if text else parts


def paginate(
    bullets: Sequence[BulletLine],
    box: Box,
    max_lines: int | None = None,
    first_box: Box | None = None,
) -> list[tuple[BulletLine, ...]]:
    """Bullets in pages that each fit ``box`` (the first page: ``first_box``), spread evenly.

    A top-level bullet stays with its sub-bullets unless together they cannot fit one page.
    """
    if not bullets:
        return [()]
    units: list[list[BulletLine]] = []
    for block in _blocks(bullets):
        if box.fits(_paras(block), max_lines):
            units.append(block)
            continue
        for bullet in block:  # too tall together: each paragraph is its own unit
            if box.fits(_paras([bullet]), max_lines):
                units.append([bullet])
            else:
                units.extend([piece] for piece in _split_long(bullet, box, max_lines))
    heights = [box.text_height(_paras(u)) for u in units]

    def pack(capacity: float) -> list[list[BulletLine]] | None:
        pages: list[list[BulletLine]] = [[]]
        used = 0.0
        for unit, height in zip(units, heights, strict=True):
            target = first_box if first_box is not None and len(pages) == 1 else box
            if pages[-1]:
                if (
                    target.fits(_paras(pages[-1] + unit), max_lines)
                    and used + height <= capacity + 0.01
                ):
                    pages[-1] += unit
                    used += height
                    continue
                pages.append([])
                used = 0.0
                target = box
            if not target.fits(_paras(unit), max_lines):
                if target is box:
                    return None
                pages.append([])  # nothing fits beside the visual: continue on the next page
            pages[-1] += unit
            used = height
        return pages

    best = pack(math.inf)
    if best is None:  # cannot happen: every unit fits the box on its own
        return [tuple(u) for u in units]
    count = len(best)
    if count > 1 and first_box is None:
        low, high = max(heights), box.inner_height
        for _ in range(20):  # the smallest page capacity that needs no more pages: even pages
            middle = (low + high) / 2
            trial = pack(middle)
            if trial is not None and len(trial) <= count:
                high, best = middle, trial
            else:
                low = middle
    return [tuple(page) for page in best]


def paginate_rows(table: TableView, box: Box, metrics: TemplateMetrics) -> list[TableView]:
    """The table in row chunks whose estimated height (header included) fits ``box``."""
    limit = box.h
    text = metrics.table_text

    def height(rows: Sequence[tuple[str, ...]]) -> int:
        widths = column_widths(table.columns, rows, box.w, text, metrics.cell_insets)
        return sum(row_heights(table.columns, rows, widths, text, metrics.cell_insets))

    chunks: list[list[tuple[str, ...]]] = [[]]
    for row in table.rows:
        if chunks[-1] and height([*chunks[-1], row]) > limit:
            chunks.append([])
        chunks[-1].append(row)
    if len(chunks) > 1:  # even out: same number of rows per page when that fits
        per = math.ceil(len(table.rows) / len(chunks))
        even = [list(table.rows[i : i + per]) for i in range(0, len(table.rows), per)]
        if len(even) == len(chunks) and all(height(c) <= limit for c in even):
            chunks = even
    last = len(chunks) - 1
    return [
        TableView(
            columns=table.columns,
            rows=tuple(chunk),
            caption=table.caption if i == last else None,
            source=table.source,
        )
        for i, chunk in enumerate(chunks)
    ]


# --------------------------------------------------------------------------- the planner


class _Planner:
    def __init__(self, course: CourseView, theme: Theme):
        self.course = course
        self.theme = theme
        self.metrics = template_metrics(theme.file("deck"))
        self.layouts = _Layouts(theme, self.metrics)
        self.labels = labels(theme)
        self.min_font = float(theme.options.min_font_pt)
        self.max_lines = theme.options.max_body_lines
        self.slides: list[SlideView] = []
        self.session_key: tuple[int, int] | None = None  # the session being planned
        self.activity_index: int | None = None  # the module activity being planned
        self._check_fonts()

    # -- helpers

    def _check_fonts(self) -> None:
        """The body text of content layouts must not be below the theme's minimum size."""
        for kind, role, slot in (
            ("content", "content", "body"),
            ("content", "two-content", "left"),
        ):
            box = self.layouts.box(kind, role, slot)
            small = [n + 1 for n, level in enumerate(box.levels[:3]) if level.size < self.min_font]
            if small:
                raise BuildError(
                    f"{self.metrics.path.name}: layout "
                    f"{layout_name(self.theme, kind, role)!r} sets level {small[0]} text to "
                    f"{box.levels[small[0] - 1].size:g} pt, below the theme's min_font_pt "
                    f"{self.min_font:g}"
                )
        if self.metrics.table_text.size < self.min_font:
            raise BuildError(
                f"{self.metrics.path.name}: table text is "
                f"{self.metrics.table_text.size:g} pt, below the theme's "
                f"min_font_pt {self.min_font:g}"
            )

    def add(self, kind: str, layout: str, title: str, **fields) -> SlideView:
        fields.setdefault("session", self.session_key)
        fields.setdefault("activity", self.activity_index)
        slide = SlideView(
            number=len(self.slides) + 1, kind=kind, layout=layout, title=clean(title), **fields
        )
        self.slides.append(slide)
        self.check_fixed_text(slide)
        return slide

    def check_fixed_text(self, slide: SlideView) -> None:
        """Titles and one-line placeholders cannot continue on another slide: warn when the
        estimate says they overflow (PowerPoint then shrinks them; the content is kept)."""
        role = slide.layout or "content"
        layout = self.layouts.get(slide.kind, role)
        texts: list[tuple[Box | None, str]] = [(layout.title, slide.title)]
        slots = dict(zip(CONTRACTS[role], layout.boxes, strict=False))
        if slide.subtitle and "subtitle" in slots:
            texts.append((slots["subtitle"], slide.subtitle))
        if role == "title" and slide.bullets:
            texts.append((slots["details"], slide.bullets[0].text))
            texts.append((slots["hosts"], "\n".join(b.text for b in slide.bullets[1:])))
        elif role == "closing":
            texts.append((slots["details"], "\n".join(b.text for b in slide.bullets)))
        if "caption" in slots:
            visual = slide.table or slide.chart or slide.image
            lines = [getattr(visual, "caption", None), getattr(visual, "source", None)]
            texts.append((slots["caption"], "\n".join(clean(t) for t in lines if t)))
        for box, text in texts:
            if box is not None and text and not box.fits([(text, 0)]):
                log.warning(
                    "%s: slide %d (%s): text may not fit its placeholder: %.60s",
                    self.course.id,
                    slide.number,
                    slide.title,
                    text,
                )

    def cont(self, title: str) -> str:
        return f"{clean(title)} {self.labels['continued']}"

    def add_bullets(
        self,
        kind: str,
        title: str,
        bullets: Sequence[BulletLine],
        notes: str,
        module_id: str | None,
        subtitle: str | None = None,
    ) -> None:
        """Bullet slides on the content layout (or the layout the theme gives ``kind``)."""
        box = self.layouts.box(kind, "content", "body")
        pages = paginate(bullets, box, self.max_lines)
        first = None
        for i, page in enumerate(pages):
            slide = self.add(
                kind,
                "content",
                title if i == 0 else self.cont(title),
                bullets=page,
                notes=notes if i == 0 else self.continued_notes(first, notes),
                subtitle=subtitle,
                module_id=module_id,
                continued=i > 0,
            )
            first = first or slide

    def continued_notes(self, first: SlideView | None, notes: str) -> str:
        lead = f"Continued from slide {first.number}." if first else ""
        return note_text(lead, notes)

    # -- the deck

    def plan(self) -> tuple[SlideView, ...]:
        self.title_slide()
        self.agenda()
        number = 0
        for session in self.course.sessions:
            if session.module is not None:
                number += 1
                self.session_key = (session.day, session.index)
                self.module(session, number)
        self.session_key = None
        self.closing()
        return tuple(self.slides)

    def host_lines(self) -> list[str]:
        groups: dict[str, list[str]] = {}
        for host in self.course.hosts:
            groups.setdefault(host.role, []).append(clean(host.name))
        lines = []
        for role in ("host", "organiser", "partner", "funder"):
            names = groups.get(role)
            if names:
                lines.append(f"{self.labels[role]} {join_list(names, self.course.language)}")
        return lines

    def place_line(self) -> str:
        return f"{self.course.place} · {self.course.dates_label}"

    def title_slide(self) -> None:
        c = self.course
        details = [BulletLine(self.place_line())] + [BulletLine(h) for h in self.host_lines()]
        notes = note_text(
            f"Welcome participants to “{clean(c.title)}” in {c.place}, {c.dates_label}.",
            f"This workshop is part of the programme for {c.region.name}." if c.region.name else "",
            f"Audience: {c.audience}" if c.audience else "",
            c.description or "",
        )
        self.add(
            "title",
            "title",
            c.title,
            subtitle=clean(c.subtitle) if c.subtitle else None,
            bullets=tuple(details),
            notes=notes,
        )

    def agenda(self) -> None:
        c = self.course
        box = self.layouts.box("agenda", "agenda", "table")
        columns = (self.labels["time"], self.labels["session"])
        for day in c.days:
            title = self.labels["agenda"] + (f" — Day {day.number}" if len(c.days) > 1 else "")
            rows = tuple((f"{s.start}–{s.end}", self.agenda_row(s)) for s in day.sessions)
            sub = day.label + (f" · {day.title}" if day.title else "")
            notes = note_text(
                f"{day.label}: {day.start} to {day.end}.",
                "Walk participants through the day: "
                + "; ".join(f"{s.start} {s.title}" for s in day.sessions if not s.is_break)
                + ".",
                "Point out the breaks and remind participants when you will start again.",
            )
            table = TableView(columns=columns, rows=rows)
            chunks = paginate_rows(table, box, self.metrics)
            first = None
            for i, chunk in enumerate(chunks):
                slide = self.add(
                    "agenda",
                    "agenda",
                    title if i == 0 else self.cont(title),
                    subtitle=sub,
                    table=chunk,
                    continued=i > 0,
                    notes=notes if i == 0 else self.continued_notes(first, notes),
                )
                first = first or slide

    @staticmethod
    def agenda_row(session: SessionView) -> str:
        title = clean(session.title)
        if session.module is not None and session.module.presenter:
            return f"{title} ({clean(session.module.presenter)})"
        return title

    def closing(self) -> None:
        c = self.course
        details = [BulletLine(self.place_line())] + [BulletLine(h) for h in self.host_lines()]
        notes = note_text(
            f"Thank participants for taking part in “{clean(c.title)}”.",
            "Invite final questions, collect the evaluation forms and remind participants "
            "where to find the handout and the references.",
        )
        self.add(
            "closing",
            "closing",
            self.labels["closing"],
            subtitle=clean(c.title),
            bullets=tuple(details),
            notes=notes,
        )

    # -- modules

    def module(self, session: SessionView, number: int) -> None:
        m = session.module
        assert m is not None
        extra = m.session_notes
        day = f"Day {session.day} · " if len(self.course.days) > 1 else ""
        line = f"Session {number} · {day}{session.start}–{session.end}"
        timing = f"{session.start}–{session.end}, {m.minutes} {self.labels['minutes']}" + (
            f": about {m.presentation_minutes} for the presentation and "
            f"{m.activity_minutes} for activities"
            if m.activities
            else ""
        )
        self.add(
            "section",
            "section",
            m.title,
            subtitle=line,
            module_id=m.id,
            notes=note_text(
                f"Session {number}: {clean(m.title)} ({timing}).",
                f"Presenter: {clean(m.presenter)}." if m.presenter else "",
                m.summary,
                extra,
            ),
        )
        self.add_bullets(
            "objectives",
            self.labels["objectives"],
            [BulletLine(clean(o)) for o in m.objectives],
            note_text(
                "Present the objectives: by the end of the session "
                "participants should be able to do each of these. Come "
                "back to them with the key takeaways.",
                extra,
            ),
            m.id,
        )
        for slide in m.slides:
            self.content(slide, m)
        for case in m.case_studies:
            self.case_study(case, m)
        for index, activity in enumerate(m.activities):
            self.activity_index = index
            self.activity(activity, m)
        self.activity_index = None
        self.add_bullets(
            "takeaways",
            self.labels["takeaways"],
            [BulletLine(clean(k)) for k in m.key_points],
            note_text(
                "Summarise the session with these points and check them "
                "against the objectives; ask what participants will apply "
                "in their own work.",
                extra,
            ),
            m.id,
        )

    def case_study(self, case: CaseStudyView, m: ModuleView) -> None:
        bullets = [BulletLine(clean(b.text), b.level) for b in case.bullets]
        if not bullets:
            bullets = [BulletLine(clean(case.summary))]
        if case.questions:
            bullets.append(BulletLine(self.labels["questions"]))
            bullets += [BulletLine(clean(q.question), 1) for q in case.questions]
        notes = note_text(
            case.notes or case.summary, case.summary if case.notes else "", m.session_notes
        )
        self.add_bullets(
            "case-study", f"{self.labels['case_study']}: {case.title}", bullets, notes, m.id
        )

    def activity(self, activity: ActivityView, m: ModuleView) -> None:
        # one bullet per sentence: a paragraph of instructions reads badly on a slide
        bullets = [BulletLine(s) for s in STEP.split(clean(activity.instructions)) if s]
        if activity.questions:
            bullets.append(BulletLine(self.labels["questions"]))
            bullets += [BulletLine(clean(q.question), 1) for q in activity.questions]
        bullets.append(
            BulletLine(f"{self.labels['time']}: {activity.minutes} {self.labels['minutes']}")
        )
        label = self.labels.get(activity.kind, activity.kind.replace("-", " ").capitalize())
        notes = note_text(
            f"Allow {activity.minutes} minutes. {clean(activity.instructions)}",
            "Materials: " + ", ".join(activity.materials) + "." if activity.materials else "",
            "Let the groups report back before you move on. Model answers are in the "
            "facilitator guide."
            if activity.questions
            else "",
            m.session_notes,
        )
        self.add_bullets("activity", f"{label}: {activity.title}", bullets, notes, m.id)

    def content(self, slide: ContentSlide, m: ModuleView) -> None:
        bullets = [BulletLine(clean(b.text), b.level) for b in slide.bullets]
        notes = slide.notes or note_text(f"Present “{clean(slide.title)}”.", m.session_notes)
        title = slide.title
        forced = slide.layout
        if slide.table is not None:
            if bullets:
                self.add_bullets("content", title, bullets, notes, m.id)
                title = self.cont(title)
            self.table_slides(title, slide.table, notes, m.id, continued=bool(bullets))
        elif slide.quote is not None:
            self.quote_slides(title, slide.quote, notes, m.id)
            if bullets:
                self.add_bullets("content", self.cont(title), bullets, notes, m.id)
        elif slide.chart is not None or slide.image is not None:
            visual = {"chart": slide.chart} if slide.chart else {"image": slide.image}
            if bullets or forced == "two-content":
                self.beside(title, bullets, visual, notes, m.id)
            else:
                role = "chart" if slide.chart else "picture"
                self.add("content", role, title, notes=notes, module_id=m.id, **visual)
        elif forced == "two-content" and len(bullets) > 1:
            self.two_columns(title, bullets, notes, m.id)
        else:
            self.add_bullets("content", title, bullets, notes, m.id)

    def beside(
        self, title: str, bullets: list[BulletLine], visual: dict, notes: str, module_id: str
    ) -> None:
        """Bullets on the left, the chart or picture on the right; bullets that do not fit
        beside it continue on content slides."""
        left = self.layouts.box("content", "two-content", "left")
        body = self.layouts.box("content", "content", "body")
        pages = paginate(bullets, body, self.max_lines, first_box=left) if bullets else [()]
        first = self.add(
            "content",
            "two-content",
            title,
            bullets=pages[0],
            notes=notes,
            module_id=module_id,
            **visual,
        )
        for page in pages[1:]:
            self.add(
                "content",
                "content",
                self.cont(title),
                bullets=page,
                continued=True,
                notes=self.continued_notes(first, notes),
                module_id=module_id,
            )

    def two_columns(
        self, title: str, bullets: list[BulletLine], notes: str, module_id: str
    ) -> None:
        """A forced two-content slide of bullets: the renderer splits them in two columns
        (:func:`split_columns`); when they do not fit, plain content slides are used."""
        left = self.layouts.box("content", "two-content", "left")
        first_col, second_col = split_columns(bullets)
        if left.fits(_paras(first_col), self.max_lines) and left.fits(
            _paras(second_col), self.max_lines
        ):
            self.add(
                "content",
                "two-content",
                title,
                bullets=tuple(bullets),
                notes=notes,
                module_id=module_id,
            )
        else:
            self.add_bullets("content", title, bullets, notes, module_id)

    def table_slides(
        self, title: str, table: TableView, notes: str, module_id: str, continued: bool = False
    ) -> None:
        box = self.layouts.box("content", "table", "table")
        first = None
        for i, chunk in enumerate(paginate_rows(table, box, self.metrics)):
            slide = self.add(
                "content",
                "table",
                title if i == 0 else self.cont(title),
                table=chunk,
                module_id=module_id,
                continued=continued or i > 0,
                notes=notes if first is None else self.continued_notes(first, notes),
            )
            first = first or slide

    def quote_slides(self, title: str, quote: QuoteView, notes: str, module_id: str) -> None:
        box = self.layouts.box("content", "quote", "quote")
        text = clean(quote.text)
        pieces = (
            [BulletLine(text)]
            if box.fits([(f"“{text}”", 0)])
            else _split_long(BulletLine(text), _narrower(box, 2), None)
        )
        first = None
        for i, piece in enumerate(pieces):
            last = i == len(pieces) - 1
            body = piece.text
            slide = self.add(
                "content",
                "quote",
                title if i == 0 else self.cont(title),
                quote=QuoteView(body, quote.attribution if last else None),
                module_id=module_id,
                continued=i > 0,
                notes=notes if first is None else self.continued_notes(first, notes),
            )
            first = first or slide


def _narrower(box: Box, points: float) -> Box:
    """``box`` less ``points`` of width: room for the quotation marks."""
    return replace(box, w=box.w - int(points * box.level(0).size * 12700))


def split_columns(bullets: Sequence[BulletLine]) -> tuple[list[BulletLine], list[BulletLine]]:
    """Bullets split in two columns of about equal length, between top-level blocks."""
    blocks = _blocks(bullets)
    sizes = [sum(len(b.text) + 40 for b in block) for block in blocks]
    total = sum(sizes)
    running, cut = 0, len(blocks)
    for i, size in enumerate(sizes):
        if running + size / 2 > total / 2 and i > 0:
            cut = i
            break
        running += size
    cut = max(1, min(cut, len(blocks) - 1)) if len(blocks) > 1 else 1
    first = [b for block in blocks[:cut] for b in block]
    second = [b for block in blocks[cut:] for b in block]
    return first, second


def plan_deck(course: CourseView, theme: Theme) -> tuple[SlideView, ...]:
    """The numbered slides of ``course``'s deck, paginated for ``theme``'s deck template."""
    return _Planner(course, theme).plan()
