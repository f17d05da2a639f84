"""The participant handout, read back as an organiser and a participant would see it."""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from builder.render.docx_styles import StyleBase
from builder.render.handout import HandoutRenderer

from docx_read import Read, build_documents
from office import compare_golden, pdf_pages, pdf_text, to_pdf

GOLDEN = Path(__file__).resolve().parent.parent / "golden"

# Facilitator-only content planted in the fixture project: none may reach the handout.
SECRETS = [
    "MODEL-ANSWER-ONE",
    "MODEL-ANSWER-TWO",
    "SAHEL-ANSWER",
    "These are speaker notes",
    "FACILITATOR-ONLY-NOTE",
    "REGIONAL-CONTEXT-NOTE",
    "SESSION-EXTRA-NOTE",
    "CASE-SPEAKER-NOTE",
]


def secret_project(make_project):
    from conftest import module_data

    regional = module_data()["regional"]
    regional["sahel"]["notes"] = "REGIONAL-CONTEXT-NOTE for facilitators."
    regional["sahel"]["case_studies"][0]["notes"] = "CASE-SPEAKER-NOTE on the case slide."
    sessions = [
        {"item": "opening", "minutes": 30},
        {"module": "nexus-basics", "notes": "SESSION-EXTRA-NOTE for this workshop."},
        {"item": "break", "minutes": 15},
        {"module": "second-module", "minutes": 45},
        {"item": "lunch", "minutes": 60},
        {
            "item": "panel",
            "minutes": 60,
            "title": "Regional panel",
            "description": "Panellists from the region.",
            "materials": ["Microphones"],
        },
        {"item": "closing", "minutes": 15},
    ]
    return make_project(
        module={"facilitator_notes": "FACILITATOR-ONLY-NOTE: keep the pace.", "regional": regional},
        course={"agenda": {"days": [{"start": "09:00", "end": "17:00", "sessions": sessions}]}},
    )


@pytest.fixture
def built(make_project, monkeypatch):
    root = secret_project(make_project)
    return build_documents(root, monkeypatch=monkeypatch)


@pytest.fixture
def handout(built) -> Read:
    return Read(built["handout"])


def test_headings_are_in_order(handout):
    assert handout.headings(1) == [
        "Agenda",
        "Module 1 · Nexus basics",
        "Module 2 · Second module",
        "Glossary",
        "Instruments cited",
    ]
    module = [b.text for b in handout.section("Module 1 · Nexus basics") if b.style == "Heading 2"]
    assert module == [
        "Summary",
        "Learning objectives",
        "Key points",
        "Case study: SAHEL-CASE taxation of goods",
        "Exercise: Map the links",
        "References",
    ]
    notes = [
        b.text for b in handout.section("Module 1 · Nexus basics") if b.style == "Notes Heading"
    ]
    assert notes == ["Notes"]


def test_cover_names_title_place_dates_and_hosts(handout):
    cover = []
    for block in handout.blocks:
        if block.style == "TOC Heading":
            break
        cover.append(block.text)
    assert cover[:3] == [
        "Participant handout",
        "Crime and terrorism workshop",
        "Regional workshop · West Africa and the Sahel",
    ]
    assert {"Algiers, Algeria", "October 2017", "Ministry of Foreign Affairs"} <= set(cover)


def test_contents_lists_every_chapter_with_a_page_reference(handout):
    lines = [b.text for b in handout.blocks if b.style == "toc 1"]
    assert [line.rstrip("\t") for line in lines] == handout.headings(1)
    xml = zipfile.ZipFile(handout.path).read("word/document.xml").decode()
    assert xml.count("PAGEREF _Toc") == len(lines)


