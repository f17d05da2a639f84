"""What text templates see and how it prints: every text field of an outline is rendered and
checked like a module's, names that do not exist are located errors with a suggestion, and
lists print as sentence lists in the course language."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from builder.cli import cli
from builder.context import NAMES, THEME_NAMES, Namespace, TextList, join_list
from builder.errors import BuildError
from builder.project import load_project
from builder.resolve import resolve_course
from builder.templating import render

from conftest import REPO, course_data

COURSE_FILE = "courses/workshops/sahel-2017.yaml"


def resolve(root):
    project = load_project(root)
    project.report.raise_if_errors()
    return resolve_course(project, "sahel-2017")


def check(root) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "--root", str(root)])
    return result.exit_code, result.output


def line_of(path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


class DescribeOutlineTexts:
    @pytest.mark.parametrize("field", ["subtitle", "description", "audience", "title"])
    def it_locates_a_misspelt_name_with_a_suggestion(self, make_project, field):
        root = make_project(course={field: "Held in {{ course.citty }}"})
        code, output = check(root)
        assert code == 1
        line = line_of(root / COURSE_FILE, "course.citty")
        assert f"{COURSE_FILE}:{line}:" in output
        assert "course has no 'citty'" in output
        assert "did you mean 'course.city'?" in output

    def it_checks_session_descriptions_and_day_titles(self, make_project):
        agenda = course_data()["agenda"]
        agenda["days"][0]["title"] = "Day in {{ course.cty }}"
        agenda["days"][0]["sessions"][0]["description"] = "Welcome to {{ regin.name }}"
        root = make_project(course={"agenda": agenda})
        code, output = check(root)
        assert code == 1
        assert "course has no 'cty'" in output
        assert "'regin' is not defined" in output and "did you mean 'region'?" in output

    def it_renders_the_outline_texts_that_the_deck_and_documents_show(self, make_project):
        root = make_project(
            course={
                "subtitle": "A workshop in {{ course.city }}",
                "audience": "Officials from {{ region.countries }}",
                "description": "Held for {{ region.name }} in {{ course.dates }}.",
            }
        )
        view = resolve(root)
        assert view.subtitle == "A workshop in Algiers"
        assert view.audience == "Officials from Mali and Niger"
        assert view.description == "Held for West Africa and the Sahel in October 2017."

    def it_lets_a_subtitle_use_the_rendered_title(self, make_project):
        root = make_project(
            course={
                "title": "Nexus in {{ course.city }}",
                "subtitle": "{{ course.title }}: day one",
            }
        )
        view = resolve(root)
        assert (view.title, view.subtitle) == ("Nexus in Algiers", "Nexus in Algiers: day one")

    def it_refuses_a_title_that_refers_to_itself(self, make_project):
        root = make_project(course={"title": "{{ course.title }} again"})
        with pytest.raises(BuildError, match="course has no 'title'"):
            resolve(root)

    @pytest.mark.parametrize("field", ["city", "country"])
    def it_refuses_expressions_in_the_fields_others_refer_to(self, make_project, field):
        root = make_project(course={field: "{{ region.name }}"})
        code, output = check(root)
        assert code == 1
        assert f"`{field}` cannot use {{{{ }}}}" in output

    def it_never_prints_an_expression_raw(self, make_project, tmp_path):
        root = make_project(course={"subtitle": "In {{ course.citty }}"})
        result = CliRunner().invoke(cli, ["build", "--root", str(root), "--quiet"])
        assert result.exit_code == 1
        assert not (root / "dist").exists()


class DescribeValues:
    def it_prints_lists_as_sentence_lists(self):
        assert str(TextList(["Algeria", "Libya", "Mali"], "en")) == "Algeria, Libya and Mali"
        assert str(TextList(["Algérie", "Libye", "Mali"], "fr")) == "Algérie, Libye et Mali"
        assert str(TextList([], "en")) == ""
        assert str(TextList(["Albania"], "en")) == "Albania"

    def it_keeps_lists_usable_in_loops(self):
        context = {"region": Namespace("region", {"countries": TextList(["A", "B"], "en")})}
        source = "{% for c in region.countries %}[{{ c }}]{% endfor %} {{ region.countries[1] }}"
        assert render(source, context) == "[A][B] B"

    def it_joins_per_language_and_falls_back_for_unknown_tags(self):
        assert join_list(["A", "B"], "fr") == "A et B"
        assert join_list(["A", "B"], "xx-unknown") == "A and B"
        assert join_list(["A", "B", "C"], "en-US") == "A, B, and C"

    def it_does_not_let_a_group_print_as_a_dump(self, make_project):
        root = make_project(module={"title": "About {{ region }}"})
        with pytest.raises(BuildError, match="group of values"):
            resolve(root)

    def it_gives_region_name_not_an_attribute_of_the_group(self, make_project):
        root = make_project(module={"title": "{{ region.name }} / {{ course.place }}"})
        module = next(m for m in resolve(root).modules if m.id == "nexus-basics")
        assert module.title == "West Africa and the Sahel / Algiers, Algeria"

    def it_hides_private_names(self, make_project):
        root = make_project(module={"title": "{{ course._values }}"})
        with pytest.raises(BuildError):
            resolve(root)


def test_the_editors_guide_lists_every_name():
    guide = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    for name in [*NAMES, *THEME_NAMES]:
        assert f"`{{{{ {name} }}}}`" in guide, name


def test_an_error_inside_a_block_is_placed_on_its_line(make_project):
    root = make_project()
    module = root / "courses/modules/nexus-basics.yaml"
    text = module.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(text) if line.startswith("summary:"))
    text[at : at + 1] = [
        "summary: |",
        "  First line of the summary.",
        "  Second line names {{ course.citty }}.",
        "  Third line.",
    ]
    module.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        resolve(root)
    [diag] = caught.value.diagnostics
    path = root / diag.file
    assert diag.line == line_of(path, "course.citty")
