"""Structural minimums of the course library in ``courses/``.

Every file must load and validate against the typed model, and the content must meet the
programme's authoring rules: enough objectives, slides, activities and regional material in each
module, and four two-day regional workshops that between them use every module at least twice.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from builder.load import load_file
from builder.model import (
    Course,
    Module,
    ModuleSession,
    PlainSession,
    RegionsFile,
    Slide,
    SourcesFile,
)

ROOT = Path(__file__).resolve().parent.parent
COURSES = ROOT / "courses"
MODULE_FILES = sorted((COURSES / "modules").glob("*.yaml"))
WORKSHOP_FILES = sorted((COURSES / "workshops").glob("*.yaml"))

WORKSHOP_REGIONS = {"west-africa-sahel", "balkans", "southeast-south-asia", "horn-east-africa"}
REQUIRED_ITEMS = {"opening", "closing", "break", "lunch", "panel", "exercise"}
DAY_START, DAY_END = "09:00", "17:30"


# --------------------------------------------------------------------------- helpers


def _data(path: Path):
    return load_file(path, str(path.relative_to(ROOT))).data


def _words(text: str | None) -> int:
    return len((text or "").split())


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


@cache
def load_module(path: Path) -> Module:
    return Module.model_validate(_data(path))


@cache
def load_course(path: Path) -> Course:
    return Course.model_validate(_data(path))


@cache
def source_ids() -> frozenset[str]:
    catalogue = SourcesFile.model_validate(_data(COURSES / "sources.yaml"))
    return frozenset(document.id for document in catalogue.documents)


def all_modules() -> dict[str, Module]:
    return {p.stem: load_module(p) for p in MODULE_FILES}


def all_courses() -> dict[str, Course]:
    return {p.stem: load_course(p) for p in WORKSHOP_FILES}


def has_visual(slide: Slide) -> bool:
    return any(getattr(slide, name) for name in ("table", "chart", "quote", "image"))


def sessions(course: Course) -> list[ModuleSession | PlainSession]:
    return [session for day in course.agenda.days for session in day.sessions]


def module_sessions(course: Course) -> list[ModuleSession]:
    return [s for s in sessions(course) if isinstance(s, ModuleSession)]


def plain_items(course: Course) -> set[str]:
    return {s.item for s in sessions(course) if isinstance(s, PlainSession)}


def session_minutes(session: ModuleSession | PlainSession, modules: dict[str, Module]) -> int:
    if isinstance(session, ModuleSession):
        return session.minutes or modules[session.module].minutes
    return session.minutes


# --------------------------------------------------------------------------- every file


@pytest.mark.parametrize(
    "path",
    sorted(COURSES.rglob("*.yaml")),
    ids=lambda p: str(p.relative_to(COURSES)),
)
def test_every_file_validates(path: Path) -> None:
    folder = path.parent.name
    if path == COURSES / "regions.yaml":
        RegionsFile.model_validate(_data(path))
    elif path == COURSES / "sources.yaml":
        SourcesFile.model_validate(_data(path))
    elif folder == "modules":
        assert load_module(path).id == path.stem
    elif folder == "workshops":
        assert load_course(path).id == path.stem
    else:
        pytest.fail(f"unexpected file in courses/: {path.relative_to(COURSES)}")


# --------------------------------------------------------------------------- modules


def test_library_has_at_least_nine_modules() -> None:
    assert len(MODULE_FILES) >= 9, _ids(MODULE_FILES)


@pytest.mark.parametrize("path", MODULE_FILES, ids=_ids(MODULE_FILES))
def test_module_objectives_key_points_and_summary(path: Path) -> None:
    module = load_module(path)
    assert 3 <= len(module.objectives) <= 5
    assert 5 <= len(module.key_points) <= 10
    assert 150 <= _words(module.summary) <= 300


@pytest.mark.parametrize("path", MODULE_FILES, ids=_ids(MODULE_FILES))
def test_module_slides(path: Path) -> None:
    module = load_module(path)
    assert len(module.slides) >= 6
    for slide in module.slides:
        low = 0 if has_visual(slide) else 3
        assert low <= len(slide.bullets) <= 6, f"{slide.title!r}: {len(slide.bullets)} bullets"
        assert 60 <= _words(slide.notes) <= 150, f"{slide.title!r}: {_words(slide.notes)} words"


@pytest.mark.parametrize("path", MODULE_FILES, ids=_ids(MODULE_FILES))
def test_module_activities(path: Path) -> None:
    module = load_module(path)
    assert module.activities
    for activity in module.activities:
        assert len(activity.questions) >= 3, activity.title
        assert all(q.answer.strip() for q in activity.questions), activity.title


@pytest.mark.parametrize("path", MODULE_FILES, ids=_ids(MODULE_FILES))
def test_module_glossary_references_and_sources(path: Path) -> None:
    module = load_module(path)
    assert module.glossary
    assert module.references
    cited = {s.document for s in module.sources}
    assert cited & source_ids(), f"no known source among {sorted(cited)}"


def test_five_modules_have_case_studies_for_every_workshop_region() -> None:
    def covers_all(module: Module) -> bool:
        return all(
            region in module.regional and module.regional[region].case_studies
            for region in WORKSHOP_REGIONS
        )

    covering = [name for name, module in all_modules().items() if covers_all(module)]
    assert len(covering) >= 5, covering


def test_library_has_a_chart_and_a_table() -> None:
    slides = [slide for module in all_modules().values() for slide in module.slides]
    assert any(slide.chart for slide in slides)
    assert any(slide.table for slide in slides)


# --------------------------------------------------------------------------- workshops


def test_four_workshops_in_distinct_workshop_regions() -> None:
    regions = [course.region for course in all_courses().values()]
    assert len(regions) == 4, regions
    assert set(regions) == WORKSHOP_REGIONS


def test_every_module_is_used_by_two_workshops() -> None:
    uses = Counter(
        name
        for course in all_courses().values()
        for name in {s.module for s in module_sessions(course)}
    )
    unused = {name: uses[name] for name in all_modules() if uses[name] < 2}
    assert not unused, f"modules used by fewer than two workshops: {unused}"


@pytest.mark.parametrize("path", WORKSHOP_FILES, ids=_ids(WORKSHOP_FILES))
def test_workshop_agenda(path: Path) -> None:
    course = load_course(path)
    modules = all_modules()
    assert len(course.agenda.days) == 2
    missing = REQUIRED_ITEMS - plain_items(course)
    assert not missing, f"missing session items: {sorted(missing)}"
    unknown = {s.module for s in module_sessions(course)} - modules.keys()
    assert not unknown, f"unknown modules: {sorted(unknown)}"


@pytest.mark.parametrize("path", WORKSHOP_FILES, ids=_ids(WORKSHOP_FILES))
def test_workshop_days_fit_the_working_day(path: Path) -> None:
    course = load_course(path)
    modules = all_modules()
    for number, day in enumerate(course.agenda.days, start=1):
        start = _minutes(day.start)
        finish = start + sum(session_minutes(s, modules) for s in day.sessions)
        late = finish - _minutes(DAY_END)
        assert start >= _minutes(DAY_START), f"day {number} starts before {DAY_START}"
        assert late <= 0, f"day {number} runs {late} min past {DAY_END}"
