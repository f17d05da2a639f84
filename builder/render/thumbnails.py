"""Slide pictures in the Word documents (``build --thumbnails``; see :mod:`builder.thumbnails`).

* In the facilitator guide, :func:`picture_beside` puts each slide's picture beside its
  delivery notes: what was written after the slide's heading moves into the right-hand cell
  of a borderless two-column row whose left cell holds the picture. The guide calls it once
  per slide, after writing the slide's notes; it does nothing when the build has no
  pictures.
* In the handout, :func:`write_slide_pages` adds "Slides with space for notes": three slides
  a page, lines to write on beside each (what PowerPoint prints as a three-slide handout).

Every picture's alternative text is its slide's title.
"""

from __future__ import annotations

from pathlib import Path
from weakref import WeakKeyDictionary

from docx.oxml.ns import qn
from lxml import etree

from ..i18n import N_, Messages
from ..thumbnails import Thumbnails
from ..view import SlideView
from .base import RenderContext
from .docx_common import DocxWriter

TWIPS_PER_EMU = 635  # 914400 EMU an inch, 1440 twips an inch
GUIDE_PICTURE = 0.36  # share of the text width the guide's pictures take
PAGE_PICTURE = 0.55  # share of the text width in the handout's slide pages
GAP = 284  # 5 mm between the picture and the text: the picture's column is wider
SLIDES_PER_PAGE = 3
FRAME = "8C96A0"  # the outline around each picture
# slides that carry nothing to take notes on
NO_NOTES_KINDS = frozenset({"title", "agenda", "section", "break", "closing"})
SLIDES_HEADING = N_("Slides with space for notes")

_attached: WeakKeyDictionary[DocxWriter, Thumbnails] = WeakKeyDictionary()


def attach_thumbnails(w: DocxWriter, thumbnails: Thumbnails | None) -> None:
    """Let :func:`slide_picture_beside` find the build's pictures from the writer."""
    if thumbnails is not None:
        _attached[w] = thumbnails


def thumbnail_for(w: DocxWriter, number: int) -> Path | None:
    """The picture of deck slide ``number`` for this document, if the build made pictures."""
    thumbnails = _attached.get(w)
    return thumbnails.thumbnail_for(number) if thumbnails is not None else None


def add_thumbnail(
    w: DocxWriter, path: Path, alt: str, width: int, parent: etree._Element | None = None
) -> etree._Element:
    """A paragraph holding the picture at ``path``, ``width`` twips wide, described by
    ``alt``; appended to ``parent`` (a table cell) or at the writer's position."""
    p = w.paragraph("table-text", parent=parent)
    inline = w.document.part.new_pic_inline(str(path), width=width * TWIPS_PER_EMU)
    inline.docPr.set("descr", alt)
    inline.docPr.set("name", f"Slide picture {inline.docPr.get('id')}")
    frame(inline)
    r = etree.SubElement(p, qn("w:r"))
    etree.SubElement(r, qn("w:drawing")).append(inline)
    return p


