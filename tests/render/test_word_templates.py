"""Any Word document works as a theme's handout and guide template, with no mapping written.

Three documents nobody here designed: python-docx's default.docx (made by Word, with Word
2010's ``stylesWithEffects.xml``), the same saved as a Word template (.dotx), and a .docx
that LibreOffice exports from a small OpenDocument file of our making (no table styles, no
character styles, no theme part, numbering levels out of the schema's order). Each builds a
handout and a guide that pass openxml-audit with no finding, read back in python-docx and
convert to PDF in LibreOffice; the document's own styles and page set-up are kept and the
styles it lacks come from the built-in theme. A mapping naming styles the document lacks
is reported whole, in one run, at its lines in theme.yaml.
"""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from lxml import etree

from builder.build import check_project
from builder.render.docx_package import TEMPLATE_MAIN, as_document
from builder.render.docx_styles import StyleBase

from conftest import write_project
from docx_read import Read, build_documents
from office import pdf_pages, pdf_text, require_soffice, to_pdf

openxml_audit = pytest.importorskip("openxml_audit")

# A small OpenDocument text: its own serif body font, a dark red Heading 1, A4 with a wide
# left margin, a header carrying the course title.
FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:font-face-decls>
  <style:font-face style:name="DejaVu Serif" svg:font-family="'DejaVu Serif'"/>
 </office:font-face-decls>
 <office:styles>
  <style:default-style style:family="paragraph">
   <style:text-properties style:font-name="DejaVu Serif" fo:font-size="10.5pt"/>
  </style:default-style>
  <style:style style:name="Standard" style:family="paragraph" style:class="text"/>
  <style:style style:name="Heading_20_1" style:display-name="Heading 1"
   style:family="paragraph" style:parent-style-name="Standard"
   style:next-style-name="Standard" style:default-outline-level="1">
   <style:text-properties fo:font-size="16pt" fo:font-weight="bold" fo:color="#8b1a1a"/>
  </style:style>
 </office:styles>
 <office:automatic-styles>
  <style:page-layout style:name="pm1">
   <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
    fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="3cm" fo:margin-right="2cm"/>
   <style:header-style><style:header-footer-properties fo:min-height="0.6cm"/></style:header-style>
  </style:page-layout>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="pm1">
   <style:header><text:p text:style-name="Standard">{{ course.title }}</text:p></style:header>
  </style:master-page>
 </office:master-styles>
 <office:body><office:text>
  <text:h text:style-name="Heading_20_1" text:outline-level="1">Organisation</text:h>
  <text:p text:style-name="Standard">Specimen text.</text:p>
 </office:text></office:body>
</office:document>
"""

A4_WIDTH, LETTER_WIDTH = 11906, 12240
MACRO_MAIN = b"application/vnd.ms-word.document.macroEnabled.main+xml"
DOCUMENT_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def python_docx_default() -> bytes:
    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


def as_template(data: bytes) -> bytes:
    """``data`` saved as a .dotx: the main part's content type is the template's."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            body = source.read(member)
            if member.filename == "[Content_Types].xml":
                body = body.replace(
                    b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml"
                )
            target.writestr(member, body)
    return out.getvalue()


def libreoffice_docx(folder: Path) -> bytes:
    soffice = require_soffice()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "org.fodt").write_text(FODT, encoding="utf-8")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
            str(folder),
            str(folder / "org.fodt"),
        ],
        capture_output=True,
        timeout=240,
        check=True,
    )
    return (folder / "org.docx").read_bytes()


def styles_of(data: bytes) -> set[tuple[str, str]]:
    document = docx.Document(io.BytesIO(as_document(data)))
    return {(s.type.name if s.type else "", s.name) for s in document.styles}


def problems_of(root: Path) -> list:
    """What ``course-builder check`` reports for the project at ``root``."""
    return check_project(root).report.errors


def theme_yaml(filename: str, extra: str = "") -> str:
    return f"name: Org\nextends: default\nhandout: {filename}\nguide: {filename}\n{extra}"


def org_project(root: Path, filename: str, data: bytes, extra: str = "") -> Path:
    return write_project(
        root,
        course={"theme": "org"},
        files={
            "templates/org/theme.yaml": theme_yaml(filename, extra),
            f"templates/org/{filename}": data,
        },
    )


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> dict[str, tuple[str, bytes]]:
    """name → (file name, bytes) of each third-party document."""
    default = python_docx_default()
    folder = tmp_path_factory.mktemp("libreoffice")
    return {
        "python-docx": ("org.docx", default),
        "dotx": ("org.dotx", as_template(default)),
        "libreoffice": ("org.docx", libreoffice_docx(folder)),
    }


