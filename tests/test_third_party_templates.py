"""Organisations' own PowerPoint templates, used with no mapping written (issue 10).

(a) python-pptx's default template (PowerPoint's standard layouts); (b) a template with the
structure LibreOffice writes: title and body placeholders sharing ``idx="0"``, layouts named
``Title, Content`` and ``Title, 2 Content``. Each builds, every slide has its own non-empty
title, and LibreOffice renders one page per slide.
"""

from __future__ import annotations

from pathlib import Path

import pptx
import pytest
import yaml
from click.testing import CliRunner

from builder.cli import cli
from builder.deck.layouts import Layouts
from builder.deck.matching import suggest_layout
from builder.deck.template import template_metrics
from builder.deck.verify import check_deck
from builder.errors import BuildError
from tests.office import pdf_pages, to_pdf

P = "http://schemas.openxmlformats.org/presentationml/2006/main"
LIBREOFFICE_NAMES = {"Title and Content": "Title, Content", "Two Content": "Title, 2 Content"}


def python_pptx_default(path: Path) -> Path:
    pptx.Presentation().save(path)
    return path


def libreoffice_like(path: Path) -> Path:
    """python-pptx's default template rewritten as LibreOffice exports one: every title,
    body and content placeholder with idx 0, LibreOffice's layout names."""
    prs = pptx.Presentation()
    parts = [prs.slide_masters[0], *prs.slide_layouts]
    for part in parts:
        for ph in part._element.iter(f"{{{P}}}ph"):
            if ph.get("type") not in ("dt", "ftr", "sldNum"):
                ph.attrib.pop("idx", None)
    for layout in prs.slide_layouts:
        c_sld = layout._element.find(f"{{{P}}}cSld")
        c_sld.set("name", LIBREOFFICE_NAMES.get(c_sld.get("name"), c_sld.get("name")))
    prs.save(path)
    return path


def theme_project(make_project, tmp_path: Path, deck) -> Path:
    root = make_project(
        files={"templates/org/theme.yaml": "name: Org\nextends: default\ndeck: deck.pptx\n"},
        course={"theme": "org"},
    )
    deck(root / "templates" / "org" / "deck.pptx")
    return root


def build_deck(root: Path) -> Path:
    result = CliRunner().invoke(
        cli, ["build", "--root", str(root), "--format", "deck", "-j", "1", "sahel-2017"]
    )
    assert result.exit_code == 0, result.output
    return root / "dist" / "sahel-2017" / "sahel-2017-deck.pptx"


@pytest.mark.parametrize("deck", [python_pptx_default, libreoffice_like])
def test_builds_with_no_mapping_every_slide_titled(make_project, tmp_path, deck):
    root = theme_project(make_project, tmp_path, deck)
    path = build_deck(root)
    prs = pptx.Presentation(path)
    titles = [s.shapes.title.text.strip() if s.shapes.title else "" for s in prs.slides]
    assert len(titles) > 10
    assert all(titles), [n for n, t in enumerate(titles, 1) if not t]
    course = yaml.safe_load((root / "courses/workshops/sahel-2017.yaml").read_text("utf-8"))
    assert titles[0] == " ".join(course["title"].split())  # in the title, not under the body
    bodies = [
        sh.text_frame.text
        for s in prs.slides
        for sh in s.placeholders
        if sh.placeholder_format.type is not None
        and "TITLE" not in str(sh.placeholder_format.type)
        and sh.has_text_frame
    ]
    assert any(bodies)  # the body went into its own placeholder, not over the title
    pdf = to_pdf(path, tmp_path / "pdf")
    assert pdf_pages(pdf) == len(prs.slides)


def test_shared_idx_title_and_body_are_different_shapes(tmp_path):
    metrics = template_metrics(libreoffice_like(tmp_path / "lo.pptx"))
    layouts = Layouts({}, metrics)
    content = layouts.get("content", "content")
    assert content.name == "Title, Content"
    assert content.title.type == "title" and content.box("body").type == "obj"
    assert content.title.key != content.box("body").key
    two = layouts.get("content", "two-content")
    assert two.name == "Title, 2 Content"
    assert two.box("left").x < two.box("right").x
    comparison = layouts.get("content", "comparison")
    left, heading = comparison.box("left"), comparison.box("left-heading")
    assert heading.y < left.y and abs(heading.x - left.x) < 10000
    assert comparison.box("right-heading").x > left.x


def test_optional_slots_fall_back(tmp_path):
    metrics = template_metrics(python_pptx_default(tmp_path / "d.pptx"))
    layouts = Layouts({}, metrics)
    title = layouts.get("title", "title")
    assert title.name == "Title Slide"
    assert title.targets["hosts"] == title.targets["details"] == "subtitle"
    table = layouts.get("content", "table")
    caption = table.box("caption")
    assert caption.key == -1 and caption.y >= table.box("table").y + table.box("table").h
    diagram = layouts.get("content", "diagram")
    assert diagram.name == "Title Only"
    area = diagram.box("area")
    assert area.y >= diagram.title.y + diagram.title.h and area.h > metrics.height // 3


