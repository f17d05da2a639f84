"""Delivery notes a facilitator can use at a glance, the module summary page, the run sheet's
titles, and fixed text in the edition's language."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from builder.i18n import Messages
from builder.project import load_project
from builder.render.delivery import short_paragraphs
from builder.resolve import dates_when, resolve_course

from docx_read import Read, build_documents

CLOCK = re.compile(r"^(\d\d):(\d\d) · ([\d.]+) min$")
CUES = [
    {"say": "SAY-CUE: groups coexist, cooperate or converge."},
    {"ask": "ASK-CUE: which form have you met in your own work?"},
    {"do": "DO-CUE: point to the three columns of the slide."},
]


@pytest.fixture
def guide(make_project, monkeypatch) -> Read:
    slides = [
        {"title": "Forms of interaction", "bullets": ["Coexistence", "Cooperation"], "notes": CUES}
    ]
    root = make_project(module={"slides": slides})
    return Read(build_documents(root, formats=("guide",), real_deck=True)["guide"])


def test_short_paragraphs_cut_long_notes_at_sentence_ends():
    sentence = "This sentence is about forty characters. "
    text = (sentence * 20).strip() + "\n\nA second paragraph."
    out = short_paragraphs(text, limit=200)
    assert len(out) > 3 and out[-1] == "A second paragraph."
    assert all(len(p) <= 200 for p in out)
    assert " ".join(out[:-1]) == (sentence * 20).strip()  # nothing lost, no sentence cut
    assert short_paragraphs("One. Two.") == ["One. Two."]


def test_cues_are_labelled_say_ask_do(guide):
    texts = [b.text for b in guide.section("Module 1 · Nexus basics")]
    (start,) = [i for i, text in enumerate(texts) if " — Forms of interaction" in text]
    assert CLOCK.match(texts[start + 1]), texts[start + 1]
    assert texts[start + 2 : start + 5] == [
        "Say: SAY-CUE: groups coexist, cooperate or converge.",
        "Ask: ASK-CUE: which form have you met in your own work?",
        "Do: DO-CUE: point to the three columns of the slide.",
    ]


def test_every_slide_has_its_clock_time_and_minutes(guide, make_project):
    course = resolve_course(load_project(make_project()), "sahel-2017")
    session = course.sessions[1]
    section = guide.section("Module 1 · Nexus basics")
    times = [CLOCK.match(b.text) for b in section if b.style == "Session Line"]
    times = [m for m in times if m]
    headings = [b for b in section if b.style == "Heading 3" and b.text.startswith("Slide ")]
    assert len(times) == len(headings) > 3
    clocks = [int(m.group(1)) * 60 + int(m.group(2)) for m in times]
    assert clocks == sorted(clocks)
    assert f"{clocks[0] // 60:02d}:{clocks[0] % 60:02d}" == session.start
    assert sum(float(m.group(3)) for m in times) == pytest.approx(session.minutes, abs=2)


def test_the_module_summary_comes_first_and_delivery_notes_start_a_page(guide):
    section = guide.section("Module 1 · Nexus basics")
    headings = [b.text for b in section if b.style == "Heading 2"]
    assert headings.index("Objectives") < headings.index("Delivery notes")
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for p in guide.document.element.body.iter(f"{w}p"):
        if "".join(t.text or "" for t in p.iter(f"{w}t")) == "Delivery notes":
            assert p.find(f"{w}pPr/{w}pageBreakBefore") is not None
            break
    else:
        pytest.fail("no delivery notes heading")


def test_run_sheet_shows_titles_and_the_index_the_ids(guide):
    (day,) = guide.tables("Run sheet")[:1]
    cells = " ".join(" ".join(row) for row in day)
    assert "Nexus basics" in cells
    assert "nexus-basics" not in cells and "v1.0" not in cells
    (index,) = guide.tables("Index of modules")
    assert index[0] == ("Module", "Title", "Id", "Version", "Deck")
    assert index[1][:4] == ("Module 1", "Nexus basics", "nexus-basics", "1.0")


@pytest.mark.parametrize(
    ("dates", "language", "expected"),
    [
        ({"month": "2017-10"}, "en", "in October 2017"),
        ({"start": dt.date(2019, 4, 26)}, "en", "on 26 April 2019"),
        (
            {"start": dt.date(2018, 2, 13), "end": dt.date(2018, 2, 14)},
            "en",
            "on 13\u2009–\u200914 February 2018",  # CLDR: thin spaces around the dash
        ),
        ({"month": "2017-10"}, "fr", "en octobre 2017"),
        ({"start": dt.date(2019, 4, 26)}, "fr", "le 26 avril 2019"),
    ],
)
def test_dates_read_as_a_sentence_says_them(dates, language, expected):
    from builder.model import Course

    from conftest import course_data

    course = Course.model_validate(course_data(dates=dates))
    assert dates_when(course, Messages(language, course.country)) == expected


def test_a_french_edition_gets_french_fixed_text(make_project, monkeypatch):
    root = make_project(course={"language": "fr"})
    guide = Read(build_documents(root, formats=("guide",), monkeypatch=monkeypatch)["guide"])
    assert guide.headings(1)[:2] == ["Déroulé", "Liste de préparation"]
    section = guide.section("Module 1 · Nexus basics")
    assert [b.text for b in section if b.style == "Heading 2"][:2] == ["Objectifs", "Minutage"]


def test_a_french_handout_speaks_french_in_its_theme_text(make_project, monkeypatch):
    root = make_project(course={"language": "fr"})
    built = build_documents(root, formats=("handout",), monkeypatch=monkeypatch)
    handout = Read(built["handout"])
    texts = [b.text for b in handout.blocks]
    assert "Bienvenue" in texts and "Comment utiliser ce document" in texts
    welcome = next(t for t in texts if t.startswith("Bienvenue à "))
    assert welcome.endswith("Algiers, Algeria en octobre 2017.")
    footer = handout.independent_text()
    assert "Document du participant" in footer and " sur " in footer  # "Page 3 sur 20"
