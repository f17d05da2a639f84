"""The slide deck (.pptx) renderer.

It draws the slides :func:`builder.deck.plan_deck` planned, one per
:class:`~builder.view.SlideView`, on the theme's deck template: each slide is added from its
named layout and its placeholders are filled (title, bullets with their levels, native tables,
native editable charts, pictures with alt text, quotations, key figures, two-column
comparisons), diagrams are drawn as native shapes (:mod:`.draw`) and the theme's icon is
placed on activity, case-study and discussion slides; placeholders a slide does not use are
removed. All formatting comes from the template. Every slide but the title slide gets the
footer (course title) and its slide number; every slide gets speaker notes (Ask and Do cues
labelled, and the slide's suggested time, :mod:`builder.timing`); every run carries the
course language. Document properties are fixed from the course and its build time, so the
same input gives the same bytes.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Sequence

from lxml import etree
from pptx import Presentation
from pptx.oxml import parse_xml
from pptx.shapes.placeholder import SlidePlaceholder

from ..i18n import course_messages
from ..render.base import RenderContext
from ..timing import slide_timings
from ..view import SlideView
from . import draw, rtl, visuals
from .elements import split_columns
from .layouts import ICONS, layout_name, slots
from .notes import note_paragraphs
from .plan import labels
from .pptx_fast import FastDeck, ph_of
from .rtl import edition_script
from .template import TemplateMetrics, template_metrics
from .text import squash, theme_fonts
from .xml import set_language, set_text, xml_text

log = logging.getLogger(__name__)

NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
SLIDENUM_FIELD = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
FURNITURE = ("ftr", "sldNum")
SHAPE_IDS = etree.XPath("//p:cNvPr/@id", namespaces={"p": NS_P})
Paragraphs = Sequence[tuple[str, int]]


class DeckRenderer:
    """Renders the planned deck to .pptx bytes."""

    format = "deck"
    suffix = ".pptx"

    def render(self, ctx: RenderContext) -> bytes:
        return _DeckWriter(ctx).write()


class _DeckWriter:
    def __init__(self, ctx: RenderContext) -> None:
        self.ctx = ctx
        self.course = ctx.course
        self.script = edition_script(self.course, ctx.theme.options.complex_script_font)
        self.lang = self.script.lang
        path = ctx.theme.file("deck")
        self.metrics: TemplateMetrics = template_metrics(path).bind(
            theme_fonts(ctx.theme, self.course.language)
        )
        self.messages = course_messages(self.course)
        self.labels = labels(ctx.theme, self.messages)
        self.timings = slide_timings(ctx.course, ctx.deck)
        self.prs = Presentation(ctx.theme.open("deck"))
        self._drop_template_slides()
        self.deck = FastDeck(self.prs)
        self.layouts = {
            layout.name: layout
            for master in self.prs.slide_masters
            for layout in master.slide_layouts
        }
        self.chart_font = float(ctx.theme.options.chart_font_pt)
        self.footer = squash(self.course.title)
        self._furniture: dict[int, list[tuple[str, str]]] = {}
        icons = self.layouts.get(ctx.theme.layout(ICONS, "Icons"))
        self.icons = draw.icon_shapes(icons)

    def _drop_template_slides(self) -> None:
        """A branded template may hold sample slides: the deck starts empty."""
        id_list = self.prs.part._element.get_or_add_sldIdLst()
        for sld_id in list(id_list):
            self.prs.part.drop_rel(sld_id.rId)
            id_list.remove(sld_id)

    # -- whole deck

    def write(self) -> bytes:
        for view in self.ctx.deck:
            self.slide(view)
        self.properties()
        out = io.BytesIO()
        self.prs.save(out)
        return out.getvalue()

    def properties(self) -> None:
        c = self.course
        when = c.build_time
        props = self.prs.core_properties
        props.title = _prop(c.title)
        props.subject = _prop(f"{c.region.name} · {c.place} · {c.dates_label}")
        props.author = "course-builder"
        props.last_modified_by = "course-builder"
        props.revision = 1
        props.created = when
        props.modified = when
        props.language = self.lang
        props.keywords = _prop(", ".join(dict.fromkeys(m.id for m in c.modules)))
        props.category = "Training deck"
        props.comments = ""
        for part in self.prs.part.package.iter_parts():
            if part.partname == "/docProps/app.xml":
                blob = re.sub(
                    rb"<Slides>\d*</Slides>",
                    f"<Slides>{len(self.ctx.deck)}</Slides>".encode(),
                    part.blob,
                )
                part._blob = re.sub(
                    rb"<Notes>\d*</Notes>", f"<Notes>{len(self.ctx.deck)}</Notes>".encode(), blob
                )

    # -- one slide

    def slide(self, view: SlideView) -> None:
        role = view.layout or "content"
        name = layout_name(self.ctx.theme, view.kind, role)
        layout = self.layouts.get(name)
        if layout is None:
            self.metrics.layout(name)  # raises a located error naming the layouts available
        slide, elements = self.deck.add_slide(layout)
        boxes = self.metrics.layout(name).boxes
        slot_boxes = dict(zip(slots(role), boxes, strict=False))
        if self.script.rtl:
            slot_boxes = rtl.mirror_slots(slot_boxes)
        fill = _Filler(
            slide, elements, {slot: box.idx for slot, box in slot_boxes.items()}, self.lang
        )
        title = next(
            (el for el in elements.values() if ph_of(el).get("type") in ("title", "ctrTitle")), None
        )
        if title is not None:
            set_text(title, [(view.title, 0)], self.lang)
        self.fill(view, role, fill, boxes)
        for idx, element in elements.items():
            if idx in fill.used or element is title or element.getparent() is None:
                continue
            if ph_of(element).get("type", "obj") not in FURNITURE:
                element.getparent().remove(element)
        shapes = draw.Shapes(slide._element, self.lang)
        if view.icon and view.icon in self.icons:
            draw.place_icon(shapes, slide.shapes._spTree, self.icons[view.icon])
        if role != "title":
            self.furniture(slide, layout, view.number)
        set_language(slide._element, self.lang)
        if self.script.rtl:
            self.mirror(slide._element, self.metrics.layout(name))
        self.notes(slide, view)

    def mirror(self, element, layout) -> None:
        """The slide's text right to left, each placeholder's paragraphs aligned the mirror
        way of its layout (see :mod:`.rtl`)."""
        boxes = {box.idx: box for box in layout.boxes}
        for sp in element.iter(f"{{{NS_P}}}sp"):
            body = sp.find(f"{{{NS_P}}}txBody")
            if body is None:
                continue
            ph = ph_of(sp)
            kind = ph.get("type", "obj") if ph is not None else None
            if kind in FURNITURE:
                aligns = None  # footer and slide number keep their places
            elif kind in ("title", "ctrTitle") and layout.title is not None:
                aligns = [level.align for level in layout.title.levels]
            elif ph is not None and int(ph.get("idx", "0")) in boxes:
                aligns = [level.align for level in boxes[int(ph.get("idx", "0"))].levels]
            else:
                aligns = ["l"] * 9
            rtl.mirror_text(body, self.script, aligns)
        for tbl in element.iter(f"{{{NS_A}}}tbl"):
            rtl.mirror_table(tbl, self.script)

    def fill(self, view: SlideView, role: str, fill: _Filler, boxes) -> None:
        lines = [(b.text, b.level) for b in view.bullets]
        flat = [(t, 0) for t, _ in lines]
        if role in ("title", "closing", "break"):
            fill.text("subtitle", [(view.subtitle, 0)] if view.subtitle else [])
            if role == "title":
                fill.text("details", lines[:1])
                fill.text("hosts", flat[1:])
            else:
                fill.text("details", flat)
        elif role == "agenda":
            visuals.table(fill.visual("table"), view.table, self.metrics, self.lang)
            fill.text("day", [(view.subtitle, 0)] if view.subtitle else [])
        elif role == "section":
            fill.text("subtitle", [(view.subtitle, 0)] if view.subtitle else [])
            fill.text("agenda", lines)
        elif role in ("figure", "figure-text"):
            fill.text("figure", [(view.figure.value, 0)])
            fill.text("label", [(squash(view.figure.label), 0)])
            fill.text("body", lines)
            fill.text("caption", source_lines(view.figure.source))
        elif role == "comparison":
            c = view.comparison
            fill.text("left-heading", [(c.left.heading, 0)])
            fill.text("left", [(b.text, b.level) for b in c.left.bullets])
            fill.text("right-heading", [(c.right.heading, 0)])
            fill.text("right", [(b.text, b.level) for b in c.right.bullets])
            fill.text("caption", source_lines(c.source))
        elif role == "diagram":
            self.diagram(view, fill, boxes)
        elif role == "two-content":
            self.two_content(view, fill, lines)
        elif role in ("table", "chart", "picture"):
            self.visual(view, role, fill)
        elif role == "quote":
            quoted = self.messages.gettext("“{title}”", title=view.quote.text)  # « » in fr
            fill.text("quote", [(quoted, 0)])
            if view.quote.attribution:
                fill.text("attribution", [(f"— {view.quote.attribution}", 0)])
        else:
            fill.text("body", lines)

    def diagram(self, view: SlideView, fill: _Filler, boxes) -> None:
        area = self.metrics.layout(layout_name(self.ctx.theme, view.kind, "diagram")).boxes[0]
        shapes = draw.Shapes(fill.slide._element, self.lang, self.messages)
        if view.timeline is not None:
            group = draw.timeline(shapes, area, view.timeline)
            source = view.timeline.source
        else:
            group = draw.process(shapes, area, view.process)
            source = view.process.source
        if self.script.rtl:
            rtl.mirror_group(group)
        fill.slide.shapes._spTree.append(group)
        fill.text("caption", source_lines(source))

    def two_content(self, view: SlideView, fill: _Filler, lines: Paragraphs) -> None:
        if view.chart or view.image:
            fill.text("left", lines)
            if view.chart:
                self.chart(fill.visual("right"), view)
                fill.text("caption", source_lines(view.chart.source))
            else:
                visuals.picture(fill.visual("right"), view.image)
                fill.text("caption", source_lines(view.image.caption))
        else:
            left, right = split_columns(view.bullets)
            fill.text("left", [(b.text, b.level) for b in left])
            fill.text("right", [(b.text, b.level) for b in right])

    def visual(self, view: SlideView, role: str, fill: _Filler) -> None:
        if role == "table":
            visuals.table(fill.visual("table"), view.table, self.metrics, self.lang)
            fill.text("caption", source_lines(view.table.caption, view.table.source))
        elif role == "chart":
            self.chart(fill.visual("chart"), view)
            fill.text("caption", source_lines(view.chart.source))
        else:
            visuals.picture(fill.visual("picture"), view.image)
            fill.text("caption", source_lines(view.image.caption))

    def chart(self, placeholder, view: SlideView) -> None:
        size = float(self.ctx.theme.options.chart_font_pt)
        chart = visuals.chart(placeholder, view.chart, self.course.build_time, size, self.lang)
        if chart is not None and self.script.rtl:
            rtl.mirror_chart(chart._chartSpace, self.script)

    def notes(self, slide, view: SlideView) -> None:
        body = self.deck.add_notes(slide)
        if body is None:
            return
        paragraphs = note_paragraphs(view, self.labels, self.timings.get(view.number))
        set_text(body, [(p, 0) for p in paragraphs] or [("", 0)], self.lang)
        set_language(body.getparent().getparent().getparent(), self.lang)
        if self.script.rtl:
            rtl.mirror_text(body.find(f"{{{NS_P}}}txBody"), self.script)

    def furniture(self, slide, layout, number: int) -> None:
        """Footer (course title) and slide number, cloned from the layout's placeholders
        (python-pptx leaves them out of new slides)."""
        key = id(layout.part)
        if key not in self._furniture:
            self._furniture[key] = [
                (
                    ph._element.ph.get("type"),
                    " ".join(f'{k}="{v}"' for k, v in sorted(ph._element.ph.attrib.items())),
                )
                for ph in layout.placeholders
                if ph._element.ph.get("type") in FURNITURE
            ]
        tree = slide.shapes._spTree
        shape_id = max(int(i) for i in SHAPE_IDS(slide._element)) + 1
        for kind, attrs in self._furniture[key]:
            if kind == "ftr":
                name, para = (
                    "Footer",
                    (f'<a:r><a:rPr lang="{self.lang}"/><a:t>{xml_text(self.footer)}</a:t></a:r>'),
                )
            else:
                name, para = (
                    "Slide Number",
                    (
                        f'<a:fld id="{SLIDENUM_FIELD}" type="slidenum"><a:rPr lang="{self.lang}"/>'
                        f"<a:t>{number}</a:t></a:fld>"
                    ),
                )
            tree.append(
                parse_xml(
                    f'<p:sp xmlns:p="{NS_P}" xmlns:a="{NS_A}"><p:nvSpPr>'
                    f'<p:cNvPr id="{shape_id}" name="{name} {shape_id}"/><p:cNvSpPr>'
                    f'<a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph {attrs}/></p:nvPr>'
                    f"</p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/><a:p>{para}</a:p>"
                    "</p:txBody></p:sp>"
                )
            )
            shape_id += 1


class _Filler:
    """Fills a new slide's placeholders by slot name; remembers which it used."""

    def __init__(self, slide, elements: dict, slots_: dict[str, int], lang: str) -> None:
        self.slide = slide
        self.elements = elements
        self.slots = slots_
        self.lang = lang
        self.used: set[int] = set()

    def text(self, slot: str, paragraphs: Paragraphs) -> None:
        idx = self.slots.get(slot)
        if not paragraphs or idx not in self.elements:
            return
        set_text(self.elements[idx], paragraphs, self.lang)
        self.used.add(idx)

    def visual(self, slot: str):
        idx = self.slots[slot]
        self.used.add(idx)
        return SlidePlaceholder(self.elements[idx], self.slide.shapes)


def source_lines(*lines: str | None) -> list[tuple[str, int]]:
    return [(squash(line), 0) for line in lines if line]


def _prop(text: str) -> str:
    """A document property: one line, at most the 255 characters the format allows."""
    text = squash(text)
    return text if len(text) <= 255 else text[:254].rstrip() + "…"
