"""What the deck template's layouts can hold, and how tall a text will be in them.

The slide planner (:mod:`builder.deck.plan`) paginates before anything is drawn, so it needs the
size of every placeholder and the typeface, font size, indentation and spacing of every
paragraph level. :func:`template_metrics` reads them once per template file from the layouts,
following PowerPoint's inheritance (layout placeholder → master placeholder → master text
styles → presentation defaults; ``+mn-lt``/``+mj-lt`` resolved through the template's theme
fonts), and caches the result. :meth:`TemplateMetrics.bind` gives its boxes the theme's fonts
(:mod:`builder.deck.text`), with which they measure text: lines are wrapped with the real
advance widths and kerning, and a line is as high as the font's own line spacing.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from ..errors import BuildError
from ..inputs import read_input
from ..paths import read_office
from .fonts import line_factor_of
from .text import ESTIMATED, Fonts, wrap_count

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"

EMU_PER_PT = 12700
DEFAULT_INSETS = (91440, 45720, 91440, 45720)  # l, t, r, b


# --------------------------------------------------------------------------- template reading


@dataclass(frozen=True)
class Level:
    """Paragraph formatting of one outline level, in points."""

    size: float = 18.0
    bold: bool = False
    italic: bool = False
    font: str = ""  # typeface, theme fonts resolved (``Calibri``)
    mar_l: float = 0.0
    indent: float = 0.0
    space_before: float = 0.0
    line: float = 1.0  # line spacing multiple
    align: str = "l"  # a:pPr algn: l, ctr, r, just …


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
    fonts: Fonts = field(default_factory=lambda: ESTIMATED, compare=False, repr=False)

    def level(self, n: int) -> Level:
        return self.levels[min(max(n, 0), len(self.levels) - 1)]

    def face(self, style: Level):
        return self.fonts.face(style.font, style.bold, style.italic)

    def line_height(self, style: Level, text: str | None = None) -> float:
        """Height of one line of ``style`` text (of ``text`` when given: a line without
        complex-script letters is as high as the Latin font's), in points."""
        return style.size * line_factor_of(self.face(style), text) * style.line

    def lines_of(self, text: str, level: int = 0) -> int:
        style = self.level(level)
        width = self.inner_width - style.mar_l
        first = width - max(style.indent, 0.0)
        return wrap_count(text, width, style.size, self.face(style), first)

    @property
    def inner_width(self) -> float:
        return (self.w - self.insets[0] - self.insets[2]) / EMU_PER_PT

    @property
    def inner_height(self) -> float:
        return (self.h - self.insets[1] - self.insets[3]) / EMU_PER_PT

    def paragraph_height(self, text: str, level: int = 0, first: bool = False) -> float:
        style = self.level(level)
        before = 0.0 if first else style.space_before
        return before + self.lines_of(text, level) * self.line_height(style, text)

    def lines(self, paragraphs: Iterable[tuple[str, int]]) -> int:
        return sum(self.lines_of(text, level) for text, level in paragraphs)

    def text_height(self, paragraphs: Iterable[tuple[str, int]]) -> float:
        """Estimated height in points of ``(text, level)`` paragraphs, insets excluded.

        Space before the first paragraph is counted too: LibreOffice applies it.
        """
        return sum(self.paragraph_height(text, level) for text, level in paragraphs)

    def fits(self, paragraphs: Sequence[tuple[str, int]], max_lines: int | None = None) -> bool:
        if max_lines is not None and self.lines(paragraphs) > max_lines:
            return False
        return self.text_height(paragraphs) <= self.inner_height + 0.01

    def fill(self, paragraphs: Sequence[tuple[str, int]]) -> float:
        """How full the box is with ``paragraphs``: their height over the inner height."""
        return self.text_height(paragraphs) / self.inner_height if self.inner_height else 1.0


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
    fonts: Fonts = field(default_factory=lambda: ESTIMATED, compare=False, repr=False)

    def bind(self, fonts: Fonts) -> TemplateMetrics:
        """These metrics measuring with ``fonts`` (the theme's)."""

        def bound(box: Box | None) -> Box | None:
            return None if box is None else replace(box, fonts=fonts)

        layouts = {
            name: replace(
                layout, title=bound(layout.title), boxes=tuple(bound(b) for b in layout.boxes)
            )
            for name, layout in self.layouts.items()
        }
        return replace(self, layouts=layouts, fonts=fonts)

    def table_face(self, bold: bool = False):
        return self.fonts.face(self.table_text.font, bold, False)

    def layout(self, name: str) -> LayoutMetrics:
        try:
            return self.layouts[name]
        except KeyError:
            from ..errors import suggest

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


def _typeface(name: str | None, scheme: dict[str, str]) -> str | None:
    """A typeface name with theme fonts (``+mn-lt``, ``+mj-lt``) resolved."""
    if name and name.startswith("+"):
        return scheme.get(name[1:3], name)
    return name


def _resolve_level(sources: list[etree._Element], scheme: dict[str, str] | None = None) -> Level:
    scheme = scheme or {}
    values: dict[str, float | bool | str | None] = {
        "size": None,
        "bold": None,
        "italic": None,
        "font": None,
        "mar_l": None,
        "indent": None,
        "before": None,
        "before_pct": None,
        "line": None,
        "align": None,
    }
    for ppr in sources:
        if values["align"] is None and ppr.get("algn") is not None:
            values["align"] = ppr.get("algn")
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
            if values["italic"] is None and rpr.get("i") is not None:
                values["italic"] = rpr.get("i") in ("1", "true")
            latin = rpr.find(f"{{{A}}}latin")
            if values["font"] is None and latin is not None:
                values["font"] = _typeface(latin.get("typeface"), scheme)
    size = float(values["size"] or 18.0)
    before = values["before"]
    if before is None:  # a percentage of the line: of single spacing, near enough
        before = size * 1.2 * float(values["before_pct"] or 0.0)
    return Level(
        size=size,
        bold=bool(values["bold"]),
        italic=bool(values["italic"]),
        font=str(values["font"] or scheme.get("mn", "")),
        mar_l=float(values["mar_l"] or 0.0),
        indent=float(values["indent"] or 0.0),
        space_before=float(before),
        line=max(float(values["line"] or 1.0), 1.0),
        align=str(values["align"] or "l"),
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


def _font_scheme(master) -> dict[str, str]:
    """The theme fonts of a slide master: ``mj`` (headings) and ``mn`` (body) Latin
    typefaces."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        theme = etree.fromstring(master.part.part_related_by(RT.THEME).blob)
    except (KeyError, etree.XMLSyntaxError):
        return {}
    out = {}
    for key, tag in (("mj", "majorFont"), ("mn", "minorFont")):
        latin = theme.find(f".//{{{A}}}fontScheme/{{{A}}}{tag}/{{{A}}}latin")
        if latin is not None and latin.get("typeface"):
            out[key] = latin.get("typeface")
    return out


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
    scheme: dict[str, str] = {}
    for master in prs.slide_masters:
        scheme = _font_scheme(master)
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
                levels = tuple(
                    _resolve_level(_level_sources(chain, n), scheme) for n in range(1, 10)
                )
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
    table_text = _resolve_level(_level_sources([defaults], 1), scheme)
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
