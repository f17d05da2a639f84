"""The slide deck (.pptx) renderer.

It draws the slides :func:`builder.deck_plan.plan_deck` planned, one per
:class:`~builder.view.SlideView`, on the theme's deck template: each slide is added from its
named layout and its placeholders are filled (title, bullets with their levels, native tables,
native editable charts, pictures fitted into their placeholder with alt text, quotations);
placeholders a slide does not use are removed. All formatting comes from the template. Every
slide but the title slide gets the footer (course title) and its slide number; every slide gets
speaker notes; every run carries the course language. Document properties are fixed from the
course and its build time, so the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import zipfile
from collections.abc import Iterable, Sequence

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.shapes.placeholder import (
    ChartPlaceholder,
    PicturePlaceholder,
    SlidePlaceholder,
    TablePlaceholder,
)
from pptx.util import Pt

from ..deck_metrics import TemplateMetrics, column_widths, row_heights, template_metrics
from ..deck_plan import CONTRACTS, layout_name, split_columns
from ..errors import BuildError
from ..images import MAX_IMAGE_BYTES
from ..inputs import read_input
from ..paths import read_bytes
from ..view import ChartView, ImageView, SlideView, TableView
from .base import RenderContext
from .pptx_fast import FastDeck, ph_of

log = logging.getLogger(__name__)

CHART_TYPES = {
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "pie": XL_CHART_TYPE.PIE,
}
NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
SLIDENUM_FIELD = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
FURNITURE = ("ftr", "sldNum")
TEXT_TAGS = (qn("a:r"), qn("a:fld"))
SHAPE_IDS = etree.XPath("//p:cNvPr/@id", namespaces={"p": NS_P})


class _ChartData(CategoryChartData):
    """Chart data whose embedded workbook carries the build time, not the wall clock."""

    def __init__(self, when: dt.datetime, number_format: str) -> None:
        super().__init__(number_format=number_format)
        self._when = when

    @property
    def xlsx_blob(self) -> bytes:
        return fixed_workbook(super().xlsx_blob, self._when)


def fixed_workbook(blob: bytes, when: dt.datetime) -> bytes:
    """An .xlsx with its document dates and zip entry times set to ``when``."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(blob)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                    lambda m: m.group(1) + stamp.encode(),
                    data,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, data)
    return out.getvalue()


def positive_axis_ids(chart_space: etree._Element) -> None:
    """Number a chart's axes 1, 2 … in document order.

    python-pptx writes fixed negative ids (``c:axId val="-2068027336"``) where the schema asks
    for an unsignedInt, which strict readers reject; the plot's ``c:axId`` and the axes'
    ``c:crossAx`` references keep pointing at the same axes, and every build gets the same
    numbers."""
    numbers: dict[str | None, str] = {}
    for element in chart_space.iter(qn("c:axId"), qn("c:crossAx")):
        element.set("val", numbers.setdefault(element.get("val"), str(len(numbers) + 1)))


def set_text(target, paragraphs: Iterable[tuple[str, int]], lang: str) -> None:
    """Replace the text of ``target`` (a shape, or a shape or cell element) with
    ``(text, level)`` paragraphs."""
    element = getattr(target, "_element", target)
    tx_body = element.find(qn("p:txBody"))
    if tx_body is None:
        tx_body = element.find(qn("a:txBody"))
    for p in tx_body.findall(qn("a:p")):
        tx_body.remove(p)
    for text, level in paragraphs:
        p = tx_body.add_p()
        if level:
            p.get_or_add_pPr().set("lvl", str(level))
        r = p.add_r()
        r.get_or_add_rPr().set("lang", lang)
        r.text = text
    if tx_body.find(qn("a:p")) is None:
        tx_body.add_p()


def note_paragraphs(notes: str) -> list[tuple[str, int]]:
    return [(" ".join(block.split()), 0) for block in re.split(r"\n\s*\n", notes) if block.strip()]


