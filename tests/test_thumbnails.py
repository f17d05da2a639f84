"""``build --thumbnails``: pictures of the built deck's slides in the guide and the handout.

With LibreOffice: every picture's alternative text is its slide's title, the guide puts a
picture beside each slide's delivery notes, the handout carries three slides a page with
lines to write on, and an unchanged deck is converted once (the second build reads the
cache). Without LibreOffice (simulated with an empty PATH): the build warns, says how to
install it, and makes everything else.
"""

from __future__ import annotations

import hashlib
import re

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn

import builder.pdf
from builder.build import build
from builder.cli import cli
from builder.thumbnails import CACHE, missing_tools

from conftest import course_data

SLIDE_HEADING = re.compile(r"^Slide (\d+) \u2014 (.+)$")
SMALL_AGENDA = {
    "days": [
        {
            "start": "09:00",
            "sessions": [{"module": "nexus-basics"}, {"item": "closing", "minutes": 15}],
        }
    ]
}


def pictures(element) -> list[tuple[str, str]]:
    """(alt text, image relationship id) of every picture under ``element``."""
    out = []
    for inline in element.iter(qn("wp:inline")):
        blip = inline.find(f".//{qn('a:blip')}")
        out.append((inline.find(qn("wp:docPr")).get("descr"), blip.get(qn("r:embed"))))
    return out


