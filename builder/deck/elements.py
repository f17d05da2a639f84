"""A module's content slide, planned by what it holds: bullets, a table, a chart or picture
(with bullets beside it), a quotation, a key figure, a timeline, a process, a comparison.

Each element goes on the layout role made for it (see :data:`builder.deck.layouts.CONTRACTS`);
when the theme has no such layout, on the role that stands in for it. What does not fit one
slide continues, balanced, on the next."""

from __future__ import annotations

from dataclasses import replace

from ..view import (
    BulletLine,
    ComparisonView,
    ContentSlide,
    ModuleView,
    ProcessView,
    QuoteView,
    TableView,
    TimelineView,
)
from . import notes as note
from .diagrams import most_events, process_fits, timeline_fits
from .fit import paginate, paginate_rows, paras, split_long
from .plan import Planner, clean


class ElementSlides:
    def __init__(self, planner: Planner) -> None:
        self.p = planner

    def add(self, slide: ContentSlide, m: ModuleView) -> None:
        notes = slide.notes or note.note_text(
            self.p._("Present “{title}”.", title=clean(slide.title)), m.session_notes
        )
        bullets = [BulletLine(clean(b.text), b.level) for b in slide.bullets]
        common = {"notes": notes, "cues": slide.cues, "module_id": m.id}
        title = slide.title
        if slide.table is not None:
            if bullets:
                self.p.add_bullets("content", title, bullets, **common)
                title = self.p.cont(title)
            self.table(title, slide.table, common, continued=bool(bullets))
        elif slide.quote is not None:
            self.quote(title, slide.quote, common)
            if bullets:
                self.p.add_bullets("content", self.p.cont(title), bullets, **common)
        elif slide.figure is not None:
            self.figure(title, slide, bullets, common)
        elif slide.timeline is not None:
            self.timeline(title, slide.timeline, common)
        elif slide.process is not None:
            self.process(title, slide.process, common)
        elif slide.comparison is not None:
            self.comparison(title, slide.comparison, common)
        elif slide.chart is not None or slide.image is not None:
            visual = {"chart": slide.chart} if slide.chart else {"image": slide.image}
            if bullets or slide.layout == "two-content":
                self.beside("two-content", title, bullets, visual, common)
            else:
                role = "chart" if slide.chart else "picture"
                self.p.add("content", role, title, **visual, **common)
        elif slide.layout == "two-content" and len(bullets) > 1:
            self.two_columns(title, bullets, common)
        else:
            self.p.add_bullets("content", title, bullets, **common)

    def continued_pages(self, first, pages, title: str, common: dict) -> None:
        """Bullet pages after ``first`` on content slides."""
        for page in pages:
            self.p.add(
                "content",
                "content",
                self.p.cont(title),
                bullets=page,
                continued=True,
                notes=note.continued(self.p, first, page),
                module_id=common["module_id"],
            )

    def beside(self, role: str, title: str, bullets, visual: dict, common: dict) -> None:
        """Bullets on the left (``two-content``) or right (``figure-text``) of a visual;
        bullets that do not fit beside it continue on content slides."""
        side = self.p.box("content", role, "left" if role == "two-content" else "body")
        body = self.p.box("content", "content", "body")
        pages = paginate(bullets, body, self.p.max_lines, first_box=side) if bullets else [()]
        first = self.p.add("content", role, title, bullets=pages[0], **visual, **common)
        self.continued_pages(first, pages[1:], title, common)

    def figure(self, title: str, slide: ContentSlide, bullets, common: dict) -> None:
        if bullets and self.p.layouts.has("figure-text"):
            self.beside("figure-text", title, bullets, {"figure": slide.figure}, common)
            return
        role = self.p.layouts.role("figure")
        if role == "figure":
            first = self.p.add("content", "figure", title, figure=slide.figure, **common)
            if bullets:
                pages = paginate(
                    bullets, self.p.box("content", "content", "body"), self.p.max_lines
                )
                self.continued_pages(first, pages, title, common)
            return
        f = slide.figure
        lines = [BulletLine(f"{f.value}: {f.label}"), *bullets]  # no figure layout: a bullet
        lines += [BulletLine(f.source)] if f.source else []
        self.p.add_bullets("content", title, lines, **common)

    def two_columns(self, title: str, bullets: list[BulletLine], common: dict) -> None:
        """A forced two-content slide of bullets: the renderer splits them in two columns
        (:func:`split_columns`); when they do not fit, plain content slides are used."""
        left = self.p.box("content", "two-content", "left")
        first_col, second_col = split_columns(bullets)
        if left.fits(paras(first_col), self.p.max_lines) and left.fits(
            paras(second_col), self.p.max_lines
        ):
            self.p.add("content", "two-content", title, bullets=tuple(bullets), **common)
        else:
            self.p.add_bullets("content", title, bullets, **common)

    def table(self, title: str, table: TableView, common: dict, continued: bool = False) -> None:
        box = self.p.box("content", "table", "table")
        first = None
        for chunk in paginate_rows(table, box, self.p.metrics):
            slide = self.p.add(
                "content",
                "table",
                title if first is None else self.p.cont(title),
                table=chunk,
                continued=continued or first is not None,
                **(common if first is None else self.cont_fields(first, chunk, common)),
            )
            first = first or slide

    def cont_fields(self, first, chunk: TableView, common: dict) -> dict:
        return {
            "notes": note.continued_rows(self.p, first, chunk),
            "module_id": common["module_id"],
        }

    def quote(self, title: str, quote: QuoteView, common: dict) -> None:
        box = self.p.box("content", "quote", "quote")
        text = clean(quote.text)
        narrower = replace(box, w=box.w - int(2 * box.level(0).size * 12700))  # the marks
        pieces = (
            [BulletLine(text)]
            if box.fits([(self.p._("“{title}”", title=text), 0)])
            else split_long(BulletLine(text), narrower, None)
        )
        first = None
        for i, piece in enumerate(pieces):
            last = i == len(pieces) - 1
            slide = self.p.add(
                "content",
                "quote",
                title if first is None else self.p.cont(title),
                quote=QuoteView(piece.text, quote.attribution if last else None),
                continued=first is not None,
                **(common if first is None else self.quote_fields(first, piece, common)),
            )
            first = first or slide

    def quote_fields(self, first, piece: BulletLine, common: dict) -> dict:
        return {"notes": note.continued(self.p, first, [piece]), "module_id": common["module_id"]}

    def timeline(self, title: str, timeline: TimelineView, common: dict) -> None:
        """The events in chunks that fit the diagram area, as even as can be."""
        if self.p.layouts.role("diagram") != "diagram":
            return self.as_bullets(title, [f"{e.date}: {e.text}" for e in timeline.events], common)
        area = self.p.box("content", "diagram", "area")
        events = list(timeline.events)
        for per in range(min(most_events(area), len(events)), 1, -1):
            count = -(-len(events) // per)
            size = -(-len(events) // count)
            chunks = [events[i : i + size] for i in range(0, len(events), size)]
            if all(len(c) >= 2 or len(events) < 2 for c in chunks) and all(
                timeline_fits(area, c) for c in chunks
            ):
                break
        else:
            return self.as_bullets(title, [f"{e.date}: {e.text}" for e in events], common)
        first = None
        for chunk in chunks:
            view = TimelineView(tuple(chunk), timeline.source)
            slide = self.p.add(
                "content",
                "diagram",
                title if first is None else self.p.cont(title),
                timeline=view,
                continued=first is not None,
                **(common if first is None else self.events_fields(first, chunk, common)),
            )
            first = first or slide

    def events_fields(self, first, chunk, common: dict) -> dict:
        items = [f"{e.date} {e.text}" for e in chunk]
        return {"notes": note.continued(self.p, first, items), "module_id": common["module_id"]}

    def process(self, title: str, process: ProcessView, common: dict) -> None:
        area = self.p.box("content", "diagram", "area") if self.p.layouts.has("diagram") else None
        if area is None or not process_fits(area, process.steps):
            lines = [f"{s.title}: {s.text}" if s.text else s.title for s in process.steps]
            return self.as_bullets(title, lines, common)
        self.p.add("content", "diagram", title, process=process, **common)

    def comparison(self, title: str, comparison: ComparisonView, common: dict) -> None:
        if self.p.layouts.role("comparison") == "comparison":
            return self.compare(title, comparison, **common)
        left, right = comparison.left, comparison.right
        bullets = [BulletLine(left.heading), *[replace(b, level=b.level + 1) for b in left.bullets]]
        bullets += [BulletLine(right.heading)]
        bullets += [replace(b, level=b.level + 1) for b in right.bullets]
        self.p.add_bullets("content", title, bullets, **common)

    def fits_side_by_side(self, view: ComparisonView, kind: str = "content") -> bool:
        """Whether both columns of ``view`` fit one comparison slide."""
        return all(
            self.p.box(kind, "comparison", side).fits(paras(column.bullets), self.p.max_lines)
            for side, column in (("left", view.left), ("right", view.right))
        )

    def compare(
        self,
        title: str,
        comparison: ComparisonView,
        notes: str,
        module_id: str | None,
        cues=(),
        kind: str = "content",
        icon: str | None = None,
    ) -> None:
        """Two headed columns; columns too long for one slide continue side by side."""
        lpages = paginate(
            comparison.left.bullets, self.p.box(kind, "comparison", "left"), self.p.max_lines
        )
        rpages = paginate(
            comparison.right.bullets, self.p.box(kind, "comparison", "right"), self.p.max_lines
        )
        first = None
        for i in range(max(len(lpages), len(rpages))):
            view = ComparisonView(
                replace(comparison.left, bullets=lpages[i] if i < len(lpages) else ()),
                replace(comparison.right, bullets=rpages[i] if i < len(rpages) else ()),
                comparison.source,
            )
            items = [*view.left.bullets, *view.right.bullets]
            slide = self.p.add(
                kind,
                "comparison",
                title if first is None else self.p.cont(title),
                comparison=view,
                continued=first is not None,
                notes=notes if first is None else note.continued(self.p, first, items),
                cues=cues if first is None else (),
                module_id=module_id,
                icon=icon,
            )
            first = first or slide

    def as_bullets(self, title: str, lines: list[str], common: dict) -> None:
        self.p.add_bullets("content", title, [BulletLine(clean(t)) for t in lines], **common)


def split_columns(bullets) -> tuple[list[BulletLine], list[BulletLine]]:
    """Bullets split in two columns of about equal length, between top-level blocks."""
    from .fit import blocks

    groups = blocks(bullets)
    sizes = [sum(len(b.text) + 40 for b in block) for block in groups]
    total = sum(sizes)
    running, cut = 0, len(groups)
    for i, size in enumerate(sizes):
        if running + size / 2 > total / 2 and i > 0:
            cut = i
            break
        running += size
    cut = max(1, min(cut, len(groups) - 1)) if len(groups) > 1 else 1
    first = [b for block in groups[:cut] for b in block]
    second = [b for block in groups[cut:] for b in block]
    return first, second
