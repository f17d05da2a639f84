"""The facilitator guide: run sheet, checklist, timing, delivery notes keyed to the deck."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from builder.project import load_project
from builder.render.guide import GuideRenderer, slides_by_session
from builder.resolve import resolve_course
from builder.view import SlideView

from docx_read import CITATION, Read, build_documents
from hand_deck import hand_deck
from office import compare_golden, pdf_pages, pdf_text, to_pdf
from test_handout import secret_project

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


@pytest.fixture
def project(make_project):
    return secret_project(make_project)


@pytest.fixture
def built(project, monkeypatch):
    return build_documents(project, monkeypatch=monkeypatch)


@pytest.fixture
def guide(built) -> Read:
    return Read(built["guide"])


@pytest.fixture
def course(project):
    return resolve_course(load_project(project), "sahel-2017")


def test_headings_are_in_order(guide):
    assert guide.headings(1) == [
        "Run sheet",
        "Preparation checklist",
        "Module 1 · Nexus basics",
        "Module 2 · Second module",
        "Index of modules",
    ]
    module = [b.text for b in guide.section("Module 1 · Nexus basics") if b.style == "Heading 2"]
    assert module == [
        "Objectives",
        "Timing",
        "Materials",
        "Key messages",
        "Delivery notes",
        "Activities",
        "Case study: SAHEL-CASE taxation of goods",
        "Regional context: West Africa and the Sahel",
        "Facilitator notes",
    ]


def test_run_sheet_matches_the_agenda_exactly(guide, built, course):
    (table,) = guide.tables("Run sheet")
    assert table[0] == ("Time", "Session", "Module", "Min", "Materials")
    expected = []
    number = 0
    for session in course.sessions:
        module = "—"
        if session.module is not None:
            number += 1
            module = f"Module {number}"
        expected.append(
            (f"{session.start}–{session.end}", session.title, module, str(session.minutes))
        )
    assert [(r[0], r[1].split("\n")[0], r[2], r[3]) for r in table[1:]] == expected
    panel = table[6]
    assert panel[1] == "Regional panel" and panel[4] == "Microphones"
    assert table[2][4] == "Flip chart\nMarkers"
    # and it is the handout's agenda, row for row
    (agenda,) = Read(built["handout"]).tables("Agenda")
    assert [r[0] for r in agenda[1:]] == [r[0] for r in table[1:]]


def test_independent_reader_sees_the_same_run_sheet(guide):
    from docx2python import docx2python

    (table,) = guide.tables("Run sheet")
    with docx2python(guide.path) as doc:
        tables = [t for t in doc.body if len(t) > 1 and t[0][0] == ["Time"]]
    (other,) = [t for t in tables if len(t[0]) == 5]
    assert [tuple("\n".join(cell) for cell in row) for row in other] == list(table)
    text = guide.independent_text()
    assert "Facilitator guide · not for participants · Algiers, Algeria · October 2017" in text
    assert "Model answer: MODEL-ANSWER-ONE" in text


def test_timing_breakdown_sums_to_the_session(guide, course):
    for session, title in (
        (course.sessions[1], "Module 1 · Nexus basics"),
        (course.sessions[3], "Module 2 · Second module"),
    ):
        (timing,) = [t for t in guide.tables(title) if t[0] == ("From", "Part", "Minutes")]
        parts = [int(row[2]) for row in timing[1:-1]]
        span = f"{session.start}–{session.end}"
        assert timing[-1] == (span, "Session total", str(session.minutes))
        assert sum(parts) == session.minutes
        assert parts[0] == session.module.presentation_minutes
        assert timing[1][0] == session.start  # the presentation starts the session
        assert timing[2][1:] == ("Group exercise: Map the links", "20")
        # the activity starts when its slide comes up: a clock time inside the session
        assert session.start < timing[2][0] < session.end
    assert course.sessions[3].minutes == 45  # the outline's override, not the module's 60


def test_questions_come_with_their_model_answers(guide):
    section = guide.section("Module 1 · Nexus basics")
    pairs = [
        (a.text, b.text)
        for a, b in zip(section, section[1:], strict=False)
        if a.style == "List Number" and b.style == "Model Answer"
    ]
    assert ("Which form is most common?", "Model answer: MODEL-ANSWER-ONE") in pairs
    assert ("What do criminals sell?", "Model answer: MODEL-ANSWER-TWO") in pairs
    assert ("Who pays?", "Model answer: SAHEL-ANSWER") in pairs


def test_facilitator_and_regional_notes_are_there(guide):
    section = guide.section("Module 1 · Nexus basics")
    notes = [b.text for b in section if b.style == "Note Box"]
    assert "REGIONAL-CONTEXT-NOTE for facilitators." in notes
    assert "FACILITATOR-ONLY-NOTE: keep the pace." in notes
    assert "For this workshop: SESSION-EXTRA-NOTE for this workshop." in notes


def test_session_notes_are_printed_once_not_on_every_slide(guide):
    text = "\n".join(b.text for b in guide.blocks)
    assert text.count("SESSION-EXTRA-NOTE") == 1


def test_checklist_compiles_materials_once_with_where_they_are_used(guide):
    section = guide.section("Preparation checklist")
    items = [b.text for b in section if b.style == "Checklist"]
    materials = [i for i in items if " · " in i]
    assert materials == [
        "Flip chart · Module 1, Map the links; Module 2, Map the links",
        "Markers · Module 1, Map the links; Module 2, Map the links",
        "Microphones · Regional panel",
    ]
    assert any(b.text == "Room set-up" for b in section)
    assert any("Projector and screen tested with the deck" in i for i in items)


def test_delivery_notes_cite_every_module_slide_of_a_hand_built_deck(guide, course):
    deck = hand_deck(course)
    cited = [CITATION.match(b.text) for b in guide.blocks if b.style == "Heading 3"]
    cited = [(int(m.group(1)), m.group(2)) for m in cited if m]
    assert cited == [(s.number, s.title) for s in deck if s.module_id]
    section = guide.section("Module 1 · Nexus basics")
    texts = [b.text for b in section]
    first = texts.index("Slide 5 — Forms of interaction")
    assert texts[first + 1].startswith("These are speaker notes for the trainer.")
    assert (
        texts[texts.index("Slide 6 — Forms of interaction (cont.)") + 1]
        == "Continues slide 5; the notes above apply."
    )
    assert (
        guide.section("Module 1 · Nexus basics")[0].text
        == "Day 1 · 09:30–10:30 · 60 minutes · Deck slides 3–12"
    )


def test_slides_are_matched_to_sessions_when_a_module_is_taught_twice(course):
    first, second = course.sessions[1], course.sessions[3]
    second = replace(second, module=first.module)
    twice = replace(course, days=(replace(course.days[0], sessions=(first, second)),))
    deck = (
        SlideView(1, "title", "Title"),
        SlideView(2, "section", "A", module_id="nexus-basics"),
        SlideView(3, "content", "B", module_id="nexus-basics"),
        SlideView(4, "section", "A again", module_id="nexus-basics"),
        SlideView(5, "closing", "End"),
    )
    runs = slides_by_session(twice, deck)
    assert [s.number for s in runs[first.day, first.index]] == [2, 3, 4]
    assert runs[second.day, second.index] == ()
    deck = (
        *deck[:3],
        SlideView(4, "agenda", "Agenda (cont.)"),
        replace(deck[3], number=5),
        replace(deck[4], number=6),
    )
    runs = slides_by_session(twice, deck)
    assert [s.number for s in runs[first.day, first.index]] == [2, 3]
    assert [s.number for s in runs[second.day, second.index]] == [5]


def test_cross_artefact_slide_citations_match_the_real_deck(make_project):
    """Every "Slide N — title" in the guide is slide N, with that title, of the deck built
    from the same course, and every module slide of that deck is cited."""
    from pptx import Presentation

    from builder.deck import plan_deck
    from builder.theme import load_theme

    root = make_project()
    paths = build_documents(root, formats=("deck", "guide"), real_deck=True)
    presentation = Presentation(str(paths["deck"]))
    titles = {}
    for number, slide in enumerate(presentation.slides, start=1):
        shape = slide.shapes.title
        titles[number] = shape.text_frame.text if shape is not None else None
    guide = Read(paths["guide"])
    cited = [CITATION.match(b.text) for b in guide.blocks if b.style == "Heading 3"]
    cited = [(int(m.group(1)), m.group(2)) for m in cited if m]
    assert cited, "the guide cites no slides"
    for number, title in cited:
        assert titles.get(number) == title, (number, title, titles.get(number))
    view = resolve_course(load_project(root), "sahel-2017")
    plan = plan_deck(view, load_theme(root, view.theme))
    assert len(plan) == len(presentation.slides)
    assert cited == [(s.number, s.title) for s in plan if s.module_id]


def test_renderer_interface():
    renderer = GuideRenderer()
    assert (renderer.format, renderer.suffix) == ("guide", ".docx")


def test_golden(make_project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1507000000")
    root = make_project()
    paths = build_documents(root, formats=("guide",), monkeypatch=monkeypatch)
    compare_golden(paths["guide"], GOLDEN / "guide")


@pytest.mark.soffice
def test_libreoffice_converts_it_and_shows_the_headings(built, tmp_path):
    pdf = to_pdf(built["guide"], tmp_path / "pdf")
    text = pdf_text(pdf)
    pages = pdf_pages(pdf)
    for heading in (
        "Facilitator guide",
        "Run sheet",
        "Preparation checklist",
        "Room set-up",
        "Module 1 · Nexus basics",
        "Timing",
        "Delivery notes",
        "Slide 5 — Forms of interaction",
        "Model answer: MODEL-ANSWER-ONE",
    ):
        assert heading in text, heading
    assert f"Page 2 of {pages}" in text