def text(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


@pytest.fixture(scope="module")
def pictured(tmp_path_factory):
    """The fixture course built twice with --thumbnails; LibreOffice conversions counted."""
    if missing_tools():
        pytest.skip("LibreOffice or pdftoppm is not installed")
    from conftest import write_project

    root = write_project(
        tmp_path_factory.mktemp("thumbs"), course={"agenda": SMALL_AGENDA, "title": "Pictured"}
    )
    calls = []
    original = builder.pdf.convert_to_pdf

    def counting(files, *args, **kwargs):
        calls.append(sorted(files))
        return original(files, *args, **kwargs)

    mp = pytest.MonkeyPatch()
    mp.setattr(builder.pdf, "convert_to_pdf", counting)
    try:
        first = build(root, formats=["deck", "guide", "handout"], thumbnails=True, force=True)
        after_first = len(calls)
        second = build(root, formats=["deck", "guide", "handout"], thumbnails=True, force=True)
    finally:
        mp.undo()
    return root, first, second, after_first, calls


def test_one_conversion_per_deck_and_none_when_the_deck_is_unchanged(pictured):
    _, first, second, after_first, calls = pictured
    assert first.built == second.built == ["sahel-2017"]
    assert after_first == 1 and calls == [["deck.pptx"]]  # the second build read the cache


def test_the_cache_is_keyed_by_the_deck_bytes_and_the_manifest_names_it(pictured):
    root, *_ = pictured
    deck = (root / "dist" / "sahel-2017" / "sahel-2017-deck.pptx").read_bytes()
    digest = hashlib.sha256(deck).hexdigest()
    folder = root / "dist" / CACHE / digest
    assert (folder / "slide-001.png").is_file()
    manifest = (root / "dist" / "sahel-2017" / "manifest.json").read_text()
    assert f'"sahel-2017-deck.pptx": "{CACHE.as_posix()}/{digest}"' in manifest


def test_the_guide_shows_each_slide_beside_its_notes(pictured):
    root, *_ = pictured
    guide = docx.Document(str(root / "dist" / "sahel-2017" / "sahel-2017-guide.docx"))
    deck_titles = slide_titles(root)
    body = list(guide.element.body.iterchildren())
    cited = 0
    for index, element in enumerate(body):
        match = SLIDE_HEADING.match(text(element)) if element.tag == qn("w:p") else None
        if not match:
            continue
        cited += 1
        table = body[index + 1]
        assert table.tag == qn("w:tbl"), f"no picture beside {match[0]}"
        left, right = table.find(qn("w:tr")).iterchildren(qn("w:tc"))
        (alt, rel), *others = pictures(left)
        assert not others and alt == match[2] == deck_titles[int(match[1]) - 1]
        assert text(right).strip(), f"{match[0]}: its notes are not beside the picture"
        number = int(match[1])
        png = root / "dist" / CACHE / deck_digest(root) / f"slide-{number:03d}.png"
        assert guide.part.related_parts[rel].blob == png.read_bytes()
    assert cited >= 5


def test_the_handout_has_slides_with_space_for_notes(pictured):
    root, *_ = pictured
    handout = docx.Document(str(root / "dist" / "sahel-2017" / "sahel-2017-handout.docx"))
    body = handout.element.body
    title = "Slides with space for notes"
    *toc, heading = [p for p in body.iterchildren(qn("w:p")) if text(p) == title]
    assert len(toc) == 1  # listed in the contents
    table = heading.getnext()
    rows = list(table.iterchildren(qn("w:tr")))
    deck_titles = slide_titles(root)
    alts = [alt for row in rows for alt, _ in pictures(row)]
    assert alts and set(alts) <= set(deck_titles)
    assert "Agenda" not in alts and len(alts) == len(rows)
    for row in rows:  # a fixed height: three rows fill a page; lines to write on beside
        height = row.find(f"{qn('w:trPr')}/{qn('w:trHeight')}")
        assert height.get(qn("w:hRule")) == "exact"
        assert int(height.get(qn("w:val"))) * 3 <= 16838 - 2 * 1247
        right = list(row.iterchildren(qn("w:tc")))[1]
        assert len(list(right.iterchildren(qn("w:p")))) >= 6


def test_the_same_deck_gives_the_same_documents(pictured, tmp_path):
    root, *_ = pictured
    before = (root / "dist" / "sahel-2017" / "sahel-2017-guide.docx").read_bytes()
    build(root, formats=["deck", "guide", "handout"], thumbnails=True, force=True)
    assert (root / "dist" / "sahel-2017" / "sahel-2017-guide.docx").read_bytes() == before


def slide_titles(root) -> list[str]:
    from pptx import Presentation

    deck = Presentation(str(root / "dist" / "sahel-2017" / "sahel-2017-deck.pptx"))
    return [s.shapes.title.text_frame.text if s.shapes.title else "" for s in deck.slides]


def deck_digest(root) -> str:
    deck = (root / "dist" / "sahel-2017" / "sahel-2017-deck.pptx").read_bytes()
    return hashlib.sha256(deck).hexdigest()


# ---------------------------------------------------------------------- without LibreOffice


def test_without_libreoffice_the_build_says_how_to_install_it(make_project, monkeypatch, tmp_path):
    root = make_project(course=course_data(agenda=SMALL_AGENDA))
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert missing_tools() == ["LibreOffice (soffice)", "pdftoppm (poppler)"]
    result = CliRunner().invoke(
        cli, ["build", "--root", str(root), "--thumbnails", "--format", "guide", "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "warning: --thumbnails needs LibreOffice (soffice) and pdftoppm" in result.stderr
    assert "apt-get install libreoffice-impress poppler-utils" in result.stderr
    guide = docx.Document(str(root / "dist" / "sahel-2017" / "sahel-2017-guide.docx"))
    assert pictures(guide.element.body) == []  # built, without pictures
    assert not (root / "dist" / CACHE).exists()


def test_without_libreoffice_strict_builds_nothing(make_project, monkeypatch, tmp_path):
    root = make_project(course=course_data(agenda=SMALL_AGENDA))
    monkeypatch.setenv("PATH", str(tmp_path))
    result = CliRunner().invoke(cli, ["build", "--root", str(root), "--thumbnails", "--strict"])
    assert result.exit_code == 1
    assert "--thumbnails needs LibreOffice" in result.stderr
    assert not (root / "dist" / "sahel-2017").exists()
