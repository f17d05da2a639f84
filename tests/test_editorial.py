"""Editorial rules of courses/policy.yaml that read wording and whole decks (issue 12)."""

from __future__ import annotations

from click.testing import CliRunner

from builder.cli import cli

from conftest import module_data

POLICY = (
    "module:\n  slide_text_avoid: [the facilitator]\n  notes_avoid: [our sources]\n"
    "workshop:\n  unique_slide_titles: true\n  takeaways: {max: 2}\n"
)


def check(root) -> str:
    result = CliRunner().invoke(cli, ["check", "--strict", "--root", str(root)])
    assert result.exit_code != 0
    return result.output


def test_slide_text_must_not_address_the_facilitator(make_project):
    data = module_data()
    activity = dict(data["activities"][0], instructions="The facilitator closes the session.")
    root = make_project(module={"activities": [activity]}, files={"courses/policy.yaml": POLICY})
    out = check(root)
    assert "participants see should not say 'The facilitator'" in out
    assert "nexus-basics.yaml:" in out and "(at activities[0].instructions)" in out


def test_notes_speak_as_the_trainer(make_project):
    slides = module_data()["slides"]
    slides[0] = dict(slides[0], notes="As our sources say, groups coexist, cooperate or merge.")
    root = make_project(module={"slides": slides}, files={"courses/policy.yaml": POLICY})
    assert "speaker notes should not say 'our sources'" in check(root)


def test_no_two_slides_of_a_deck_share_a_title(make_project):
    # the fixture's second module repeats the first one's slides
    out = check(make_project(files={"courses/policy.yaml": POLICY}))
    assert "the sahel-2017 deck already has a slide titled 'Forms of interaction' " in out
    assert "second-module.yaml" in out


def test_a_held_back_slide_does_not_count_as_a_duplicate(make_project):
    slides = module_data()["slides"]
    dated = [dict(s, **{"from": "2019-01"}) for s in slides]
    policy = "workshop:\n  unique_slide_titles: true\n"
    root = make_project(module={"slides": dated}, files={"courses/policy.yaml": policy})
    result = CliRunner().invoke(cli, ["check", "--root", str(root)])
    assert "slide titled 'Forms of interaction'" not in result.output, result.output


def test_takeaways_are_counted_at_the_course_date_with_the_regions_examples(make_project):
    out = check(make_project(files={"courses/policy.yaml": POLICY}))
    assert "in sahel-2017 the module shows 3 key takeaways; the policy asks for at most 2" in out
    points = ["Groups coexist", {"text": "Resolution 2482 matters", "from": "2019-07"}]
    root = make_project(module={"key_points": points}, files={"courses/policy.yaml": POLICY})
    result = CliRunner().invoke(cli, ["check", "--root", str(root)])
    assert "key takeaways" not in result.output, result.output
