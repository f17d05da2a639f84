"""Resolve: course outline + modules + region → one immutable course view."""

from __future__ import annotations

import dataclasses
import time

import pytest

from builder.errors import BuildError
from builder.project import load_project
from builder.resolve import resolve_course

from conftest import course_data

COURSE = "sahel-2017"
REGIONS_WITH_PARENT = "regions:\n  - {id: sahel, name: Sahel}\n  - {id: balkans, name: Balkans}\n"


def resolve(root, course_id: str = COURSE):
    project = load_project(root)
    project.report.raise_if_errors()
    return resolve_course(project, course_id)


def module_view(view, module_id: str = "nexus-basics"):
    return next(m for m in view.modules if m.id == module_id)


def sessions_with(**changes) -> dict:
    """The fixture agenda with the nexus-basics session replaced by ``changes``."""
    agenda = course_data()["agenda"]
    agenda["days"][0]["sessions"][1] = {"module": "nexus-basics", **changes}
    return agenda


def line_of(path, prefix: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(prefix):
            return number
    raise AssertionError(f"{prefix!r} not in {path}")


class TestRegionalSelection:
    def test_merges_the_course_regions_block(self, make_project):
        m = module_view(resolve(make_project()))
        assert [c.title for c in m.case_studies] == ["SAHEL-CASE taxation of goods"]
        assert m.key_points[-1] == "SAHEL-EXAMPLE artisanal gold mines"

    def test_never_lets_another_regions_content_in(self, make_project):
        view = resolve(make_project())
        assert "BALKANS" not in repr(view)

    def test_selects_the_other_region_for_its_courses(self, make_project):
        view = resolve(make_project(course={"region": "balkans"}))
        m = module_view(view)
        assert [c.title for c in m.case_studies] == ["BALKANS-CASE cross-border trafficking"]
        assert "SAHEL" not in repr(view)

    def test_appends_regional_slides_after_the_module_slides(self, make_project):
        regional = {"sahel": {"slides": [{"title": "SAHEL-SLIDE", "bullets": ["Only here"]}]}}
        m = module_view(resolve(make_project(module={"regional": regional})))
        assert m.slides[-1].title == "SAHEL-SLIDE"
        assert m.slides[-1].regional
        assert not m.slides[0].regional

    def test_falls_back_to_the_broader_region_a_region_is_part_of(self, make_project):
        regions = REGIONS_WITH_PARENT + "\n".join(
            ["  - id: mali", "    name: Mali", "    part_of: sahel", ""]
        )
        root = make_project(course={"region": "mali"}, files={"courses/regions.yaml": regions})
        m = module_view(resolve(root))
        assert [c.title for c in m.case_studies] == ["SAHEL-CASE taxation of goods"]

    def test_a_region_of_its_own_wins_over_the_broader_one(self, make_project):
        regions = (
            "regions:\n  - {id: sahel, name: Sahel}\n  - {id: balkans, name: B, part_of: sahel}\n"
        )
        root = make_project(course={"region": "balkans"}, files={"courses/regions.yaml": regions})
        view = resolve(root)
        assert [c.title for c in module_view(view).case_studies] == [
            "BALKANS-CASE cross-border trafficking"
        ]
        assert "SAHEL" not in repr(view)

    def test_unknown_or_circular_broader_regions_are_errors(self, make_project):
        regions = "\n".join(
            [
                "regions:",
                "  - {id: sahel, name: Sahel, part_of: balkans}",
                "  - {id: balkans, name: Balkans, part_of: sahel}",
                "  - {id: mali, name: Mali, part_of: sahle}",
                "",
            ]
        )
        project = load_project(make_project(files={"courses/regions.yaml": regions}))
        messages = [str(d) for d in project.report.errors]
        assert any("regions.yaml:2:" in m and "part of each other" in m for m in messages)
        assert any("regions.yaml:4:" in m and "did you mean 'sahel'" in m for m in messages)

    def test_leaves_a_module_without_a_block_for_the_region_unchanged(self, make_project):
        m = module_view(resolve(make_project()), "second-module")
        assert m.case_studies == ()
        assert m.regional_notes == ""


class TestSessionOverrides:
    def test_overrides_minutes_and_title(self, make_project):
        root = make_project(course={"agenda": sessions_with(minutes=50, title="Custom title")})
        view = resolve(root)
        m = module_view(view)
        assert (m.minutes, m.title) == (50, "Custom title")
        session = view.days[0].sessions[1]
        assert (session.start, session.end, session.title) == ("09:30", "10:20", "Custom title")

    def test_skips_slides_by_title(self, make_project):
        root = make_project(course={"agenda": sessions_with(skip_slides=["Income by source"])})
        titles = [s.title for s in module_view(resolve(root)).slides]
        assert "Income by source" not in titles
        assert titles == ["Forms of interaction", "Resolutions by year", "A voice from the field"]

    def test_adds_the_session_notes_to_every_content_slide(self, make_project):
        root = make_project(course={"agenda": sessions_with(notes="EXTRA-NOTE for Algiers")})
        m = module_view(resolve(root))
        assert m.session_notes == "EXTRA-NOTE for Algiers"
        assert all(s.notes.endswith("EXTRA-NOTE for Algiers") for s in m.slides)
        other = module_view(resolve(root), "second-module")
        assert all("EXTRA-NOTE" not in s.notes for s in other.slides)

    def test_keeps_the_module_defaults_without_overrides(self, make_project):
        m = module_view(resolve(make_project()))
        assert (m.minutes, m.title, len(m.slides)) == (60, "Nexus basics", 4)


class TestClockTimes:
    def test_computes_every_session_from_the_day_start(self, make_project):
        day = resolve(make_project()).days[0]
        assert [(s.start, s.end, s.kind) for s in day.sessions] == [
            ("09:00", "09:30", "opening"),
            ("09:30", "10:30", "module"),
            ("10:30", "10:45", "break"),
            ("10:45", "11:30", "module"),
            ("11:30", "12:30", "lunch"),
            ("12:30", "13:30", "panel"),
            ("13:30", "13:45", "closing"),
        ]
        assert (day.start, day.end) == ("09:00", "13:45")

    def test_numbers_days_and_dates_them_from_the_start_date(self, make_project):
        agenda = course_data()["agenda"]
        agenda["days"].append(
            {
                "start": "08:30",
                "sessions": [{"item": "opening", "minutes": 20}, {"module": "nexus-basics"}],
            }
        )
        root = make_project(
            course={"dates": {"start": "2018-02-13", "end": "2018-02-14"}, "agenda": agenda}
        )
        view = resolve(root)
        assert view.days[1].label == "Day 2 – Wednesday, 14 February 2018"
        assert [(s.start, s.end) for s in view.days[1].sessions] == [
            ("08:30", "08:50"),
            ("08:50", "09:50"),
        ]
        assert view.dates_label == "13\u2009–\u200914 February 2018"  # CLDR en_GB


class TestTemplating:
    def test_renders_course_and_region_fields(self, make_project):
        m = module_view(resolve(make_project()))
        assert m.summary.endswith("held in Algiers.")
        assert (
            m.activities[0].instructions
            == "In groups, map the links you see in West Africa and the Sahel."
        )

    def test_locates_an_undefined_name(self, make_project):
        root = make_project(module={"title": "Nexus in {{ course.nowhere }}"})
        with pytest.raises(BuildError) as caught:
            resolve(root)
        [diag] = caught.value.diagnostics
        assert diag.file == "courses/modules/nexus-basics.yaml"
        assert diag.line == line_of(root / diag.file, "title:")
        assert "nowhere" in diag.message and diag.key == "title"
        assert f"{diag.file}:{diag.line}:" in str(caught.value)

    def test_reports_every_template_error_at_once(self, make_project):
        root = make_project(module={"title": "{{ nope1 }}", "summary": "{{ nope2 }}"})
        with pytest.raises(BuildError) as caught:
            resolve(root)
        assert sorted(d.key for d in caught.value.diagnostics) == ["summary", "title"]

    def test_refuses_sandbox_escapes(self, make_project):
        root = make_project(module={"summary": "{{ ''.__class__.__mro__ }}"})
        with pytest.raises(BuildError, match="unsafe"):
            resolve(root)

    @pytest.mark.parametrize(
        "source, message",
        [
            (
                "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
                "longer than",
            ),
            ("{% for i in range(99999) %}abcdefgh{% endfor %}", "exceeds"),
            ("{{ 'x' * 100000000 }}", "repetition too large"),
            ("{% for i in range(10 ** 9) %}x{% endfor %}", "Range too big"),
        ],
    )
    def test_bounds_runaway_templates(self, make_project, source, message):
        root = make_project(module={"summary": source})
        start = time.perf_counter()
        with pytest.raises(BuildError, match=message) as caught:
            resolve(root)
        assert time.perf_counter() - start < 10
        [diag] = caught.value.diagnostics
        assert (diag.file, diag.key) == ("courses/modules/nexus-basics.yaml", "summary")


class TestTheView:
    def test_is_immutable(self, make_project):
        view = resolve(make_project())
        with pytest.raises(dataclasses.FrozenInstanceError):
            view.title = "changed"  # type: ignore[misc]

    def test_gathers_glossary_and_instruments_across_modules(self, make_project):
        view = resolve(make_project())
        assert [g.term for g in view.glossary] == ["Anti-money laundering", "Convergence", "Nexus"]
        assert [r.number for r in view.instruments][:2] == [1373, 2195]
