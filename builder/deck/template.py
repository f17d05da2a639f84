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

import copy
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
    # position among the layout's placeholders that a new slide gets (document order, date,
    # footer and slide number left out): the slide's placeholder is found by it, never by idx;
    # -1 for a text box the renderer adds (an optional slot placed in the layout's free area)
    key: int = -1
    # the renderer writes this geometry on the slide's shape (a placeholder made smaller, one
    # whose idx its layout shares, a text box)
    explicit: bool = False
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
    boxes: tuple[Box, ...]  # content placeholders (not title, footer, number, date) in order
    footer: bool
    number: bool
    footer_top: int | None = None  # top of the date, footer and slide number, when low
    body_levels: tuple[Level, ...] = (Level(),)  # the master's body text, for text boxes


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
    masters: tuple[str, ...] = ()  # names of the template's slide masters, in order
    master: int = 0  # the one used (0-based)
    text_fill: str | None = None  # the master's body text colour (``a:solidFill`` XML)
    # title / body → ``a:lstStyle`` XML made from the master's sample text, when the master
    # has no text styles of its own (LibreOffice): written on every slide, so that PowerPoint
    # and LibreOffice draw the text as it was measured, in the master's colours
    samples: dict[str, str] = field(default_factory=dict)

    def bind(self, fonts: Fonts) -> TemplateMetrics:
        """These metrics measuring with ``fonts`` (the theme's)."""

        def bound(box: Box | None) -> Box | None:
            return None if box is None else replace(box, fonts=fonts)

        layouts = {
            name: replace(
                layout,
                title=bound(layout.title),
                boxes=tuple(bound(b) for b in layout.boxes),
            )
            for name, layout in self.layouts.items()
        }
        return replace(self, layouts=layouts, fonts=fonts)

    def at_least(self, min_pt: float) -> TemplateMetrics:
        """A master without text styles (whose sizes come from its sample text, written on
        every slide): its text no smaller than ``min_pt``. Other templates are unchanged (a
        text style below the minimum is their author's to fix)."""
        if not self.samples:
            return self

        def up(levels: tuple[Level, ...]) -> tuple[Level, ...]:
            return tuple(replace(lv, size=max(lv.size, min_pt)) for lv in levels)

        def raised(box: Box | None) -> Box | None:
            return None if box is None else replace(box, levels=up(box.levels))

        layouts = {
            name: replace(
                layout,
                title=layout.title,
                boxes=tuple(raised(b) for b in layout.boxes),
                body_levels=tuple(
                    replace(lv, size=max(lv.size, min_pt)) for lv in layout.body_levels
                ),
            )
            for name, layout in self.layouts.items()
        }
        samples = dict(self.samples)
        if "body" in samples:
            style = etree.fromstring(samples["body"])
            for rpr in style.iter(f"{{{A}}}defRPr"):
                if rpr.get("sz") and int(rpr.get("sz")) < min_pt * 100:
                    rpr.set("sz", str(int(min_pt * 100)))
            samples["body"] = etree.tostring(style, encoding="unicode")
        return replace(self, layouts=layouts, samples=samples)

    def table_face(self, bold: bool = False):
        return self.fonts.face(self.table_text.font, bold, False)

    def layout(self, name: str) -> LayoutMetrics:
        try:
            return self.layouts[name]
        except KeyError:
            from .matching import suggest_layout

            hint = suggest_layout(name, self.layouts)
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
FURNITURE = {"dt", "ftr", "sldNum"}  # not cloned onto a new slide


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


def _pick_master(path: Path, masters: list, wanted: int | str | None) -> int:
    """The index of the master a theme picks (``master:`` a name, or a number from 1)."""
    names = [m.name or "" for m in masters]
    if wanted is None:
        return 0
    if isinstance(wanted, int) and not isinstance(wanted, bool):
        if 1 <= wanted <= len(masters):
            return wanted - 1
    else:
        folded = [n.casefold() for n in names]
        if str(wanted).casefold() in folded:
            return folded.index(str(wanted).casefold())
    shown = ", ".join(f"{i} {n!r}" if n else str(i) for i, n in enumerate(names, 1))
    raise BuildError(
        f"{path.name} has no slide master {wanted!r} (masters: {shown}; give a name or "
        "a number from 1)"
    )


def _placeholders(tree: etree._Element) -> list[tuple[etree._Element, etree._Element]]:
    """(shape, ph) of the placeholders directly in ``tree``, in document order (the order in
    which python-pptx clones them onto a new slide)."""
    out = []
    for sp in tree:
        nv = next((c for c in sp if etree.QName(c).localname.startswith("nv")), None)
        ph = None if nv is None else nv.find(f"{{{P}}}nvPr/{{{P}}}ph")
        if ph is not None:
            out.append((sp, ph))
    return out