def test_agenda_table_has_every_session_with_clock_times(handout):
    (table,) = handout.tables("Agenda")
    assert table[0] == ("Time", "Session")
    assert [(row[0], row[1].split("\n")[0]) for row in table[1:]] == [
        ("09:00–09:30", "Opening"),
        ("09:30–10:30", "Module 1 · Nexus basics"),
        ("10:30–10:45", "Break"),
        ("10:45–11:30", "Module 2 · Second module"),
        ("11:30–12:30", "Lunch"),
        ("12:30–13:30", "Regional panel"),
        ("13:30–13:45", "Closing"),
    ]
    assert table[6][1] == "Regional panel\nPanellists from the region."


def test_glossary_is_merged_deduplicated_and_sorted(handout):
    (table,) = handout.tables("Glossary")
    terms = [row[0] for row in table[1:]]
    assert terms == ["Anti-money laundering", "Convergence", "Nexus"]
    assert terms == sorted(terms, key=str.casefold)


def test_instruments_are_listed_once_resolutions_in_numeric_order(handout):
    items = [b.text for b in handout.section("Instruments cited") if b.style == "List Bullet"]
    assert items == [
        "Security Council resolution 1373 (2001)",
        "Security Council resolution 2195 (2014)",
        "UN Convention against Transnational Organized Crime, 2000",
    ]


def test_exercise_questions_appear_without_model_answers(handout):
    section = handout.section("Module 1 · Nexus basics")
    questions = [b.text for b in section if b.style == "List Number"]
    assert "Which form is most common?" in questions
    assert "Who pays?" in questions


def test_no_facilitator_content_reaches_the_handout(built, handout):
    text = handout.independent_text()
    xml = "".join(
        zipfile.ZipFile(handout.path).read(n).decode("utf-8", "replace")
        for n in zipfile.ZipFile(handout.path).namelist()
    )
    for secret in SECRETS:
        assert secret not in text, secret
        assert secret not in xml, secret
    guide = Read(built["guide"]).independent_text()
    for secret in SECRETS:  # the markers are real: the guide has every one of them
        assert secret in guide, secret


def test_other_regions_content_stays_out(handout):
    text = handout.independent_text()
    assert "SAHEL-CASE" in text
    assert "BALKANS-CASE" not in text


def test_independent_reader_sees_the_content(handout):
    text = handout.independent_text()
    for expected in (
        "Crime and terrorism workshop",
        "09:30–10:30",
        "Module 1 · Nexus basics",
        "Groups coexist, cooperate or converge",
        "SAHEL-EXAMPLE artisanal gold mines",
        "In groups, map the links you see in West Africa and the Sahel.",
        "Concept note on the nexus, 26 April 2017",
        "Participant handout · Algiers, Algeria · October 2017",
    ):
        assert expected in text, expected
    assert "{{" not in text


def test_header_footer_and_page_set_up(handout):
    document = handout.document
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert section.different_first_page_header_footer
    assert section.header.paragraphs[0].text == "Crime and terrorism workshop"
    footer = section.footer._element.xml
    assert "Participant handout · Algiers, Algeria · October 2017" in footer
    assert " PAGE " in footer and " NUMPAGES " in footer


def test_runs_carry_the_course_language_and_no_rtl_for_english(handout):
    body = handout.document.element.body
    runs = list(body.iter(qn("w:r")))
    assert runs and all(
        r.find(f"{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val")) == "en" for r in runs
    )
    assert not list(body.iter(qn("w:bidi")))
    assert not list(body.iter(qn("w:rtl")))


def test_right_to_left_language_switches_bidi_on(make_project, monkeypatch):
    root = make_project(course={"language": "ar"})
    paths = build_documents(root, formats=("handout",), monkeypatch=monkeypatch)
    body = docx.Document(str(paths["handout"])).element.body
    paragraphs = list(body.iter(qn("w:p")))
    assert all(p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None for p in paragraphs)
    runs = list(body.iter(qn("w:r")))
    assert all(r.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is not None for r in runs)
    # the language refined by the host country (the fixture is held in Algiers)
    assert runs[0].find(f"{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:bidi")) == "ar-DZ"
    header = docx.Document(str(paths["handout"])).sections[0].header._element
    assert all(r.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is not None for r in header.iter(qn("w:r")))
    assert all(p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None for p in header.iter(qn("w:p")))


