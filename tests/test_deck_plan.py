"""The deck plan: composition, pagination and numbering (no pptx is written here)."""

from __future__ import annotations

import pytest

from builder.deck import CONTRACTS, layout_name, plan_deck
from builder.deck.fit import column_widths, paginate, row_heights
from builder.deck.fonts import Face
from builder.deck.layouts import slots
from builder.deck.template import Box, Level, template_metrics
from builder.deck.text import theme_fonts, wrap_count
from builder.errors import BuildError
from builder.project import load_project
from builder.resolve import resolve_course
from builder.theme import load_theme
from builder.view import BulletLine

from conftest import NOTES, REPO, course_data

LONG_BULLETS = [
    f"Bullet number {i:02d} says something long enough to wrap on a slide "
    f"about transnational organized crime and terrorism"
    for i in range(40)
]
TABLE_ROWS = [
    [f"R{i:02d}", f"{2000 + i}", f"Row {i:02d}: a short description of the row"] for i in range(60)
]


def plan(root, course_id: str = "sahel-2017"):
    project = load_project(root)
    project.report.raise_if_errors()
    view = resolve_course(project, course_id)
    theme = load_theme(root, view.theme)
    return view, theme, plan_deck(view, theme)


def overflow_module() -> dict:
    return {
        "slides": [
            {"title": "Forty bullets", "bullets": LONG_BULLETS, "notes": NOTES},
            {
                "title": "Sixty rows",
                "notes": NOTES,
                "table": {
                    "columns": ["Id", "Year", "Description"],
                    "rows": TABLE_ROWS,
                    "source": "Source: test",
                },
            },
        ]
    }


def bound_metrics(theme):
    return template_metrics(theme.file("deck")).bind(theme_fonts(theme))


def box_of(theme, slide, slot: str) -> Box:
    layout = bound_metrics(theme).layout(layout_name(theme, slide.kind, slide.layout))
    return layout.boxes[slots(slide.layout).index(slot)]


def table_height(theme, page) -> int:
    metrics = bound_metrics(theme)
    box = box_of(theme, page, "table")
    text, fonts = metrics.table_text, metrics.fonts
    widths = column_widths(page.table.columns, page.table.rows, box.w, text, fonts=fonts)
    return sum(row_heights(page.table.columns, page.table.rows, widths, text, fonts=fonts))


