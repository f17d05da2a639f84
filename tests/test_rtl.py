"""Right-to-left editions: an Arabic edition of the fixture course (a few texts translated in
its PO files, the builder's labels from the ar catalogue), its slide and document XML, and how
LibreOffice draws it (text on the right, mixed-direction text in reading order)."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner
from lxml import etree
from pptx import Presentation

from builder.cli import cli
from builder.deck.fonts import Face, Mixed, script_runs
from builder.deck.plan import labels
from builder.i18n import Messages
from builder.model import DeckLabels, ThemeOptions

from conftest import REPO, module_data, write_project
from office import pdf_pages, to_pdf

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

TIMELINE = {
    "title": "Milestones",
    "notes": "Walk through the milestones.",
    "timeline": {
        "events": [
            {"date": "2001", "text": "Resolution 1373 is adopted"},
            {"date": "2014", "text": "Resolution 2195 is adopted"},
            {"date": "2019", "text": "Resolution 2482 is adopted"},
        ]
    },
}
MIXED = "القرار 2482 (2019) مهم لمجلس الأمن (UNSC)"
ARABIC_MODULE = {
    "title": "أساسيات الصلة",
    "summary": "ملخص قصير للوحدة في {{ course.city }} حول القرار 1373 (2001).",
    "objectives[0]": "شرح أشكال التفاعل بين الجماعات",
    "key_points[1]": MIXED,
    "slides[0].title": "أشكال التفاعل",
    "slides[0].bullets[0]": "التعايش في الإقليم نفسه",
    "slides[0].bullets[1].text": "التعاون بين الجماعات",
    "slides[0].bullets[1].sub[0]": "تحالفات ظرفية",
    "slides[0].bullets[2]": "التقارب في جماعات هجينة",
    "slides[1].title": "القرارات حسب السنة",
    "slides[1].table.columns[0]": "القرار",
    "slides[1].table.columns[1]": "السنة",
}
ARABIC_COURSE = {
    "title": "ورشة عمل عن الجريمة والإرهاب",
    "city": "الجزائر العاصمة",
    "country": "الجزائر",
    "hosts[0].name": "وزارة الشؤون الخارجية",
}


def _translate(path: Path, texts: dict[str, str]) -> None:
    catalog = read_po(io.BytesIO(path.read_bytes()))
    for message in catalog:
        if message.context in texts:
            message.string = texts[message.context]
    out = io.BytesIO()
    write_po(out, catalog, width=100)
    path.write_bytes(out.getvalue())


@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> Path:
    """The built folder of the fixture course with an Arabic edition beside the English."""
    root = write_project(
        tmp_path_factory.mktemp("rtl") / "project",
        course={"languages": ["en", "ar"]},
        module={"slides": module_data()["slides"] + [TIMELINE]},
    )
    runner = CliRunner()
    result = runner.invoke(cli, ["translate", "extract", "--root", str(root), "--lang", "ar"])
    assert result.exit_code == 0, result.output
    po = root / "courses" / "translations" / "ar"
    _translate(po / "modules" / "nexus-basics.po", ARABIC_MODULE)
    _translate(po / "workshops" / "sahel-2017.po", ARABIC_COURSE)
    result = runner.invoke(cli, ["build", "--root", str(root), "-j", "1"])
    assert result.exit_code == 0, result.output
    return root / "dist" / "sahel-2017"


def _parts(path: Path, prefix: str) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as archive:
        return {
            name: etree.fromstring(archive.read(name))
            for name in sorted(archive.namelist())
            if name.startswith(prefix) and name.endswith(".xml")
        }


def _slide_index(deck: Path, title: str) -> int:
    for i, slide in enumerate(Presentation(str(deck)).slides):
        if slide.shapes.title is not None and slide.shapes.title.text == title:
            return i
    raise AssertionError(f"no slide titled {title!r}")


def _slide_xml(deck: Path, title: str) -> etree._Element:
    slide = Presentation(str(deck)).slides[_slide_index(deck, title)]
    return etree.fromstring(etree.tostring(slide._element))


# --------------------------------------------------------------------------- deck XML


class DescribeTheArabicDeck:
    def it_writes_every_paragraph_right_to_left_with_the_edition_language(self, edition):
        slides = _parts(edition / "sahel-2017-deck.ar.pptx", "ppt/slides/slide")
        assert slides
        for name, root in slides.items():
            for p in root.iter(f"{A}p"):
                ppr = p.find(f"{A}pPr")
                assert ppr is not None and ppr.get("rtl") == "1", name
            for rpr in root.iter(f"{A}rPr"):
                assert rpr.get("lang") == "ar-DZ" and rpr.get("altLang") == "en-US", name
                assert rpr.find(f"{A}cs").get("typeface") == "Amiri", name

    def it_aligns_left_aligned_layouts_to_the_right(self, edition):
        slide = _slide_xml(edition / "sahel-2017-deck.ar.pptx", "أشكال التفاعل")
        texts = {
            "".join(t.text for t in p.iter(f"{A}t")): p.find(f"{A}pPr") for p in slide.iter(f"{A}p")
        }
        assert texts["أشكال التفاعل"].get("algn") == "r"  # the title
        for bullet in ("التعايش في الإقليم نفسه", "تحالفات ظرفية"):
            assert texts[bullet].get("algn") == "r"
        assert texts["تحالفات ظرفية"].get("lvl") == "1"  # indented from the right

    def it_writes_tables_charts_and_notes_right_to_left(self, edition):
        deck = edition / "sahel-2017-deck.ar.pptx"
        table = _slide_xml(deck, "القرارات حسب السنة")
        assert [t.get("rtl") for t in table.iter(f"{A}tblPr")] == ["1"]
        charts = _parts(deck, "ppt/charts/chart")
        assert charts
        for root in charts.values():
            orientation = root.find(f".//{C}catAx/{C}scaling/{C}orientation")
            assert orientation.get("val") == "maxMin"  # categories from the right
            values = root.find(f".//{C}valAx/{C}scaling/{C}orientation")
            assert values is None or values.get("val") == "minMax"  # bars still grow upwards
        for root in _parts(deck, "ppt/notesSlides/").values():
            for p in root.iter(f"{A}p"):
                assert p.find(f"{A}pPr").get("rtl") == "1"

    def it_draws_timelines_from_the_right(self, edition):
        slide = _slide_xml(edition / "sahel-2017-deck.ar.pptx", "Milestones")
        dots = {
            sp.find(f"{P}nvSpPr/{P}cNvPr").get("name"): int(sp.find(f".//{A}off").get("x"))
            for sp in slide.iter(f"{P}sp")
            if sp.find(f"{P}nvSpPr/{P}cNvPr").get("name", "").startswith("Event 2")
        }
        assert dots["Event 2001"] > dots["Event 2014"] > dots["Event 2019"]
        english = _slide_xml(edition / "sahel-2017-deck.pptx", "Milestones")
        assert 'rtl="1"' not in etree.tostring(english).decode()

    def it_labels_generated_slides_from_the_arabic_catalogue(self, edition):
        titles = [
            s.shapes.title.text
            for s in Presentation(str(edition / "sahel-2017-deck.ar.pptx")).slides
            if s.shapes.title is not None
        ]
        assert "جدول الأعمال" in titles
        assert "أهداف التعلّم · الوحدة 1" in titles  # told apart per module, in Arabic
        assert "شكرًا لكم" in titles and "Agenda" not in titles


# --------------------------------------------------------------------------- document XML


class DescribeTheArabicHandout:
    def it_writes_bidi_paragraphs_rtl_runs_and_rtl_tables(self, edition):
        parts = _parts(edition / "sahel-2017-handout.ar.docx", "word/")
        body = parts["word/document.xml"]
        paragraphs = list(body.iter(f"{W}p"))
        assert paragraphs
        for p in paragraphs:
            assert p.find(f"{W}pPr/{W}bidi") is not None
        for r in body.iter(f"{W}r"):
            rpr = r.find(f"{W}rPr")
            assert rpr.find(f"{W}rtl") is not None
            assert rpr.find(f"{W}lang").get(f"{W}bidi") == "ar-DZ"
            assert rpr.find(f"{W}rFonts").get(f"{W}cs") == "Amiri"
        tables = list(body.iter(f"{W}tbl"))
        assert tables and all(t.find(f"{W}tblPr/{W}bidiVisual") is not None for t in tables)
        assert all(s.find(f"{W}bidi") is not None for s in body.iter(f"{W}sectPr"))
        for name, root in parts.items():  # LibreOffice draws jc=right on bidi text on the left
            assert not [j for j in root.iter(f"{W}jc") if j.get(f"{W}val") == "right"], name

    def it_translates_the_themes_text_templates(self, edition):
        import docx

        text = "\n".join(
            p.text for p in docx.Document(str(edition / "sahel-2017-handout.ar.docx")).paragraphs
        )
        assert "كيفية استخدام هذا الكتيّب" in text  # handout-how-to-use.md.j2
        assert "مرحبًا بكم في" in text  # handout-welcome.md.j2, with the title filled in
        assert "How to use this handout" not in text


# --------------------------------------------------------------------------- rendering


def _words(pdf: Path, page: int) -> tuple[float, list[tuple[float, float, float, str]]]:
    """The page's width and its words as (xMin, xMax, yMin, text)."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    width = float(re.search(r'<page width="([\d.]+)"', out).group(1))
    words = [
        (float(a), float(b), float(y), text)
        for a, y, b, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
            out,
        )
    ]
    return width, words


