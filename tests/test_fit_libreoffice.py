"""The deck's text measurement against a real client: predicted and drawn line counts.

The four repository workshops and the fixture course are built, converted to PDF by one
LibreOffice process, and every bullet paragraph of every body box (content slides, the text
beside a figure, comparison columns) is found in the PDF with ``pdftotext -bbox``: the lines it
was drawn on are counted and compared with the lines the planner predicted with the theme's
fonts. At least 95 % of paragraphs must agree within one line, and no body's text may be
drawn below its box.
"""

from __future__ import annotations

import html
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

from builder.build import build
from builder.deck.layouts import layout_name, slots
from builder.deck.plan import Planner
from builder.project import load_project
from builder.resolve import resolve_course

from conftest import REPO
from office import require_soffice

WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)
PAGE = re.compile(r"<page [^>]*>(.*?)</page>", re.S)
EMU_PER_PT = 12700
BULLETS = {"•", "–"}


def chars(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", html.unescape(text)).split())


def pages(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [
        [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in WORD.findall(page)]
        for page in PAGE.findall(out)
    ]


def drawn_lines(words, box) -> list[tuple[float, str]]:
    """Lines of text inside ``box`` (EMU): (baseline y in points, text), top to bottom."""
    x0, y0 = box.x / EMU_PER_PT, box.y / EMU_PER_PT
    x1, y1 = x0 + box.w / EMU_PER_PT, y0 + box.h / EMU_PER_PT + 12  # a line that overflows, too
    lines: dict[int, list] = {}
    for xmin, ymin, _xmax, ymax, word in words:
        if x0 - 2 <= xmin <= x1 and y0 - 2 <= ymin <= y1:
            key = round(ymax)
            near = next((k for k in lines if abs(k - key) <= 2), key)
            lines.setdefault(near, []).append((xmin, word))
    return [(y, " ".join(w for _, w in sorted(words))) for y, words in sorted(lines.items())]


def compare(paragraphs, lines, box):
    """(predicted, drawn) line counts per paragraph, matching drawn lines to paragraphs by
    their characters (None for a paragraph that could not be matched), and the lowest
    baseline of the lines matched."""
    out = []
    queue = list(lines)
    lowest = 0.0
    for text, level in paragraphs:
        need = chars(text)
        got, count = "", 0
        while queue and len(got) < len(need):
            y, line = queue.pop(0)
            lowest = max(lowest, y)
            words = line.split()
            if words and words[0] in BULLETS and not need[len(got) :].startswith(words[0]):
                words = words[1:]
            got += chars(" ".join(words))
            count += 1
        predicted = box.lines_of(text, level)
        out.append((predicted, count if got == need else None, text))
    return out, lowest


def corpus(root: Path, out: Path) -> list[tuple[Path, list]]:
    """Each deck built from ``root`` with its slides' body boxes and paragraphs."""
    build(root, formats=["deck"], out_dir=out, force=True)
    project = load_project(root)
    decks = []
    for course_id in sorted(project.courses):
        view = resolve_course(project, course_id)
        planner = Planner(view, project.theme(view.theme))
        slides = planner.plan()
        checks = []
        for slide in slides:
            for box, paragraphs in bodies(planner, slide):
                checks.append((slide.number, box, paragraphs))
        decks.append((out / course_id / f"{course_id}-deck.pptx", checks))
    return decks


def bodies(planner, slide):
    """(box, paragraphs) of the body texts of ``slide`` that the planner fitted."""
    role = slide.layout
    layout = planner.metrics.layout(layout_name(planner.theme, slide.kind, role))
    named = dict(zip(slots(role), layout.boxes, strict=False))
    if role in ("content", "figure-text") and slide.bullets:
        yield named["body"], [(b.text, b.level) for b in slide.bullets]
    if role == "comparison":
        for side, column in (("left", slide.comparison.left), ("right", slide.comparison.right)):
            if column.bullets:
                yield named[side], [(b.text, b.level) for b in column.bullets]


@pytest.mark.soffice
def test_predicted_lines_match_libreoffice(tmp_path, make_project):
    soffice = require_soffice()
    decks = corpus(REPO, tmp_path / "repo") + corpus(make_project(), tmp_path / "fixture")
    pdf_dir = tmp_path / "pdf"
    subprocess.run(  # one LibreOffice process for the whole batch
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(pdf_dir),
            *(str(path) for path, _ in decks),
        ],
        capture_output=True,
        timeout=600,
        check=True,
    )
    results, overflow = [], []
    for path, checks in decks:
        drawn = pages(pdf_dir / (path.stem + ".pdf"))
        for number, box, paragraphs in checks:
            lines = drawn_lines(drawn[number - 1], box)
            found, lowest = compare(paragraphs, lines, box)
            results += found
            if lowest > (box.y + box.h) / EMU_PER_PT + 2:  # a baseline below the box
                overflow.append((path.stem, number, lowest))
    matched = [(p, d) for p, d, _ in results if d is not None]
    close = sum(1 for p, d in matched if abs(p - d) <= 1)
    exact = sum(1 for p, d in matched if p == d)
    assert len(results) > 800, len(results)
    assert len(matched) >= 0.97 * len(results), [t for _, d, t in results if d is None][:5]
    assert close >= 0.95 * len(results), (close, exact, len(results))
    assert not overflow, overflow[:5]
    print(f"{len(results)} paragraphs: {exact} exact, {close} within one line")
