"""Habits users bring from mkdocs, Sphinx and Quarto: init, build --strict, -j auto, -v,
one diagnostic format on stderr for check and build, colour only on a terminal, completion."""

from __future__ import annotations

import io
import os

import pytest
from click.testing import CliRunner

from builder.cli import JOBS, cli
from builder.console import format_diagnostic, use_colour
from builder.errors import Diagnostic

from conftest import course_data


def run(*args: str, **kwargs):
    return CliRunner().invoke(cli, list(args), **kwargs)


def unused_module_project(make_project):
    agenda = course_data()["agenda"]
    agenda["days"][0]["sessions"] = [
        s for s in agenda["days"][0]["sessions"] if s.get("module") != "second-module"
    ]
    return make_project(course={"agenda": agenda})


class DescribeInit:
    def it_starts_a_project_that_checks_and_builds(self, tmp_path):
        result = run("init", str(tmp_path / "new"))
        assert result.exit_code == 0, result.stderr
        root = tmp_path / "new"
        check = run("check", "--strict", "--root", str(root))
        assert check.exit_code == 0, check.stderr
        built = run("build", "--root", str(root), "-j", "1")
        assert built.exit_code == 0, built.stderr
        assert (root / "dist" / "example-workshop" / "example-workshop-deck.pptx").is_file()
        assert (root / "docs" / "authoring.md").read_text(encoding="utf-8").startswith("#")
        assert (root / "schemas" / "module.schema.json").is_file()

    def it_refuses_a_folder_that_is_already_a_project(self, make_project):
        root = make_project()
        result = run("init", str(root))
        assert result.exit_code == 1
        assert "already holds a courses/ folder" in result.stderr

    def it_keeps_the_users_own_readme(self, tmp_path):
        (tmp_path / "README.md").write_text("mine\n", encoding="utf-8")
        assert run("init", str(tmp_path)).exit_code == 0
        assert (tmp_path / "README.md").read_text(encoding="utf-8") == "mine\n"


class DescribeBuildStrictAndWarnings:
    def it_prints_warnings_on_stderr_in_the_check_format(self, make_project):
        root = unused_module_project(make_project)
        checked = run("check", "--root", str(root))
        built = run("build", "--root", str(root), "-q")
        assert built.exit_code == 0
        line = next(t for t in checked.stderr.splitlines() if "not used by any course" in t)
        assert line in built.stderr.splitlines()
        assert "not used" not in built.stdout

    def it_refuses_to_build_with_warnings_when_strict(self, make_project):
        root = unused_module_project(make_project)
        result = run("build", "--root", str(root), "--strict")
        assert result.exit_code == 1
        assert "warning: module 'second-module' is not used by any course" in result.stderr
        assert not (root / "dist").exists()


class DescribeJobs:
    def it_takes_auto_as_one_per_core(self):
        assert JOBS.convert("auto", None, None) == max(1, min(os.cpu_count() or 1, 64))
        assert JOBS.convert("3", None, None) == 3

    @pytest.mark.parametrize("value", ["0", "many", "65"])
    def it_refuses_other_values(self, value, make_project):
        result = run("build", "--root", str(make_project()), "-j", value)
        assert result.exit_code == 2

    def it_builds_in_parallel_by_default(self, make_project):
        result = run("build", "--root", str(make_project()))
        assert result.exit_code == 0, result.stderr


class DescribeColour:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    def it_colours_only_on_a_terminal_without_no_color(self, monkeypatch):
        monkeypatch.delenv("NO_COLOR", raising=False)
        assert use_colour(self.Tty()) is True
        assert use_colour(io.StringIO()) is False
        monkeypatch.setenv("NO_COLOR", "1")
        assert use_colour(self.Tty()) is False

    def it_keeps_the_format_when_coloured(self):
        diagnostic = Diagnostic("a.yaml", 3, 5, "bad", key="x")
        coloured = format_diagnostic(diagnostic, colour=True)
        assert "\x1b[" in coloured
        assert _strip(coloured) == "a.yaml:3:5: error: bad (at x)"
        assert format_diagnostic(diagnostic) == "a.yaml:3:5: error: bad (at x)"

    def it_prints_plain_text_when_not_a_terminal(self, make_project):
        root = make_project(course={"region": "sahle"})
        result = run("check", "--root", str(root))
        assert "\x1b[" not in result.stderr and "error: unknown region" in result.stderr


class DescribeVerbosity:
    def it_says_what_stages_do_with_v(self, make_project):
        root = make_project()
        quiet = run("check", "--root", str(root))
        said = run("-v", "check", "--root", str(root))
        assert said.exit_code == 0
        assert "info: loaded 5 file(s): 1 course(s), 2 module(s)" in said.stderr
        assert "info: sahel-2017: resolved" in said.stderr
        assert "info:" not in quiet.stderr


class DescribeCompletion:
    def it_completes_course_ids_of_the_project(self, make_project, monkeypatch):
        root = make_project()
        monkeypatch.chdir(root)
        env = {
            "COMP_WORDS": "course-builder build sah",
            "COMP_CWORD": "2",
            "_COURSE_BUILDER_COMPLETE": "bash_complete",
        }
        result = CliRunner().invoke(cli, [], env=env, prog_name="course-builder")
        assert "sahel-2017" in result.output


def _strip(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)