class _MasterStyles:
    """What a slide master gives the layouts under it."""

    def __init__(self, master, defaults: etree._Element | None) -> None:
        self.scheme = _font_scheme(master)
        m_el = master._element
        styles = m_el.find(f"{{{P}}}txStyles")
        self.title = styles.find(f"{{{P}}}titleStyle") if styles is not None else None
        self.body = styles.find(f"{{{P}}}bodyStyle") if styles is not None else None
        self.other = styles.find(f"{{{P}}}otherStyle") if styles is not None else None
        self.defaults = defaults
        self.sps: dict[str, etree._Element] = {}
        for sp, ph in _placeholders(m_el.find(f"{{{P}}}cSld/{{{P}}}spTree")):
            self.sps.setdefault(MASTER_TYPE.get(_ph_type(ph), "body"), sp)
        self.samples = {
            kind: sample
            for kind, style in (("title", self.title), ("body", self.body))
            if not _sized(style) and (sample := _sample_style(self.sps.get(kind))) is not None
        }
        chain = [_lst(self.sps.get("body")), self.samples.get("body"), self.body, defaults]
        self.body_levels = tuple(
            _resolve_level(_level_sources(chain, n), self.scheme) for n in range(1, 10)
        )

    def text_fill(self) -> str | None:
        """The colour of the master's body text, for the text boxes the renderer adds."""
        for node in (_lst(self.sps.get("body")), self.samples.get("body"), self.body):
            path = f"{{{A}}}lvl1pPr/{{{A}}}defRPr/{{{A}}}solidFill"
            fill = None if node is None else node.find(path)
            if fill is not None:
                return etree.tostring(fill, encoding="unicode")
        return None


def _sized(style: etree._Element | None) -> bool:
    """Whether a master text style gives its first level a size."""
    if style is None:
        return False
    rpr = style.find(f"{{{A}}}lvl1pPr/{{{A}}}defRPr")
    return rpr is not None and rpr.get("sz") is not None


def _sample_style(sp: etree._Element | None) -> etree._Element | None:
    """An ``a:lstStyle`` from the formatting of a master placeholder's sample paragraphs
    ("Click to edit the title text format", "Second Outline Level" …)."""
    if sp is None:
        return None
    style = etree.Element(f"{{{A}}}lstStyle", nsmap={"a": A})
    levels: dict[int, etree._Element] = {}
    for para in sp.iterfind(f"{{{P}}}txBody/{{{A}}}p"):
        ppr = para.find(f"{{{A}}}pPr")
        level = int(ppr.get("lvl", 0)) if ppr is not None else 0
        rpr = para.find(f"{{{A}}}r/{{{A}}}rPr")
        if rpr is None:
            rpr = para.find(f"{{{A}}}endParaRPr")
        if level in levels or rpr is None or rpr.get("sz") is None or level > 8:
            continue
        lvl = etree.Element(f"{{{A}}}lvl{level + 1}pPr")
        for name in ("marL", "indent", "algn"):
            if ppr is not None and ppr.get(name) is not None:
                lvl.set(name, ppr.get(name))
        for name in ("lnSpc", "spcBef"):
            found = None if ppr is None else ppr.find(f"{{{A}}}{name}")
            if found is not None:
                lvl.append(copy.deepcopy(found))
        defrpr = etree.SubElement(lvl, f"{{{A}}}defRPr")
        for name in ("sz", "b", "i"):
            if rpr.get(name) is not None:
                defrpr.set(name, rpr.get(name))
        for child in rpr:
            if etree.QName(child).localname in ("solidFill", "latin"):
                defrpr.append(copy.deepcopy(child))
        levels[level] = lvl
    if not levels:
        return None
    for level in sorted(levels):
        style.append(levels[level])
    return style


