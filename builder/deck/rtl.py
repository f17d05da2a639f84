"""Right-to-left slides: paragraph direction, alignment, run languages, tables, charts and
diagrams mirrored, written in the slide XML (python-pptx has no API for any of it).

:func:`edition_script` says how an edition's text is written: its run language (``ar-DZ``:
the language refined by the country the workshop is held in), whether it reads right to left,
and the theme's complex-script typeface (``options.complex_script_font``), which PowerPoint and
LibreOffice use for Arabic, Hebrew … characters (``a:cs``). For a right-to-left edition the
deck writer calls:

* :func:`mirror_text` on every text body: ``a:pPr rtl="1"`` (bullets and indents then sit on
  the right), the alignment the layout gives a paragraph mirrored (``l`` → ``r``, ``r`` → ``l``;
  centred and justified text stays), and on every run ``lang``, ``altLang`` (the Latin text
  inside) and the ``a:cs`` typeface;
* :func:`mirror_table` on a table: ``a:tblPr rtl="1"`` (the first column on the right);
* :func:`mirror_chart` on a chart: the horizontal axis reversed (categories from right to
  left, or bars growing leftwards), so the value axis stands on the right;
* :func:`mirror_slots` on a layout's side-by-side placeholders: the first column of a
  comparison and a slide's bullets beside its chart or picture go on the right;
* :func:`mirror_group` on a drawn diagram: every shape reflected inside the group, arrows
  flipped, so timelines and processes run from right to left.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree
from pptx.oxml.ns import qn

from ..i18n import is_rtl, language_tag
from .template import Box

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
MIRROR = {"l": "r", "r": "l"}
ALT_LANG = "en-US"  # Latin text inside right-to-left runs (acronyms, symbols)
# what follows a:cs in a:rPr / a:defRPr / a:endParaRPr (CT_TextCharacterProperties)
AFTER_CS = frozenset({"sym", "hlinkClick", "hlinkMouseOver", "rtl", "extLst"})
RUN_PROPERTIES = (qn("a:rPr"), qn("a:endParaRPr"), qn("a:defRPr"))


@dataclass(frozen=True)
class Script:
    """How an edition's text is written on slides."""

    lang: str  # run language, e.g. ar-DZ
    rtl: bool = False
    cs_font: str | None = None  # the theme's complex-script typeface


def edition_script(course, cs_font: str | None) -> Script:
    """Right-to-left editions get the refined tag (``ar-DZ``) and the complex-script font;
    others keep their language as written (their runs are unchanged)."""
    if not is_rtl(course.language):
        return Script(course.language)
    return Script(language_tag(course), True, cs_font)


# --------------------------------------------------------------------------- text


def _ppr(p: etree._Element) -> etree._Element:
    ppr = p.find(qn("a:pPr"))
    if ppr is None:
        ppr = etree.Element(qn("a:pPr"))
        p.insert(0, ppr)
    return ppr


def mirror_paragraph(p: etree._Element, inherited: str | None) -> None:
    """``p`` right to left; its alignment (its own, else ``inherited``: what the layout gives
    its level; None leaves an inherited alignment alone) mirrored."""
    ppr = _ppr(p)
    ppr.set("rtl", "1")
    align = ppr.get("algn") or inherited
    if align in MIRROR:
        ppr.set("algn", MIRROR[align])


def run_script(rpr: etree._Element, script: Script) -> None:
    """A run's language, alternative language and complex-script typeface."""
    rpr.set("lang", script.lang)
    rpr.set("altLang", ALT_LANG)
    if not script.cs_font:
        return
    cs = rpr.find(qn("a:cs"))
    if cs is None:
        cs = etree.Element(qn("a:cs"))
        for child in rpr:
            if etree.QName(child).localname in AFTER_CS:
                child.addprevious(cs)
                break
        else:
            rpr.append(cs)
    cs.set("typeface", script.cs_font)


def mirror_text(
    body: etree._Element, script: Script, levels: Sequence[str] | None = ("l",) * 9
) -> None:
    """Every paragraph of the text body ``body`` right to left. ``levels``: the alignment the
    layout gives each outline level (None: keep inherited alignments, e.g. footers)."""
    for p in body.iter(qn("a:p")):
        ppr = p.find(qn("a:pPr"))
        level = int(ppr.get("lvl", "0")) if ppr is not None else 0
        inherited = levels[min(level, len(levels) - 1)] if levels else None
        mirror_paragraph(p, inherited)
    for rpr in body.iter(*RUN_PROPERTIES):
        run_script(rpr, script)


