"""Openings, panels, exercises and closings in the handout and the guide: participants get
the scenario and the tasks, facilitators also get the brief, the timing, the points to listen
for and the expected findings."""

from __future__ import annotations

import pytest

from docx_read import Read, build_documents

PACK = """\
id: scenario-pack
item: exercise
version: "1.0"
title: Group exercise
aims: [Practise the first request]
task: Read the scenario and answer the tasks.
groups: Groups of six.
questions:
  - question: Who must act?
    answer: ANSWER-FOR-FACILITATORS
  - Which rights apply?
brief: BRIEF-FOR-FACILITATORS on pacing.
notes: NOTES-FOR-FACILITATORS on the slide.
steps:
  - {minutes: 10, text: Read the scenario}
  - {minutes: 30, text: Work in groups}
  - {minutes: 15, text: Report back}
regional:
  sahel:
    scenario: |-
      SCENARIO-PARAGRAPH-ONE about a desert road.

      SCENARIO-PARAGRAPH-TWO about a seizure.
    expected:
      - EXPECTED-FINDING-ONE
"""
FACILITATOR_ONLY = [
    "ANSWER-FOR-FACILITATORS",
    "BRIEF-FOR-FACILITATORS",
    "NOTES-FOR-FACILITATORS",
    "EXPECTED-FINDING-ONE",
]
TITLE = "Group exercise"


@pytest.fixture
def documents(make_project, monkeypatch):
    sessions = [
        {"item": "opening", "minutes": 30},
        {"module": "nexus-basics"},
        {"item": "break", "minutes": 15},
        {"item": "exercise", "minutes": 60, "use": "scenario-pack", "materials": ["Flip charts"]},
        {"module": "second-module", "minutes": 45},
        {"item": "closing", "minutes": 15, "points": ["Send the summary"]},
    ]
    root = make_project(
        course={"agenda": {"days": [{"start": "09:00", "end": "17:00", "sessions": sessions}]}},
        files={"courses/sessions/scenario-pack.yaml": PACK},
    )
    built = build_documents(root, monkeypatch=monkeypatch, real_deck=True)
    return Read(built["handout"]), Read(built["guide"])


def texts(read: Read, heading: str) -> list[str]:
    out = []
    for block in read.section(heading):
        out.append(block.text)
        for row in block.rows or ():
            out.extend(row)
    return out


class DescribeTheHandout:
    def it_gives_sessions_with_content_a_chapter_in_agenda_order(self, documents):
        handout, _ = documents
        assert handout.headings(1)[1:5] == [
            "Module 1 · Nexus basics",
            TITLE,
            "Module 2 · Second module",
            "Closing",
        ]
        assert "Opening" not in handout.headings(1)  # nothing behind it: no empty chapter

    def it_shows_the_scenario_and_tasks_without_facilitator_content(self, documents):
        handout, _ = documents
        shown = texts(handout, TITLE)
        for expected in (
            "Practise the first request",
            "Read the scenario and answer the tasks.",
            "Groups of six.",
            "SCENARIO-PARAGRAPH-ONE about a desert road.",
            "SCENARIO-PARAGRAPH-TWO about a seizure.",
            "Who must act?",
            "Which rights apply?",
        ):
            assert expected in shown
        whole = handout.independent_text()
        for secret in FACILITATOR_ONLY:
            assert secret not in whole

    def it_puts_the_scenario_on_a_sheet_with_lines_for_notes(self, documents):
        handout, _ = documents
        blocks = handout.section(TITLE)
        headings = [b.text for b in blocks if b.style == "Heading 2"]
        assert headings[-2:] == ["Scenario", "Notes for your group's report"]
        lines = [b for b in blocks if b.style == "Notes Line"]
        assert 5 <= len(lines) <= 40  # the rest of the scenario's page, not a whole page more

    def it_gives_the_running_order_clock_times(self, documents):
        handout, _ = documents
        (table,) = handout.tables(TITLE)
        assert table[1:] == (
            ("10:45–10:55", "Read the scenario", "10"),
            ("10:55–11:25", "Work in groups", "30"),
            ("11:25–11:40", "Report back", "15"),
        )

    def it_heads_a_closings_points_as_next_steps(self, documents):
        handout, _ = documents
        blocks = handout.section("Closing")
        assert [b.text for b in blocks if b.style == "Heading 2"] == ["Next steps"]
        assert "Send the summary" in [b.text for b in blocks]


class DescribeTheGuide:
    def it_adds_brief_answers_findings_and_notes(self, documents):
        _, guide = documents
        shown = "\n".join(texts(guide, TITLE))
        for expected in [*FACILITATOR_ONLY, "SCENARIO-PARAGRAPH-ONE", "Materials: Flip charts"]:
            assert expected in shown
        headings = [b.text for b in guide.section(TITLE) if b.style == "Heading 2"]
        assert headings[:2] == ["Facilitator's brief", "Timing"]
        assert "Expected findings" in headings

    def it_totals_the_timing_and_says_when_steps_fall_short(self, documents):
        _, guide = documents
        (table,) = guide.tables(TITLE)
        assert table[-1][1:] == ("Session total", "55")
        assert "The steps take 55 of the session's 60 minutes." in texts(guide, TITLE)

    def it_cites_the_deck_slides_of_the_session(self, documents):
        _, guide = documents
        line = guide.section(TITLE)[0].text
        assert line.startswith("Day 1 · 10:45–11:45 · 60 minutes · Deck slides ")
