"""Reading built handouts and guides back: python-docx for structure (styles, tables, XML),
docx2python as an independent reader of the text; and building them with a chosen deck."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx2python import docx2python

import builder.deck
from builder.build import build

from hand_deck import hand_deck

DASH = "\u2014"
CITATION = re.compile(rf"^Slide (\d+) {DASH} (.+)$")


def build_documents(
    root: Path, formats=("handout", "guide"), monkeypatch=None, real_deck: bool = False
) -> dict[str, Path]:
    """Build ``formats`` for the fixture course; the deck is planned by hand unless
    ``real_deck`` (then builder.deck.plan_deck runs)."""
    if not real_deck:
        monkeypatch.setattr(
            builder.deck, "plan_deck", lambda course, theme: hand_deck(course), raising=False
        )
    report = build(root, formats=list(formats), force=True)
    return {
        path.name.rsplit("-", 1)[1].split(".")[0]: path
        for path in report.files
        if path.suffix in (".docx", ".pptx")
    }


@dataclass(frozen=True)
class Block:
    """A top-level body element: a paragraph (style, text) or a table (rows of cell texts)."""

    style: str | None
    text: str
    rows: tuple[tuple[str, ...], ...] | None = None


class Read:
    def __init__(self, path: Path):
        self.path = path
        self.document = docx.Document(str(path))
        names = {s.style_id: s.name for s in self.document.styles}
        self.blocks: list[Block] = []
        for element in self.document.element.body.iterchildren():
            if element.tag == qn("w:p"):
                style = element.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
                style_name = names.get(style.get(qn("w:val"))) if style is not None else None
                self.blocks.append(Block(style_name, _text(element)))
            elif element.tag == qn("w:tbl"):
                rows = tuple(
                    tuple(
                        "\n".join(_text(p) for p in tc.iter(qn("w:p")))
                        for tc in tr.iterchildren(qn("w:tc"))
                    )
                    for tr in element.iterchildren(qn("w:tr"))
                )
                self.blocks.append(Block("table", "", rows))

    def headings(self, level: int) -> list[str]:
        return [b.text for b in self.blocks if b.style == f"Heading {level}"]

    def section(self, heading: str) -> list[Block]:
        """Blocks after the Heading 1 ``heading`` up to the next Heading 1."""
        out: list[Block] = []
        inside = False
        for block in self.blocks:
            if block.style == "Heading 1":
                if inside:
                    break
                inside = block.text == heading
                continue
            if inside:
                out.append(block)
        assert inside or out, f"no section {heading!r}"
        return out

    def tables(self, heading: str) -> list[tuple[tuple[str, ...], ...]]:
        return [b.rows for b in self.section(heading) if b.rows is not None]

    def independent_text(self) -> str:
        """All text as docx2python sees it: body, tables, headers and footers."""
        with docx2python(self.path) as doc:
            parts = [doc.text]
            for part in (doc.header, doc.footer):
                parts.append(_flatten(part))
        return "\n".join(parts)


def _text(element) -> str:
    out = []
    for node in element.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:instrText")):
        if node.tag == qn("w:t"):
            out.append(node.text or "")
        elif node.tag == qn("w:tab"):
            out.append("\t")
        elif node.tag == qn("w:br"):
            out.append("\n")
    return "".join(out)


def _flatten(value) -> str:
    if isinstance(value, str):
        return value
    return "\n".join(_flatten(v) for v in value)
