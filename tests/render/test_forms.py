"""The workshop forms: evaluation form, sign-in sheet, certificate of participation.

Content is read back with python-docx and compared with the resolved course (the agenda,
the participant count, the hosts); layout is checked on LibreOffice's PDFs of the
repository's workshops, converted in one LibreOffice run.
"""

from __future__ import annotations

import copy
import re
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from builder.build import build
from builder.project import load_project
from builder.render.base import FORMATS
from builder.render.forms import DEFAULT_PARTICIPANTS, OPEN_QUESTIONS, OVERALL
from builder.resolve import resolve_course

from conftest import REPO, course_data
from docx_read import Read, _text

FORMS = ["evaluation", "sign-in", "certificate"]
TWO_DAYS = {
    "dates": {"start": "2018-02-13", "end": "2018-02-14"},
    "participants": 12,
    "hosts": [
        {"name": "Ministry of Justice", "role": "host"},
        {"name": "Institute for Research", "role": "organiser"},
        {"name": "A Partner Government", "role": "partner"},
    ],
}


def two_day_agenda() -> dict:
    day = course_data()["agenda"]["days"][0]
    second = copy.deepcopy(day)
    second["title"] = "Responses"
    second["sessions"] = [
        {"item": "opening", "minutes": 15, "title": "Review of day one"},
        {"module": "second-module", "minutes": 45},
        {"item": "break", "minutes": 15},
        {"item": "closing", "minutes": 30, "title": "Conclusions and evaluation"},
    ]
    return {"days": [day, second]}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import write_project

    root = write_project(
        tmp_path_factory.mktemp("forms"), course={**TWO_DAYS, "agenda": two_day_agenda()}
    )
    report = build(root, formats=FORMS, force=True)
    files = {p.name.split("-", 2)[2].split(".")[0]: p for p in report.files}
    return root, files, resolve_course(load_project(root), "sahel-2017")


def rows_of(table) -> list[list[str]]:
    return [
        ["\n".join(_text(p) for p in tc.iter(qn("w:p"))) for tc in tr.iterchildren(qn("w:tc"))]
        for tr in table.iterchildren(qn("w:tr"))
    ]


def test_forms_are_formats_built_by_default():
    assert {"evaluation", "sign-in", "certificate"} <= set(FORMATS)
    from builder.cli import build as build_command

    option = next(p for p in build_command.params if p.name == "formats")
    assert set(option.type.choices) == {*FORMATS, "all"}


def test_the_evaluation_form_rates_every_session_of_the_agenda(built):
    _, files, course = built
    form = Read(files["evaluation"])
    tables = [b.rows for b in form.blocks if b.rows is not None]
    assert len(tables) == len(course.days) + 1  # a table per day, then the overall ratings
    for day, rows in zip(course.days, tables, strict=False):
        assert rows[0] == ("Session", "1", "2", "3", "4", "5", "Comments")
        expected = [s for s in day.sessions if not s.is_break]
        assert [r[0].split("\n")[0] for r in rows[1:]] == [s.title for s in expected]
        assert [r[0].split("\n")[1] for r in rows[1:]] == [f"{s.start}–{s.end}" for s in expected]
        assert all(cell == "" for r in rows[1:] for cell in r[1:])  # boxes to tick, room to write
    assert [r[0] for r in tables[-1][1:]] == list(OVERALL)
    assert [d.label for d in course.days][0] in form.headings(2)[0]
    assert form.headings(3) == list(OPEN_QUESTIONS)


def test_rating_rows_never_split_and_leave_room_to_write(built):
    _, files, _ = built
    document = docx.Document(str(files["evaluation"]))
    for table in document.element.body.iter(qn("w:tbl")):
        for tr in table.iterchildren(qn("w:tr")):
            tr_pr = tr.find(qn("w:trPr"))
            assert tr_pr.find(qn("w:cantSplit")) is not None
            if tr_pr.find(qn("w:tblHeader")) is None:
                assert int(tr_pr.find(qn("w:trHeight")).get(qn("w:val"))) >= 567


def test_the_sign_in_sheet_has_a_row_per_participant_per_day(built):
    _, files, course = built
    document = docx.Document(str(files["sign-in"]))
    tables = list(document.element.body.iterchildren(qn("w:tbl")))
    assert len(tables) == len(course.days) == 2
    for day, table in zip(course.days, tables, strict=True):
        rows = rows_of(table)
        assert rows[0] == [f"{day.label} · {day.title}" if day.title else day.label]
        assert rows[1] == ["No.", "Name", "Organisation", "Signature"]
        assert [r[0] for r in rows[2:]] == [str(n) for n in range(1, 13)]
        trs = list(table.iterchildren(qn("w:tr")))
        repeated = [tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for tr in trs]
        assert repeated == [True, True] + [False] * 12
    assert "Jour" not in Read(files["sign-in"]).independent_text()


