"""The editorial policy (courses/policy.yaml): rules ``check`` applies, located findings."""

from __future__ import annotations

from click.testing import CliRunner

from builder.cli import cli

from conftest import course_data

POLICY = "courses/policy.yaml"
MODULE_FILE = "courses/modules/nexus-basics.yaml"
COURSE_FILE = "courses/workshops/sahel-2017.yaml"


def check(root, *extra: str):
    return CliRunner().invoke(cli, ["check", "--root", str(root), *extra])


def line_of(path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


class DescribeWithoutAPolicy:
    def it_applies_no_editorial_rule(self, make_project):
        result = check(make_project(), "--strict")
        assert result.exit_code == 0, result.output


class DescribeModuleRules:
    def it_reports_counts_out_of_bounds_at_their_key(self, make_project):
        policy = "module:\n  objectives: {min: 3, max: 5}\n  key_points: {max: 1}\n"
        root = make_project(files={POLICY: policy})
        result = check(root)
        assert result.exit_code == 0  # warnings by default
        line = line_of(root / MODULE_FILE, "objectives:")
        assert (
            f"{MODULE_FILE}:{line}:1: warning: the module has 2 objectives; the policy asks "
            "for at least 3"
        ) in result.output
        assert "has 2 key points; the policy asks for at most 1" in result.output
        assert check(root, "--strict").exit_code == 1

    def it_makes_them_errors_when_asked(self, make_project):
        policy = "severity: error\nmodule:\n  slides: {min: 10}\n"
        result = check(make_project(files={POLICY: policy}))
        assert result.exit_code == 1
        assert "error: the module has 4 slides; the policy asks for at least 10" in result.output

    def it_counts_words_of_notes_per_slide(self, make_project):
        policy = "module:\n  notes_words: {min: 5, max: 20}\n"
        result = check(make_project(files={POLICY: policy}))
        assert "the notes of slide 'Forms of interaction' have 25 words" in result.output

    def it_counts_bullets_only_on_text_slides(self, make_project):
        policy = "module:\n  bullets_per_slide: {min: 4}\n"
        result = check(make_project(files={POLICY: policy}))
        assert result.output.count("bullets; the policy asks for at least 4") == 2  # 2 modules
        assert "'Income by source'" not in result.output  # a chart slide


class DescribeWorkshopRules:
    def it_reports_missing_items_days_and_the_working_day(self, make_project):
        policy = (
            "workshop:\n  days: {min: 2}\n  required_items: [opening, exercise]\n"
            '  earliest_start: "09:30"\n  latest_end: "12:00"\n'
        )
        root = make_project(files={POLICY: policy})
        result = check(root)
        out = result.output
        assert "the agenda has 1 days; the policy asks for at least 2" in out
        assert "the agenda has no exercise session; the policy asks for one" in out
        assert "day 1 starts at 09:00, before 09:30" in out
        assert "day 1 runs until 13:45, past 12:00" in out
        assert f"{COURSE_FILE}:" in out

    def it_accepts_a_valid_one_day_workshop_when_the_policy_allows_it(self, make_project):
        agenda = course_data()["agenda"]
        root = make_project(
            course={"agenda": agenda},
            files={POLICY: "workshop:\n  days: {min: 1, max: 2}\n"},
        )
        assert check(root, "--strict").exit_code == 0


class DescribeABrokenPolicy:
    def it_is_a_located_error_with_a_suggestion(self, make_project):
        root = make_project(files={POLICY: "module:\n  objectivs: {min: 3}\n"})
        result = check(root)
        assert result.exit_code == 1
        assert f"{POLICY}:2:3: error: unknown key 'objectivs'" in result.output
        assert "did you mean 'objectives'?" in result.output

    def it_refuses_a_max_below_the_min(self, make_project):
        root = make_project(files={POLICY: "module:\n  slides: {min: 5, max: 2}\n"})
        result = check(root)
        assert result.exit_code == 1
        assert "`max` is below `min`" in result.output