class TestComposition:
    def test_frames_the_deck_with_title_agenda_and_closing(self, make_project):
        _, _, deck = plan(make_project())
        assert [s.kind for s in deck[:2]] == ["title", "agenda"]
        assert deck[-1].kind == "closing"
        assert [s.number for s in deck] == list(range(1, len(deck) + 1))

    def test_gives_each_module_session_its_sequence(self, make_project):
        _, _, deck = plan(make_project())
        first = [s for s in deck if s.module_id == "nexus-basics"]
        assert [s.kind for s in first] == [
            "section",
            "objectives",
            "content",
            "content",
            "content",
            "content",
            "case-study",
            "activity",
            "takeaways",
        ]
        assert [s.layout for s in first[2:6]] == ["content", "table", "chart", "quote"]
        assert first[0].title == "Nexus basics"
        assert first[0].subtitle == "Module 1 of 2 · 09:30–10:30"  # as handout and guide name it

    def test_sets_module_ids_on_module_slides_only(self, make_project):
        _, _, deck = plan(make_project())
        frame = ("title", "agenda", "closing", "session", "break")
        assert {s.module_id for s in deck if s.kind in frame} == {None}
        assert all(s.module_id for s in deck if s.kind not in frame)

    def test_puts_place_dates_and_hosts_on_the_title_slide(self, make_project):
        root = make_project(
            course={
                "subtitle": "A subtitle",
                "hosts": [
                    {"name": "Ministry", "role": "host"},
                    {"name": "UNICRI", "role": "organiser"},
                    {"name": "GCTF", "role": "partner"},
                    {"name": "Netherlands", "role": "partner"},
                ],
            }
        )
        _, _, deck = plan(root)
        title = deck[0]
        assert (title.title, title.subtitle) == ("Crime and terrorism workshop", "A subtitle")
        assert [b.text for b in title.bullets] == [
            "Algiers, Algeria · October 2017",
            "Hosted by Ministry",
            "Organised by UNICRI",
            "In partnership with GCTF and Netherlands",
        ]

    def test_lists_the_agenda_with_clock_times(self, make_project):
        _, _, deck = plan(make_project())
        agenda = deck[1]
        assert agenda.table.columns == ("Time", "Session")
        assert agenda.table.rows[:3] == (
            ("09:00–09:30", "Opening"),
            ("09:30–10:30", "Nexus basics"),
            ("10:30–10:45", "Break"),
        )

    def test_splits_a_long_agenda_day(self, make_project):
        agenda = course_data()["agenda"]
        agenda["days"][0] = {
            "start": "07:00",
            "sessions": [{"item": "other", "minutes": 10, "title": f"Slot {i}"} for i in range(40)],
        }
        agenda["days"][0]["sessions"][5] = {"module": "nexus-basics", "minutes": 30}
        agenda["days"][0]["sessions"][6] = {"module": "second-module", "minutes": 30}
        _, theme, deck = plan(make_project(course={"agenda": agenda}))
        pages = [s for s in deck if s.kind == "agenda"]
        assert len(pages) > 1
        assert pages[1].title == "Agenda (cont.)" and pages[1].continued
        rows = [row for page in pages for row in page.table.rows]
        assert len(rows) == 40 and len(set(rows)) == 40
        for page in pages:
            assert table_height(theme, page) <= box_of(theme, page, "table").h

    def test_shows_questions_but_never_model_answers(self, make_project):
        _, _, deck = plan(make_project())
        activity = next(s for s in deck if s.kind == "activity")
        assert activity.title == "Group exercise: Map the links"
        assert activity.icon == "activity"
        # task and questions side by side (they fit), the time under them
        c = activity.comparison
        assert (c.left.heading, c.right.heading) == ("Task", "Questions for discussion")
        assert [b.text for b in c.right.bullets] == [
            "Which form is most common?",
            "What do criminals sell?",
        ]
        assert c.source == "Time: 20 minutes"
        everything = repr(deck)
        assert "MODEL-ANSWER" not in everything and "SAHEL-ANSWER" not in everything

    def test_keeps_other_regions_out(self, make_project):
        _, _, deck = plan(make_project())
        titles = [s.title for s in deck]
        assert "Case study: SAHEL-CASE taxation of goods" in titles
        assert "BALKANS" not in repr(deck)

    def test_gives_every_slide_notes(self, make_project):
        root = make_project(
            course={
                "agenda": {
                    "days": [
                        {
                            "start": "09:00",
                            "sessions": [{"module": "nexus-basics", "notes": "SESSION-EXTRA"}],
                        }
                    ]
                }
            }
        )
        _, _, deck = plan(root)
        assert all(s.notes.strip() for s in deck)
        module_slides = [s for s in deck if s.module_id]
        assert all("SESSION-EXTRA" in s.notes for s in module_slides)
        section = next(s for s in deck if s.kind == "section")
        assert "A short summary of the module" in section.notes

    def test_follows_session_overrides(self, make_project):
        root = make_project(
            course={
                "agenda": {
                    "days": [
                        {
                            "start": "09:00",
                            "sessions": [
                                {
                                    "module": "nexus-basics",
                                    "title": "Renamed",
                                    "skip_slides": ["Income by source"],
                                }
                            ],
                        }
                    ]
                }
            }
        )
        _, _, deck = plan(root)
        titles = [s.title for s in deck]
        assert "Renamed" in titles and "Income by source" not in titles


