"""What the deck template's layouts can hold, and how tall a text will be in them.

The slide planner (:mod:`builder.deck_plan`) paginates before anything is drawn, so it needs the
size of every placeholder and the font size, indentation and spacing of every paragraph level.
:func:`template_metrics` reads them once per template file from the layouts, following
PowerPoint's inheritance (layout placeholder → master placeholder → master text styles →
presentation defaults), and caches the result.

Text height is estimated, not measured: each line holds as many characters as fit in the
placeholder's inner width, with per-character advance widths of DejaVu Sans, the widest of the
usual sans fonts (Calibri, Carlito, Arial and Liberation Sans are all narrower), plus a margin;
a line is 1.2 × the font size high. The estimate errs on the tall side, so text the planner
accepts fits in PowerPoint and in LibreOffice.
"""

from __future__ import annotations

import hashlib
import io
import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .errors import BuildError
from .inputs import read_input
from .paths import read_office

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"

EMU_PER_PT = 12700
LINE_FACTOR = 1.2  # line height / font size at single spacing
WIDTH_MARGIN = 1.02  # extra width allowed for kerning and rounding
DEFAULT_INSETS = (91440, 45720, 91440, 45720)  # l, t, r, b

# Advance widths (em) of ASCII 32..126 in DejaVu Sans and DejaVu Sans Bold.
_ASCII = "".join(chr(c) for c in range(32, 127))
_REGULAR = (
    0.318,
    0.401,
    0.46,
    0.838,
    0.636,
    0.95,
    0.78,
    0.275,
    0.39,
    0.39,
    0.5,
    0.838,
    0.318,
    0.361,
    0.318,
    0.337,
    0.636,
    0.636,
    0.636,
    0.636,
    0.636,
    0.636,
    0.636,
    0.636,
    0.636,
    0.636,
    0.337,
    0.337,
    0.838,
    0.838,
    0.838,
    0.531,
    1.0,
    0.684,
    0.686,
    0.698,
    0.77,
    0.632,
    0.575,
    0.775,
    0.752,
    0.295,
    0.295,
    0.656,
    0.557,
    0.863,
    0.748,
    0.787,
    0.603,
    0.787,
    0.695,
    0.635,
    0.611,
    0.732,
    0.684,
    0.989,
    0.685,
    0.611,
    0.685,
    0.39,
    0.337,
    0.39,
    0.838,
    0.5,
    0.5,
    0.613,
    0.635,
    0.55,
    0.635,
    0.615,
    0.352,
    0.635,
    0.634,
    0.278,
    0.278,
    0.579,
    0.278,
    0.974,
    0.634,
    0.612,
    0.635,
    0.635,
    0.411,
    0.521,
    0.392,
    0.634,
    0.592,
    0.818,
    0.592,
    0.592,
    0.525,
    0.636,
    0.337,
    0.636,
    0.838,
)
_BOLD = (
    0.348,
    0.456,
    0.521,
    0.838,
    0.696,
    1.002,
    0.872,
    0.306,
    0.457,
    0.457,
    0.523,
    0.838,
    0.38,
    0.415,
    0.38,
    0.365,
    0.696,
    0.696,
    0.696,
    0.696,
    0.696,
    0.696,
    0.696,
    0.696,
    0.696,
    0.696,
    0.4,
    0.4,
    0.838,
    0.838,
    0.838,
    0.58,
    1.0,
    0.774,
    0.762,
    0.734,
    0.83,
    0.683,
    0.683,
    0.821,
    0.837,
    0.372,
    0.372,
    0.775,
    0.637,
    0.995,
    0.837,
    0.85,
    0.733,
    0.85,
    0.77,
    0.72,
    0.682,
    0.812,
    0.774,
    1.103,
    0.771,
    0.724,
    0.725,
    0.457,
    0.365,
    0.457,
    0.838,
    0.5,
    0.5,
    0.675,
    0.716,
    0.593,
    0.716,
    0.678,
    0.435,
    0.716,
    0.712,
    0.343,
    0.343,
    0.665,
    0.343,
    1.042,
    0.712,
    0.687,
    0.716,
    0.716,
    0.493,
    0.595,
    0.478,
    0.712,
    0.652,
    0.924,
    0.645,
    0.652,
    0.582,
    0.712,
    0.365,
    0.712,
    0.838,
)
WIDTHS = {
    False: dict(zip(_ASCII, _REGULAR, strict=True)),
    True: dict(zip(_ASCII, _BOLD, strict=True)),
}
for _bold, _table in WIDTHS.items():
    _table.update(
        {
            "–": 0.5,
            "—": 1.0,
            "“": 0.52,
            "”": 0.52,
            "‘": 0.32,
            "’": 0.32,
            "…": 1.0,
            "•": 0.6,
            "\u00a0": 0.32 + 0.03 * _bold,
        }
    )


