"""The deck's vocabulary beyond bullets: key figures, timelines, process diagrams, comparisons,
icons, session slides, speaker-note cues and timing, whole-number chart axes; and the theme's
fonts (a missing font is estimated with one warning, a bad font file is a located error)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pptx import Presentation

from builder.build import build
from builder.deck import plan_deck
from builder.deck.fonts import _WARNED
from builder.errors import BuildError
from builder.project import load_project
from builder.resolve import resolve_course
from builder.theme import load_theme

from conftest import NOTES, course_data, module_data

P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
ELEMENTS = [
    {
        "title": "A big number",
        "notes": NOTES,
        "figure": {"value": "USD 150 billion", "label": "Annual profits", "source": "Source: X"},
    },
    {
        "title": "A number with points",
        "notes": [{"say": "SAY-CUE"}, {"ask": "ASK-CUE?"}, {"do": "DO-CUE"}],
        "figure": {"value": "50+", "label": "States reported"},
        "bullets": ["First point", "Second point"],
    },
    {
        "title": "Dates",
        "notes": NOTES,
        "timeline": {
            "events": [{"date": str(2000 + i), "text": f"EVENT-{i} happened"} for i in range(9)],
            "source": "Source: Y",
        },
    },
    {
        "title": "Steps",
        "notes": NOTES,
        "process": {"steps": [{"title": f"STEP-{i}", "text": "What happens"} for i in range(4)]},
    },
    {
        "title": "Two sides",
        "notes": NOTES,
        "comparison": {
            "left": {"heading": "LEFT-HEAD", "bullets": ["Left one", "Left two"]},
            "right": {"heading": "RIGHT-HEAD", "bullets": ["Right one"]},
        },
    },
]


def project(make_project, **changes) -> Path:
    slides = module_data()["slides"] + ELEMENTS
    return make_project(module={"slides": slides}, **changes)


def planned(root: Path):
    loaded = load_project(root)
    loaded.report.raise_if_errors()
    view = resolve_course(loaded, "sahel-2017")
    return view, plan_deck(view, load_theme(root, view.theme))


def built(root: Path) -> Presentation:
    build(root, formats=["deck"], out_dir=root / "dist", force=True)
    return Presentation(root / "dist" / "sahel-2017" / "sahel-2017-deck.pptx")


def titled(prs, title: str):
    return [s for s in prs.slides if s.shapes.title is not None and s.shapes.title.text == title]


def texts(slide) -> list[str]:
    return [
        "".join(t.text or "" for t in sp.iter("{*}t")) for sp in slide.shapes._spTree.iter(f"{P}sp")
    ]


class DescribeThePlan:
    def it_puts_each_element_on_its_layout(self, make_project):
        _, deck = planned(project(make_project))
        roles = {s.title: s.layout for s in deck}
        assert roles["A big number"] == "figure"
        assert roles["A number with points"] == "figure-text"
        assert roles["Dates"] == roles["Steps"] == "diagram"
        assert roles["Two sides"] == "comparison"

    def it_splits_a_long_timeline_evenly(self, make_project):
        _, deck = planned(project(make_project))
        pages = [s for s in deck if s.title.startswith("Dates")]
        sizes = [len(s.timeline.events) for s in pages]
        assert len(pages) > 1 and max(sizes) - min(sizes) <= 1 and min(sizes) >= 2
        assert [e.date for p in pages for e in p.timeline.events] == [
            str(2000 + i) for i in range(9)
        ]
        assert all(p.continued for p in pages[1:])
        assert "Continues slide" in pages[1].notes and "EVENT-" in pages[1].notes

    def it_gives_breaks_a_back_at_slide_and_sessions_theirs(self, make_project):
        view, deck = planned(project(make_project))
        for session in view.sessions:
            slides = [s for s in deck if s.session == (session.day, session.index)]
            assert slides, session.title
        pause = next(s for s in deck if s.kind == "break")
        assert (pause.title, pause.subtitle) == ("Break", "Back at 10:45")
        assert pause.bullets[0].text == "Next: Second module"

    def it_shows_a_panels_people_and_questions(self, make_project):
        agenda = course_data()["agenda"]
        agenda["days"][0]["sessions"][5] = {
            "item": "panel",
            "title": "Regional panel",
            "minutes": 60,
            "moderator": {"name": "MODERATOR-NAME"},
            "panellists": [{"name": "Amina Diallo", "role": "Prosecutor"}],
            "questions": [{"question": "PANEL-QUESTION?", "answer": "PANEL-ANSWER"}],
        }
        _, deck = planned(project(make_project, course={"agenda": agenda}))
        panel = next(s for s in deck if s.title == "Regional panel")
        assert panel.layout == "comparison" and panel.icon == "discussion"
        assert [b.text for b in panel.comparison.left.bullets] == [
            "Moderator: MODERATOR-NAME",
            "Amina Diallo, Prosecutor",
        ]
        assert [b.text for b in panel.comparison.right.bullets] == ["PANEL-QUESTION?"]
        assert "PANEL-ANSWER" not in repr(deck)

    def it_draws_an_exercises_running_order(self, make_project):
        agenda = course_data()["agenda"]
        agenda["days"][0]["sessions"][5] = {
            "item": "exercise",
            "title": "Scenario exercise",
            "minutes": 60,
            "task": "Map the links in the scenario.",
            "groups": "Mixed groups of five",
            "steps": [
                {"minutes": 10, "text": "Read the scenario"},
                {"minutes": 35, "text": "Work in groups"},
                {"minutes": 15, "text": "Report back"},
            ],
        }
        _, deck = planned(project(make_project, course={"agenda": agenda}))
        order = next(s for s in deck if s.title == "Scenario exercise: Running order")
        assert order.layout == "diagram"
        assert [(s.title, s.text) for s in order.process.steps][0] == (
            "10 minutes",
            "Read the scenario",
        )


class DescribeTheRenderedDeck:
    def it_draws_figures_diagrams_and_comparisons_natively(self, make_project):
        prs = built(project(make_project))
        [figure] = titled(prs, "A big number")
        assert figure.slide_layout.name == "Key Figure"
        assert {"USD 150 billion", "Annual profits", "Source: X"} <= set(texts(figure))
        [steps] = titled(prs, "Steps")
        groups = list(steps.shapes._spTree.iter(f"{P}grpSp"))
        assert len(groups) == 1
        alt = groups[0].find(f"{P}nvGrpSpPr/{P}cNvPr").get("descr")
        assert alt.startswith("Steps: 1. STEP-0")
        shapes = [g.get("prst") for g in groups[0].iter("{*}prstGeom")]
        assert shapes.count("roundRect") == 4 and shapes.count("rightArrow") == 3
        assert "STEP-3What happens" in texts(steps)  # title and text, two paragraphs
        [sides] = titled(prs, "Two sides")
        assert sides.slide_layout.name == "Comparison"
        assert {"LEFT-HEAD", "Left oneLeft two", "RIGHT-HEAD", "Right one"} <= set(texts(sides))

    def it_marks_activity_and_case_slides_with_an_icon(self, make_project):
        prs = built(project(make_project))
        activity = next(s for s in prs.slides if s.shapes.title.text.startswith("Group exercise"))
        names = [e.get("name") for e in activity.shapes._spTree.iter(f"{P}cNvPr")]
        assert "icon:activity" in names
        icon = next(
            e for e in activity.shapes._spTree.iter(f"{P}cNvPr") if e.get("name") == "icon:activity"
        )
        assert icon.get("descr")  # alt text
        ids = [e.get("id") for e in activity.shapes._spTree.iter(f"{P}cNvPr")]
        assert len(ids) == len(set(ids))

    def it_labels_ask_and_do_cues_and_gives_the_time(self, make_project):
        prs = built(project(make_project))
        [slide] = titled(prs, "A number with points")
        lines = slide.notes_slide.notes_text_frame.text.split("\n")
        assert lines[:3] == ["SAY-CUE", "Ask: ASK-CUE?", "Do: DO-CUE"]
        assert lines[-1].startswith("Suggested time: ") and " min, from " in lines[-1]

    def it_counts_whole_numbers_in_whole_steps(self, make_project):
        prs = built(project(make_project))
        slide = titled(prs, "Income by source")[0]
        frame = next(s for s in slide.shapes if s.has_chart)
        axis = frame.chart._chartSpace.find(f".//{C}valAx")
        assert float(axis.find(f"{C}majorUnit").get("val")) == 10
        assert axis.find(f"{C}numFmt").get("formatCode") == "0"


class DescribeChecks:
    def it_refuses_a_pie_of_one_share(self, make_project):
        slides = module_data()["slides"] + [
            {
                "title": "Half and half",
                "chart": {
                    "type": "pie",
                    "categories": ["All", "Nothing"],
                    "series": [{"name": "Share", "values": [400, 0]}],
                },
            }
        ]
        root = make_project(module={"slides": slides})
        report = load_project(root).report
        assert any(
            "a pie chart needs at least two shares greater than zero" in d.message
            for d in report.errors
        )

    def it_estimates_a_typeface_without_a_file_and_says_so_once(self, make_project, caplog):
        root = make_project(
            files={"templates/nofont/theme.yaml": "name: No fonts\nextends: default\n"},
            course={"theme": "nofont"},
        )
        spec = root / "templates" / "default" / "theme.yaml"
        text = spec.read_text()
        spec.write_text(text[: text.index("fonts:")])
        _WARNED.clear()
        # listen on the module's own logger: a CLI test in the same process may have set the
        # "builder" logger not to propagate (builder.console), which caplog relies on
        logger = logging.getLogger("builder.deck.fonts")
        logger.addHandler(caplog.handler)
        try:
            with caplog.at_level(logging.WARNING, logger="builder.deck.fonts"):
                planned(root)
                planned(root)
        finally:
            logger.removeHandler(caplog.handler)
        records = {id(r): r for r in caplog.records}.values()  # one record, heard once
        warnings = [r for r in records if "no font file for 'Calibri'" in r.getMessage()]
        assert len(warnings) == 1

    def it_reports_a_font_file_that_is_not_a_font(self, make_project):
        root = make_project(files={"templates/default/fonts/Carlito-Bold.ttf": b"not a font"})
        with pytest.raises(BuildError, match="is not a TrueType or OpenType font"):
            load_theme(root, "default")


def test_the_icons_layout_holds_the_three_icons(make_project):
    root = make_project()
    prs = Presentation(root / "templates" / "default" / "deck.pptx")
    layout = next(
        lay for master in prs.slide_masters for lay in master.slide_layouts if lay.name == "Icons"
    )
    names = {
        e.get("name"): e.get("descr")
        for e in layout._element.iter(f"{P}cNvPr")
        if e.get("name", "").startswith("icon:")
    }
    assert set(names) == {"icon:activity", "icon:case-study", "icon:discussion"}
    assert all(names.values())