def _shown(word: str) -> str:
    """An Arabic word as pdftotext gives it: its letters in visual order, right to left."""
    return word[::-1]


def _line(words, text: str) -> tuple[float, float]:
    """Left and right edge of the line holding the word ``text``."""
    y = next(w[2] for w in words if w[3] == text)
    same = [w for w in words if abs(w[2] - y) < 2]
    return min(w[0] for w in same), max(w[1] for w in same)


@pytest.fixture(scope="module")
def rendered(edition, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("rtl-pdf")
    return {
        name: to_pdf(edition / name, out)
        for name in (
            "sahel-2017-deck.ar.pptx",
            "sahel-2017-deck.pptx",
            "sahel-2017-handout.ar.docx",
        )
    }


class DescribeLibreOffice:
    def it_draws_a_page_per_slide(self, edition, rendered):
        deck = Presentation(str(edition / "sahel-2017-deck.ar.pptx"))
        assert pdf_pages(rendered["sahel-2017-deck.ar.pptx"]) == len(deck.slides)
        assert pdf_pages(rendered["sahel-2017-handout.ar.docx"]) >= 3

    def it_sets_arabic_bullets_against_the_right_edge(self, edition, rendered):
        page = _slide_index(edition / "sahel-2017-deck.ar.pptx", "أشكال التفاعل") + 1
        width, words = _words(rendered["sahel-2017-deck.ar.pptx"], page)
        first = _line(words, _shown("التعايش"))
        third = _line(words, _shown("التقارب"))
        assert first[1] > 0.8 * width and abs(first[1] - third[1]) < 2  # same right edge
        assert first[0] > 0.4 * width  # short lines leave the left side empty
        sub = _line(words, _shown("ظرفية"))
        assert sub[1] < first[1] - 10  # a level-2 bullet is indented from the right
        english_page = _slide_index(edition / "sahel-2017-deck.pptx", "Forms of interaction") + 1
        width, words = _words(rendered["sahel-2017-deck.pptx"], english_page)
        assert _line(words, "Coexistence")[0] < 0.2 * width  # the English edition: left

    def it_keeps_numbers_and_acronyms_in_reading_order(self, edition, rendered):
        page = _slide_index(edition / "sahel-2017-deck.ar.pptx", "الخلاصات الرئيسية · الوحدة 1") + 1
        _, words = _words(rendered["sahel-2017-deck.ar.pptx"], page)
        x = {w[3].strip("()"): w[0] for w in words}
        # read from the right: القرار, 2482, (2019), مهم … (UNSC)
        assert x[_shown("القرار")] > x["2482"] > x["2019"] > x[_shown("مهم")]
        assert x["UNSC"] < x[_shown("الأمن")]
        assert "UNSC" in x  # the acronym's letters left to right, not reversed

    def it_sets_arabic_handout_paragraphs_against_the_right_margin(self, rendered):
        pdf = rendered["sahel-2017-handout.ar.docx"]
        for page in range(1, pdf_pages(pdf) + 1):
            width, words = _words(pdf, page)
            if any(w[3] == _shown("استخدام") for w in words):
                break
        else:
            raise AssertionError("the how-to-use heading is not in the handout")
        left, right = _line(words, _shown("استخدام"))
        assert right > 0.8 * width and left > 0.4 * width


# --------------------------------------------------------------------------- units


class DescribeLabels:
    def it_translates_the_labels_a_theme_does_not_set(self):
        theme = SimpleNamespace(options=ThemeOptions(deck_labels=DeckLabels(agenda="Programme")))
        arabic = labels(theme, Messages("ar"))
        assert arabic["agenda"] == "Programme"  # set in theme.yaml: used as written
        assert arabic["takeaways"] == "الخلاصات الرئيسية"
        assert arabic["module_of"] == "الوحدة {number} من {total}"
        assert labels(theme)["takeaways"] == "Key takeaways"


class DescribeMeasurement:
    def it_measures_arabic_with_the_complex_script_font(self):
        fonts = REPO / "templates" / "default" / "fonts"
        latin = Face("Carlito", (fonts / "Carlito-Regular.ttf").read_bytes())
        arabic = Face("Amiri", (fonts / "Amiri-Regular.ttf").read_bytes())
        mixed = Mixed(latin, arabic)
        word = "الجريمة"
        assert mixed.width(word, 20) == pytest.approx(arabic.width(word, 20))
        assert arabic.width(word, 20) > 0
        both = f"{word} UNSC"
        assert mixed.width(both, 20) == pytest.approx(
            arabic.width(f"{word} ", 20) + latin.width("UNSC", 20)
        )
        assert mixed.line_factor == pytest.approx(max(latin.line_factor, arabic.hhea_factor))

    def it_gives_a_line_without_arabic_the_latin_line_height(self):
        fonts = REPO / "templates" / "default" / "fonts"
        latin = Face("Carlito", (fonts / "Carlito-Regular.ttf").read_bytes())
        arabic = Face("Amiri", (fonts / "Amiri-Regular.ttf").read_bytes())
        mixed = Mixed(latin, arabic)
        assert mixed.line_factor_of("Welcome and opening") == latin.line_factor
        assert mixed.line_factor_of("الجلسة 1") == mixed.line_factor > latin.line_factor

    def it_gives_weak_characters_the_font_of_the_text_before_them(self):
        assert script_runs("من 1373 (2001) UN") == [(True, "من 1373 (2001) "), (False, "UN")]
        assert script_runs("12 UN") == [(False, "12 UN")]


class DescribeMirroredLayouts:
    def it_puts_the_first_of_two_equal_columns_on_the_right(self):
        from builder.deck.rtl import mirror_slots

        def box(x, w=400, h=300):
            return SimpleNamespace(x=x, w=w, h=h)

        left, right, caption = box(0), box(500), box(0, 900, 40)
        slots = {"left": left, "right": right, "caption": caption}
        assert mirror_slots(slots) == {"left": right, "right": left, "caption": caption}
        uneven = {"left": box(0, 600), "right": box(700, 200)}
        assert mirror_slots(uneven) == uneven  # text fitted to its own box stays there