def test_the_libreoffice_export_lacks_what_the_renderer_needs(sources):
    """The case the test is about: no table or character styles, no theme part."""
    _, data = sources["libreoffice"]
    kinds = {kind for kind, _ in styles_of(data)}
    assert "TABLE" not in kinds and "CHARACTER" not in kinds
    assert "word/theme/theme1.xml" not in zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert TEMPLATE_MAIN.encode() in zipfile.ZipFile(io.BytesIO(sources["dotx"][1])).read(
        "[Content_Types].xml"
    )


@pytest.fixture(scope="module")
def built(sources, tmp_path_factory) -> dict[str, dict[str, Path]]:
    out = {}
    with pytest.MonkeyPatch.context() as monkeypatch:
        for name, (filename, data) in sources.items():
            root = org_project(tmp_path_factory.mktemp(name), filename, data)
            out[name] = build_documents(root, monkeypatch=monkeypatch)
    return out


CASES = [
    (name, kind) for name in ("python-docx", "dotx", "libreoffice") for kind in ("handout", "guide")
]


@pytest.mark.parametrize("name,kind", CASES, ids=["-".join(c) for c in CASES])
def test_no_validator_findings(built, name, kind):
    result = openxml_audit.OpenXmlValidator(max_errors=0).validate(str(built[name][kind]))
    findings = [f"{e.part_uri} {e.path}: {e.description}" for e in result.errors]
    assert findings == []
    assert result.is_valid


@pytest.mark.parametrize("name,kind", CASES, ids=["-".join(c) for c in CASES])
def test_the_documents_styles_are_kept_and_ours_added(built, sources, name, kind):
    path = built[name][kind]
    read = Read(path)
    document = read.document
    filename, data = sources[name]
    own = styles_of(data)
    names = {(s.type.name if s.type else "", s.name) for s in document.styles}
    assert own <= names  # nothing of the organisation's is lost
    added = names - own
    assert ("PARAGRAPH", "Cover Kicker") in added and ("TABLE", "Course Table") in added
    assert ("CHARACTER", "Strong") in names
    # the document's own definitions win: its Normal and its Heading 1 are unchanged
    original = docx.Document(io.BytesIO(as_document(data)))
    for style_id in ("Normal", "Heading1"):
        mine = document.styles.element.get_by_id(style_id)
        theirs = original.styles.element.get_by_id(style_id)
        assert etree.tostring(mine) == etree.tostring(theirs), f"{style_id} was changed"
    section, theirs = document.sections[0], original.sections[0]
    assert (section.page_width, section.left_margin) == (theirs.page_width, theirs.left_margin)
    # what the renderer wrote uses them: headings in the document's Heading 1, tables in
    # the copied table style, sitting on the document's own Normal
    assert "Module 1 · Nexus basics" in read.headings(1)
    assert any(b.rows for b in read.blocks)
    course_table = document.styles["Course Table"]
    assert course_table.base_style.name == "Normal Table"
    assert document.styles["Cover Kicker"].base_style.name == "Normal"


def test_the_organisations_fonts_and_page_stay(built):
    libre = Read(built["libreoffice"]["handout"]).document
    assert libre.styles["Normal"].font.name == "DejaVu Serif"
    assert round(libre.sections[0].page_width / 635) == A4_WIDTH
    assert round(libre.sections[0].left_margin / 635) == 1701  # 3 cm, LibreOffice's rounding
    word = Read(built["python-docx"]["handout"]).document
    assert round(word.sections[0].page_width / 635) == LETTER_WIDTH
    # python-docx's default takes its fonts from its theme part: that part is kept
    defaults = etree.tostring(word.styles.element.find(qn("w:docDefaults"))).decode()
    assert 'w:asciiTheme="minorHAnsi"' in defaults
    theme = word.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
    )
    assert b"Cambria" in theme.blob


