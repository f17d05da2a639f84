"""Messages that name the cause and the fix, and no false follow-on errors."""

from __future__ import annotations

from click.testing import CliRunner

from builder.cli import cli

from conftest import course_data

MODULE_FILE = "courses/modules/nexus-basics.yaml"
COURSE_FILE = "courses/workshops/sahel-2017.yaml"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


class DescribeFollowOnErrors:
    def it_does_not_call_a_broken_module_unknown(self, make_project):
        root = make_project(module={"minutes": "sixty"})
        result = run("check", "--root", str(root))
        assert result.exit_code == 1
        assert f"{MODULE_FILE}:" in result.output and "whole number" in result.output
        assert "unknown module" not in result.output

    def it_does_not_call_a_module_of_a_broken_outline_unused(self, make_project):
        root = make_project(course={"city": None})  # the outline misses a required key
        result = run("check", "--root", str(root))
        assert result.exit_code == 1
        assert "missing required key 'city'" in result.output
        assert "is not used by any course" not in result.output

    def it_does_not_call_modules_unused_when_an_outline_cannot_be_read(self, make_project):
        root = make_project(files={"courses/workshops/other.yaml": "id: [unclosed\n"})
        result = run("check", "--root", str(root))
        assert result.exit_code == 1
        assert "courses/workshops/other.yaml:" in result.output
        assert "is not used by any course" not in result.output

    def it_still_reports_an_unused_module_when_every_outline_is_sound(self, make_project):
        agenda = course_data()["agenda"]
        agenda["days"][0]["sessions"] = [
            s for s in agenda["days"][0]["sessions"] if s.get("module") != "second-module"
        ]
        root = make_project(course={"agenda": agenda})
        result = run("check", "--root", str(root))
        assert "module 'second-module' is not used by any course" in result.output


class DescribeTheSameModuleTwice:
    def it_warns_at_the_second_session(self, make_project):
        agenda = course_data()["agenda"]
        agenda["days"][0]["sessions"][3] = {"module": "nexus-basics", "minutes": 45}
        root = make_project(course={"agenda": agenda})
        result = run("check", "--root", str(root), "--strict")
        assert result.exit_code == 1
        assert (
            "warning: module 'nexus-basics' is already taught on day 1, session 2 "
            "(at agenda.days[0].sessions[3].module)"
        ) in result.output
        assert result.output.count("already taught") == 1


class DescribeUnknownIdsOnTheCommandLine:
    def it_lists_the_regions_when_none_is_close(self, make_project):
        root = make_project()
        result = run("new", "course", "lima-2026", "--region", "latam", "--root", str(root))
        assert result.exit_code == 1
        assert "unknown region 'latam'; the regions are: balkans, sahel" in result.output

    def it_lists_the_courses_for_build(self, make_project):
        root = make_project()
        result = run("build", "nosuchcourse", "--root", str(root))
        assert result.exit_code == 1
        assert "unknown course 'nosuchcourse'; the courses are: sahel-2017" in result.output
        assert not (root / "dist").exists()

    def it_suggests_a_close_course(self, make_project):
        root = make_project()
        result = run("build", "sahel-2071", "--root", str(root))
        assert "did you mean 'sahel-2017'?" in result.output

    def it_lists_the_modules_for_uses(self, make_project):
        root = make_project()
        result = run("uses", "nosuch", "--root", str(root))
        assert result.exit_code == 1
        assert "the modules and session packs are: nexus-basics, second-module" in result.output
