"""Handouts and guides as printed: page flow (from LibreOffice's PDF) and readable sizes.

The four repository workshops are built once; every handout and guide is converted by one
LibreOffice run. No page may be less than 15 % filled, except a page meant to stay empty
(a ruled notes page holds only its heading), and no box (note, model answer) may start on
one page and end on the next. The size check reads the built files themselves: every run's
effective size, through its character style, paragraph style, table style and the
document defaults, against the minimums for body text, tables, captions and the running
header and footer.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from page_layout import boxes, convert_all, pages, split_boxes

from builder.build import build

from conftest import REPO
from office import require_soffice

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MIN_FILL = 0.15
# translated editions are laid out by the same rules from estimated line lengths made for the
# source language; longer French and taller Arabic lines may leave a little less on a page
MIN_FILL_EDITION = 0.10
BOX_STYLES = {"NoteBox", "ModelAnswer"}
# minimum sizes in points
BODY, TABLE, CAPTION, RUNNING = 10.5, 9.5, 9.0, 8.0
# styles whose text is a caption or label line rather than body text
CAPTION_STYLES = {"Caption", "SessionLine", "CoverLabel", "CoverKicker"}


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("print")
    build(REPO, formats=["handout", "guide"], out_dir=out, force=True)
    found = sorted(out.glob("*/*.docx"))
    assert len(found) >= 8  # four workshops, and the editions some of them ask for
    return found


@pytest.fixture(scope="module")
def printed(documents, tmp_path_factory) -> dict[Path, Path]:
    soffice = require_soffice()
    pdfs = convert_all(soffice, documents, tmp_path_factory.mktemp("pdf"))
    missing = [d.name for d, pdf in pdfs.items() if not pdf.is_file()]
    assert not missing, f"LibreOffice did not convert {missing}"
    return pdfs


def intended_empty(page) -> bool:
    """A ruled notes page: its heading is its only text."""
    return page.text.strip() in {"Notes"}


@pytest.mark.soffice
def test_no_page_is_nearly_empty(printed):
    problems = []
    for docx, pdf in printed.items():
        for page in pages(pdf, docx):
            least = MIN_FILL_EDITION if len(docx.suffixes) > 1 else MIN_FILL  # x.fr.docx
            if page.fill < least and not intended_empty(page):
                problems.append(f"{docx.name} p{page.number}: {page.fill:.0%} {page.text[:60]!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.soffice
def test_no_box_is_split_across_pages(printed):
    problems = []
    checked = 0
    for docx, pdf in printed.items():
        found = boxes(docx, BOX_STYLES)
        checked += len(found)
        problems += [f"{docx.name}: {text!r}" for text in split_boxes(found, pages(pdf, docx))]
    assert checked > 50  # the guides' model answers and notes are there to check
    assert not problems, "\n".join(problems)


def test_the_layout_check_sees_a_split_box(tmp_path):
    """The split-box check finds a box whose ends print on two pages."""
    from page_layout import Page

    box = "Model answer: the first words of the box " + "middle " * 30 + "and its last words here"
    laid = [
        Page(
            1,
            tuple(
                [
                    "intro",
                    "text",
                    "Model",
                    "answer:",
                    "the",
                    "first",
                    "words",
                    "of",
                    "the",
                    "box",
                    "middle",
                ]
            ),
            1,
        ),
        Page(2, tuple(("middle " * 29 + "and its last words here").split()), 0.5),
    ]
    assert split_boxes([box], laid) == [box[:60]]
    together = [Page(1, tuple(("intro " + box).split()), 1)]
    assert split_boxes([box], together) == []


# ---------------------------------------------------------------------- sizes


class Sizes:
    """Effective run sizes in one .docx, through the style inheritance chain."""

    def __init__(self, path: Path):
        with zipfile.ZipFile(path) as z:
            self.styles = etree.fromstring(z.read("word/styles.xml"))
            self.parts = {
                name: etree.fromstring(z.read(name))
                for name in z.namelist()
                if name.startswith("word/") and name.endswith(".xml")
                if name.split("/")[-1].startswith(("document", "header", "footer"))
            }
        self.by_id = {s.get(f"{W}styleId"): s for s in self.styles.iter(f"{W}style")}
        default = self.styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}sz")
        self.default = int(default.get(f"{W}val")) / 2 if default is not None else 10.0

    def style_size(self, style_id: str | None) -> float | None:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id.get(style_id)
            if style is None:
                return None
            found = style.find(f"{W}rPr/{W}sz")
            if found is not None:
                return int(found.get(f"{W}val")) / 2
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        return None

    def run_size(self, run, paragraph, table_style: str | None) -> float:
        own = run.find(f"{W}rPr/{W}sz")
        if own is not None:
            return int(own.get(f"{W}val")) / 2
        char = run.find(f"{W}rPr/{W}rStyle")
        for style_id in (
            char.get(f"{W}val") if char is not None else None,
            _style(paragraph),
            table_style,
        ):
            size = self.style_size(style_id) if style_id else None
            if size is not None:
                return size
        return self.default

    def runs(self):
        """(part, paragraph style, in a table, size, text) of every run with text."""
        for name, root in self.parts.items():
            for p in root.iter(f"{W}p"):
                tbl = next(p.iterancestors(f"{W}tbl"), None)
                tstyle = tbl.find(f"{W}tblPr/{W}tblStyle") if tbl is not None else None
                tstyle_id = tstyle.get(f"{W}val") if tstyle is not None else None
                for r in p.iter(f"{W}r"):
                    text = "".join(t.text or "" for t in r.iter(f"{W}t")).strip()
                    if text:
                        size = self.run_size(r, p, tstyle_id)
                        yield name, _style(p), tbl is not None, size, text


def _style(p) -> str | None:
    found = p.find(f"{W}pPr/{W}pStyle")
    return found.get(f"{W}val") if found is not None else None


def minimum(part: str, style: str | None, in_table: bool) -> float:
    if "header" in part or "footer" in part:
        return RUNNING
    if in_table:
        return TABLE
    if style in CAPTION_STYLES:
        return CAPTION
    return BODY


def test_every_text_is_at_least_the_readable_size(documents):
    problems = set()
    counted = 0
    for path in documents:
        for part, style, in_table, size, text in Sizes(path).runs():
            counted += 1
            if size < minimum(part, style, in_table):
                problems.add(f"{path.name} {part} {style} {size}pt: {text[:40]!r}")
    assert counted > 1000
    assert not problems, "\n".join(sorted(problems)[:30])


def test_the_size_check_reads_inheritance(documents):
    sizes = Sizes(documents[0])
    ns = f'xmlns:w="{W[1:-1]}"'
    caption = etree.fromstring(f'<w:p {ns}><w:pPr><w:pStyle w:val="Caption"/></w:pPr></w:p>')
    plain = etree.fromstring(f"<w:r {ns}><w:t>x</w:t></w:r>")
    small = etree.fromstring(f'<w:r {ns}><w:rPr><w:sz w:val="14"/></w:rPr><w:t>x</w:t></w:r>')
    assert sizes.run_size(plain, caption, None) == sizes.style_size("Caption") >= CAPTION
    assert sizes.run_size(small, caption, None) == 7
    assert minimum("word/document.xml", None, False) == BODY
    assert minimum("word/footer1.xml", "Footer", False) == RUNNING
