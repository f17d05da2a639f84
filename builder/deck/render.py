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
from dataclasses import replace

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
from .layouts import ICONS, Layouts, Resolved
from .notes import note_paragraphs
from .plan import labels
from .pptx_fast import FastDeck, ph_of
from .rtl import edition_script
from .template import Box, TemplateMetrics, template_metrics
from .text import squash, theme_fonts
from .verify import check_deck, warn_inflation
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
        metrics = template_metrics(path, ctx.theme.master)
        self.metrics: TemplateMetrics = metrics.at_least(ctx.theme.options.min_font_pt).bind(
            theme_fonts(ctx.theme, self.course.language)
        )
        self.roles = Layouts(ctx.theme.layouts, self.metrics)
        self.messages = course_messages(self.course)
        self.labels = labels(ctx.theme, self.messages)
        self.timings = slide_timings(ctx.course, ctx.deck)
        self.prs = Presentation(ctx.theme.open("deck"))
        self._drop_template_slides()
        self.deck = FastDeck(self.prs)
        self.layouts: dict = {}
        for layout in self.prs.slide_masters[self.metrics.master].slide_layouts:
            self.layouts.setdefault(layout.name, layout)
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
        check_deck(self.prs, self.ctx.deck, self.course.id)
        warn_inflation(self.course, self.ctx.theme, len(self.ctx.deck))
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
        resolved = self.roles.get(view.kind, role)
        layout = self.layouts[resolved.name]
        slide, elements = self.deck.add_slide(layout)
        if self.script.rtl:  # the first of side-by-side slots stands on the right
            resolved = replace(resolved, boxes=rtl.mirror_slots(resolved.boxes))
        fill = _Filler(slide, elements, resolved, self.lang, self.metrics.text_fill)
        title = next(
            (el for el in elements if ph_of(el).get("type") in ("title", "ctrTitle")), None
        )
        if self.metrics.samples:
            self.sample_styles(elements)
        if title is not None:
            if resolved.title is not None and resolved.title.explicit:
                place(title, resolved.title)
            set_text(title, [(view.title, 0)], self.lang)
        self.fill(view, role, fill, resolved)
        fill.flush()
        for key, element in enumerate(elements):
            if key in fill.used or element is title or element.getparent() is None:
                continue
            if ph_of(element).get("type", "obj") not in FURNITURE:
                element.getparent().remove(element)
        shapes = draw.Shapes(slide._element, self.lang, self.messages)
        if view.icon and view.icon in self.icons:
            draw.place_icon(shapes, slide.shapes._spTree, self.icons[view.icon])
            if title is not None and resolved.title is not None:
                clear_of_icon(title, resolved.title, draw.icon_box(self.icons[view.icon]))
        if role != "title":
            self.furniture(slide, layout, view.number)
        set_language(slide._element, self.lang)
        if self.script.rtl:
            self.mirror(slide._element, resolved.layout)
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

    def sample_styles(self, elements) -> None:
        """Text styles from the master's sample text, written on the slide's placeholders
        (a master without text styles of its own)."""
        for element in elements:
            kind = ph_of(element).get("type", "obj")
            style = self.metrics.samples.get("title" if kind in ("title", "ctrTitle") else "body")
            old = element.find(f"{{{NS_P}}}txBody/{{{NS_A}}}lstStyle")
            if style is None or kind in FURNITURE or old is None:
                continue
            old.getparent().replace(old, parse_xml(style))

    def fill(self, view: SlideView, role: str, fill: _Filler, resolved: Resolved) -> None:
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
            self.diagram(view, fill, resolved)
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

    def diagram(self, view: SlideView, fill: _Filler, resolved: Resolved) -> None:
        area = resolved.box("area")
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
    """Fills a new slide's slots; a slot's text goes where the layout has room for it
    (its placeholder, another slot's, or a text box); remembers the placeholders used."""

    def __init__(
        self, slide, elements: list, resolved: Resolved, lang: str, fill: str | None
    ) -> None:
        self.slide = slide
        self.elements = elements
        self.resolved = resolved
        self.lang = lang
        self.colour = fill
        self.used: set[int] = set()
        self.pending: dict[str, list[tuple[str, int]]] = {}

    def text(self, slot: str, paragraphs: Paragraphs) -> None:
        target = self.resolved.targets.get(slot)
        if paragraphs and target:
            self.pending.setdefault(target, []).extend(paragraphs)

    def flush(self) -> None:
        for target, paragraphs in self.pending.items():
            box = self.resolved.boxes[target]
            if box.key < 0:
                self.slide.shapes._spTree.append(
                    text_box(self.slide._element, box, paragraphs, self.lang, self.colour)
                )
                continue
            element = self.elements[box.key]
            if box.explicit:
                place(element, box)
            set_text(element, paragraphs, self.lang)
            self.used.add(box.key)
        self.pending = {}

    def visual(self, slot: str):
        box = self.resolved.boxes[slot]
        element = self.elements[box.key]
        if box.explicit:
            place(element, box)
        self.used.add(box.key)
        return SlidePlaceholder(element, self.slide.shapes)


