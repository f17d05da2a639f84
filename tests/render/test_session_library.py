"""The library's session packs in the four workshops: the opening, the regional panel, the
day-2 group exercise and the closing each have material behind them, and the deck, the
handout and the guide show it — the handout without what only facilitators see — and none of
it cites a year after the workshop."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from builder.build import build
from builder.deck.plan import clean
from builder.project import load_project
from builder.resolve import resolve_course
from builder.view import CourseView, SessionView

from conftest import REPO
from docx_read import Read

WORKSHOPS = ("algiers-2017", "tirana-2018", "singapore-2018", "nairobi-2018")
PACKS = {"opening": "opening", "panel": "regional-panel", "exercise": "group-exercise"}
PACKS["closing"] = "closing"
YEAR = re.compile(r"(?<![\d/])((?:19|20)\d\d)(?!\d)")


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    build(REPO, formats=["deck", "handout", "guide"], out_dir=out, force=True)
    project = load_project(REPO)
    return {
        course_id: (resolve_course(project, course_id), out / course_id) for course_id in WORKSHOPS
    }


def plain(view: CourseView) -> dict[str, SessionView]:
    return {s.kind: s for s in view.sessions if s.kind in PACKS}


def flat(text: str) -> str:
    return " ".join(clean(text).split())


def deck_text(folder: Path, course_id: str) -> str:
    prs = Presentation(str(folder / f"{course_id}-deck.pptx"))
    parts = []
    for slide in prs.slides:
        parts += shape_texts(slide.shapes)
    return flat("\n".join(parts))


def shape_texts(shapes) -> list[str]:
    out = []
    for shape in shapes:
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            out += shape_texts(shape.shapes)
        elif shape.has_text_frame:
            out.append(shape.text_frame.text)
    return out


def doc_section(folder: Path, course_id: str, kind: str, title: str) -> str:
    read = Read(folder / f"{course_id}-{kind}.docx")
    parts = []
    for block in read.section(title):
        parts.append(block.text)
        for row in block.rows or ():
            parts.extend(row)
    return flat("\n".join(parts))


@pytest.mark.parametrize("course_id", WORKSHOPS)
def test_every_non_break_session_has_material(library, course_id):
    view, _ = library[course_id]
    for session in view.sessions:
        if session.module is None and not session.is_break:
            assert session.content.pack == PACKS[session.kind], session.title
            assert not session.content.is_empty


@pytest.mark.parametrize("course_id", WORKSHOPS)
def test_the_deck_shows_each_packs_content(library, course_id):
    view, folder = library[course_id]
    deck = deck_text(folder, course_id)
    s = plain(view)
    shown = [
        *s["opening"].content.aims,
        *(b.text for b in s["opening"].content.points),
        *(q.question for q in s["panel"].content.questions),
        *(q.question for q in s["exercise"].content.questions),
        s["exercise"].content.groups,
        *(b.text for b in s["closing"].content.points),
    ]
    for text in shown:
        assert flat(text) in deck, text
    for step in s["exercise"].content.steps:
        assert f"{step.minutes} minutes" in deck


@pytest.mark.parametrize("course_id", WORKSHOPS)
def test_the_handout_shows_the_scenario_and_tasks_but_no_findings(library, course_id):
    view, folder = library[course_id]
    s = plain(view)
    exercise = s["exercise"].content
    assert exercise.scenario and exercise.expected
    chapter = doc_section(folder, course_id, "handout", s["exercise"].title)
    for paragraph in exercise.scenario.split("\n\n"):
        assert flat(paragraph) in chapter
    for q in exercise.questions:
        assert flat(q.question) in chapter and flat(q.answer) not in chapter
    for finding in exercise.expected:
        assert flat(finding)[:60] not in chapter
    assert flat(exercise.brief.split("\n\n")[0]) not in chapter
    for kind in ("opening", "panel", "closing"):
        c = s[kind].content
        text = doc_section(folder, course_id, "handout", s[kind].title)
        for line in [*c.aims, *(b.text for b in c.points), *(q.question for q in c.questions)]:
            assert flat(line) in text, (kind, line)
        assert not c.brief or flat(c.brief.split("\n\n")[0]) not in text
        assert not any(q.answer and flat(q.answer) in text for q in c.questions)


@pytest.mark.parametrize("course_id", WORKSHOPS)
def test_the_guide_adds_findings_brief_and_timing(library, course_id):
    view, folder = library[course_id]
    for kind, session in plain(view).items():
        c = session.content
        chapter = doc_section(folder, course_id, "guide", session.title)
        for paragraph in c.brief.split("\n\n"):
            assert flat(paragraph) in chapter, (kind, paragraph[:40])
        for finding in c.expected:
            assert flat(finding) in chapter
        for q in c.questions:
            assert not q.answer or flat(q.answer) in chapter
        assert "Session total" in chapter and f" {sum(st.minutes for st in c.steps)} " in (
            chapter + " "
        )
        assert ("Moderator's brief" in chapter) == (kind == "panel")
    exercise = plain(view)["exercise"]
    chapter = doc_section(folder, course_id, "guide", exercise.title)
    assert "Expected findings" in chapter and flat(exercise.content.scenario[:80]) in chapter


@pytest.mark.parametrize("course_id", WORKSHOPS)
def test_no_session_material_cites_a_year_after_the_workshop(library, course_id):
    view, folder = library[course_id]
    held = int(course_id.rsplit("-", 1)[1])
    texts = []
    for session in plain(view).values():
        c = session.content
        texts += [session.title, c.task, c.groups, c.scenario, c.brief, c.notes]
        texts += [*c.aims, *c.expected, *(b.text for b in c.points)]
        texts += [t for q in c.questions for t in (q.question, q.answer)]
        texts += [st.text for st in c.steps]
        for kind in ("handout", "guide"):
            texts.append(doc_section(folder, course_id, kind, session.title))
    late = sorted({y for text in texts for y in YEAR.findall(text) if int(y) > held})
    assert not late, f"{course_id} (held {held}) cites {late}"
    symbols = [t for t in texts if re.search(rf"S/(PRST/)?20(?!{held % 100:02d})\d\d/", t)]
    assert not any(int(y) > held for t in symbols for y in re.findall(r"/(20\d\d)/", t))


def test_algiers_material_stays_within_2017(library):
    """The first workshop (October 2017) shows nothing from 2018 on: not the later
    workshops' dates, nor instruments adopted after it."""
    view, _ = library["algiers-2017"]
    text = " ".join(
        " ".join(
            [s.content.brief, s.content.scenario, *s.content.expected, *s.content.aims]
            + [q.answer for q in s.content.questions]
        )
        for s in plain(view).values()
    )
    assert "2018" not in text and "2388" not in text and "2396" not in text