def _layout_metrics(layout, master: _MasterStyles, size: tuple[int, int]) -> LayoutMetrics:
    boxes: list[Box] = []
    title: Box | None = None
    footer = number = False
    low: list[int] = []
    key = 0
    found = _placeholders(layout._element.find(f"{{{P}}}cSld/{{{P}}}spTree"))
    idxs = [int(ph.get("idx", 0)) for _, ph in found if _ph_type(ph) not in FURNITURE]
    shared = len(idxs) != len(set(idxs))  # LibreOffice: title and body both idx 0
    for sp, ph in found:
        kind = _ph_type(ph)
        master_sp = master.sps.get(MASTER_TYPE.get(kind, "body"))
        geometry = _geometry(sp) or _geometry(master_sp) or (0, 0, *size)
        if kind in FURNITURE:
            footer = footer or kind == "ftr"
            number = number or kind == "sldNum"
            if geometry[1] > size[1] // 2:
                low.append(geometry[1])
            continue
        if kind == "hdr":  # cloned, never filled
            key += 1
            continue
        text_style = (
            master.title
            if kind in ("title", "ctrTitle")
            else master.body
            if kind not in NOT_CONTENT
            else master.other
        )
        sample = master.samples.get("title" if kind in ("title", "ctrTitle") else "body")
        chain = [_lst(sp), _lst(master_sp), sample, text_style, master.defaults]
        levels = tuple(
            _resolve_level(_level_sources(chain, n), master.scheme) for n in range(1, 10)
        )
        box = Box(
            kind,
            int(ph.get("idx", 0)),
            *geometry,
            insets=_insets(sp, master_sp),
            levels=levels,
            key=key,
            explicit=shared,
        )
        key += 1
        if kind in ("title", "ctrTitle") and title is None:
            title = box
        else:
            boxes.append(box)
    if master.samples:
        title, boxes = _autolayout(master, title, boxes)
    footer_top = min(low) if low else None
    return LayoutMetrics(
        layout.name,
        title,
        tuple(_above_footer(b, footer_top) for b in boxes),
        footer,
        number,
        footer_top,
        master.body_levels,
    )


def _autolayout(master: _MasterStyles, title: Box | None, boxes: list[Box]):
    """A LibreOffice-made layout whose title lies outside its master's title area: the
    geometry LibreOffice wrote for the layout is nominal (its layouts are computed from the
    master's title and outline areas), and the master's text colours are meant for those
    areas. Its shapes are placed in the master's areas."""
    title_area = _geometry(master.sps.get("title"))
    body_area = _geometry(master.sps.get("body"))
    if title is None or title_area is None:
        return title, boxes
    if title.y < title_area[1] + title_area[3] and title_area[1] < title.y + title.h:
        return title, boxes  # the layout's own geometry agrees with its master's
    x, y, w, h = title_area
    title = replace(title, x=x, y=y, w=w, h=h, explicit=True)
    if not boxes or body_area is None:
        return title, boxes
    left = min(b.x for b in boxes)
    top = min(b.y for b in boxes)
    width = max(b.x + b.w for b in boxes) - left or 1
    height = max(b.y + b.h for b in boxes) - top or 1
    bx, by, bw, bh = body_area
    placed = [
        replace(
            b,
            x=bx + (b.x - left) * bw // width,
            y=by + (b.y - top) * bh // height,
            w=b.w * bw // width,
            h=b.h * bh // height,
            explicit=True,
        )
        for b in boxes
    ]
    return title, placed


def _above_footer(box: Box, footer_top: int | None) -> Box:
    """``box`` ending where the footer begins, when the template lets it run into it."""
    if footer_top is None or box.y + box.h <= footer_top or box.y >= footer_top:
        return box
    height = footer_top - box.y
    if height < box.h // 2:
        return box
    return replace(box, h=height, explicit=True)


def _read(path: Path, data: bytes, wanted: int | str | None = None) -> TemplateMetrics:
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
    masters = list(prs.slide_masters)
    chosen = _pick_master(path, masters, wanted)
    styles = _MasterStyles(masters[chosen], defaults)
    size = (prs.slide_width, prs.slide_height)
    layouts: dict[str, LayoutMetrics] = {}
    for layout in masters[chosen].slide_layouts:
        layouts.setdefault(layout.name, _layout_metrics(layout, styles, size))
    table_text = _resolve_level(_level_sources([defaults], 1), styles.scheme)
    return TemplateMetrics(
        path=path,
        width=prs.slide_width,
        height=prs.slide_height,
        layouts=layouts,
        table_text=table_text,
        table_style=table_style,
        masters=tuple(m.name or "" for m in masters),
        master=chosen,
        text_fill=styles.text_fill(),
        samples={k: etree.tostring(v, encoding="unicode") for k, v in styles.samples.items()},
    )


_CACHE: dict[tuple[str, str, str], TemplateMetrics] = {}


def template_metrics(path: Path, master: int | str | None = None) -> TemplateMetrics:
    """The metrics of the layouts of one slide master (the first unless ``master`` names
    one, or numbers it from 1) of the deck template at ``path``, read once per content."""
    data = read_input(path, lambda: read_office(path, path.name, None, "deck"))  # no zip bomb
    key = (str(path), hashlib.sha256(data).hexdigest(), repr(master))
    if key not in _CACHE:
        if len(_CACHE) >= 16:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = _read(path, data, master)
    return _CACHE[key]