def frame(inline: etree._Element) -> None:
    """A thin grey outline: a slide with a white background still shows its edges."""
    sp_pr = inline.find(f".//{qn('pic:spPr')}")
    line = etree.SubElement(sp_pr, qn("a:ln"))
    line.set("w", "6350")
    fill = etree.SubElement(line, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr")).set("val", FRAME)


def _cells(
    tbl: etree._Element,
    widths: tuple[int, ...],
    height: int | None = None,
    whole: bool = False,
) -> list[etree._Element]:
    """A row of empty cells (``height`` exact, in twips); ``whole`` keeps it on one page."""
    tr = etree.SubElement(tbl, qn("w:tr"))
    tr_pr = etree.SubElement(tr, qn("w:trPr"))
    if whole:
        etree.SubElement(tr_pr, qn("w:cantSplit"))
    if height:
        element = etree.SubElement(tr_pr, qn("w:trHeight"))
        element.set(qn("w:val"), str(height))
        element.set(qn("w:hRule"), "exact")
    cells = []
    for value in widths:
        tc = etree.SubElement(tr, qn("w:tc"))
        tc_pr = etree.SubElement(tc, qn("w:tcPr"))
        tc_w = etree.SubElement(tc_pr, qn("w:tcW"))
        tc_w.set(qn("w:w"), str(value))
        tc_w.set(qn("w:type"), "dxa")
        cells.append(tc)
    return cells


def picture_beside(w: DocxWriter, head: etree._Element, path: Path | None, alt: str) -> None:
    """Move what follows ``head`` (a heading just written) into a row beside the picture at
    ``path``; nothing happens without a picture."""
    if path is None or head.getparent() is None:
        return
    moved = []
    element = head.getnext()
    while element is not None and element is not w._insert_before:
        moved.append(element)
        element = element.getnext()
    picture = int(w.text_width * GUIDE_PICTURE)
    widths = (picture, w.text_width - picture)
    tbl = w.layout_table(widths, flush=True)
    head.addnext(tbl)
    left, right = _cells(tbl, widths, whole=len(moved) <= 3)
    add_thumbnail(w, path, alt, picture - GAP, parent=left)
    for item in moved:
        right.append(item)
    if not moved:
        w.paragraph("body", parent=right)
    w.paragraph("table-text", parent=right)  # a cell ends with a paragraph; space below


def slide_picture_beside(w: DocxWriter, head: etree._Element, slide: SlideView) -> None:
    """The guide's hook: slide ``slide``'s picture beside what was written under ``head``."""
    picture_beside(w, head, thumbnail_for(w, slide.number), slide.title)


def _text_height(w: DocxWriter) -> int:
    size, margins = w.sect_pr.find(qn("w:pgSz")), w.sect_pr.find(qn("w:pgMar"))
    if size is None or margins is None:
        return 14000
    return (
        int(size.get(qn("w:h")))
        - abs(int(margins.get(qn("w:top"))))
        - abs(int(margins.get(qn("w:bottom"))))
    )


def noted_slides(ctx: RenderContext) -> list[SlideView]:
    return [s for s in ctx.deck if s.kind not in NO_NOTES_KINDS]


def write_slide_pages(w: DocxWriter, ctx: RenderContext) -> None:
    """The handout's "Slides with space for notes": three slides a page, ruled lines beside
    each. Nothing when the build has no pictures."""
    thumbnails = ctx.thumbnails
    slides = [s for s in noted_slides(ctx) if thumbnails and thumbnails.thumbnail_for(s.number)]
    if not slides:
        return
    words = Messages(ctx.course.language, ctx.course.country)
    w.heading(1, words.gettext(SLIDES_HEADING), toc=True)
    # the heading takes the first page's top; a small paragraph closes the table
    row = (_text_height(w) - 1500) // SLIDES_PER_PAGE
    picture = int(w.text_width * PAGE_PICTURE)
    widths = (picture, w.text_width - picture)
    lines = max(1, (row - 240) // _line_height(w, "notes-line"))
    tbl = w.layout_table(widths, flush=True)
    for slide in slides:
        left, right = _cells(tbl, widths, height=row, whole=True)
        path = thumbnails.thumbnail_for(slide.number)
        add_thumbnail(w, path, slide.title, picture - GAP, left)
        for _line in range(lines):
            w.paragraph("notes-line", parent=right)
    w.paragraph("table-text")


def _line_height(w: DocxWriter, role: str) -> int:
    """The exact line height of ``role``'s style in twips (0.8 cm when not exact)."""
    style = w.document.styles.element.get_by_id(w.style_id(role))
    found = style.find(f"{qn('w:pPr')}/{qn('w:spacing')}") if style is not None else None
    if found is None or found.get(qn("w:lineRule")) != "exact":
        return 454
    return max(200, int(found.get(qn("w:line"), "454")))
