"""Plain sessions' content: session packs, regional additions and the outline's own keys."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from builder.cli import cli
from builder.errors import BuildError
from builder.project import load_project
from builder.resolve import resolve_course

from conftest import course_data

PACK_FILE = "courses/sessions/regional-panel.yaml"
PACK = """\
id: regional-panel
item: panel
version: "1.0"
title: "Regional panel: {{ region.name }}"
aims:
  - Hear how agencies of the region meet the nexus
questions:
  - What links do you see between crime and terrorism?
  - question: What has worked?
    answer: Joint investigation teams
brief: Keep each opening to five minutes.
steps:
  - {minutes: 10, text: Openings}
materials: [Moderator's question list]
sources:
  - {document: concept-note, backs: the panel format}
regional:
  sahel:
    questions:
      - How do groups in {{ region.countries }} raise money?
    brief: Ask about kidnapping for ransom.
  balkans:
    questions: [BALKANS-ONLY question]
"""


def agenda_with(session: dict) -> dict:
    agenda = course_data()["agenda"]
    agenda["days"][0]["sessions"][5] = session
    return agenda


def panel(root):
    project = load_project(root)
    project.report.raise_if_errors()
    view = resolve_course(project, "sahel-2017")
    return next(s for s in view.sessions if s.kind == "panel")


class DescribeSessionPacks:
    def it_merges_pack_region_and_outline_in_that_order(self, make_project):
        session = {
            "item": "panel",
            "minutes": 60,
            "use": "regional-panel",
            "moderator": {"name": "A. Moderator", "organisation": "UNICRI"},
            "panellists": [{"name": "B. Panellist", "role": "Prosecutor"}],
            "questions": ["An outline question"],
            "brief": "The outline's own brief.",
        }
        root = make_project(course={"agenda": agenda_with(session)}, files={PACK_FILE: PACK})
        view = panel(root)
        c = view.content
        assert view.title == "Regional panel: West Africa and the Sahel"
        assert [q.question for q in c.questions] == [
            "What links do you see between crime and terrorism?",
            "What has worked?",
            "How do groups in Mali and Niger raise money?",
            "An outline question",
        ]
        assert c.questions[1].answer == "Joint investigation teams"
        assert c.brief == (
            "Keep each opening to five minutes.\n\nAsk about kidnapping for ransom."
            "\n\nThe outline's own brief."
        )
        assert c.aims == ("Hear how agencies of the region meet the nexus",)
        assert c.steps[0].minutes == 10 and c.pack == "regional-panel"
        assert c.moderator.label == "A. Moderator, UNICRI"
        assert c.panellists[0].label == "B. Panellist, Prosecutor"
        assert view.materials == ("Moderator's question list",)
        assert "BALKANS" not in repr(view)

    def it_lets_the_outline_title_win(self, make_project):
        session = {"item": "panel", "minutes": 60, "use": "regional-panel", "title": "Own"}
        root = make_project(course={"agenda": agenda_with(session)}, files={PACK_FILE: PACK})
        assert panel(root).title == "Own"

    def it_works_without_a_pack(self, make_project):
        session = {"item": "panel", "minutes": 60, "questions": ["Q1"], "task": "Discuss."}
        root = make_project(course={"agenda": agenda_with(session)})
        c = panel(root).content
        assert [q.question for q in c.questions] == ["Q1"] and c.task == "Discuss."
        assert not c.is_empty

    def it_is_listed_by_uses(self, make_project):
        session = {"item": "panel", "minutes": 60, "use": "regional-panel"}
        root = make_project(course={"agenda": agenda_with(session)}, files={PACK_FILE: PACK})
        result = CliRunner().invoke(cli, ["uses", "regional-panel", "--root", str(root)])
        assert "sahel-2017: day 1, session 6" in result.output


class DescribeBadPacks:
    def it_suggests_a_close_pack(self, make_project):
        session = {"item": "panel", "minutes": 60, "use": "regional-panl"}
        root = make_project(course={"agenda": agenda_with(session)}, files={PACK_FILE: PACK})
        result = CliRunner().invoke(cli, ["check", "--root", str(root)])
        assert result.exit_code == 1
        assert "unknown session pack 'regional-panl'" in result.output
        assert "did you mean 'regional-panel'?" in result.output

    def it_warns_when_the_pack_serves_another_kind(self, make_project):
        session = {"item": "exercise", "minutes": 60, "use": "regional-panel"}
        root = make_project(course={"agenda": agenda_with(session)}, files={PACK_FILE: PACK})
        result = CliRunner().invoke(cli, ["check", "--root", str(root)])
        assert "written for a panel session, this one is a exercise" in result.output

    def it_warns_about_an_unused_pack(self, make_project):
        root = make_project(files={PACK_FILE: PACK})
        result = CliRunner().invoke(cli, ["check", "--root", str(root)])
        assert "session pack 'regional-panel' is not used by any course" in result.output

    def it_locates_a_template_error_in_the_pack(self, make_project):
        session = {"item": "panel", "minutes": 60, "use": "regional-panel"}
        broken = PACK.replace("{{ region.countries }}", "{{ region.countrie }}")
        root = make_project(course={"agenda": agenda_with(session)}, files={PACK_FILE: broken})
        with pytest.raises(BuildError) as caught:
            panel(root)
        [diag] = caught.value.diagnostics
        assert diag.file == PACK_FILE and diag.line == 20
        assert "did you mean 'region.countries'?" in str(diag)

    def it_does_not_report_follow_on_errors_for_a_broken_pack(self, make_project):
        session = {"item": "panel", "minutes": 60, "use": "regional-panel"}
        root = make_project(
            course={"agenda": agenda_with(session)},
            files={PACK_FILE: PACK.replace("item: panel", "item: pannel")},
        )
        result = CliRunner().invoke(cli, ["check", "--root", str(root)])
        assert result.exit_code == 1
        assert f"{PACK_FILE}:2:7: error:" in result.output
        assert "unknown session pack" not in result.output


class DescribeCuedNotes:
    def it_keeps_say_ask_do_cues_in_order(self, make_project):
        cues = [
            {"say": "Resolution 2195 dates from 2014."},
            {"ask": "Who has seen this?"},
            {"do": "Point to the map of {{ region.name }}."},
        ]
        slide = {"title": "Cued", "bullets": ["One", "Two", "Three"], "notes": cues}
        root = make_project(module={"slides": [slide]})
        project = load_project(root)
        project.report.raise_if_errors()
        view = resolve_course(project, "sahel-2017")
        content = next(m for m in view.modules if m.id == "nexus-basics").slides[0]
        assert [(c.kind, c.text) for c in content.cues] == [
            ("say", "Resolution 2195 dates from 2014."),
            ("ask", "Who has seen this?"),
            ("do", "Point to the map of West Africa and the Sahel."),
        ]
        assert content.notes.startswith("Resolution 2195 dates from 2014.\n\nWho has seen")

    def it_refuses_a_cue_with_two_kinds(self, make_project):
        slide = {"title": "Cued", "bullets": ["One"], "notes": [{"say": "a", "ask": "b"}]}
        root = make_project(module={"slides": [slide]})
        result = CliRunner().invoke(cli, ["check", "--root", str(root)])
        assert result.exit_code == 1
        assert "a cue has exactly one of `say`, `ask` or `do`" in result.output