def test_numbered_lists_restart_for_each_list(handout):
    numbering = {}
    for element in handout.document.element.body.iter(qn("w:p")):
        num = element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num is not None:
            numbering.setdefault(num.get(qn("w:val")), 0)
            numbering[num.get(qn("w:val"))] += 1
    # objectives, case questions and exercise questions of module 1; objectives and exercise
    # questions of module 2: five lists, each its own numbering instance
    assert sorted(numbering.values()) == [1, 2, 2, 2, 2]


def test_styles_are_resolved_once_not_looked_up_per_paragraph(make_project, monkeypatch):
    """python-docx's name lookup costs ~1 ms a paragraph; the writer must not use it."""
    from docx.styles.styles import Styles

    root = make_project()
    calls = []
    original = Styles.__getitem__
    monkeypatch.setattr(
        Styles, "__getitem__", lambda self, key: calls.append(key) or original(self, key)
    )
    made = []
    init = StyleBase.__init__
    monkeypatch.setattr(StyleBase, "__init__", lambda self, *a: made.append(1) or init(self, *a))
    build_documents(root, formats=("handout",), monkeypatch=monkeypatch)
    assert calls == []
    assert made == [1]  # the document's styles are indexed once


def test_missing_style_is_a_clear_error(make_project, monkeypatch):
    from builder.errors import BuildError

    root = make_project()
    theme = root / "templates" / "default" / "theme.yaml"
    theme.write_text(theme.read_text().replace("note: Note Box", "note: Boxed Note"))
    with pytest.raises(BuildError, match="no paragraph style 'Boxed Note'"):
        build_documents(root, formats=("handout",), monkeypatch=monkeypatch)


def test_two_builds_are_byte_identical(make_project, monkeypatch, tmp_path):
    root = make_project()
    first = build_documents(root, monkeypatch=monkeypatch)
    data = {name: path.read_bytes() for name, path in first.items()}
    second = build_documents(root, monkeypatch=monkeypatch)
    assert {name: path.read_bytes() for name, path in second.items()} == data


