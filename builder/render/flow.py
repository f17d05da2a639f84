"""Page flow: what must stay together on a printed page of a handout or guide.

Word and LibreOffice decide where pages break; a document can only say what must not be
separated. :func:`keep_together` walks a finished document body once and writes those
rules as paragraph and row properties (``keepNext``, ``keepLines``, ``cantSplit``), so they
hold with any theme's styles:

* a box (a run of consecutive paragraphs of one boxed style — a note, a model answer) is
  never split, and a question stays with its model answer;
* a paragraph that introduces what follows (it ends with a colon) stays with it, and the
  first paragraph under a heading is not split;
* a short table is kept whole, with its caption; a longer one keeps its last rows with the
  caption;
* a chapter's short tail never sits alone on a page: its last paragraphs are chained until
  they hold :data:`TAIL_LINES` lines of text, so that whatever goes over the page takes
  enough company with it.

Lengths are estimated (characters per line from the text width and the body size), which is
enough to decide what to chain; the layout itself stays the office program's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from docx.oxml.ns import qn
from lxml import etree

from .ooxml_order import insert_in_order, ppr_after

SHORT_TABLE_ROWS = 12  # a table of at most this many rows is never split
TAIL_ROWS = 2  # rows of a longer table kept with its caption
TAIL_LINES = 10  # lines of text a chapter's tail carries onto a new page
CHARS_PER_TWIP = 95 / 9412  # about 95 characters of 11 pt text on a 16.6 cm line

LINE_PITCH = 454  # twips between ruled notes lines (8 mm)


def _ppr(p: etree._Element) -> etree._Element:
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = etree.Element(qn("w:pPr"))
        p.insert(0, ppr)
    return ppr


def _set(p: etree._Element, name: str, on: bool = True) -> None:
    """Set (or explicitly clear) ``keepNext`` / ``keepLines`` on paragraph ``p``."""
    ppr = _ppr(p)
    found = ppr.find(qn(f"w:{name}"))
    if found is None:
        found = etree.Element(qn(f"w:{name}"))
        insert_in_order(ppr, found, ppr_after(name))
    if on:
        found.attrib.pop(qn("w:val"), None)
    else:
        found.set(qn("w:val"), "0")


def keep_next(p: etree._Element) -> None:
    _set(p, "keepNext")


def keep_lines(p: etree._Element) -> None:
    _set(p, "keepLines")


def same_page(p: etree._Element) -> None:
    """``p`` (a heading whose style starts a new page) continues on the current page."""
    ppr = _ppr(p)
    found = ppr.find(qn("w:pageBreakBefore"))
    if found is None:
        found = etree.Element(qn("w:pageBreakBefore"))
        insert_in_order(ppr, found, ppr_after("pageBreakBefore"))
    found.set(qn("w:val"), "0")


def new_page(p: etree._Element) -> None:
    """``p`` starts a new page."""
    same_page(p)
    p.find(qn("w:pPr")).find(qn("w:pageBreakBefore")).attrib.pop(qn("w:val"))


def page_lines(blocks: Iterable[etree._Element], width: int) -> int:
    """Estimated lines ``blocks`` take on a page, with a line for each one's spacing."""
    return sum(_block_lines(block, width) + 1 for block in blocks)


def blocks_since(first: etree._Element) -> list[etree._Element]:
    """``first`` and the body blocks after it, so far."""
    blocks = [first]
    node = first.getnext()
    while node is not None and node.tag in (qn("w:p"), qn("w:tbl")):
        blocks.append(node)
        node = node.getnext()
    return blocks