def test_copied_list_styles_bring_their_numbering(built):
    """The LibreOffice document has no List Bullet / List Number: the copies number their
    paragraphs through numbering definitions copied with them."""
    document = Read(built["libreoffice"]["handout"]).document
    numbering = document.part.numbering_part.element
    nums = {n.get(qn("w:numId")) for n in numbering.iterchildren(qn("w:num"))}
    abstracts = {a.get(qn("w:abstractNumId")) for a in numbering.iterchildren(qn("w:abstractNum"))}
    for style_id in ("ListBullet", "ListNumber"):
        style = document.styles.element.get_by_id(style_id)
        num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        num_id = num_pr.find(qn("w:numId")).get(qn("w:val"))
        assert num_id in nums
    for num in numbering.iterchildren(qn("w:num")):
        assert num.find(qn("w:abstractNumId")).get(qn("w:val")) in abstracts
    bullets = [b for b in Read(built["libreoffice"]["handout"]).blocks if b.style == "List Bullet"]
    assert bullets


def test_the_header_of_the_libreoffice_document_is_filled(built):
    document = Read(built["libreoffice"]["handout"]).document
    header = document.sections[0].header
    assert "Crime and terrorism workshop" in "".join(p.text for p in header.paragraphs)


@pytest.mark.parametrize("name", ["python-docx", "libreoffice"])
def test_libreoffice_renders_the_handout(built, name, tmp_path):
    pdf = to_pdf(built[name]["handout"], tmp_path)
    assert pdf_pages(pdf) >= 4
    text = pdf_text(pdf)
    for expected in ("Crime and terrorism", "Agenda", "Glossary", "Instruments cited"):
        assert expected in text


def test_a_document_with_every_style_gets_nothing_added(make_project, monkeypatch):
    """The built-in theme's own template is complete: building on it copies nothing."""
    root = make_project()
    path = build_documents(root, formats=("handout",), monkeypatch=monkeypatch)["handout"]
    template = Path(__file__).parents[2] / "templates" / "default" / "handout.docx"
    assert styles_of(path.read_bytes()) == styles_of(template.read_bytes())


def test_a_mapping_wins(sources, tmp_path, monkeypatch):
    filename, data = sources["python-docx"]
    root = org_project(
        tmp_path, filename, data, "styles:\n  body: Body Text\n  table: Table Grid\n"
    )
    read = Read(build_documents(root, formats=("handout",), monkeypatch=monkeypatch)["handout"])
    assert "Body Text" in {b.style for b in read.blocks}
    tables = read.document.element.body.iter(qn("w:tblStyle"))
    assert {t.get(qn("w:val")) for t in tables} == {"TableGrid"}
    assert "Course Table" not in {s.name for s in read.document.styles}


def test_every_bad_mapping_is_reported_in_one_run(sources, tmp_path):
    filename, data = sources["python-docx"]
    mapping = (
        "styles:\n"
        "  body: Body Txt\n"  # line 6
        "  heading-1: Heading One\n"  # line 7
        "  bulet: List Bullet\n"  # line 8
        "  table: Fancy Grid\n"  # line 9
        "  strong: Strong\n"  # fine: the document has it
        "  note: Note Box\n"  # fine: the built-in name, copied in
    )
    root = org_project(tmp_path, filename, data, mapping)
    problems = sorted(problems_of(root), key=lambda d: d.line)
    assert [(d.file, d.line) for d in problems] == [
        ("templates/org/theme.yaml", line) for line in (6, 7, 8, 9)
    ]
    body, heading, role, table = problems
    assert "org.docx has no paragraph style 'Body Txt' (role 'body')" in body.message
    assert body.hint.startswith("did you mean 'Body Text'?")
    assert heading.hint.startswith("did you mean 'heading 1'?")
    assert role.message == "unknown style role 'bulet'" and "'bullet'" in role.hint
    assert "no table style 'Fancy Grid'" in table.message
    assert table.hint.startswith("did you mean 'Table Grid'?")


def test_a_mapping_far_from_every_style_lists_the_documents_styles(sources, tmp_path):
    filename, data = sources["libreoffice"]
    root = org_project(tmp_path, filename, data, "styles:\n  table: Zebra\n  body: Zebra\n")
    table, body = sorted(problems_of(root), key=lambda d: d.line)
    assert "no table style 'Zebra'" in table.message
    # the document has no table style at all: only the way out is offered
    assert table.hint == "Leave the role out to use the built-in style 'Course Table'"
    assert "no paragraph style 'Zebra'" in body.message
    assert body.hint.startswith("the paragraph styles in org.docx are: ")
    assert "Heading 1" in body.hint and "Normal" in body.hint
    assert body.hint.endswith("; or leave the role out to use the document's 'Normal'")


