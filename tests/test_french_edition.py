"""The Algiers workshop's French edition, built from the repository's own PO files.

The translations are the oracle: every slide title and bullet of the modules the workshop
teaches, and every key point, that the edition shows (the modules are dated: an October 2017
course shows only what was known then) must reach the French deck and handout in French — not
in English — and the build must not warn that any of those files falls back to English.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner
from docx import Document
from pptx import Presentation

from builder.cli import cli
from builder.project import load_project
from builder.resolve import resolve_course
from builder.translate import load_translations

ROOT = Path(__file__).resolve().parent.parent
FRENCH = ROOT / "courses" / "translations" / "fr"
COURSE = "algiers-2017"
MODULES = (
    "nexus-forms",
    "financing-through-crime",
    "legal-framework",
    "firearms-smuggling-documents",
    "cooperation-information-sharing",
    "integrated-responses",
)
SLIDE_TEXT = re.compile(r"^slides\[\d+\]\.(title|bullets\[\d+\](\.text)?)$")


def squash(text: str) -> str:
    """Whitespace as one space (the deck writes a French non-breaking space as a space)."""
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.fixture(scope="module")
def shown() -> set[tuple[str, str]]:
    """(YAML file, key path) of every text the French edition of the workshop shows."""
    project = load_project(ROOT)
    translations = load_translations(project, "fr")
    resolve_course(project, COURSE, "fr", translations)
    assert translations.shown
    return translations.shown


def messages(name: str, shown: set[tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """key path → (English, French) of a PO file: the translated, current (not fuzzy)
    messages of the texts the edition shows."""
    catalog = read_po(io.BytesIO((FRENCH / name).read_bytes()))
    source = "courses/" + name.removesuffix(".po") + ".yaml"
    return {
        m.context: (str(m.id), str(m.string))
        for m in catalog
        if m.id and m.string and not m.fuzzy and (source, m.context) in shown
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
    text, titles = deck_texts(folder / f"{COURSE}-deck.fr.pptx")
    return {
        "warnings": result.stderr,
        "deck": text,
        "titles": titles,
        "handout": docx_text(folder / f"{COURSE}-handout.fr.docx"),
    }


def test_no_file_of_the_workshop_falls_back_to_english(edition):
    """The modules, the outline and the shared files (the session packs' French is another
    deliverable: they are not checked here)."""
    names = [f"modules/{m}.po" for m in MODULES] + [f"workshops/{COURSE}.po"]
    names += ["sources.po", "regions.po", "instruments.po"]
    french = [line for line in edition["warnings"].splitlines() if "/translations/fr/" in line]
    for name in names:
        assert not [line for line in french if f"courses/translations/fr/{name}" in line], french


@pytest.mark.parametrize("module", MODULES)
def test_the_deck_shows_every_slide_title_and_bullet_in_french(edition, shown, module):
    texts = messages(f"modules/{module}.po", shown)
    slide_texts = {key: pair for key, pair in texts.items() if SLIDE_TEXT.match(key)}
    assert len(slide_texts) >= 12, "the module's slides (those an October 2017 course shows)"
    english_titles = set()
    for key, (english, french) in slide_texts.items():
        assert squash(french) in edition["deck"], (module, key, french)
        if key.endswith(".title"):
            assert any(t.startswith(squash(french)) for t in edition["titles"]), (module, key)
            english_titles.add(squash(english))
    assert not english_titles & set(edition["titles"]), "an English slide title in the French deck"
    assert squash(texts["title"][1]) in edition["titles"]


@pytest.mark.parametrize("module", MODULES)
def test_the_handout_gives_each_module_in_french(edition, shown, module):
    texts = messages(f"modules/{module}.po", shown)
    title_en, title_fr = texts["title"]
    assert squash(title_fr) in edition["handout"] and squash(title_en) not in edition["handout"]
    points = [pair for key, pair in texts.items() if key.startswith("key_points[")]
    assert points
    for english, french in points:
        assert squash(french) in edition["handout"], (module, french)
        assert squash(english) not in edition["handout"], (module, english)
    first_sentence = squash(texts["summary"][1]).split(". ")[0]
    assert first_sentence in edition["handout"]


def test_the_outline_reaches_both_documents_in_french(edition, shown):
    texts = messages(f"workshops/{COURSE}.po", shown)
    assert squash(texts["title"][1]) in edition["titles"]
    for key in ("agenda.days[1].sessions[4].title", "agenda.days[1].sessions[7].title"):
        assert squash(texts[key][1]) in edition["handout"], key
    assert squash(texts["agenda.days[0].sessions[7].description"][1]) in edition["handout"]
    assert "Alger, Algérie" in edition["deck"]


def test_the_handout_gives_the_algiers_exercise_in_french(edition, shown):
    texts = messages("sessions/group-exercise.po", shown)
    english, french = texts["regional.west-africa-sahel.scenario"]
    assert squash(french.split("\n\n")[0]) in edition["handout"]
    second_sentence = squash(english).split(". ")[1]
    assert second_sentence.startswith("Sarenia") and second_sentence not in edition["handout"]
    for key in ("task", "questions[0].question", "questions[4].question"):
        english, french = texts[key]
        assert squash(french) in edition["handout"] and squash(english) not in edition["handout"]
