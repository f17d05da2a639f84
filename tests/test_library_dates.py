"""The repository's workshops show only what was known at their date (issue 12).

Each workshop's built deck (slides and notes), handout and facilitator guide are read back;
no text may cite a year, a dated document symbol or a catalogued resolution later than the
course's reference date, and the dated library still gives each a full programme.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from pptx import Presentation

from builder.anachronism import mentions
from builder.build import build
from builder.dating import reference_date
from builder.project import load_project
from builder.resolve import resolve_course

from conftest import REPO

PROJECT = load_project(REPO)
WORKSHOPS = sorted(PROJECT.courses)
CATALOGUE = {i.id: i for i in PROJECT.instruments.instruments}
YEAR = re.compile(r"(?<![\w/.,$-])((?:19|20)\d\d)(?![\w/]|[.,]\d)")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dated")
    build(REPO, out_dir=out, force=True)
    return out


def deck_texts(path: Path) -> list[str]:
    texts = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
            if getattr(shape, "has_chart", False) and shape.has_chart:
                texts += [str(c) for c in shape.chart.plots[0].categories]
        texts.append(slide.notes_slide.notes_text_frame.text)
    return texts


def docx_texts(path: Path) -> list[str]:
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return texts


def shown_texts(built: Path, course_id: str) -> dict[str, list[str]]:
    folder = built / course_id
    return {
        "deck": deck_texts(folder / f"{course_id}-deck.pptx"),
        "handout": docx_texts(folder / f"{course_id}-handout.docx"),
        "guide": docx_texts(folder / f"{course_id}-guide.docx"),
    }


@pytest.mark.parametrize("course_id", WORKSHOPS)
def test_no_shown_text_cites_a_later_year(built, course_id):
    when = reference_date(PROJECT.courses[course_id])
    later = []
    for kind, texts in shown_texts(built, course_id).items():
        for text in texts:
            years = [int(y) for y in YEAR.findall(text) if int(y) > when.year]
            dated = [m.shown for m in mentions(text, CATALOGUE) if m.later_than(when)]
            if years or dated:
                later.append((kind, years + dated, text[:120]))
    assert later == [], course_id


@pytest.mark.parametrize("course_id", WORKSHOPS)
def test_the_dated_library_still_fills_a_two_day_programme(course_id):
    view = resolve_course(PROJECT, course_id)
    assert view.held_back > 0
    assert len(view.days) == 2
    for module in view.modules:
        assert len(module.slides) >= 4, (course_id, module.id, len(module.slides))
        assert module.key_points and module.objectives, (course_id, module.id)
    assert sum(len(m.activities) for m in view.modules) >= 3, course_id


def test_the_library_passes_the_anachronism_check():
    found = [d for d in PROJECT.report.diagnostics if "mentions " in d.message]
    assert found == []


def test_a_latest_edition_shows_what_the_dated_editions_hold_back():
    course = PROJECT.courses["algiers-2017"]
    PROJECT.courses["algiers-latest"] = course.model_copy(
        update={"id": "algiers-latest", "as_of": "latest"}
    )
    PROJECT.course_docs["algiers-latest"] = PROJECT.course_docs["algiers-2017"]
    try:
        dated = resolve_course(PROJECT, "algiers-2017")
        latest = resolve_course(PROJECT, "algiers-latest")
    finally:
        del PROJECT.courses["algiers-latest"], PROJECT.course_docs["algiers-latest"]
    slides = sum(len(m.slides) for m in latest.modules)
    assert latest.held_back < dated.held_back  # only superseded (`until:`) items
    assert slides > sum(len(m.slides) for m in dated.modules)
    assert any(r.number == 2482 for r in latest.instruments)
    assert not any(r.number == 2482 for r in dated.instruments)
