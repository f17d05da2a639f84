"""The repository's four workshop decks (and the fixture's) meet the bar of a trainer-ready
deck: a slide for every agenda item, continuation slides only for content that does not fit,
bodies at least a third full, a quarter of content slides beyond bullets, no two notes alike."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest
from pptx import Presentation

from builder.build import build
from builder.deck.fit import paras
from builder.deck.layouts import layout_name, slots
from builder.deck.plan import Planner
from builder.project import load_project
from builder.resolve import resolve_course

from conftest import REPO

FRAME = ("title", "agenda", "section", "break", "closing")


def planned(root: Path):
    project = load_project(root)
    project.report.raise_if_errors()
    for course_id in sorted(project.courses):
        view = resolve_course(project, course_id)
        planner = Planner(view, project.theme(view.theme))
        yield course_id, view, planner, planner.plan()


@pytest.fixture(scope="module")
def repo_decks():
    return list(planned(REPO))


def body(planner: Planner, slide):
    layout = planner.metrics.layout(layout_name(planner.theme, slide.kind, slide.layout))
    return dict(zip(slots(slide.layout), layout.boxes, strict=False))["body"]


class DescribeTheRepositoryDecks:
    def it_gives_every_agenda_item_a_slide(self, repo_decks):
        for course_id, view, _, deck in repo_decks:
            covered = {s.session for s in deck}
            missing = [s.title for s in view.sessions if (s.day, s.index) not in covered]
            assert not missing, (course_id, missing)
            breaks = [s for s in deck if s.kind == "break"]
            assert breaks and all(s.subtitle.startswith("Back at ") for s in breaks)

    def it_names_modules_as_the_handout_does(self, repo_decks):
        for _, view, _, deck in repo_decks:
            sections = [s for s in deck if s.kind == "section"]
            total = len(view.modules)
            assert [s.subtitle.split(" · ")[0] for s in sections] == [
                f"Module {n} of {total}" for n in range(1, total + 1)
            ]
            assert not any("Session " in s.subtitle for s in sections)

    def it_continues_bullets_only_when_they_do_not_fit(self, repo_decks):
        for course_id, _, planner, deck in repo_decks:
            runs: dict[int, list] = {}
            first = None
            for slide in deck:
                if not slide.continued:
                    first = slide
                elif slide.layout == "content" and first.layout == "content":
                    runs.setdefault(first.number, [first]).append(slide)
            for run in runs.values():
                box = body(planner, run[0])
                everything = [b for s in run for b in s.bullets]
                assert not box.fits(paras(everything), planner.max_lines), (course_id, run[0].title)
                # balanced: no page of a single bullet when others hold several
                sizes = [len(s.bullets) for s in run]
                assert min(sizes) > 1 or max(sizes) == 1, (course_id, run[0].title, sizes)

    def it_fills_a_third_of_every_bullet_body(self, repo_decks):
        for course_id, _, planner, deck in repo_decks:
            for slide in deck:
                if slide.layout == "content" and slide.kind not in FRAME:
                    fill = body(planner, slide).fill(paras(slide.bullets))
                    assert fill >= 1 / 3, (course_id, slide.number, slide.title, round(fill, 2))

    def it_uses_more_than_bullets_on_a_quarter_of_content_slides(self, repo_decks):
        for course_id, _, _, deck in repo_decks:
            content = [s for s in deck if s.kind not in FRAME]
            richer = [s for s in content if s.layout != "content"]
            assert len(richer) >= 0.25 * len(content), (course_id, len(richer), len(content))

    def it_writes_no_two_notes_alike(self, repo_decks):
        for course_id, _, _, deck in repo_decks:
            counts = collections.Counter(s.notes for s in deck)
            assert [n[:60] for n, c in counts.items() if c > 1] == [], course_id


def built_notes(root: Path, out: Path) -> dict[str, list[str]]:
    build(root, formats=["deck"], out_dir=out, force=True)
    notes = {}
    for path in sorted(out.glob("*/*-deck.pptx")):
        prs = Presentation(path)
        notes[path.stem] = [s.notes_slide.notes_text_frame.text for s in prs.slides]
    return notes


@pytest.mark.parametrize("which", ["repository", "fixture"])
def test_no_two_notes_in_a_built_deck_are_equal(which, tmp_path, make_project):
    root = REPO if which == "repository" else make_project()
    for deck, notes in built_notes(root, tmp_path / "dist").items():
        assert all(n.strip() for n in notes), deck
        repeated = [n[:80] for n, c in collections.Counter(notes).items() if c > 1]
        assert repeated == [], deck