class TestPagination:
    def test_continues_forty_bullets_on_even_cont_slides(self, make_project):
        _, theme, deck = plan(make_project(module=overflow_module()))
        pages = [s for s in deck if s.title.startswith("Forty bullets")]
        assert len(pages) > 2
        assert pages[0].title == "Forty bullets" and not pages[0].continued
        assert all(p.continued for p in pages[1:])
        assert [p.title for p in pages[1:]] == ["Forty bullets (cont.)"] + [
            f"Forty bullets (cont. {n})" for n in range(2, len(pages))
        ]
        texts = [b.text for p in pages for b in p.bullets]
        assert texts == LONG_BULLETS  # every bullet exactly once, in order
        sizes = [len(p.bullets) for p in pages]
        assert max(sizes) - min(sizes) <= 2  # spread evenly, no orphan page
        for page in pages:
            box = box_of(theme, page, "body")
            assert box.fits([(b.text, b.level) for b in page.bullets])
            assert all(f"slide {pages[0].number}" in p.notes for p in pages[1:])

    def test_splits_sixty_rows_with_the_header_repeated(self, make_project):
        _, theme, deck = plan(make_project(module=overflow_module()))
        pages = [s for s in deck if s.title.startswith("Sixty rows")]
        assert len(pages) > 2
        assert all(p.table.columns == ("Id", "Year", "Description") for p in pages)
        rows = [list(r) for p in pages for r in p.table.rows]
        assert rows == TABLE_ROWS
        assert all(p.table.source == "Source: test" for p in pages)
        for page in pages:
            assert table_height(theme, page) <= box_of(theme, page, "table").h

    def test_keeps_sub_bullets_with_their_parent(self, make_project):
        bullets = [
            {
                "text": f"Parent {i} with a fairly long text that takes room on the slide",
                "sub": [f"Child {i}.{j} with some words as well" for j in range(3)],
            }
            for i in range(8)
        ]
        root = make_project(module={"slides": [{"title": "Nested", "bullets": bullets}]})
        _, _, deck = plan(root)
        pages = [s for s in deck if s.title.startswith("Nested")]
        assert len(pages) > 1
        for page in pages:
            assert page.bullets[0].level == 0

    def test_cuts_an_overlong_paragraph_between_sentences_and_keeps_every_word(self):
        box = Box("obj", 1, 0, 0, 4_000_000, 1_500_000, levels=(Level(size=20),))
        sentence = "This sentence is part of a very long paragraph about the nexus. "
        text = (sentence * 30).strip()
        pages = paginate([BulletLine(text)], box)
        assert len(pages) > 1
        assert " ".join(b.text for p in pages for b in p).split() == text.split()
        assert all(box.fits([(b.text, b.level) for b in p]) for p in pages)

    def test_cuts_a_word_too_long_for_a_page_between_characters(self):
        box = Box("obj", 1, 0, 0, 4_000_000, 1_500_000, levels=(Level(size=20),))
        word = "x" * 3000  # no space anywhere: PowerPoint breaks it between characters
        pages = paginate([BulletLine(f"Before {word} after")], box)
        assert len(pages) > 1
        assert "".join(b.text for p in pages for b in p).replace(" ", "") == (f"Before{word}after")
        assert all(box.fits([(b.text, b.level) for b in p]) for p in pages)

    def test_uses_the_theme_labels(self, make_project):
        root = make_project(
            module=overflow_module(),
            files={
                "templates/custom/theme.yaml": "name: Custom\nextends: default\noptions:\n"
                "  deck_labels:\n    continued: (suite)\n"
            },
            course={"theme": "custom"},
        )
        _, _, deck = plan(root)
        assert "Forty bullets (suite)" in [s.title for s in deck]

    def test_honours_max_body_lines(self, make_project):
        root = make_project(
            module=overflow_module(),
            files={
                "templates/custom/theme.yaml": "name: Custom\nextends: default\noptions:\n"
                "  max_body_lines: 4\n"
            },
            course={"theme": "custom"},
        )
        _, theme, deck = plan(root)
        pages = [s for s in deck if s.title.startswith("Forty bullets")]
        box = box_of(theme, pages[0], "body")
        assert all(box.lines([(b.text, b.level) for b in p.bullets]) <= 4 for p in pages)


