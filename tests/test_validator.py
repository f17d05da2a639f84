"""Every artefact passes the Open XML SDK's validation (openxml-audit): no finding at all.

The repository's workshops, the fixture project of ``conftest.py``, and a variant of it with
every chart type, a picture and a right-to-left course are built once for the module; each
deck, handout, guide and form (evaluation, sign-in sheet, certificate) is then validated on
its own (no allow-list: a finding fails).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from builder.build import build
from builder.thumbnails import missing_tools

from conftest import NOTES, REPO, course_data, module_data, tiny_png, write_project

openxml_audit = pytest.importorskip("openxml_audit")

REPO_COURSES = sorted(p.stem for p in (REPO / "courses" / "workshops").glob("*.yaml"))

# every chart type, a picture, a right-to-left course: what the fixture does not cover
EXTRA_SLIDES = [
    {
        "title": "A map of routes",
        "notes": NOTES,
        "image": {"path": "map.png", "alt": "A map of the routes", "caption": "The routes"},
    },
    *(
        {
            "title": f"A {kind} chart",
            "notes": NOTES,
            "chart": {
                "type": kind,
                "categories": ["2018", "2019", "2020"],
                "series": [{"name": "Cases", "values": [3, 4, 6]}]
                + ([{"name": "Convictions", "values": [1, 2, 2]}] if kind != "pie" else []),
                "title": f"Cases ({kind})",
                "source": "Source: concept note",
            },
        }
        for kind in ("bar", "column", "line", "pie")
    ),
]
RTL_COURSE = "sahel-2018"

PROJECTS = {
    "repository": REPO_COURSES,
    "fixture": ["sahel-2017"],
    "variants": ["sahel-2017", RTL_COURSE],
}
ARTEFACTS = [
    (project, course, kind)
    for project, courses in PROJECTS.items()
    for course in courses
    for kind in ("deck", "handout", "guide", "evaluation", "sign-in", "certificate")
] + [("pictured", "sahel-2017", kind) for kind in ("handout", "guide")]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The output folder: ``<project>/<course>/<course>-<kind>.<suffix>``."""
    out = tmp_path_factory.mktemp("validated")
    build(REPO, out_dir=out / "repository", force=True)
    fixture = write_project(out / "src" / "fixture")
    build(fixture, out_dir=out / "fixture", force=True)
    variants = write_project(
        out / "src" / "variants",
        course={"languages": ["en", "ar"]},  # an Arabic edition (labels translated) too
        module={"slides": module_data()["slides"] + EXTRA_SLIDES},
        files={"courses/modules/map.png": tiny_png(40, 30)},
    )
    rtl = course_data(RTL_COURSE, language="ar", city="Nouakchott", country="Mauritania")
    (variants / "courses" / "workshops" / f"{RTL_COURSE}.yaml").write_text(
        yaml.safe_dump(rtl, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    build(variants, out_dir=out / "variants", force=True)
    if not missing_tools():  # slide pictures in the guide and the handout (--thumbnails)
        build(fixture, out_dir=out / "pictured", force=True, thumbnails=True)
    return out


@pytest.fixture(scope="module")
def validator():
    return openxml_audit.OpenXmlValidator(max_errors=0)  # 0: report every finding


def artefact(built: Path, project: str, course: str, kind: str, edition: str = "") -> Path:
    suffix = ".pptx" if kind == "deck" else ".docx"
    edition = f".{edition}" if edition else ""
    return built / project / course / f"{course}-{kind}{edition}{suffix}"


def test_the_repository_has_workshops():
    assert len(REPO_COURSES) >= 4


@pytest.mark.parametrize("project,course,kind", ARTEFACTS, ids=["/".join(a) for a in ARTEFACTS])
def test_no_validator_findings(built, validator, project, course, kind):
    path = artefact(built, project, course, kind)
    if project == "pictured" and missing_tools():
        pytest.skip("slide pictures need LibreOffice and pdftoppm")
    assert_valid(validator, path)


@pytest.mark.parametrize("kind", ["deck", "handout", "guide"])
def test_no_validator_findings_in_an_arabic_edition(built, validator, kind):
    """The right-to-left markup of an edition (rtl paragraphs and tables, reversed chart
    axes, mirrored diagrams, w:bidi, w:rFonts w:cs …) is schema-valid."""
    assert_valid(validator, artefact(built, "variants", "sahel-2017", kind, "ar"))


def assert_valid(validator, path: Path) -> None:
    assert path.is_file(), f"{path} was not built"
    result = validator.validate(str(path))
    findings = [
        f"{e.severity.value} {e.part_uri} {e.path} {e.node or ''}: {e.description}"
        for e in result.errors
    ]
    assert findings == [], f"{path.name}: {len(findings)} finding(s)"
    assert result.error_count == 0 and result.warning_count == 0
    assert result.is_valid


@pytest.mark.parametrize("language", ["fr", "ar"])
@pytest.mark.parametrize("kind", ["deck", "handout", "guide"])
def test_the_editions_of_algiers_have_no_findings(built, validator, kind, language):
    assert_valid(validator, artefact(built, "repository", "algiers-2017", kind, language))


@pytest.mark.parametrize("name", ["deck.pptx", "handout.docx", "guide.docx"])
def test_the_default_themes_templates_have_no_findings(validator, name):
    """What templates/default/make_*_template.py generate is clean before anything is added."""
    result = validator.validate(str(REPO / "templates" / "default" / name))
    assert [e.description for e in result.errors] == []
    assert result.is_valid


@pytest.mark.parametrize("kind", ["handout", "guide"])
def test_word_documents_keep_the_templates_theme(built, kind):
    import docx

    document = docx.Document(str(artefact(built, "fixture", "sahel-2017", kind)))
    theme = document.part.part_related_by(RT.THEME)
    assert theme.partname == "/word/theme/theme1.xml"
    assert b'<a:latin typeface="Calibri"/>' in theme.blob
    assert b'<a:cs typeface="Arial"/>' in theme.blob