def clear_of_icon(title, box: Box, icon: tuple[int, int, int, int] | None) -> None:
    """A title whose box runs under the slide's icon ends before it (a long title would
    otherwise run under the picture)."""
    if icon is None:
        return
    x, y, w, h = icon
    overlaps = x < box.x + box.w and x + w > box.x and y < box.y + box.h and y + h > box.y
    gap = w // 4
    if overlaps and x - gap - box.x > box.w // 2:
        place(title, replace(box, w=x - gap - box.x))


def place(element, box: Box) -> None:
    """Give a slide's shape ``box``'s geometry (rather than its layout's)."""
    sp_pr = element.find(f"{{{NS_P}}}spPr")
    xfrm = sp_pr.find(f"{{{NS_A}}}xfrm")
    if xfrm is not None:
        sp_pr.remove(xfrm)
    sp_pr.insert(
        0,
        parse_xml(
            f'<a:xfrm xmlns:a="{NS_A}"><a:off x="{box.x}" y="{box.y}"/>'
            f'<a:ext cx="{box.w}" cy="{box.h}"/></a:xfrm>'
        ),
    )


def text_box(slide_el, box: Box, paragraphs: Paragraphs, lang: str, colour: str | None):
    """A text box at ``box`` holding ``paragraphs`` in the master's body text size and
    colour (a slot the layout has no placeholder for)."""
    shape_id = max(int(i) for i in SHAPE_IDS(slide_el)) + 1
    left, top, right, bottom = box.insets
    element = parse_xml(
        f'<p:sp xmlns:p="{NS_P}" xmlns:a="{NS_A}"><p:nvSpPr>'
        f'<p:cNvPr id="{shape_id}" name="Text {shape_id}"/><p:cNvSpPr txBox="1"/><p:nvPr/>'
        f'</p:nvSpPr><p:spPr><a:xfrm><a:off x="{box.x}" y="{box.y}"/>'
        f'<a:ext cx="{box.w}" cy="{box.h}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
        f'</a:prstGeom><a:noFill/></p:spPr><p:txBody><a:bodyPr wrap="square" lIns="{left}" '
        f'tIns="{top}" rIns="{right}" bIns="{bottom}" anchor="t"/><a:lstStyle/><a:p/>'
        "</p:txBody></p:sp>"
    )
    set_text(element, paragraphs, lang)
    size = int(box.level(0).size * 100)
    for p in element.iter(f"{{{NS_A}}}p"):
        p_pr = p.find(f"{{{NS_A}}}pPr")
        if p_pr is None:
            p_pr = etree.SubElement(p, f"{{{NS_A}}}pPr")
            p.insert(0, p_pr)
        p_pr.attrib.pop("lvl", None)
        p_pr.set("marL", "0")
        p_pr.set("indent", "0")
        etree.SubElement(p_pr, f"{{{NS_A}}}buNone")
    for r_pr in element.iter(f"{{{NS_A}}}rPr"):
        r_pr.set("sz", str(size))
        if colour:
            r_pr.insert(0, parse_xml(colour))
        etree.SubElement(r_pr, f"{{{NS_A}}}latin", typeface="+mn-lt")
    return element


def source_lines(*lines: str | None) -> list[tuple[str, int]]:
    return [(squash(line), 0) for line in lines if line]


def _prop(text: str) -> str:
    """A document property: one line, at most the 255 characters the format allows."""
    text = squash(text)
    return text if len(text) <= 255 else text[:254].rstrip() + "…"
