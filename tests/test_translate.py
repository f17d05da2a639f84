"""Content translation: PO files per YAML file, applied by build, staleness reported by check."""

from __future__ import annotations

import io
import re
import zipfile

from babel.messages.pofile import read_po, unescape, write_po
from click.testing import CliRunner
from docx import Document
from pptx import Presentation

from builder.cli import cli
from builder.model import Day, SourcesFile
from builder.project import load_project
from builder.resolve import resolve_course
from builder.translate import load_translations, po_name, texts_of

from conftest import module_data

FR_MODULE = "courses/translations/fr/modules/nexus-basics.po"
FR_COURSE = "courses/translations/fr/workshops/sahel-2017.po"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def edition_project(make_project):
    return make_project(course={"languages": ["en", "fr"]})


def set_translations(root, name: str, translations: dict[str, str], fuzzy=()) -> None:
    path = root / name
    catalog = read_po(io.BytesIO(path.read_bytes()))
    for message in catalog:
        if message.context in translations:
            message.string = translations[message.context]
            if message.context in fuzzy:
                message.flags.add("fuzzy")
    out = io.BytesIO()
    write_po(out, catalog, width=100, sort_output=False)
    path.write_bytes(out.getvalue())


def handout_text(path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def slide_titles(path) -> list[str]:
    return [s.shapes.title.text for s in Presentation(str(path)).slides if s.shapes.title]


class DescribeExtract:
    def it_writes_one_po_file_per_yaml_file_with_key_paths_and_lines(self, make_project):
        root = edition_project(make_project)
        result = run("translate", "extract", "--root", str(root))
        assert result.exit_code == 0, result.output
        assert f"created {FR_MODULE}" in result.output
        text = (root / FR_MODULE).read_text(encoding="utf-8")
        assert 'msgctxt "slides[0].title"\nmsgid "Forms of interaction"\nmsgstr ""' in text
        assert "#: courses/modules/nexus-basics.yaml:" in text
        assert 'msgctxt "slides[0].bullets[1].sub[0]"' in text
        assert 'msgctxt "slides[2].chart.number_format"' not in text  # not prose
        assert 'msgctxt "sources[0].document"' not in text  # an id
        sources = (root / "courses/translations/fr/sources.po").read_text(encoding="utf-8")
        assert ".title" in sources and ".id" not in sources  # ids are not prose

    def it_is_idempotent(self, make_project):
        root = edition_project(make_project)
        run("translate", "extract", "--root", str(root))
        before = (root / FR_MODULE).read_bytes()
        again = run("translate", "extract", "--root", str(root))
        assert "created" not in again.output and "updated" not in again.output
        assert (root / FR_MODULE).read_bytes() == before

    def it_needs_a_language(self, make_project):
        result = run("translate", "extract", "--root", str(make_project()))
        assert result.exit_code == 1 and "no language to extract" in result.output

    def it_offers_every_text_of_each_kind_of_session_and_no_ids(self):
        day = {
            "start": "09:00",
            "sessions": [
                {"module": "m", "notes": "Stress the Sahel."},
                {"item": "opening", "minutes": 30, "description": "Welcome.", "materials": ["A"]},
            ],
        }
        assert dict(texts_of(day, Day)) == {
            ("sessions", 0, "notes"): "Stress the Sahel.",
            ("sessions", 1, "description"): "Welcome.",
            ("sessions", 1, "materials", 0): "A",
        }
        source = {"documents": [{"id": "report", "title": "A report", "date": "6 August 2020"}]}
        assert [p for p, _ in texts_of(source, SourcesFile)] == [
            ("documents", 0, "title"),
            ("documents", 0, "date"),
        ]

    def it_names_po_files_after_their_yaml(self):
        assert po_name("courses/modules/x.yaml", "fr") == "courses/translations/fr/modules/x.po"
        assert po_name("courses/regions.yaml", "ar") == "courses/translations/ar/regions.po"


class DescribeEditions:
    def it_builds_the_translated_edition_beside_the_source(self, make_project):
        root = edition_project(make_project)
        run("translate", "extract", "--root", str(root))
        set_translations(
            root,
            FR_MODULE,
            {"slides[0].title": "Formes d'interaction", "title": "Les bases du lien"},
        )
        set_translations(root, FR_COURSE, {"city": "Alger", "country": "Algérie"})
        result = run("build", "--root", str(root), "-j", "1")
        assert result.exit_code == 0, result.output
        folder = root / "dist" / "sahel-2017"
        assert (folder / "sahel-2017-deck.pptx").is_file()
        french = slide_titles(folder / "sahel-2017-deck.fr.pptx")
        assert "Formes d'interaction" in french and "Les bases du lien" in french
        assert "Forms of interaction" in slide_titles(folder / "sahel-2017-deck.pptx")
        with zipfile.ZipFile(folder / "sahel-2017-deck.fr.pptx") as deck:
            xml = deck.read("ppt/slides/slide1.xml").decode()
        assert "Alger, Algérie" in xml and 'lang="fr"' in xml
        assert (folder / "sahel-2017-handout.fr.docx").is_file()
        assert "sahel-2017-guide.fr.docx" in (folder / "manifest.json").read_text()
        # untranslated texts fall back to English with a warning
        assert "texts are shown in the source language" in result.stderr

    def it_translates_the_instruments_and_sources_a_handout_lists(self, make_project):
        root = edition_project(make_project)
        run("translate", "extract", "--root", str(root))
        convention = "Convention des Nations Unies contre la criminalité transnationale organisée"
        for module in (FR_MODULE, FR_MODULE.replace("nexus-basics", "second-module")):
            set_translations(root, module, {"references[2].title": convention})
        set_translations(
            root,
            "courses/translations/fr/sources.po",
            {"documents[0].title": "Note de cadrage", "documents[0].date": "26 avril 2017"},
        )
        result = run("build", "--root", str(root), "-j", "1")
        assert result.exit_code == 0, result.output
        folder = root / "dist" / "sahel-2017"
        french = handout_text(folder / "sahel-2017-handout.fr.docx")
        assert f"{convention}, 2000" in french and "Note de cadrage, 26 avril 2017" in french
        assert "26 April 2017" not in french and "UN Convention against" not in french
        english = handout_text(folder / "sahel-2017-handout.docx")
        assert "Concept note on the nexus, 26 April 2017" in english

    def it_rebuilds_when_a_translation_changes(self, make_project):
        root = edition_project(make_project)
        run("translate", "extract", "--root", str(root))
        run("build", "--root", str(root), "-j", "1")
        assert "up to date" in run("build", "--root", str(root), "-j", "1").output
        set_translations(root, FR_MODULE, {"slides[0].title": "Formes d'interaction"})
        assert "sahel-2017: rendered" in run("build", "--root", str(root), "-j", "1").output


class DescribeStaleness:
    def it_marks_a_changed_source_fuzzy_and_check_lists_it(self, make_project):
        root = edition_project(make_project)
        run("translate", "extract", "--root", str(root))
        set_translations(root, FR_MODULE, {"slides[0].title": "Formes d'interaction"})
        module = root / "courses/modules/nexus-basics.yaml"
        module.write_text(
            module.read_text(encoding="utf-8").replace(
                "title: Forms of interaction", "title: Three forms of interaction"
            ),
            encoding="utf-8",
        )
        checked = run("check", "--root", str(root))
        assert re.search(r"need retranslation", checked.stderr)
        assert f"{FR_MODULE}:" in checked.stderr
        run("translate", "extract", "--root", str(root))
        text = (root / FR_MODULE).read_text(encoding="utf-8")
        assert "#, fuzzy" in text and '#| msgid "Forms of interaction"' in text
        assert 'msgstr "Formes d\'interaction"' in text

    def it_keeps_a_long_previous_text_whole_across_extracts(self, make_project):
        """A previous English text longer than a line is written as PO lines (``#| "…"``),
        read back as the previous msgid, and survives a second extract unchanged."""
        root = edition_project(make_project)
        run("translate", "extract", "--root", str(root))
        catalog = read_po(io.BytesIO((root / FR_MODULE).read_bytes()))
        notes = next(m for m in catalog if m.context == "slides[0].notes")
        set_translations(root, FR_MODULE, {"slides[0].notes": "Notes en français."})
        module = root / "courses/modules/nexus-basics.yaml"
        yaml_text = module.read_text(encoding="utf-8")
        first_word = str(notes.id).split()[0]
        module.write_text(yaml_text.replace(first_word, "CHANGED", 1), encoding="utf-8")
        run("translate", "extract", "--root", str(root))
        once = (root / FR_MODULE).read_text(encoding="utf-8")
        assert len(str(notes.id)) > 100 and "#, fuzzy" in once
        assert not re.search(r"^# \|", once, re.M), "a previous msgid written as a comment"
        previous = re.search(r'^#\| msgid ""\n((?:#\| ".*"\n)+)', once, re.M)
        assert previous, once
        lines = re.findall(r'^#\| "(.*)"$', previous[1], re.M)
        assert unescape('"' + "".join(lines) + '"') == str(notes.id)
        run("translate", "extract", "--root", str(root))
        assert (root / FR_MODULE).read_text(encoding="utf-8") == once


class DescribeBrokenTranslations:
    def it_locates_a_template_error_in_the_po_file(self, make_project):
        root = edition_project(make_project)
        run("translate", "extract", "--root", str(root))
        set_translations(root, FR_MODULE, {"summary": "Tenu à {{ course.cty }}"})
        result = run("check", "--root", str(root))
        assert result.exit_code == 1
        line = next(
            n
            for n, text in enumerate((root / FR_MODULE).read_text().splitlines(), 1)
            if "course.cty" in text
        )
        assert f"{FR_MODULE}:{line}:1: error: template error: course has no 'cty'" in result.stderr

    def it_locates_a_broken_po_file(self, make_project):
        root = edition_project(make_project)
        run("translate", "extract", "--root", str(root))
        (root / FR_MODULE).write_text('msgid "a"\nmsgstr "b"\nmsgxx "c"\n', encoding="utf-8")
        result = run("check", "--root", str(root))
        assert result.exit_code == 1
        assert f"{FR_MODULE}:3:1: error: not a valid PO file" in result.stderr


class DescribeWhatIsText:
    def it_takes_every_text_of_a_session_from_the_model_it_is(self):
        """A union of session kinds: a plain session's description and materials are texts
        although the module session (the union's first kind) has no such fields."""
        from builder.model import Day
        from builder.translate import texts_of

        day = {
            "title": "Day one",
            "sessions": [
                {"module": "nexus-basics", "minutes": 60, "notes": "Stress the Sahel."},
                {
                    "item": "exercise",
                    "title": "Group exercise",
                    "minutes": 90,
                    "description": "Groups map the links.",
                    "materials": ["Scenario pack"],
                },
            ],
        }
        found = {".".join(map(str, path)): text for path, text in texts_of(day, Day)}
        assert found == {
            "title": "Day one",
            "sessions.0.notes": "Stress the Sahel.",
            "sessions.1.title": "Group exercise",
            "sessions.1.description": "Groups map the links.",
            "sessions.1.materials.0": "Scenario pack",
        }


class DescribeWhatIsReported:
    def it_reports_only_texts_the_edition_shows(self, make_project):
        """A Sahel course's French edition does not ask for the Balkans case study."""
        root = edition_project(make_project)
        run("translate", "extract", "--root", str(root))
        po = (root / FR_MODULE).read_text(encoding="utf-8")
        assert "BALKANS-CASE" in po  # the translator may still translate it
        checked = run("check", "--root", str(root))
        found = re.search(rf"{FR_MODULE}:\d+:\d+: warning: (\d+) of (\d+) texts", checked.stderr)
        assert found, checked.stderr
        catalog = read_po(io.BytesIO((root / FR_MODULE).read_bytes()))
        balkans = [m for m in catalog if m.id and "regional.balkans" in (m.context or "")]
        every = len([m for m in catalog if m.id])
        assert balkans and 0 < int(found[2]) <= every - len(balkans)

    def it_does_not_ask_for_a_slide_the_course_date_empties(self, make_project):
        """A slide whose every bullet comes after the course is not shown: its title and
        notes are not reported untranslated; the other slides' texts still are."""
        module = module_data()
        later = {"text": "A meeting in 2019", "from": "2019-01"}
        later_slide = {"title": "LATER-EVENTS", "bullets": [later], "notes": "LATER-NOTES."}
        module["slides"].append(later_slide)
        root = make_project(course={"languages": ["en", "fr"]}, module=module)
        project = load_project(root)
        translations = load_translations(project, "fr")
        resolve_course(project, "sahel-2017", "fr", translations)
        doc = "courses/modules/nexus-basics.yaml"
        last = len(module["slides"]) - 1
        assert (doc, "slides[0].title") in translations.shown
        assert (doc, f"slides[{last}].title") not in translations.shown
        assert (doc, f"slides[{last}].notes") not in translations.shown


class DescribeWhichFiles:
    def it_writes_po_files_only_for_what_the_editions_use(self, make_project):
        root = make_project(course={"languages": ["en", "fr"]})
        unused = root / "courses/modules/unused.yaml"
        unused.write_text(
            (root / "courses/modules/second-module.yaml")
            .read_text(encoding="utf-8")
            .replace("id: second-module", "id: unused"),
            encoding="utf-8",
        )
        result = run("translate", "extract", "--root", str(root))
        assert result.exit_code == 0, result.output
        assert not (root / "courses/translations/fr/modules/unused.po").exists()
        assert (root / FR_MODULE).is_file()
        everything = run("translate", "extract", "--all", "--root", str(root))
        assert everything.exit_code == 0, everything.output
        assert (root / "courses/translations/fr/modules/unused.po").is_file()