class TestTheTemplate:
    def test_reads_the_layouts_once_with_their_fonts(self, make_project):
        root = make_project()
        theme = load_theme(root, "default")
        metrics = template_metrics(theme.file("deck"))
        assert template_metrics(theme.file("deck")) is metrics  # cached
        content = metrics.layout(theme.layout("content"))
        [body] = content.boxes
        assert body.type == "obj" and content.footer and content.number
        assert [level.size for level in body.levels[:3]] == [20, 18, 18]
        assert body.levels[1].mar_l > body.levels[0].mar_l > 0
        assert body.inner_height > 300  # points
        assert metrics.table_text.size == 18
        assert metrics.width * 3 == metrics.height * 16 / 3  # 16:9
        for role in CONTRACTS:
            layout = metrics.layout(theme.layout(role))
            assert len(layout.boxes) >= len(CONTRACTS[role]), role

    def test_refuses_body_text_below_the_minimum(self, make_project):
        root = make_project(
            files={
                "templates/big/theme.yaml": "name: Big\nextends: default\noptions:\n"
                "  min_font_pt: 24\n"
            },
            course={"theme": "big"},
        )
        with pytest.raises(BuildError, match="below the theme's min_font_pt 24"):
            plan(root)

    def test_names_a_missing_layout_with_a_suggestion(self, make_project):
        root = make_project(
            files={
                "templates/typo/theme.yaml": "name: Typo\nextends: default\nlayouts:\n"
                "  content: Title and Contnet\n"
            },
            course={"theme": "typo"},
        )
        with pytest.raises(BuildError, match="did you mean 'Title and Content'"):
            plan(root)


CARLITO = REPO / "templates" / "default" / "fonts" / "Carlito-Regular.ttf"


class TestMeasurement:
    def face(self):
        return Face("Carlito", CARLITO.read_bytes())

    def test_wraps_words_into_lines(self):
        face = self.face()
        assert wrap_count("word " * 10, width=1000, size=20, face=face) == 1
        line = face.width("word " * 10, 20)
        assert wrap_count("word " * 40, width=line, size=20, face=face) == 4

    def test_breaks_a_word_longer_than_the_line(self):
        face = self.face()
        assert wrap_count("x" * 100, face.width("x" * 10, 20), 20, face) >= 10

    def test_breaks_after_a_hyphen_between_words(self):
        face = self.face()
        width = face.width("crime-terror", 20) - 1
        assert wrap_count("crime-terror", width, 20, face) == 2

    def test_measures_calibri_metrics_with_kerning(self):
        face = self.face()
        assert face.width("AV", 20) < face.width("A", 20) + face.width("V", 20)
        assert 1.2 < face.line_factor < 1.25  # Calibri's line spacing

    def test_shares_column_widths_by_content(self):
        text = Level(size=18)
        widths = column_widths(
            ["Time", "Session"],
            [["09:00–09:30", "A long session title about the nexus and its forms"]],
            10_000_000,
            text,
        )
        assert sum(widths) == 10_000_000 and widths[0] < widths[1]


def test_no_break_spaces_survive_and_hold_words_together():
    """French puts a no-break space before « : ; ? ! » and inside « »: folding white space
    must keep them, and line breaking must not split there."""
    from builder.deck.plan import clean
    from builder.deck.text import squash, words

    text = "Pourquoi\u00a0?\n  «\u00a0Nexus\u00a0»   et\u202f:"
    assert squash(text) == "Pourquoi\u00a0? «\u00a0Nexus\u00a0» et\u202f:"
    assert clean(text) == squash(text)
    assert words(text) == ["Pourquoi\u00a0?", "«\u00a0Nexus\u00a0»", "et\u202f:"]
