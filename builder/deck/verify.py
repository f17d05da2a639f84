"""Checks on the rendered deck: every slide has its title, no text lies outside the slide.

A template can defeat the renderer in ways no check of the template foresees; these checks
look at what was drawn, so a broken deck is a build error, never a silent success. A problem
is located by course, slide number and title, and by the module file the slide comes from.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from ..errors import BuildError, Diagnostic
from ..view import SlideView

TOLERANCE = 12700  # one point: rounding in templates
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS = {"p": P, "a": A}
SHAPES = etree.XPath("./p:cSld/p:spTree/*", namespaces=NS)
PH = etree.XPath("./*[1]/p:nvPr/p:ph", namespaces=NS)
XFRM = etree.XPath("./p:spPr/a:xfrm | ./p:xfrm", namespaces=NS)
TEXT = etree.XPath(".//a:t/text()", namespaces=NS)


def _where(view: SlideView) -> str:
    return f"courses/modules/{view.module_id}.yaml" if view.module_id else ""


def _geometry(shape) -> tuple[int, int, int, int] | None:
    found = XFRM(shape)
    if not found:
        return None
    off, ext = found[0].find(f"{{{A}}}off"), found[0].find(f"{{{A}}}ext")
    if off is None or ext is None:
        return None
    return int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy"))


class _Layout:
    """Geometry of a layout's placeholders, by (type, idx) and by type."""

    def __init__(self, layout_el) -> None:
        self.by_key: dict[tuple[str, str], tuple[int, int, int, int]] = {}
        for shape in SHAPES(layout_el):
            ph, box = PH(shape), _geometry(shape)
            if ph and box:
                key = (ph[0].get("type", "obj"), ph[0].get("idx", "0"))
                self.by_key.setdefault(key, box)

    def geometry(self, ph) -> tuple[int, int, int, int] | None:
        return self.by_key.get((ph.get("type", "obj"), ph.get("idx", "0")))


def slide_problems(slide_el, layout: _Layout, size: tuple[int, int]) -> list[str]:
    """What is wrong with one rendered slide."""
    out = []
    titled = has_title = False
    width, height = size
    for shape in SHAPES(slide_el):
        ph = PH(shape)
        text = "".join(TEXT(shape)).strip()
        if ph and ph[0].get("type") in ("title", "ctrTitle"):
            has_title = True
            titled = titled or bool(text)
        if not text:
            continue
        box = _geometry(shape) or (layout.geometry(ph[0]) if ph else None)
        if box is None:
            continue
        x, y, w, h = box
        if (
            x < -TOLERANCE
            or y < -TOLERANCE
            or x + w > width + TOLERANCE
            or y + h > height + TOLERANCE
        ):
            out.append(f"text {text[:40]!r} lies outside the slide")
    if not titled:
        out.insert(0, "its title placeholder is empty" if has_title else "it has no title")
    return out


def check_deck(prs, views: Sequence[SlideView], course_id: str) -> None:
    """Raise a located error for every slide whose title is empty or whose text lies
    outside the slide."""
    size = (prs.slide_width, prs.slide_height)
    layouts: dict[int, _Layout] = {}
    problems = []
    for slide, view in zip(prs.slides, views, strict=False):
        layout_part = slide.part.slide_layout.part
        if id(layout_part) not in layouts:
            layouts[id(layout_part)] = _Layout(layout_part._element)
        for problem in slide_problems(slide._element, layouts[id(layout_part)], size):
            message = f"{course_id}: slide {view.number} ({view.title[:50]}): {problem}"
            problems.append(Diagnostic(_where(view), 0, 0, message))
    if problems:
        raise BuildError(problems)


INFLATION = 1.5  # warn when a template needs this many times the default theme's slides


def warn_inflation(course, theme, slides: int) -> None:
    """Warn when ``theme``'s template geometry makes the deck much longer than the built-in
    theme would (small placeholders, large type): the template, not the content, is why."""
    import logging

    from ..theme import load_theme
    from .plan import plan_deck

    if theme.root is None or theme.name == "default" or theme.file("deck").parent.name == "default":
        return
    try:
        default = len(plan_deck(course, load_theme(theme.root, "default")))
    except BuildError:
        return
    if default and slides >= INFLATION * default:
        logging.getLogger(__name__).warning(
            "%s: theme %r gives %d slides where the built-in theme gives %d: its layouts' "
            "text areas hold less (see `course-builder theme inspect`); check the deck "
            "template's placeholder sizes and text sizes",
            course.id,
            theme.name,
            slides,
            default,
        )
