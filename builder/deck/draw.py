"""Native shapes the deck draws: timelines, process diagrams and the theme's icons.

Diagrams are groups of ordinary, editable shapes (bars, dots, rounded boxes, arrows, text
boxes) placed where :mod:`.diagrams` says, coloured with the template's theme colours and set
in its theme font at the sizes of the diagram placeholder's levels, so a branded template
restyles them. Icons are copied from the theme's icons layout (shapes named ``icon:<name>``,
with their alt text), so a theme brings its own.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator

from lxml import etree
from pptx.oxml import parse_xml

from ..i18n import Messages
from ..view import ProcessView, TimelineView
from .diagrams import (
    INSET,
    Rect,
    process_geometry,
    process_height,
    timeline_geometry,
    timeline_text_height,
)
from .template import Box, Level
from .xml import xml_text

NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS = f'xmlns:p="{NS_P}" xmlns:a="{NS_A}"'
IDS = etree.XPath("//p:cNvPr/@id", namespaces={"p": NS_P})


class Shapes:
    """Shape XML with ids unique on one slide."""

    def __init__(self, slide_element, lang: str, messages: Messages | None = None) -> None:
        self.next_id = max((int(i) for i in IDS(slide_element)), default=1) + 1
        self.lang = lang
        self.messages = messages or Messages("en")  # alt texts in the edition's language

    def id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def shape(
        self,
        name: str,
        rect: Rect,
        geometry: str,
        fill: str | None,
        line: str | None = None,
        paragraphs: str = "",
        anchor: str = "t",
    ) -> str:
        fill_xml = (
            f'<a:solidFill><a:schemeClr val="{fill}"/></a:solidFill>' if fill else "<a:noFill/>"
        )
        line_xml = (
            f'<a:ln w="12700"><a:solidFill><a:schemeClr val="{line}"/></a:solidFill></a:ln>'
            if line
            else "<a:ln><a:noFill/></a:ln>"
        )
        text = (
            f'<p:txBody><a:bodyPr wrap="square" lIns="{INSET}" tIns="{INSET}" rIns="{INSET}" '
            f'bIns="{INSET}" anchor="{anchor}"><a:noAutofit/></a:bodyPr><a:lstStyle/>'
            f"{paragraphs or '<a:p/>'}</p:txBody>"
        )
        box = ' txBox="1"' if geometry == "rect" and not fill and paragraphs else ""
        return (
            f'<p:sp {NS}><p:nvSpPr><p:cNvPr id="{self.id()}" name="{xml_text(name)}"/>'
            f"<p:cNvSpPr{box}/><p:nvPr/></p:nvSpPr><p:spPr>"
            f'<a:xfrm><a:off x="{rect.x}" y="{rect.y}"/>'
            f'<a:ext cx="{rect.w}" cy="{rect.h}"/></a:xfrm>'
            f'<a:prstGeom prst="{geometry}"><a:avLst/></a:prstGeom>{fill_xml}{line_xml}</p:spPr>'
            f"{text}</p:sp>"
        )

    def para(
        self, text: str, style: Level, colour: str, align: str = "ctr", before: float = 0
    ) -> str:
        bold = ' b="1"' if style.bold else ""
        space = f'<a:spcBef><a:spcPts val="{int(before * 100)}"/></a:spcBef>' if before else ""
        return (
            f'<a:p><a:pPr algn="{align}">{space}<a:buNone/></a:pPr><a:r><a:rPr lang="{self.lang}" '
            f'sz="{int(style.size * 100)}"{bold}><a:solidFill><a:schemeClr val="{colour}"/>'
            f'</a:solidFill><a:latin typeface="+mn-lt"/></a:rPr><a:t>{xml_text(text)}</a:t>'
            "</a:r></a:p>"
        )

    def group(self, name: str, alt: str, children: list[str], area: Box) -> etree._Element:
        xfrm = (
            f'<a:xfrm><a:off x="{area.x}" y="{area.y}"/><a:ext cx="{area.w}" cy="{area.h}"/>'
            f'<a:chOff x="{area.x}" y="{area.y}"/><a:chExt cx="{area.w}" cy="{area.h}"/></a:xfrm>'
        )
        return parse_xml(
            f'<p:grpSp {NS}><p:nvGrpSpPr><p:cNvPr id="{self.id()}" name="{xml_text(name)}" '
            f'descr="{xml_text(alt)}"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
            f"<p:grpSpPr>{xfrm}</p:grpSpPr>{''.join(children)}</p:grpSp>"
        )


def timeline(shapes: Shapes, area: Box, view: TimelineView) -> etree._Element:
    """A horizontal axis with a dot per event, its date above and its text below."""
    used = timeline_text_height(area, view.events)
    geometry = timeline_geometry(area, len(view.events), used)
    head, body = area.level(0), area.level(1)
    children = [shapes.shape("Timeline axis", geometry.line, "rect", "accent1")]
    for event, slot in zip(view.events, geometry.events, strict=True):
        children.append(shapes.shape(f"Event {event.date}", slot.dot, "ellipse", "bg1", "accent1"))
        children.append(
            shapes.shape(
                f"Date {event.date}",
                slot.date,
                "rect",
                None,
                paragraphs=shapes.para(event.date, head, "accent1"),
                anchor="b",
            )
        )
        children.append(
            shapes.shape(
                f"Event text {event.date}",
                slot.text,
                "rect",
                None,
                paragraphs=shapes.para(event.text, body, "tx1"),
            )
        )
    alt = shapes.messages.gettext(
        "Timeline: {events}", events="; ".join(f"{e.date}: {e.text}" for e in view.events)
    )
    return shapes.group("Timeline", alt, children, area)


def process(shapes: Shapes, area: Box, view: ProcessView) -> etree._Element:
    """Rounded boxes left to right, an arrow between each two: the step's title in bold, its
    text under it."""
    geometry = process_geometry(area, len(view.steps), process_height(area, view.steps))
    head, body = area.level(0), area.level(1)
    children = []
    for i, (step, rect) in enumerate(zip(view.steps, geometry.steps, strict=True)):
        paragraphs = shapes.para(step.title, head, "tx2")
        if step.text:
            paragraphs += shapes.para(step.text, body, "tx1", before=body.space_before)
        children.append(
            shapes.shape(f"Step {i + 1}", rect, "roundRect", "bg2", "accent1", paragraphs, "ctr")
        )
    for i, rect in enumerate(geometry.arrows):
        children.append(shapes.shape(f"Arrow {i + 1}", rect, "rightArrow", "accent1"))
    steps = "; ".join(
        f"{i + 1}. {s.title}" + (f" – {s.text}" if s.text else "") for i, s in enumerate(view.steps)
    )
    alt = shapes.messages.gettext("Steps: {steps}", steps=steps)
    return shapes.group("Process", alt, children, area)


# --------------------------------------------------------------------------- icons


def icon_shapes(layout) -> dict[str, etree._Element]:
    """The icons of the theme: shapes of its icons layout named ``icon:<name>``."""
    out = {}
    if layout is None:
        return out
    for element in layout._element.iter(f"{{{NS_P}}}grpSp", f"{{{NS_P}}}sp"):
        props = element.find(f"./*/{{{NS_P}}}cNvPr")
        name = props.get("name", "") if props is not None else ""
        if name.startswith("icon:"):
            out[name[5:]] = element
    return out


def icon_box(icon: etree._Element) -> tuple[int, int, int, int] | None:
    """The icon's x, y, width and height in EMU, from its own transform."""
    xfrm = icon.find(f"./{{{NS_P}}}grpSpPr/{{{NS_A}}}xfrm")
    if xfrm is None:
        xfrm = icon.find(f"./{{{NS_P}}}spPr/{{{NS_A}}}xfrm")
    off = xfrm.find(f"{{{NS_A}}}off") if xfrm is not None else None
    ext = xfrm.find(f"{{{NS_A}}}ext") if xfrm is not None else None
    if off is None or ext is None:
        return None
    return int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy"))


def place_icon(shapes: Shapes, tree, icon: etree._Element) -> None:
    """A copy of ``icon`` on the slide, every shape in it with an id of its own."""
    copied = copy.deepcopy(icon)
    for props in _props(copied):
        props.set("id", str(shapes.id()))
    tree.append(copied)


def _props(element) -> Iterator[etree._Element]:
    yield from element.iter(f"{{{NS_P}}}cNvPr")