def test_a_macro_enabled_document_is_refused_at_its_key(sources, tmp_path):
    _, data = sources["python-docx"]
    source = zipfile.ZipFile(io.BytesIO(data))  # the content type made macro-enabled
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            body = source.read(member)
            if member.filename == "[Content_Types].xml":
                body = body.replace(
                    DOCUMENT_MAIN, b"application/vnd.ms-word.document.macroEnabled.main+xml"
                )
            target.writestr(member, body)
    root = org_project(tmp_path, "org.docm", out.getvalue())
    problems = problems_of(root)
    messages = [d.message for d in problems]
    assert any("macro-enabled" in m and "save it as .docx or .dotx" in m for m in messages)
    assert {d.file for d in problems} == {"templates/org/theme.yaml"}


def test_copied_styles_get_free_ids_and_names():
    """A style id or name the document already uses (for something else) is not reused."""
    document = docx.Document()
    styles = document.styles.element
    clash = styles.add_style_of_type("Cover Kicker", WD_STYLE_TYPE.CHARACTER, False)
    assert clash.get(qn("w:styleId")) == "CoverKicker"
    base = StyleBase(document, {}, "handout", "org.docx", 9000)
    new_id = base.style_id("cover-kicker")
    assert new_id == "CoverKicker2"
    copied = styles.get_by_id(new_id)
    assert copied.find(qn("w:name")).get(qn("w:val")) == "Cover Kicker (paragraph)"
    assert base.style_id("cover-kicker") == new_id  # copied once
    toc = styles.get_by_id(base.style_id("toc-1"))
    assert toc.find(f"{qn('w:pPr')}/{qn('w:tabs')}/{qn('w:tab')}").get(qn("w:pos")) == "9000"


def test_a_numbered_role_without_numbering_uses_the_built_in_list(sources, tmp_path, monkeypatch):
    """A document whose List Number style does not number still gets numbered lists."""
    _, data = sources["python-docx"]
    document = docx.Document(io.BytesIO(data))
    num_pr = document.styles["List Number"].element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    num_pr.getparent().remove(num_pr)
    out = io.BytesIO()
    document.save(out)
    root = org_project(tmp_path, "org.docx", out.getvalue())
    read = Read(build_documents(root, formats=("handout",), monkeypatch=monkeypatch)["handout"])
    numbered = [
        p
        for p in read.document.element.body.iter(qn("w:p"))
        if p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None
    ]
    assert numbered


def test_check_prints_every_bad_mapping_and_fails(sources, tmp_path):
    """`course-builder check`: one line per problem at its file:line:col, non-zero exit, and
    no traceback."""
    from click.testing import CliRunner

    from builder.cli import cli

    filename, data = sources["python-docx"]
    mapping = "styles:\n  body: Body Txt\n  caption: Captoin\n  answer: Model Answer\n"
    root = org_project(tmp_path, filename, data, mapping)
    result = CliRunner().invoke(cli, ["check", "--root", str(root)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert "templates/org/theme.yaml:6:" in result.output
    assert "templates/org/theme.yaml:7:" in result.output
    assert "'Body Text'" in result.output and "'Captoin'" in result.output
    assert "Model Answer" not in result.output  # a built-in name: copied in, no problem


def test_role_styles_tells_where_each_role_s_style_comes_from(sources):
    from builder.render.docx_styles import role_styles

    _, data = sources["libreoffice"]
    roles = role_styles(data, "handout", {"body": "Text Body", "caption": "Caption"})
    assert roles["heading-1"] == ("Heading 1", "document")
    assert roles["caption"] == ("Caption", "document")
    assert roles["table"] == ("Course Table", "built-in")
    assert roles["strong"] == ("Strong", "built-in")
    assert roles["body"] == ("Text Body", "missing")  # LibreOffice calls it "Body Text"


def test_copied_styles_sit_on_the_documents_default_style_whatever_its_name():
    """A document whose default paragraph style is not called Normal: body text and the
    copied styles use that style, no second Normal is copied in."""
    document = docx.Document()
    styles = document.styles.element
    normal = styles.get_by_id("Normal")
    normal.set(qn("w:styleId"), "Standard")
    normal.find(qn("w:name")).set(qn("w:val"), "Standard")
    for based in styles.iter(qn("w:basedOn")):
        if based.get(qn("w:val")) == "Normal":
            based.set(qn("w:val"), "Standard")
    base = StyleBase(document, {}, "handout", "org.docx", 9000)
    assert base.style_id("body") == "Standard"
    kicker = styles.get_by_id(base.style_id("cover-kicker"))
    assert kicker.find(qn("w:basedOn")).get(qn("w:val")) == "Standard"
    assert styles.get_by_id("Normal") is None