def set_language(element, lang: str) -> None:
    """Every run, field and paragraph end under ``element`` gets ``lang``."""
    for node in element.iter(*TEXT_TAGS):
        rpr = node.find(qn("a:rPr"))
        if rpr is None:
            rpr = etree.SubElement(node, qn("a:rPr"))
            node.insert(0, rpr)
        rpr.set("lang", lang)
    for end in element.iter(qn("a:endParaRPr")):
        end.set("lang", lang)


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
        self.lang = ctx.course.language
        path = ctx.theme.file("deck")
        self.metrics: TemplateMetrics = template_metrics(path)
        self.prs = Presentation(ctx.theme.open("deck"))
        self._drop_template_slides()
        self.deck = FastDeck(self.prs)
        self.layouts = {
            layout.name: layout
            for master in self.prs.slide_masters
            for layout in master.slide_layouts
        }
        self.chart_font = float(ctx.theme.options.chart_font_pt)
        self.footer = " ".join(self.course.title.split())
        self._furniture: dict[int, list[tuple[str, str]]] = {}

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
        slots = {slot: box.idx for slot, box in zip(CONTRACTS[role], boxes, strict=False)}
        used: set[int] = set()

        def text(slot: str, paragraphs: Sequence[tuple[str, int]]) -> None:
            if not paragraphs or slots.get(slot) not in elements:
                return
            set_text(elements[slots[slot]], paragraphs, self.lang)
            used.add(slots[slot])

        def visual(slot: str):
            used.add(slots[slot])
            return SlidePlaceholder(elements[slots[slot]], slide.shapes)

        title = next(
            (el for el in elements.values() if ph_of(el).get("type") in ("title", "ctrTitle")), None
        )
        if title is not None:
            set_text(title, [(view.title, 0)], self.lang)
        lines = [(b.text, b.level) for b in view.bullets]
        if role in ("title", "closing"):
            text("subtitle", [(view.subtitle, 0)] if view.subtitle else [])
            if role == "title":
                text("details", lines[:1])
                text("hosts", [(t, 0) for t, _ in lines[1:]])
            else:
                text("details", [(t, 0) for t, _ in lines])
        elif role == "agenda":
            self.table(visual("table"), view.table)
            text("day", [(view.subtitle, 0)] if view.subtitle else [])
        elif role == "section":
            text("subtitle", [(view.subtitle, 0)] if view.subtitle else [])
        elif role == "two-content":
            if view.chart or view.image:
                text("left", lines)
                if view.chart:
                    self.chart(visual("right"), view.chart)
                    text("caption", self.source_lines(view.chart.source))
                else:
                    self.picture(visual("right"), view.image)
                    text("caption", self.source_lines(view.image.caption))
            else:
                left, right = split_columns(view.bullets)
                text("left", [(b.text, b.level) for b in left])
                text("right", [(b.text, b.level) for b in right])
        elif role == "table":
            self.table(visual("table"), view.table)
            text("caption", self.source_lines(view.table.caption, view.table.source))
        elif role == "chart":
            self.chart(visual("chart"), view.chart)
            text("caption", self.source_lines(view.chart.source))
        elif role == "picture":
            self.picture(visual("picture"), view.image)
            text("caption", self.source_lines(view.image.caption))
        elif role == "quote":
            text("quote", [(f"“{view.quote.text}”", 0)])
            if view.quote.attribution:
                text("attribution", [(f"— {view.quote.attribution}", 0)])
        else:
            text("body", lines)
        for idx, element in elements.items():
            if idx in used or element is title or element.getparent() is None:
                continue
            if ph_of(element).get("type", "obj") not in FURNITURE:
                element.getparent().remove(element)
        if role != "title":
            self.furniture(slide, layout, view.number)
        set_language(slide._element, self.lang)
        body = self.deck.add_notes(slide)
        if body is not None:
            set_text(body, note_paragraphs(view.notes) or [("", 0)], self.lang)
            set_language(body.getparent().getparent().getparent(), self.lang)

    @staticmethod
    def source_lines(*lines: str | None) -> list[tuple[str, int]]:
        return [(" ".join(line.split()), 0) for line in lines if line]

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
                    (f'<a:r><a:rPr lang="{self.lang}"/><a:t>{_xml_text(self.footer)}</a:t></a:r>'),
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

    # -- visuals

    def table(self, placeholder, table: TableView | None) -> None:
        if table is None:
            return
        width = placeholder.width
        text = self.metrics.table_text
        frame = TablePlaceholder(placeholder._element, placeholder._parent).insert_table(
            rows=len(table.rows) + 1, cols=len(table.columns)
        )
        shape = frame.table
        widths = column_widths(table.columns, table.rows, width, text, self.metrics.cell_insets)
        heights = row_heights(table.columns, table.rows, widths, text, self.metrics.cell_insets)
        for column, w in zip(shape.columns, widths, strict=True):
            column.width = w
        # rows get the height of one line: PowerPoint and LibreOffice grow them to fit their
        # text in whatever font they have; the frame declares the (taller) planned estimate
        one_line = row_heights(["x"], [], [width], text, self.metrics.cell_insets)[0]
        for row in shape.rows:
            row.height = one_line
        frame.height = sum(heights)
        tbl = shape._tbl
        if self.metrics.table_style:
            style = tbl.tblPr.find(qn("a:tableStyleId"))
            if style is not None:
                style.text = self.metrics.table_style
        shape.first_row = True
        shape.horz_banding = True
        for tr, cells in zip(tbl.tr_lst, [table.columns, *table.rows], strict=True):
            for tc, value in zip(tr.tc_lst, cells, strict=True):
                set_text(tc, [(" ".join(value.split()), 0)], self.lang)

    def chart(self, placeholder, view: ChartView | None) -> None:
        if view is None:
            return
        data = _ChartData(self.course.build_time, view.number_format)
        data.categories = list(view.categories)
        for series in view.series:
            data.add_series(series.name, list(series.values))
        frame = ChartPlaceholder(placeholder._element, placeholder._parent).insert_chart(
            CHART_TYPES[view.type], data
        )
        chart = frame.chart
        positive_axis_ids(chart._chartSpace)
        chart.font.size = Pt(self.chart_font)
        many = len(view.series) > 1
        chart.has_legend = many or view.type == "pie"
        if chart.has_legend:
            chart.legend.position = XL_LEGEND_POSITION.BOTTOM
            chart.legend.include_in_layout = False
        if view.title:
            chart.has_title = True
            chart.chart_title.text_frame.text = view.title
        else:
            chart.has_title = False
        plot = chart.plots[0]
        if not many and view.type != "line":
            plot.has_data_labels = True
            labels = plot.data_labels
            labels.number_format = view.number_format
            labels.number_format_is_linked = False
            labels.show_value = True
            labels.position = XL_LABEL_POSITION.OUTSIDE_END
        if view.type in ("bar", "column"):
            plot.gap_width = 60
        if view.type != "pie":  # horizontal category labels: they wrap instead of slanting
            axis = chart.category_axis
            axis.tick_labels.font.size = Pt(self.chart_font)  # creates the axis' c:txPr
            body_pr = axis._element.find(qn("c:txPr")).find(qn("a:bodyPr"))
            body_pr.set("rot", "0")
            body_pr.set("vert", "horz")
        if view.type == "pie":
            plot.vary_by_categories = True
        else:  # quiet gridlines: light grey, thin
            axis = chart.value_axis
            axis.has_major_gridlines = True
            line = axis.major_gridlines.format.line
            line.color.theme_color = MSO_THEME_COLOR.TEXT_1
            line.color.brightness = 0.85
            line.width = Pt(0.75)
        space = chart._chartSpace
        if space.find(qn("c:lang")) is None:
            lang = etree.Element(qn("c:lang"))
            lang.set("val", self.lang)
            anchor = space.find(qn("c:date1904"))
            if anchor is not None:
                anchor.addnext(lang)
            else:
                space.insert(0, lang)
        set_language(space, self.lang)

    def picture(self, placeholder, image: ImageView | None) -> None:
        if image is None:
            return
        x, y, w, h = placeholder.left, placeholder.top, placeholder.width, placeholder.height
        data = read_input(
            image.path, lambda: read_bytes(image.path, image.path.name, None, limit=MAX_IMAGE_BYTES)
        )
        try:
            picture = PicturePlaceholder(placeholder._element, placeholder._parent).insert_picture(
                io.BytesIO(data)
            )
        except (OSError, ValueError) as exc:
            raise BuildError(f"cannot place image {image.path.name}: {exc}") from None
        picture.crop_left = picture.crop_right = picture.crop_top = picture.crop_bottom = 0.0
        px_w, px_h = picture.image.size
        scale = min(w / px_w, h / px_h)
        new_w, new_h = int(px_w * scale), int(px_h * scale)
        picture.left = x + (w - new_w) // 2
        picture.top = y + (h - new_h) // 2
        picture.width, picture.height = new_w, new_h
        c_nv_pr = picture._element.nvPicPr.cNvPr
        c_nv_pr.set("descr", " ".join(image.alt.split()))
        c_nv_pr.set("name", f"Picture {c_nv_pr.get('id')}")


def _prop(text: str) -> str:
    """A document property: one line, at most the 255 characters the format allows."""
    text = " ".join(text.split())
    return text if len(text) <= 255 else text[:254].rstrip() + "…"


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