def test_the_sign_in_sheet_defaults_to_thirty_rows(make_project):
    root = make_project(course={"participants": None})
    report = build(root, formats=["sign-in"], force=True)
    table = docx.Document(str(report.files[0])).tables[0]
    assert len(table.rows) == 2 + DEFAULT_PARTICIPANTS == 32


def test_the_certificate_names_the_workshop(built):
    _, files, course = built
    document = docx.Document(str(files["certificate"]))
    text = "\n".join(p.text for p in document.paragraphs)
    lines = text.split("\n")
    assert lines[0] == "Certificate of participation"
    for expected in (course.title, course.place, course.dates_label):
        assert expected in lines
    assert course.dates_label.startswith("13") and "14 February 2018" in course.dates_label
    assert "Hosted by Ministry of Justice" in lines
    assert "Organised by Institute for Research" in lines
    assert "In partnership with A Partner Government" in lines
    signatures = rows_of(document.element.body.find(qn("w:tbl")))
    signed = "\nSignature and date\n"
    assert signatures == [[f"{signed}Ministry of Justice", f"{signed}Institute for Research"]]
    section = document.sections[0]
    assert section.page_width > section.page_height
    assert section.orientation == 1  # landscape


def test_the_forms_carry_no_running_header_naming_the_handout(built):
    _, files, _ = built
    for path in files.values():
        document = docx.Document(str(path))
        assert document.element.body.find(f".//{qn('w:headerReference')}") is None
        assert "Participant handout" not in Read(path).independent_text()


def test_fixed_texts_follow_the_course_language(make_project):
    root = make_project(course={"language": "fr"})
    report = build(root, formats=FORMS, force=True)
    texts = {p.name: Read(p).independent_text() for p in report.files}
    assert "Évaluation par les participants" in texts["sahel-2017-evaluation.docx"]
    assert "Feuille de présence" in texts["sahel-2017-sign-in.docx"]
    assert "Certificat de participation" in texts["sahel-2017-certificate.docx"]


# ---------------------------------------------------------------------- LibreOffice


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """The forms of every repository workshop as LibreOffice lays them out (one run)."""
    from builder.pdf import convert_to_pdf, soffice

    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    out = tmp_path_factory.mktemp("forms-pdf")
    report = build(REPO, formats=FORMS, out_dir=out, force=True)
    converted = convert_to_pdf({p.name: p.read_bytes() for p in report.files})
    pages = {}
    for name, data in converted.items():
        path = out / name
        path.write_bytes(data)
        pages[name] = pdf_pages_text(path)
    return pages


def pdf_pages_text(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


COURSES = sorted(p.stem for p in (REPO / "courses" / "workshops").glob("*.yaml"))


@pytest.mark.parametrize("course_id", COURSES)
def test_the_certificate_is_one_page(pdfs, course_id):
    assert len(pdfs[f"{course_id}-certificate.pdf"]) == 1


@pytest.mark.parametrize("course_id", COURSES)
def test_no_rating_row_is_split_across_pages(pdfs, course_id):
    pages = [re.sub(r"\s+", " ", page) for page in pdfs[f"{course_id}-evaluation.pdf"]]
    assert len(pages) <= 3
    course = resolve_course(load_project(REPO), course_id)
    for session in (s for s in course.sessions if not s.is_break):
        times = f"{session.start}–{session.end}"
        first_words = " ".join(session.title.split()[:2])
        assert any(first_words in page and times in page for page in pages), session.title


@pytest.mark.parametrize("course_id", COURSES)
def test_every_sign_in_page_repeats_the_day_and_the_columns(pdfs, course_id):
    pages = pdfs[f"{course_id}-sign-in.pdf"]
    course = resolve_course(load_project(REPO), course_id)
    assert len(pages) >= len(course.days)
    for page in pages:
        assert re.search(r"No\.\s+Name\s+Organisation\s+Signature", page)
        assert any(day.label in page for day in course.days)
    numbers = [int(n) for page in pages for n in re.findall(r"^\s*(\d+)\s*$", page, re.M)]
    slots = course.participants or DEFAULT_PARTICIPANTS
    assert numbers == list(range(1, slots + 1)) * len(course.days)