def test_document_properties_come_from_the_course_and_source_date_epoch(make_project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1507000000")  # 3 October 2017
    root = make_project()
    paths = build_documents(root, formats=("handout",), monkeypatch=monkeypatch)
    props = docx.Document(str(paths["handout"])).core_properties
    assert props.title == "Crime and terrorism workshop"
    assert props.category == "Participant handout"
    assert props.created.year == 2017 and props.created == props.modified
    assert props.language == "en"
    with zipfile.ZipFile(paths["handout"]) as archive:
        assert {i.date_time[:3] for i in archive.infolist()} == {(2017, 10, 3)}


def test_renderer_interface():
    renderer = HandoutRenderer()
    assert (renderer.format, renderer.suffix) == ("handout", ".docx")


def test_golden(make_project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1507000000")
    root = make_project()
    paths = build_documents(root, formats=("handout",), monkeypatch=monkeypatch)
    compare_golden(paths["handout"], GOLDEN / "handout")


@pytest.mark.soffice
def test_libreoffice_converts_it_and_shows_the_headings(built, tmp_path):
    pdf = to_pdf(built["handout"], tmp_path / "pdf")
    text = pdf_text(pdf)
    pages = pdf_pages(pdf)
    assert pages >= 7
    for heading in (
        "Contents",
        "Agenda",
        "Module 1 · Nexus basics",
        "Learning objectives",
        "Case study: SAHEL-CASE taxation of goods",
        "Module 2 · Second module",
        "Glossary",
        "Instruments cited",
    ):
        assert heading in text, heading
    assert f"Page 2 of {pages}" in text
    # the contents page shows real page numbers (LibreOffice computes them from the
    # headings' bookmarks), and each points at the page where its chapter starts
    pages_text = text.split("\f")
    entry = r"^\s*(Agenda|Module \d · .+?|Glossary|Instruments cited)\.{4,}\s*(\d+)\s*$"
    entries = re.findall(entry, pages_text[1], re.M)
    assert [title for title, _ in entries] == [
        "Agenda",
        "Module 1 · Nexus basics",
        "Module 2 · Second module",
        "Glossary",
        "Instruments cited",
    ]
    for title, number in entries:
        assert title in pages_text[int(number) - 1], (title, number)


def test_instruments_cited_differently_by_two_modules_are_listed_once():
    from builder.resolve import merge_instruments
    from builder.view import ReferenceView

    refs = (
        ReferenceView(
            "resolution", "Security Council resolution 2331 (2016)", number=2331, year=2016
        ),
        ReferenceView(
            "resolution",
            "Security Council resolution 2331 (2016): Trafficking",
            number=2331,
            year=2016,
            title="Trafficking",
        ),
        ReferenceView("resolution", "Security Council resolution 2388 (2017)", number=2388),
        ReferenceView(
            "presidential-statement", "S/PRST/2018/9, Security Council", symbol="S/PRST/2018/9"
        ),
        ReferenceView(
            "presidential-statement",
            "Statement of 8 May 2018 (S/PRST/2018/9)",
            symbol="S/PRST/2018/9",
            title="Statement of 8 May 2018",
        ),
    )
    assert [r.label for r in merge_instruments(refs)] == [
        "Security Council resolution 2331 (2016): Trafficking",
        "Security Council resolution 2388 (2017)",
        "Statement of 8 May 2018 (S/PRST/2018/9)",
    ]


# ---------------------------------------------------------------- the Word templates

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "default"


def template_script():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_docx_templates", TEMPLATES / "make_docx_templates.py"
    )
    module = importlib.util.module_from_spec(spec)
    saved, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # keep the theme clean
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = saved
    return module


@pytest.mark.parametrize("kind", ["handout", "guide"])
def test_committed_templates_are_what_the_script_makes(kind):
    assert (TEMPLATES / f"{kind}.docx").read_bytes() == template_script().package(kind)


@pytest.mark.parametrize("kind", ["handout", "guide"])
def test_every_style_the_theme_names_is_in_the_template(kind):
    import yaml

    styles = yaml.safe_load((TEMPLATES / "theme.yaml").read_text())["styles"]
    document = docx.Document(str(TEMPLATES / f"{kind}.docx"))
    names = {s.name.casefold() for s in document.styles}
    assert {n.casefold() for n in styles.values()} <= names
    fonts = {e.get(qn("w:ascii")) for e in document.styles.element.iter(qn("w:rFonts"))}
    assert fonts == {"Calibri"}  # one font, as in the deck (Carlito in LibreOffice)


def test_written_properties_follow_the_schema_order(built):
    """Word rejects a file whose pPr/rPr/tblPr children are out of order."""
    script = template_script()
    orders = {
        "pPr": script.PPR_ORDER,
        "rPr": script.RPR_ORDER,
        "tblPr": (
            "tblStyle",
            "tblpPr",
            "tblOverlap",
            "bidiVisual",
            "tblStyleRowBandSize",
            "tblStyleColBandSize",
            "tblW",
            "jc",
            "tblCellSpacing",
            "tblInd",
            "tblBorders",
            "shd",
            "tblLayout",
            "tblCellMar",
            "tblLook",
            "tblCaption",
            "tblDescription",
        ),
    }
    for path in (built["handout"], built["guide"], TEMPLATES / "handout.docx"):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if not (name.startswith("word/") and name.endswith(".xml")):
                    continue
                tree = etree.fromstring(archive.read(name))
                for tag, order in orders.items():
                    for element in tree.iter(qn(f"w:{tag}")):
                        ranks = [order.index(etree.QName(c).localname) for c in element]
                        assert ranks == sorted(ranks), (path.name, name, tag)
