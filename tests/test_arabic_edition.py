"""The Algiers workshop's Arabic edition, built from the repository's own PO files.

The translations are the oracle: every slide title and bullet of the modules the workshop
teaches must reach the Arabic deck in Arabic, the nexus-forms module must reach the handout
in Arabic, and the build must not warn that any Arabic PO file falls back to English.
"""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner
from docx import Document
from pptx import Presentation

from builder.cli import cli

ROOT = Path(__file__).resolve().parent.parent
ARABIC = ROOT / "courses" / "translations" / "ar"
COURSE = "algiers-2017"
MODULES = (
    "nexus-forms",
    "financing-through-crime",
    "legal-framework",
    "firearms-smuggling-documents",
    "cooperation-information-sharing",
    "integrated-responses",
)
SESSION_PACKS = ("opening", "regional-panel", "group-exercise", "closing")
SLIDE_TEXT = re.compile(r"^slides\[\d+\]\.(title|bullets\[\d+\](\.text)?)$")


def squash(text: str) -> str:
    """Whitespace as one space, without the invisible direction marks a renderer may add."""
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(text.replace("\u00a0", " ").split())


def messages(name: str, untranslated: bool = False) -> dict[str, tuple[str, str]]:
    """key path → (English, Arabic) of a PO file; translated messages only unless asked."""
    catalog = read_po(io.BytesIO((ARABIC / name).read_bytes()))
    return {
        m.context: (str(m.id), str(m.string or ""))
        for m in catalog
        if m.id and (m.string or untranslated)
    }


def docx_text(path: Path) -> str:
    """Every paragraph of the document, those in tables too."""
    document = Document(str(path))
    cells = [cell for table in document.tables for row in table.rows for cell in row.cells]
    paragraphs = [*document.paragraphs, *(p for cell in cells for p in cell.paragraphs)]
    return squash(" ".join(p.text for p in paragraphs))


def deck_texts(path: Path) -> tuple[str, list[str]]:
    """All the text of the deck, and its slide titles."""
    deck = Presentation(str(path))
    frames = [s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame]
    titles = [squash(slide.shapes.title.text) for slide in deck.slides if slide.shapes.title]
    return squash(" ".join(frames)), titles


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    args = ["build", COURSE, "--root", str(ROOT), "--out", str(out), "-j", "1", "--force"]
    args += ["--format", "deck", "--format", "handout"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    folder = out / COURSE
    text, titles = deck_texts(folder / f"{COURSE}-deck.ar.pptx")
    return {
        "english_titles": deck_texts(folder / f"{COURSE}-deck.pptx")[1],
        "warnings": result.stderr,
        "deck": text,
        "titles": titles,
        "handout": docx_text(folder / f"{COURSE}-handout.ar.docx"),
    }


def test_no_arabic_file_of_the_workshop_falls_back_to_english(edition):
    names = [f"modules/{m}.po" for m in MODULES]
    names += [f"sessions/{pack}.po" for pack in SESSION_PACKS]
    names += [f"workshops/{COURSE}.po", "sources.po", "regions.po", "instruments.po"]
    for name in names:
        assert f"courses/translations/ar/{name}" not in edition["warnings"], edition["warnings"]


@pytest.fixture(scope="module")
def shown() -> set[tuple[str, str]]:
    """(YAML file, key path) of every text the Arabic edition shows (an item of a shown slide
    may be held back by its date)."""
    from builder.project import load_project
    from builder.resolve import resolve_course
    from builder.translate import load_translations

    project = load_project(ROOT)
    translations = load_translations(project, "ar")
    resolve_course(project, COURSE, "ar", translations)
    assert translations.shown
    return translations.shown


def shown_slides(edition, texts: dict[str, tuple[str, str]]) -> set[str]:
    """The slides (``slides[N]``) the English deck of the edition shows: a slide whose every
    element is held back at the course's date is left out of both decks."""
    english = set(edition["english_titles"])
    return {
        key.removesuffix(".title")
        for key, (source, _) in texts.items()
        if re.match(r"^slides\[\d+\]\.title$", key) and squash(source) in english
    }


def test_the_deck_gives_the_nexus_forms_titles_in_arabic(edition):
    texts = messages("modules/nexus-forms.po", untranslated=True)
    slides = shown_slides(edition, texts)
    titles = {f"{slide}.title": texts[f"{slide}.title"] for slide in slides}
    assert len(titles) >= 10, "the module's slide titles are translated"
    for key, (english, arabic) in titles.items():
        assert re.search("[\u0600-\u06ff]", arabic), (key, arabic)
        assert any(t.startswith(squash(arabic)) for t in edition["titles"]), (key, arabic)
        assert squash(english) not in edition["titles"], (key, english)
    assert squash(texts["title"][1]) in edition["titles"]


@pytest.mark.parametrize("module", MODULES)
def test_the_deck_shows_every_slide_title_and_bullet_in_arabic(edition, module, shown):
    texts = messages(f"modules/{module}.po")
    slides = shown_slides(edition, texts)
    source = f"courses/modules/{module}.yaml"
    slide_texts = {
        key: pair
        for key, pair in texts.items()
        if SLIDE_TEXT.match(key) and key.split(".")[0] in slides and (source, key) in shown
    }
    assert len(slide_texts) >= 15, "the module's slides are translated"
    for key, (english, arabic) in slide_texts.items():
        assert squash(arabic) in edition["deck"], (module, key, arabic)
        assert squash(english) not in edition["deck"], (module, key, english)


def test_the_handout_gives_nexus_forms_in_arabic(edition):
    texts = messages("modules/nexus-forms.po")
    title_en, title_ar = texts["title"]
    assert squash(title_ar) in edition["handout"] and squash(title_en) not in edition["handout"]
    points = [pair for key, pair in texts.items() if key.startswith("key_points[")]
    assert len(points) == 4
    for english, arabic in points:
        assert squash(arabic) in edition["handout"], arabic
        assert squash(english) not in edition["handout"], english
    first_sentence = squash(texts["summary"][1]).split(". ")[0]
    assert first_sentence in edition["handout"]


def test_the_opening_and_closing_reach_the_deck_in_arabic(edition):
    for pack in ("opening", "closing"):
        texts = messages(f"sessions/{pack}.po")
        assert squash(texts["title"][1]) in edition["titles"], pack
        for key in ("aims[0]", "steps[0].text"):
            english, arabic = texts[key]
            assert squash(arabic) in edition["deck"] + edition["handout"], (pack, key)
            assert squash(english) not in edition["deck"], (pack, key)