def test_suggestions_prefer_names_sharing_words():
    names = ["Title Slide", "Title, Content", "Title, 2 Content", "Title, 6 Content"]
    assert suggest_layout("Title and Content", names) == "Title, Content"
    assert suggest_layout("Two Content", names) == "Title, 2 Content"
    assert suggest_layout("Title and Contnet", ["Title", "Title and Content"]) == (
        "Title and Content"
    )


def test_check_reports_every_theme_problem_at_once(make_project):
    root = make_project(
        files={
            "templates/org/theme.yaml": "name: Org\nextends: default\ndeck: deck.pptx\n"
            "master: 4\nlayouts:\n  content: Title and Contnet\n  section: Sektion\n",
        },
        course={"theme": "org"},
    )
    libreoffice_like(root / "templates" / "org" / "deck.pptx")
    result = CliRunner().invoke(cli, ["check", "--root", str(root)])
    assert result.exit_code == 1
    assert "templates/org/theme.yaml" in result.output
    out = result.output
    assert "theme.yaml:4:9: error: deck.pptx has no slide master '4' (masters: 1;" in out
    assert "did you mean 'Title, Content'" in out  # and the layouts too, in the same run
    assert "'Sektion' (role 'section')" in out


def test_check_reports_every_layout_problem(make_project):
    root = make_project(
        files={
            "templates/org/theme.yaml": "name: Org\nextends: default\ndeck: deck.pptx\n"
            "layouts:\n  content: Title and Contnet\n  two-content: Two Contents\n",
        },
        course={"theme": "org"},
    )
    libreoffice_like(root / "templates" / "org" / "deck.pptx")
    result = CliRunner().invoke(cli, ["check", "--root", str(root)])
    assert result.exit_code == 1
    out = result.output
    assert out.count("templates/org/theme.yaml:") >= 2, out
    assert "did you mean 'Title, Content'" in out
    assert "did you mean 'Title, 2 Content'" in out


def test_theme_inspect_lists_masters_layouts_and_roles(tmp_path):
    deck = libreoffice_like(tmp_path / "lo.pptx")
    result = CliRunner().invoke(cli, ["theme", "inspect", str(deck)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "1 slide master(s)" in out
    assert "layout 'Title, Content': serves agenda, content" in out
    assert "layout 'Title Slide': serves title" in out
    assert "obj       idx 0" in out and "title     idx 0" in out


def test_theme_inspect_docx_lists_styles_and_roles(tmp_path):
    import docx

    path = tmp_path / "org.docx"
    docx.Document().save(path)
    result = CliRunner().invoke(cli, ["theme", "inspect", str(path)])
    assert result.exit_code == 0, result.output
    assert "paragraph styles" in result.output and "table styles" in result.output
    assert "Heading 1  → heading-1" in result.output
    assert "no style for:" in result.output


def test_theme_new_writes_a_theme_that_checks_and_builds(make_project, tmp_path):
    root = make_project(course={"theme": "org"})
    deck = libreoffice_like(tmp_path / "lo.pptx")
    handout = Path("templates/default/handout.docx").resolve()
    result = CliRunner().invoke(
        cli,
        ["theme", "new", "org", "--pptx", str(deck), "--docx", str(handout), "--root", str(root)],
    )
    assert result.exit_code == 0, result.output
    spec = (root / "templates" / "org" / "theme.yaml").read_text()
    assert 'content: "Title, Content"' in spec and "# master: 1" in spec
    check = CliRunner().invoke(cli, ["check", "--root", str(root)])
    assert check.exit_code == 0, check.output
    path = build_deck(root)
    assert all(s.shapes.title.text for s in pptx.Presentation(path).slides)
    again = CliRunner().invoke(
        cli, ["theme", "new", "org", "--pptx", str(deck), "--root", str(root)]
    )
    assert again.exit_code == 1 and "already exists" in again.output


def test_an_empty_title_is_a_build_error(tmp_path):
    prs = pptx.Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.placeholders[1].text = "body text"
    box = slide.shapes.add_textbox(prs.slide_width - 100, 0, 914400, 914400)
    box.text_frame.text = "off the edge"

    class View:
        number = 1
        title = "Lost title"
        module_id = "nexus-basics"

    with pytest.raises(BuildError) as caught:
        check_deck(prs, [View()], "sahel-2017")
    text = str(caught.value)
    assert "courses/modules/nexus-basics.yaml" in text
    assert "sahel-2017: slide 1 (Lost title): its title placeholder is empty" in text
    assert "'off the edge' lies outside the slide" in text
