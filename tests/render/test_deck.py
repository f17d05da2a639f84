"""The deck renderer: build a deck, reopen it with python-pptx (and LibreOffice), check it."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu

from builder.build import build
from builder.deck import plan_deck
from builder.deck.template import template_metrics
from builder.deck.text import theme_fonts
from builder.project import load_project
from builder.resolve import resolve_course
from builder.theme import load_theme

from conftest import NOTES, REPO, module_data, tiny_png
from office import compare_golden, pdf_pages, to_pdf

COURSE = "sahel-2017"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
GOLDEN = REPO / "tests" / "golden" / "deck" / COURSE

VISUALS = [
    {
        "title": "A map of routes",
        "notes": NOTES,
        "image": {"path": "map.png", "alt": "ALT-TEXT map of the routes", "caption": "The routes"},
    },
    {
        "title": "Picture and points",
        "notes": NOTES,
        "bullets": ["First point", "Second point"],
        "image": {"path": "map.png", "alt": "ALT-TEXT the same map"},
    },
    {
        "title": "Shares of income",
        "notes": NOTES,
        "bullets": ["Half comes from drugs"],
        "chart": {
            "type": "pie",
            "categories": ["Drugs", "Other"],
            "series": [{"name": "Share", "values": [0.5, 0.5]}],
            "number_format": "0%",
            "source": "Source: pie",
        },
    },
    {
        "title": "Cases over time",
        "notes": NOTES,
        "chart": {
            "type": "line",
            "categories": ["2018", "2019", "2020"],
            "series": [
                {"name": "Cases", "values": [3, 4, 6]},
                {"name": "Convictions", "values": [1, 2, 2]},
            ],
            "title": "Cases and convictions",
        },
    },
]


@pytest.fixture(autouse=True)
def _no_epoch(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def build_deck(root: Path, out: Path | None = None) -> Path:
    out = out or root / "dist"
    build(root, formats=["deck"], out_dir=out, force=True)
    return out / COURSE / f"{COURSE}-deck.pptx"


def planned(root: Path):
    project = load_project(root)
    view = resolve_course(project, COURSE)
    theme = load_theme(root, view.theme)
    return view, theme, plan_deck(view, theme)


def visual_project(make_project) -> Path:
    slides = module_data()["slides"] + VISUALS
    return make_project(
        module={"slides": slides}, files={"courses/modules/map.png": tiny_png(40, 30)}
    )


def slide_by_title(prs, title: str):
    return next(
        s for s in prs.slides if s.shapes.title is not None and s.shapes.title.text == title
    )


def body_paragraphs(slide) -> list[tuple[str, int]]:
    out = []
    for shape in slide.placeholders:
        if shape.placeholder_format.idx == 1 and shape.has_text_frame:
            out += [(p.text, p.level) for p in shape.text_frame.paragraphs]
    return out


def all_text(prs) -> str:
    chunks = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                chunks.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                chunks += [c.text for row in shape.table.rows for c in row.cells]
        chunks.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(chunks)


class TestRoundTrip:
    def test_has_one_slide_per_planned_slide_with_its_title(self, make_project):
        root = make_project()
        prs = Presentation(build_deck(root))
        _, _, deck = planned(root)
        assert len(prs.slides) == len(deck)
        assert [s.shapes.title.text for s in prs.slides] == [s.title for s in deck]
        assert prs.slide_width == 12192000 and prs.slide_height == 6858000

    def test_uses_the_named_layouts(self, make_project):
        prs = Presentation(build_deck(make_project()))
        names = [s.slide_layout.name for s in prs.slides]
        assert names[:4] == ["Title", "Agenda", "Title and Content", "Section Header"]
        assert {"Table", "Chart", "Quote", "Break", "Closing"} <= set(names)

    def test_keeps_bullet_text_and_levels(self, make_project):
        prs = Presentation(build_deck(make_project()))
        slide = slide_by_title(prs, "Forms of interaction")
        assert body_paragraphs(slide) == [
            ("Coexistence in the same territory", 0),
            ("Cooperation", 0),
            ("Ad hoc alliances", 1),
            ("Shared services", 1),
            ("Convergence into hybrid groups", 0),
        ]

    def test_puts_notes_on_every_slide(self, make_project):
        root = make_project()
        prs = Presentation(build_deck(root))
        _, _, deck = planned(root)
        for slide, view in zip(prs.slides, deck, strict=True):
            assert slide.has_notes_slide
            text = slide.notes_slide.notes_text_frame.text
            assert text.strip(), view.title
            if view.kind == "content":
                said, time = text.rsplit("\n", 1)
                assert said == NOTES and time.startswith("Suggested time: ")

    def test_fills_native_tables(self, make_project):
        prs = Presentation(build_deck(make_project()))
        slide = slide_by_title(prs, "Resolutions by year")
        [frame] = [s for s in slide.shapes if s.has_table]
        cells = [[c.text for c in row.cells] for row in frame.table.rows]
        assert cells == [["Resolution", "Year"], ["1373", "2001"], ["2195", "2014"]]
        assert frame.table.first_row
        assert "Source: concept note" in [
            s.text_frame.text for s in slide.shapes if s.has_text_frame
        ]

    def test_draws_native_charts_with_their_data(self, make_project):
        prs = Presentation(build_deck(visual_project(make_project)))
        slide = slide_by_title(prs, "Income by source")
        [frame] = [s for s in slide.shapes if s.has_chart]
        chart = frame.chart
        assert chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
        assert tuple(chart.plots[0].categories) == ("Narcotics", "Other")
        assert [tuple(s.values) for s in chart.plots[0].series] == [(60.0, 40.0)]
        line = slide_by_title(prs, "Cases over time").shapes
        [chart] = [s.chart for s in line if s.has_chart]
        assert chart.chart_type == XL_CHART_TYPE.LINE_MARKERS
        assert [s.name for s in chart.plots[0].series] == ["Cases", "Convictions"]
        assert chart.has_title and chart.chart_title.text_frame.text == "Cases and convictions"
        assert chart.has_legend

    def test_puts_bullets_beside_a_chart(self, make_project):
        prs = Presentation(build_deck(visual_project(make_project)))
        slide = slide_by_title(prs, "Shares of income")
        assert slide.slide_layout.name == "Two Content"
        assert body_paragraphs(slide) == [("Half comes from drugs", 0)]
        [chart] = [s.chart for s in slide.shapes if s.has_chart]
        assert chart.chart_type == XL_CHART_TYPE.PIE
        assert tuple(chart.plots[0].series[0].values) == (0.5, 0.5)

    def test_fits_pictures_with_their_alt_text(self, make_project):
        root = visual_project(make_project)
        prs = Presentation(build_deck(root))
        for title in ("A map of routes", "Picture and points"):
            slide = slide_by_title(prs, title)
            [pic] = [
                s
                for s in slide.shapes
                if s.shape_type is not None and s._element.tag.endswith("}pic")
            ]
            descr = pic._element.nvPicPr.cNvPr.get("descr")
            assert descr.startswith("ALT-TEXT")
            layout_ph = next(
                p
                for p in slide.slide_layout.placeholders
                if p.placeholder_format.idx == pic.placeholder_format.idx
            )
            assert abs(pic.width / pic.height - 40 / 30) < 0.01  # aspect ratio kept
            assert pic.left >= layout_ph.left and pic.top >= layout_ph.top
            assert pic.left + pic.width <= layout_ph.left + layout_ph.width + 1
            assert pic.top + pic.height <= layout_ph.top + layout_ph.height + 1
            assert (pic.crop_left, pic.crop_right, pic.crop_top, pic.crop_bottom) == (0, 0, 0, 0)
        with zipfile.ZipFile(build_deck(root)) as archive:  # one image part for both slides
            assert len([n for n in archive.namelist() if n.startswith("ppt/media/")]) == 1

    def test_shows_the_quotation_and_who_said_it(self, make_project):
        prs = Presentation(build_deck(make_project()))
        slide = slide_by_title(prs, "A voice from the field")
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        assert "“Crime has no borders.”" in texts and "— A trainer" in texts

    def test_carries_the_regions_content_only(self, make_project):
        text = all_text(Presentation(build_deck(make_project())))
        assert "SAHEL-CASE taxation of goods" in text and "SAHEL-EXAMPLE" in text
        assert "BALKANS" not in text
        assert "MODEL-ANSWER" not in text and "SAHEL-ANSWER" not in text

    def test_builds_the_other_region_with_its_own_case(self, make_project):
        root = make_project(course={"region": "balkans"})
        text = all_text(Presentation(build_deck(root)))
        assert "BALKANS-CASE cross-border trafficking" in text and "SAHEL" not in text

    def test_numbers_and_footers_every_slide_but_the_title(self, make_project):
        prs = Presentation(build_deck(make_project()))
        for number, slide in enumerate(prs.slides, 1):
            kinds = {s._element.ph.get("type"): s for s in slide.shapes if s.is_placeholder}
            if number == 1:
                assert "ftr" not in kinds and "sldNum" not in kinds
                continue
            assert kinds["ftr"].text_frame.text == "Crime and terrorism workshop"
            fld = kinds["sldNum"]._element.find(f".//{A}fld")
            assert fld.get("type") == "slidenum" and fld.findtext(f"{A}t") == str(number)

    def test_tags_every_run_with_the_course_language(self, make_project):
        root = make_project(course={"language": "en-GB"})
        path = build_deck(root)
        with zipfile.ZipFile(path) as archive:
            names = [
                n
                for n in archive.namelist()
                if n.startswith(("ppt/slides/slide", "ppt/notesSlides/", "ppt/charts/"))
                and n.endswith(".xml")
            ]
            runs = 0
            for name in names:
                tree = etree.fromstring(archive.read(name))
                for run in tree.iter(f"{A}r", f"{A}fld"):
                    runs += 1
                    assert run.find(f"{A}rPr").get("lang") == "en-GB", name
        assert runs > 100

    def test_sets_fixed_document_properties(self, make_project):
        prs = Presentation(build_deck(make_project()))
        props = prs.core_properties
        assert props.title == "Crime and terrorism workshop"
        assert (props.author, props.last_modified_by, props.revision) == (
            "course-builder",
            "course-builder",
            1,
        )
        assert props.created == props.modified == dt.datetime(2000, 1, 1)
        assert props.language == "en"

    def test_names_slide_parts_in_deck_order(self, make_project):
        with zipfile.ZipFile(build_deck(make_project())) as archive:
            names = archive.namelist()
            rels = archive.read("ppt/_rels/presentation.xml.rels").decode()
            order = etree.fromstring(archive.read("ppt/presentation.xml"))
        slides = sorted(n for n in names if n.startswith("ppt/slides/slide"))
        notes = [n for n in names if n.startswith("ppt/notesSlides/notesSlide")]
        assert len(slides) == len(notes) == 25
        ids = [e.get("id") for e in order.iter("{*}sldId")]
        assert ids == [str(256 + i) for i in range(25)]
        assert 'Target="slides/slide25.xml"' in rels


class TestIcons:
    def test_a_title_ends_before_the_slides_icon(self, make_project):
        """Case-study and activity slides carry the theme's icon at the top right; their
        title box stops short of it, so a long title wraps instead of running under it."""
        long = "Group exercise with a deliberately long title that would reach the icon"
        module = module_data()
        module["activities"][0]["title"] = long
        prs = Presentation(build_deck(make_project(module=module)))
        checked = 0
        for slide in prs.slides:
            icons = [sh for sh in slide.shapes if sh.name.startswith("icon:")]
            if not icons or slide.shapes.title is None:
                continue
            title = slide.shapes.title
            assert title.left + title.width <= icons[0].left, title.text
            checked += 1
        assert checked >= 2


class TestOverflow:
    def overflow_root(self, make_project):
        bullets = [
            f"Bullet number {i:02d} with enough words to wrap across the width of a "
            f"content slide in the default theme"
            for i in range(40)
        ]
        rows = [
            [f"R{i:02d}", str(1990 + i), f"Row {i:02d} describes one instrument briefly"]
            for i in range(60)
        ]
        slides = [
            {"title": "Forty bullets", "bullets": bullets, "notes": NOTES},
            {
                "title": "Sixty rows",
                "notes": NOTES,
                "table": {"columns": ["Id", "Year", "What"], "rows": rows},
            },
        ]
        return make_project(module={"slides": slides}), bullets, rows

    def test_continues_bullets_and_rows_so_each_appears_once(self, make_project):
        root, bullets, rows = self.overflow_root(make_project)
        prs = Presentation(build_deck(root))
        pages = [s for s in prs.slides if s.shapes.title.text.startswith("Forty bullets")]
        assert len(pages) > 2
        assert [s.shapes.title.text for s in pages[1:]] == ["Forty bullets (cont.)"] + [
            f"Forty bullets (cont. {n})" for n in range(2, len(pages))
        ]  # every slide a title of its own
        texts = [t for page in pages for t, _ in body_paragraphs(page)]
        assert texts == bullets
        tables = [s.shapes for s in prs.slides if s.shapes.title.text.startswith("Sixty rows")]
        assert len(tables) > 2
        cells = []
        for shapes in tables:
            [frame] = [s for s in shapes if s.has_table]
            got = [[c.text for c in row.cells] for row in frame.table.rows]
            assert got[0] == ["Id", "Year", "What"]  # header repeated
            cells += got[1:]
        assert cells == rows
        text = all_text(prs)
        assert all(text.count(b) == 1 for b in bullets)

    def test_keeps_every_shape_on_the_slide_and_every_text_in_its_box(self, make_project):
        root, _, _ = self.overflow_root(make_project)
        path = build_deck(root)
        prs = Presentation(path)
        theme = load_theme(root, "default")
        metrics = template_metrics(theme.file("deck")).bind(theme_fonts(theme))
        checked = 0
        for slide in prs.slides:
            layout = metrics.layout(slide.slide_layout.name)
            boxes = {b.idx: b for b in layout.boxes}
            for shape in slide.shapes:
                assert shape.left >= 0 and shape.top >= 0
                assert shape.left + shape.width <= prs.slide_width
                assert shape.top + shape.height <= prs.slide_height
                if not shape.is_placeholder:
                    continue
                idx = shape.placeholder_format.idx
                box = layout.title if idx == 0 else boxes.get(idx)
                if box is None:
                    continue  # footer, slide number
                if shape.has_text_frame:
                    paragraphs = [(p.text, p.level) for p in shape.text_frame.paragraphs]
                    assert box.fits(paragraphs), (slide.shapes.title.text, paragraphs[:2])
                    checked += 1
                else:  # table, chart, picture: inside the placeholder
                    assert shape.top + shape.height <= box.y + box.h + Emu(1)
                    assert shape.left + shape.width <= box.x + box.w + Emu(1)
        assert checked > 30


class TestReproducibility:
    def test_gives_the_same_bytes_twice(self, make_project, tmp_path):
        root = visual_project(make_project)
        first = build_deck(root, tmp_path / "one").read_bytes()
        second = build_deck(root, tmp_path / "two").read_bytes()
        assert first == second

    def test_stamps_source_date_epoch(self, make_project, monkeypatch, tmp_path):
        root = make_project()
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        prs = Presentation(build_deck(root, tmp_path / "epoch"))
        assert prs.core_properties.modified == dt.datetime(2023, 11, 14, 22, 13, 20)
        assert prs.core_properties.created == prs.core_properties.modified

    def test_matches_the_golden_copy(self, make_project):
        """UPDATE_GOLDEN=1 rewrites tests/golden/deck after an intended change."""
        compare_golden(build_deck(make_project()), GOLDEN)


@pytest.mark.soffice
class TestLibreOffice:
    def test_converts_the_fixture_deck_with_one_page_per_slide(self, make_project, tmp_path):
        root = visual_project(make_project)
        path = build_deck(root)
        pdf = to_pdf(path, tmp_path / "pdf")
        assert pdf_pages(pdf) == len(Presentation(path).slides)

    def test_converts_every_repository_workshop(self, tmp_path):
        project = load_project(REPO)
        if project.report.errors or not project.courses:
            pytest.skip("the repository's courses do not validate yet")
        build(REPO, formats=["deck"], out_dir=tmp_path / "dist", force=True)
        for course_id in sorted(project.courses):
            path = tmp_path / "dist" / course_id / f"{course_id}-deck.pptx"
            prs = Presentation(path)
            assert all(s.notes_slide.notes_text_frame.text.strip() for s in prs.slides)
            pdf = to_pdf(path, tmp_path / "pdf")
            assert pdf_pages(pdf) == len(prs.slides), course_id
