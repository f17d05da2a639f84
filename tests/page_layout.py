"""How a Word document lays out once printed: page fill and split boxes, read from its PDF.

LibreOffice converts the documents (all in one call); ``pdftotext -bbox`` gives every word
with its position. A page's *fill* is how far down its body area (between the margins of the
document's section, so the running header and footer do not count) its lowest word reaches.
A *box* is a run of consecutive shaded paragraphs of one style (a note box, a model answer)
or a one-cell table; it is split when its first words and its last words print on
different pages.
"""

from __future__ import annotations

import html
import re
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TWIP = 1 / 20  # points
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


def convert_all(soffice: str, paths: list[Path], out_dir: Path) -> dict[Path, Path]:
    """Every document converted to PDF in one LibreOffice run; document → its PDF."""
    out_dir.mkdir(parents=True, exist_ok=True)
    cmd = [
        soffice,
        f"-env:UserInstallation=file://{out_dir / 'lo-profile'}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out_dir),
        *map(str, paths),
    ]
    subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    return {path: out_dir / f"{path.stem}.pdf" for path in paths}


@dataclass(frozen=True)
class Page:
    number: int
    words: tuple[str, ...]  # body words in reading order
    fill: float  # 0..1: how far down the body area the lowest body word reaches

    @property
    def text(self) -> str:
        return " ".join(self.words)


def _margins(docx: Path) -> tuple[float, float]:
    """Top and bottom page margins in points, from the document's last section."""
    with zipfile.ZipFile(docx) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    margins = root.findall(f".//{W}pgMar")[-1]
    return int(margins.get(f"{W}top")) * TWIP, int(margins.get(f"{W}bottom")) * TWIP


def pages(pdf: Path, docx: Path) -> list[Page]:
    top, bottom = _margins(docx)
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    found = []
    for number, match in enumerate(PAGE.finditer(out), start=1):
        height = float(match.group(2))
        low, high = top - 2, height - bottom + 2
        words, lowest = [], top
        for w in WORD.finditer(match.group(3)):
            y_min, y_max = float(w.group(2)), float(w.group(4))
            if y_min >= low and y_max <= high:
                words.append(html.unescape(w.group(5)))
                lowest = max(lowest, y_max)
        fill = (lowest - top) / (height - top - bottom)
        found.append(Page(number, tuple(words), round(fill, 3)))
    return found


# ------------------------------------------------------------------ boxes


def _text(element: etree._Element) -> str:
    return " ".join("".join(t.text or "" for t in element.iter(f"{W}t")).split())


def _style(p: etree._Element) -> str | None:
    found = p.find(f"{W}pPr/{W}pStyle")
    return found.get(f"{W}val") if found is not None else None


def boxes(docx: Path, box_styles: set[str]) -> list[str]:
    """The text of every box in ``docx``: runs of paragraphs in one of ``box_styles`` and
    one-cell tables."""
    with zipfile.ZipFile(docx) as z:
        body = etree.fromstring(z.read("word/document.xml")).find(f"{W}body")
    found: list[str] = []
    run: list[str] = []
    run_style = None
    for child in body:
        style = _style(child) if child.tag == f"{W}p" else None
        if style in box_styles and style == run_style:
            run.append(_text(child))
            continue
        if run:
            found.append(" ".join(run))
        run, run_style = ([_text(child)], style) if style in box_styles else ([], None)
        if child.tag == f"{W}tbl" and len(child.findall(f".//{W}tc")) == 1:
            found.append(_text(child))
    if run:
        found.append(" ".join(run))
    return [text for text in found if text]


def _squash(text: str) -> str:
    return re.sub(r"[^\w]+", "", text).casefold()


def split_boxes(box_texts: list[str], laid_out: list[Page], edge: int = 40) -> list[str]:
    """The boxes whose first and last ``edge`` letters do not print on one page.

    Boxes are looked for in document order, each after the previous one, so that a phrase
    repeated elsewhere in the document is not mistaken for the box."""
    squashed = [_squash(page.text) for page in laid_out]
    offsets, total = [], 0
    for text in squashed:
        offsets.append(total)
        total += len(text)
    whole = "".join(squashed)

    def page_at(position: int) -> int:
        return max(i for i, start in enumerate(offsets) if start <= position)

    split, cursor = [], 0
    for text in box_texts:
        body = _squash(text)
        head, tail = body[:edge], body[-edge:]
        start = whole.find(head, cursor)
        if start < 0:
            continue  # not in the PDF's text (e.g. a glyph the PDF spells differently)
        end = whole.find(tail, start + len(body) - len(tail) - 1)
        if end < 0:
            end = whole.find(tail, start)
        if end < 0:
            continue
        if page_at(start) != page_at(end + len(tail) - 1):
            split.append(text[:60])
        cursor = start + 1
    return split