def mirror_table(tbl: etree._Element, script: Script) -> None:
    """A table right to left: its first column on the right, its cells' text right-aligned."""
    tbl_pr = tbl.find(qn("a:tblPr"))
    if tbl_pr is None:
        tbl_pr = etree.Element(qn("a:tblPr"))
        tbl.insert(0, tbl_pr)
    tbl_pr.set("rtl", "1")
    for body in tbl.iter(qn("a:txBody")):
        mirror_text(body, script)


# side-by-side slots of the layout roles (builder.deck.layouts): in a right-to-left deck the
# first of a pair is drawn on the right
SIDE_BY_SIDE = (("left", "right"), ("left-heading", "right-heading"))


def mirror_slots(slots: dict[str, Box]) -> dict[str, Box]:
    """A layout's slots with each left/right pair swapped, so that what comes first (the
    first column of a comparison, a slide's bullets beside its chart) stands on the right;
    a pair is kept when its two boxes differ in size (the text was fitted to its own box)."""
    out = dict(slots)
    for first, second in SIDE_BY_SIDE:
        a, b = slots.get(first), slots.get(second)
        if a is None or b is None or (a.w, a.h) != (b.w, b.h):
            continue
        out[first], out[second] = b, a
    return out


# --------------------------------------------------------------------------- charts

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def _c(tag: str) -> str:
    return f"{{{C}}}{tag}"


def mirror_chart(chart_space: etree._Element, script: Script) -> None:
    """A chart read from right to left: the horizontal axis runs from right to left (the
    category axis of columns and lines, the value axis of horizontal bars), which puts the
    axis it crosses on the right; a legend on one side moves to the other; text runs carry
    the edition's language and direction."""
    horizontal_bars = any(d.get("val") == "bar" for d in chart_space.iter(_c("barDir")))
    axes = (_c("valAx"),) if horizontal_bars else (_c("catAx"), _c("dateAx"))
    for ax in chart_space.iter(*axes):
        scaling = ax.find(_c("scaling"))
        if scaling is None:
            continue
        orientation = scaling.find(_c("orientation"))
        if orientation is None:
            orientation = etree.Element(_c("orientation"))
            scaling.insert(0 if scaling.find(_c("logBase")) is None else 1, orientation)
        orientation.set("val", "maxMin")
    for position in chart_space.iter(_c("legendPos")):
        if position.get("val") in ("l", "r"):
            position.set("val", MIRROR[position.get("val")])
    for body in chart_space.iter(f"{{{C}}}txPr", f"{{{C}}}rich"):
        mirror_text(body, script, None)


# --------------------------------------------------------------------------- diagrams


def mirror_group(group: etree._Element) -> None:
    """Reflect the shapes of a drawn group (timeline, process) about its vertical centre
    line; arrows point the other way."""
    xfrm = group.find(f"{qn('p:grpSpPr')}/{qn('a:xfrm')}")
    off, ext = xfrm.find(qn("a:chOff")), xfrm.find(qn("a:chExt"))
    left, width = int(off.get("x")), int(ext.get("cx"))
    for child in group:
        if child.tag not in (qn("p:sp"), qn("p:grpSp"), qn("p:cxnSp"), qn("p:pic")):
            continue
        shape_xfrm = child.find(f".//{{{A}}}xfrm")
        if shape_xfrm is None:
            continue
        child_off, child_ext = shape_xfrm.find(qn("a:off")), shape_xfrm.find(qn("a:ext"))
        x, w = int(child_off.get("x")), int(child_ext.get("cx"))
        child_off.set("x", str(2 * left + width - x - w))
        geometry = child.find(f".//{qn('a:prstGeom')}")
        if geometry is not None and "Arrow" in geometry.get("prst", ""):
            flipped = shape_xfrm.get("flipH") in ("1", "true")
            if flipped:
                del shape_xfrm.attrib["flipH"]
            else:
                shape_xfrm.set("flipH", "1")
