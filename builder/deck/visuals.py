"""Native tables, editable charts and pictures, placed into their placeholders.

A chart's data travels inside the deck (an embedded workbook stamped with the build time);
axes are numbered 1, 2 … (python-pptx writes negative ids); a value axis of whole-number data
counts in whole numbers. A table's columns are those the planner measured (the same on every
page of a split table). A picture keeps its aspect ratio inside its placeholder and carries
its alt text.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.oxml.ns import qn
from pptx.shapes.placeholder import ChartPlaceholder, PicturePlaceholder, TablePlaceholder
from pptx.util import Pt

from ..errors import BuildError
from ..images import MAX_IMAGE_BYTES
from ..inputs import read_input
from ..paths import read_bytes
from ..view import ChartView, ImageView, TableView
from .fit import row_heights, table_widths
from .template import TemplateMetrics
from .text import squash
from .xml import set_language, set_text

CHART_TYPES = {
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "pie": XL_CHART_TYPE.PIE,
}


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


def whole_step(values: list[float]) -> int | None:
    """A major unit of 1, 2 or 5 × 10ⁿ giving at most about 8 gridlines, when every value is
    a whole number (else None: the client chooses)."""
    if not values or any(v != int(v) for v in values):
        return None
    top = max(abs(v) for v in values) or 1
    raw = top / 6
    power = 10 ** max(int(math.floor(math.log10(raw))), 0) if raw >= 1 else 1
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return int(factor * power)
    return int(10 * power)


def table(placeholder, view: TableView | None, metrics: TemplateMetrics, lang: str) -> None:
    if view is None:
        return
    width = placeholder.width
    text = metrics.table_text
    frame = TablePlaceholder(placeholder._element, placeholder._parent).insert_table(
        rows=len(view.rows) + 1, cols=len(view.columns)
    )
    shape = frame.table
    widths = table_widths(view, width, metrics)
    heights = row_heights(view.columns, view.rows, widths, text, metrics.cell_insets, metrics.fonts)
    for column, w in zip(shape.columns, widths, strict=True):
        column.width = w
    # rows get the height of one line: PowerPoint and LibreOffice grow them to fit their text;
    # the frame declares the planned height
    one_line = row_heights(["x"], [], [width], text, metrics.cell_insets, metrics.fonts)[0]
    for row in shape.rows:
        row.height = one_line
    frame.height = sum(heights)
    tbl = shape._tbl
    if metrics.table_style:
        style = tbl.tblPr.find(qn("a:tableStyleId"))
        if style is not None:
            style.text = metrics.table_style
    shape.first_row = True
    shape.horz_banding = True
    for tr, cells in zip(tbl.tr_lst, [view.columns, *view.rows], strict=True):
        for tc, value in zip(tr.tc_lst, cells, strict=True):
            set_text(tc, [(squash(value), 0)], lang)


def chart(placeholder, view: ChartView | None, when: dt.datetime, size: float, lang: str):
    """The chart of ``view`` in ``placeholder``; returns the python-pptx chart (None without
    a chart)."""
    if view is None:
        return None
    data = _ChartData(when, view.number_format)
    data.categories = list(view.categories)
    for series in view.series:
        data.add_series(series.name, list(series.values))
    frame = ChartPlaceholder(placeholder._element, placeholder._parent).insert_chart(
        CHART_TYPES[view.type], data
    )
    c = frame.chart
    positive_axis_ids(c._chartSpace)
    c.font.size = Pt(size)
    many = len(view.series) > 1
    c.has_legend = many or view.type == "pie"
    if c.has_legend:
        c.legend.position = XL_LEGEND_POSITION.BOTTOM
        c.legend.include_in_layout = False
    c.has_title = bool(view.title)
    if view.title:
        c.chart_title.text_frame.text = view.title
    plot = c.plots[0]
    if not many and view.type != "line":
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format = view.number_format
        labels.number_format_is_linked = False
        labels.show_value = True
        labels.position = XL_LABEL_POSITION.OUTSIDE_END
    if view.type in ("bar", "column"):
        plot.gap_width = 60
    if view.type == "pie":
        plot.vary_by_categories = True
    else:
        _axes(c, view, size)
    _language(c._chartSpace, lang)
    return c


def _axes(c, view: ChartView, size: float) -> None:
    """Horizontal category labels (they wrap instead of slanting), quiet gridlines, and
    whole-number steps for whole-number data."""
    axis = c.category_axis
    axis.tick_labels.font.size = Pt(size)  # creates the axis' c:txPr
    body_pr = axis._element.find(qn("c:txPr")).find(qn("a:bodyPr"))
    body_pr.set("rot", "0")
    body_pr.set("vert", "horz")
    values = c.value_axis
    values.has_major_gridlines = True
    line = values.major_gridlines.format.line
    line.color.theme_color = MSO_THEME_COLOR.TEXT_1
    line.color.brightness = 0.85
    line.width = Pt(0.75)
    step = whole_step([v for s in view.series for v in s.values])
    if step is not None:
        values.major_unit = step
        values.minimum_scale = min(0, min(v for s in view.series for v in s.values))
        values.tick_labels.number_format = (
            view.number_format if view.number_format != "General" else "0"
        )
        values.tick_labels.number_format_is_linked = False


def _language(space, lang: str) -> None:
    if space.find(qn("c:lang")) is None:
        element = etree.Element(qn("c:lang"))
        element.set("val", lang)
        anchor = space.find(qn("c:date1904"))
        if anchor is not None:
            anchor.addnext(element)
        else:
            space.insert(0, element)
    set_language(space, lang)


def picture(placeholder, image: ImageView | None) -> None:
    if image is None:
        return
    x, y, w, h = placeholder.left, placeholder.top, placeholder.width, placeholder.height
    data = read_input(
        image.path, lambda: read_bytes(image.path, image.path.name, None, limit=MAX_IMAGE_BYTES)
    )
    try:
        pic = PicturePlaceholder(placeholder._element, placeholder._parent).insert_picture(
            io.BytesIO(data)
        )
    except (OSError, ValueError) as exc:
        raise BuildError(f"cannot place image {image.path.name}: {exc}") from None
    pic.crop_left = pic.crop_right = pic.crop_top = pic.crop_bottom = 0.0
    px_w, px_h = pic.image.size
    scale = min(w / px_w, h / px_h)
    new_w, new_h = int(px_w * scale), int(px_h * scale)
    pic.left = x + (w - new_w) // 2
    pic.top = y + (h - new_h) // 2
    pic.width, pic.height = new_w, new_h
    c_nv_pr = pic._element.nvPicPr.cNvPr
    c_nv_pr.set("descr", squash(image.alt))
    c_nv_pr.set("name", f"Picture {c_nv_pr.get('id')}")