def char_width(ch: str, bold: bool = False) -> float:
    """Advance width of ``ch`` in em (conservative for characters outside the table)."""
    width = WIDTHS[bold].get(ch)
    if width is not None:
        return width
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if unicodedata.combining(ch):
        return 0.0
    return 0.72 if bold else 0.68


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` in points at ``size`` pt."""
    table = WIDTHS[bold]
    total = 0.0
    for ch in text:
        width = table.get(ch)
        total += width if width is not None else char_width(ch, bold)
    return total * size * WIDTH_MARGIN


def wrap_count(
    text: str, width: float, size: float, bold: bool = False, first_width: float | None = None
) -> int:
    """Number of lines ``text`` takes when word-wrapped into ``width`` points."""
    lines = 0
    for hard in text.split("\n") or [""]:
        lines += _wrap_one(hard, width, size, bold, first_width if lines == 0 else None)
    return max(lines, 1)


def _wrap_one(text: str, width: float, size: float, bold: bool, first_width: float | None) -> int:
    space = text_width(" ", size, bold)
    limit = first_width if first_width is not None else width
    lines, used = 1, 0.0
    for word in text.split():
        w = text_width(word, size, bold)
        if used and used + space + w <= limit:
            used += space + w
            continue
        if used:
            lines += 1
            limit = width
            used = 0.0
        while w > limit:  # a word longer than the line breaks anywhere
            lines += 1
            w -= limit
            limit = width
        used = w
    return lines


# --------------------------------------------------------------------------- template reading


@dataclass(frozen=True)
class Level:
    """Paragraph formatting of one outline level, in points."""

    size: float = 18.0
    bold: bool = False
    mar_l: float = 0.0
    indent: float = 0.0
    space_before: float = 0.0
    line: float = 1.0  # line spacing multiple


@dataclass(frozen=True)
class Box:
    """A placeholder of a layout: geometry in EMU, text formatting per level."""

    type: str  # title, ctrTitle, subTitle, body, obj, tbl, chart, pic …
    idx: int
    x: int
    y: int
    w: int
    h: int
    insets: tuple[int, int, int, int] = DEFAULT_INSETS
    levels: tuple[Level, ...] = (Level(),)

    def level(self, n: int) -> Level:
        return self.levels[min(max(n, 0), len(self.levels) - 1)]

    @property
    def inner_width(self) -> float:
        return (self.w - self.insets[0] - self.insets[2]) / EMU_PER_PT

    @property
    def inner_height(self) -> float:
        return (self.h - self.insets[1] - self.insets[3]) / EMU_PER_PT

    def paragraph_height(self, text: str, level: int = 0, first: bool = False) -> float:
        style = self.level(level)
        width = self.inner_width - style.mar_l
        first_width = width - max(style.indent, 0.0)
        lines = wrap_count(text, width, style.size, style.bold, first_width)
        before = 0.0 if first else style.space_before
        return before + lines * style.size * LINE_FACTOR * style.line

    def lines(self, paragraphs: Iterable[tuple[str, int]]) -> int:
        total = 0
        for text, level in paragraphs:
            style = self.level(level)
            width = self.inner_width - style.mar_l
            total += wrap_count(text, width, style.size, style.bold, width - max(style.indent, 0.0))
        return total

    def text_height(self, paragraphs: Iterable[tuple[str, int]]) -> float:
        """Estimated height in points of ``(text, level)`` paragraphs, insets excluded.

        Space before the first paragraph is counted too: LibreOffice applies it.
        """
        return sum(self.paragraph_height(text, level) for text, level in paragraphs)

    def fits(self, paragraphs: Sequence[tuple[str, int]], max_lines: int | None = None) -> bool:
        if max_lines is not None and self.lines(paragraphs) > max_lines:
            return False
        return self.text_height(paragraphs) <= self.inner_height + 0.01


@dataclass(frozen=True)
class LayoutMetrics:
    name: str
    title: Box | None
    boxes: tuple[Box, ...]  # content placeholders (not title, footer, number, date) by idx
    footer: bool
    number: bool


@dataclass(frozen=True)
class TemplateMetrics:
    path: Path
    width: int
    height: int
    layouts: dict[str, LayoutMetrics]
    table_text: Level  # text in table cells (presentation default text style)
    table_style: str | None  # default table style id of the template
    cell_insets: tuple[int, int, int, int] = DEFAULT_INSETS

    def layout(self, name: str) -> LayoutMetrics:
        try:
            return self.layouts[name]
        except KeyError:
            from .errors import suggest

            hint = suggest(name, self.layouts)
            raise BuildError(
                f"{self.path.name}: no slide layout named {name!r}"
                + (f"; did you mean {hint!r}?" if hint else "")
                + f" (layouts: {', '.join(sorted(self.layouts))})"
            ) from None


def _num(value: str | None, default: float) -> float:
    try:
        return float(value) if value is not None else default
    except ValueError:
        return default


def _level_sources(nodes: Sequence[etree._Element | None], n: int) -> list[etree._Element]:
    out = []
    for node in nodes:
        if node is None:
            continue
        found = node.find(f"{{{A}}}lvl{n}pPr")
        if found is not None:
            out.append(found)
    return out


def _resolve_level(sources: list[etree._Element]) -> Level:
    values: dict[str, float | bool | None] = {
        "size": None,
        "bold": None,
        "mar_l": None,
        "indent": None,
        "before": None,
        "before_pct": None,
        "line": None,
    }
    for ppr in sources:
        if values["mar_l"] is None and ppr.get("marL") is not None:
            values["mar_l"] = _num(ppr.get("marL"), 0) / EMU_PER_PT
        if values["indent"] is None and ppr.get("indent") is not None:
            values["indent"] = _num(ppr.get("indent"), 0) / EMU_PER_PT
        if values["before"] is None and values["before_pct"] is None:
            pts = ppr.find(f"{{{A}}}spcBef/{{{A}}}spcPts")
            pct = ppr.find(f"{{{A}}}spcBef/{{{A}}}spcPct")
            if pts is not None:
                values["before"] = _num(pts.get("val"), 0) / 100
            elif pct is not None:
                values["before_pct"] = _num(pct.get("val"), 0) / 100000
        if values["line"] is None:
            pct = ppr.find(f"{{{A}}}lnSpc/{{{A}}}spcPct")
            if pct is not None:
                values["line"] = _num(pct.get("val"), 100000) / 100000
        rpr = ppr.find(f"{{{A}}}defRPr")
        if rpr is not None:
            if values["size"] is None and rpr.get("sz"):
                values["size"] = _num(rpr.get("sz"), 1800) / 100
            if values["bold"] is None and rpr.get("b") is not None:
                values["bold"] = rpr.get("b") in ("1", "true")
    size = float(values["size"] or 18.0)
    before = values["before"]
    if before is None:
        before = size * LINE_FACTOR * float(values["before_pct"] or 0.0)
    return Level(
        size=size,
        bold=bool(values["bold"]),
        mar_l=float(values["mar_l"] or 0.0),
        indent=float(values["indent"] or 0.0),
        space_before=float(before),
        line=max(float(values["line"] or 1.0), 1.0),
    )


def _ph(sp: etree._Element) -> etree._Element | None:
    return sp.find(f"{{{P}}}nvSpPr/{{{P}}}nvPr/{{{P}}}ph")


def _ph_type(ph: etree._Element) -> str:
    return ph.get("type", "obj")


MASTER_TYPE = {
    "ctrTitle": "title",
    "title": "title",
    "dt": "dt",
    "ftr": "ftr",
    "sldNum": "sldNum",
    "hdr": "hdr",
}
NOT_CONTENT = {"title", "ctrTitle", "dt", "ftr", "sldNum", "hdr", "sldImg"}


def _geometry(sp: etree._Element | None) -> tuple[int, int, int, int] | None:
    if sp is None:
        return None
    off = sp.find(f"{{{P}}}spPr/{{{A}}}xfrm/{{{A}}}off")
    ext = sp.find(f"{{{P}}}spPr/{{{A}}}xfrm/{{{A}}}ext")
    if off is None or ext is None:
        return None
    return (int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy")))


def _insets(*sps: etree._Element | None) -> tuple[int, int, int, int]:
    out = list(DEFAULT_INSETS)
    names = ("lIns", "tIns", "rIns", "bIns")
    found = [False] * 4
    for sp in sps:
        if sp is None:
            continue
        body = sp.find(f"{{{P}}}txBody/{{{A}}}bodyPr")
        if body is None:
            continue
        for i, name in enumerate(names):
            if not found[i] and body.get(name) is not None:
                out[i] = int(body.get(name))
                found[i] = True
    return tuple(out)  # type: ignore[return-value]


def _lst(sp: etree._Element | None) -> etree._Element | None:
    return None if sp is None else sp.find(f"{{{P}}}txBody/{{{A}}}lstStyle")


def _read(path: Path, data: bytes) -> TemplateMetrics:
    from pptx import Presentation

    try:
        prs = Presentation(io.BytesIO(data))
    except Exception as exc:  # a broken or non-pptx file
        raise BuildError(f"cannot read the deck template {path.name}: {exc}") from None
    pres_el = prs.part._element
    defaults = pres_el.find(f"{{{P}}}defaultTextStyle")
    table_style = None
    for part in prs.part.package.iter_parts():
        if part.partname == "/ppt/tableStyles.xml":
            table_style = etree.fromstring(part.blob).get("def")
    layouts: dict[str, LayoutMetrics] = {}
    for master in prs.slide_masters:
        m_el = master._element
        styles = m_el.find(f"{{{P}}}txStyles")
        title_style = styles.find(f"{{{P}}}titleStyle") if styles is not None else None
        body_style = styles.find(f"{{{P}}}bodyStyle") if styles is not None else None
        other_style = styles.find(f"{{{P}}}otherStyle") if styles is not None else None
        master_sps: dict[str, etree._Element] = {}
        for sp in m_el.iter(f"{{{P}}}sp"):
            ph = _ph(sp)
            if ph is not None:
                master_sps.setdefault(MASTER_TYPE.get(_ph_type(ph), "body"), sp)
        for layout in master.slide_layouts:
            boxes: list[Box] = []
            title: Box | None = None
            footer = number = False
            for sp in layout._element.iter(f"{{{P}}}sp"):
                ph = _ph(sp)
                if ph is None:
                    continue
                kind = _ph_type(ph)
                if kind == "ftr":
                    footer = True
                if kind == "sldNum":
                    number = True
                if kind in ("dt", "ftr", "sldNum", "hdr"):
                    continue
                master_sp = master_sps.get(MASTER_TYPE.get(kind, "body"))
                geometry = (
                    _geometry(sp)
                    or _geometry(master_sp)
                    or (0, 0, prs.slide_width, prs.slide_height)
                )
                text_style = (
                    title_style
                    if kind in ("title", "ctrTitle")
                    else body_style
                    if kind not in NOT_CONTENT
                    else other_style
                )
                chain = [_lst(sp), _lst(master_sp), text_style, defaults]
                levels = tuple(_resolve_level(_level_sources(chain, n)) for n in range(1, 10))
                box = Box(
                    kind,
                    int(ph.get("idx", 0)),
                    *geometry,
                    insets=_insets(sp, master_sp),
                    levels=levels,
                )
                if kind in ("title", "ctrTitle"):
                    title = box
                else:
                    boxes.append(box)
            boxes.sort(key=lambda b: b.idx)
            layouts.setdefault(
                layout.name, LayoutMetrics(layout.name, title, tuple(boxes), footer, number)
            )
    table_text = _resolve_level(_level_sources([defaults], 1))
    return TemplateMetrics(
        path=path,
        width=prs.slide_width,
        height=prs.slide_height,
        layouts=layouts,
        table_text=table_text,
        table_style=table_style,
    )


_CACHE: dict[tuple[str, str], TemplateMetrics] = {}


def template_metrics(path: Path) -> TemplateMetrics:
    """The metrics of the deck template at ``path``, read once per content."""
    data = read_input(path, lambda: read_office(path, path.name, None, "deck"))  # no zip bomb
    key = (str(path), hashlib.sha256(data).hexdigest())
    if key not in _CACHE:
        if len(_CACHE) >= 16:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = _read(path, data)
    return _CACHE[key]


# --------------------------------------------------------------------------- tables


def column_widths(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    total: int,
    text: Level,
    insets: tuple[int, int, int, int] = DEFAULT_INSETS,
) -> list[int]:
    """Column widths in EMU summing to ``total``: room for each column's longest word, the
    rest shared by how much text each column holds."""
    pad = (insets[0] + insets[2]) / EMU_PER_PT
    n = len(columns)
    want, least = [], []
    for c in range(n):
        cells = [columns[c], *(row[c] for row in rows)]
        bold = [True] + [False] * len(rows)
        longest = max(text_width(cell, text.size, b) for cell, b in zip(cells, bold, strict=True))
        word = max(
            (
                text_width(w, text.size, b)
                for cell, b in zip(cells, bold, strict=True)
                for w in cell.split()
            ),
            default=0.0,
        )
        want.append(longest + pad + 1)
        least.append(min(word + pad + 1, longest + pad + 1))
    total_pt = total / EMU_PER_PT
    if sum(want) <= total_pt:
        # room to spare: most goes to the wordy columns, short ones (times, years) stay narrow
        spare = total_pt - sum(want)
        wordy = [w if w >= max(want) / 2 else 0.0 for w in want]
        shares = [
            w + spare * (0.75 * x / sum(wordy) + 0.25 * w / sum(want))
            for w, x in zip(want, wordy, strict=True)
        ]
    elif sum(least) >= total_pt:
        shares = least
    else:
        spare = total_pt - sum(least)
        extra = [w - m for w, m in zip(want, least, strict=True)]
        # share the spare room by the square root of what each column lacks: long columns
        # still get most of it, short ones are not squeezed to their longest word
        weights = [math.sqrt(e) for e in extra]
        weight = sum(weights) or 1.0
        shares = [m + spare * w / weight for m, w in zip(least, weights, strict=True)]
        shares = [min(s, w) for s, w in zip(shares, want, strict=True)]
    scale = total / sum(shares)
    widths = [int(s * scale) for s in shares]
    widths[-1] += total - sum(widths)
    return widths


def row_heights(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[int],
    text: Level,
    insets: tuple[int, int, int, int] = DEFAULT_INSETS,
) -> list[int]:
    """Estimated height in EMU of the header row and of each row."""
    pad_w = (insets[0] + insets[2]) / EMU_PER_PT
    pad_h = insets[1] + insets[3]
    out = []
    for r, cells in enumerate([columns, *rows]):
        lines = max(
            wrap_count(cell, w / EMU_PER_PT - pad_w, text.size, r == 0)
            for cell, w in zip(cells, widths, strict=True)
        )
        out.append(int(math.ceil(lines * text.size * LINE_FACTOR * text.line * EMU_PER_PT)) + pad_h)
    return out