def estimate_lines(texts: Iterable[str], width: int) -> int:
    """Estimated lines of ``texts`` printed as paragraphs (one line of spacing each)."""
    per_line = max(20, int(width * CHARS_PER_TWIP))
    return sum(max(1, -(-len(text) // per_line)) + 1 for text in texts)


def notes_space(w, heading: str) -> None:
    """Where participants write, as the theme's ``notes_space`` option says: a few ruled
    lines kept with the chapter's last text, a full ruled page, or nothing.

    The few lines are one paragraph of tab leaders (a line each), which cannot split: a
    run of empty paragraphs would not follow the text it is kept with onto a new page in
    LibreOffice."""
    mode = w.theme.options.notes_space
    if mode == "page":
        w.ruled_page(heading)
    elif mode == "lines":
        w.heading(3, heading)
        p = w.paragraph("body")
        ppr = _ppr(p)
        keep = etree.Element(qn("w:keepLines"))
        tabs = etree.Element(qn("w:tabs"))
        tab = etree.SubElement(tabs, qn("w:tab"))
        tab.set(qn("w:val"), "right")
        tab.set(qn("w:leader"), "underscore")
        tab.set(qn("w:pos"), str(w.text_width))
        spacing = etree.Element(qn("w:spacing"))
        spacing.set(qn("w:before"), "0")
        spacing.set(qn("w:after"), "0")
        spacing.set(qn("w:line"), str(LINE_PITCH))
        spacing.set(qn("w:lineRule"), "exact")
        for element in (keep, tabs, spacing):
            insert_in_order(ppr, element, ppr_after(etree.QName(element).localname))
        r = w.run(p, "")
        for index in range(w.theme.options.notes_lines):
            if index:
                etree.SubElement(r, qn("w:br"))
            etree.SubElement(r, qn("w:tab"))


def style_of(p: etree._Element) -> str | None:
    found = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return found.get(qn("w:val")) if found is not None else None


def text_of(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def lines_of(element: etree._Element, width: int) -> int:
    """Estimated printed lines of a paragraph (or a table row's tallest cell)."""
    if element.tag == qn("w:tr"):
        cells = element.findall(qn("w:tc"))
        share = max(1, width // max(1, len(cells)))
        return max((sum(lines_of(p, share) for p in c.iter(qn("w:p"))) for c in cells), default=1)
    per_line = max(20, int(width * CHARS_PER_TWIP))
    return max(1, -(-len(text_of(element)) // per_line))


def _paragraphs(element: etree._Element) -> list[etree._Element]:
    return list(element.iter(qn("w:p")))


# ---------------------------------------------------------------------- the rules


def keep_together(
    body: etree._Element,
    *,
    boxes: Iterable[str],
    answers: Iterable[str],
    headings: Iterable[str],
    chapters: Iterable[str],
    captions: Iterable[str],
    width: int,
) -> None:
    """Write the keep rules into ``body``. Arguments are style ids: boxed paragraph styles,
    the model-answer style (its paragraph keeps the one before it), heading styles, the
    styles that start a chapter (on a new page), and caption styles."""
    boxes, answers = set(boxes), set(answers)
    headings, chapters, captions = set(headings), set(chapters), set(captions)
    blocks = [c for c in body if c.tag in (qn("w:p"), qn("w:tbl"))]
    for i, block in enumerate(blocks):
        after = blocks[i + 1] if i + 1 < len(blocks) else None
        if block.tag == qn("w:tbl"):
            _keep_table(block, after is not None and style_of(after) in captions)
            continue
        style = style_of(block)
        next_style = style_of(after) if after is not None and after.tag == qn("w:p") else None
        if style in boxes:
            keep_lines(block)
            if next_style == style:
                keep_next(block)
        if next_style in answers and style not in answers:
            keep_next(block)
            keep_lines(block)
        if text_of(block).rstrip().endswith(":") and after is not None:
            keep_next(block)
        if next_style is not None and style in headings and lines_of(after, width) <= 4:
            keep_lines(after)
    for chapter in _chapters(blocks, chapters):
        _keep_tail(chapter, width)


def _keep_table(tbl: etree._Element, with_caption: bool) -> None:
    rows = tbl.findall(qn("w:tr"))
    kept = rows[:-1] if len(rows) <= SHORT_TABLE_ROWS else rows[-TAIL_ROWS - 1 : -1]
    if with_caption and rows:
        kept = [*kept, rows[-1]]
    for row in kept:
        for p in _paragraphs(row):
            keep_next(p)


def _chapters(blocks: Sequence[etree._Element], starts: set[str]) -> list[list[etree._Element]]:
    """The body cut where a chapter-starting style begins (a first, untitled part too)."""
    out: list[list[etree._Element]] = [[]]
    for block in blocks:
        if block.tag == qn("w:p") and style_of(block) in starts and out[-1]:
            out.append([])
        out[-1].append(block)
    return [c for c in out if c]


def _keep_tail(chapter: Sequence[etree._Element], width: int) -> None:
    """Chain the chapter's last blocks until they hold ``TAIL_LINES`` lines of text."""
    if len(chapter) < 3:
        return
    if sum(_block_lines(b, width) for b in chapter) < 2 * TAIL_LINES:
        return  # a short chapter: its page holds it whole anyway
    lines = _block_lines(chapter[-1], width)
    for block in reversed(chapter[1:-1]):
        if lines >= TAIL_LINES:
            break
        lines += _block_lines(block, width)
        if block.tag == qn("w:tbl"):
            rows = block.findall(qn("w:tr"))
            for p in _paragraphs(rows[-1]) if rows else ():
                keep_next(p)
            continue
        keep_next(block)
        if _block_lines(block, width) <= 5:
            keep_lines(block)


def _block_lines(block: etree._Element, width: int) -> int:
    if block.tag == qn("w:tbl"):
        return sum(lines_of(row, width) for row in block.findall(qn("w:tr")))
    if not text_of(block):
        return 0  # a ruled notes line, a spacer: no text to carry
    return lines_of(block, width)


def apply(w) -> None:
    """:func:`keep_together` over a :class:`~builder.render.docx_common.DocxWriter`'s body,
    with the styles of its theme's roles."""
    ids = w.style_id
    keep_together(
        w.body,
        boxes={ids("note"), ids("answer")},
        answers={ids("answer")},
        headings={ids("heading-1"), ids("heading-2"), ids("heading-3")},
        chapters={ids("heading-1"), ids("notes-heading")},
        captions={ids("caption")},
        width=w.text_width,
    )
