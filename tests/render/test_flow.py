"""The keep rules of builder.render.flow, on a small hand-made body (no office program)."""

from __future__ import annotations

from docx.oxml.ns import qn
from lxml import etree

from builder.render import flow

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def para(style: str, text: str = "") -> etree._Element:
    p = etree.Element(qn("w:p"), nsmap={"w": W})
    ppr = etree.SubElement(p, qn("w:pPr"))
    etree.SubElement(ppr, qn("w:pStyle")).set(qn("w:val"), style)
    etree.SubElement(ppr, qn("w:spacing"))
    if text:
        etree.SubElement(etree.SubElement(p, qn("w:r")), qn("w:t")).text = text
    return p


def table(rows: int) -> etree._Element:
    tbl = etree.Element(qn("w:tbl"), nsmap={"w": W})
    for i in range(rows):
        tc = etree.SubElement(etree.SubElement(tbl, qn("w:tr")), qn("w:tc"))
        tc.append(para("TableText", f"row {i}"))
    return tbl


def kept(p: etree._Element, name: str = "keepNext") -> bool:
    found = p.find(f"{qn('w:pPr')}/{qn(f'w:{name}')}")
    return found is not None and found.get(qn("w:val")) != "0"


def apply(blocks) -> etree._Element:
    body = etree.Element(qn("w:body"), nsmap={"w": W})
    body.extend(blocks)
    flow.keep_together(
        body,
        boxes={"NoteBox", "ModelAnswer"},
        answers={"ModelAnswer"},
        headings={"Heading1", "Heading2"},
        chapters={"Heading1"},
        captions={"Caption"},
        width=9412,
    )
    return body


def test_a_box_a_question_and_an_introduction_stay_together():
    intro, question, answer = para("Normal", "Questions:"), para("ListNumber", "Why?"), None
    answer = para("ModelAnswer", "Because.")
    box = [para("NoteBox", "first"), para("NoteBox", "second"), para("NoteBox", "last")]
    after = para("Normal", "After the box.")
    apply([intro, question, answer, *box, after])
    assert kept(intro) and kept(question) and kept(question, "keepLines")
    assert [kept(p) for p in box] == [True, True, False]
    assert all(kept(p, "keepLines") for p in box)
    # the keep element sits where the schema wants it: before the spacing
    names = [etree.QName(c).localname for c in box[0].find(qn("w:pPr"))]
    assert names.index("keepNext") < names.index("spacing")


def test_short_tables_stay_whole_with_their_caption_and_long_ones_keep_their_tail():
    short, caption = table(4), para("Caption", "Source.")
    long = table(30)
    apply([short, caption, para("Normal", "x"), long, para("Normal", "y")])
    assert all(kept(p) for p in short.iter(qn("w:p")))  # the last row too: the caption
    rows = long.findall(qn("w:tr"))
    # its last rows stay with what follows; the rest may break anywhere
    assert [any(kept(p) for p in r.iter(qn("w:p"))) for r in rows[-4:-1]] == [False, True, True]


def test_a_chapter_tail_carries_enough_lines():
    text = "A line of text that fills most of one printed line in the handout body. " * 1
    chapter = [para("Heading1", "Module 1"), *[para("Normal", text) for _ in range(30)]]
    tail = [para("Heading2", "References"), para("ListBullet", "One"), para("ListBullet", "Two")]
    apply([*chapter, *tail, para("Heading1", "Module 2"), para("Normal", "Next.")])
    # one line each: the last ten blocks (TAIL_LINES lines) are chained, not the end itself
    chained = [kept(p) for p in [*chapter, *tail][-11:]]
    assert chained == [False] + [True] * 9 + [False]
    assert flow.TAIL_LINES == 10


def test_same_page_and_new_page_override_the_style():
    p = para("Heading1", "Preparation checklist")
    flow.same_page(p)
    assert p.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}").get(qn("w:val")) == "0"
    flow.new_page(p)
    assert p.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}").get(qn("w:val")) is None
