"""``course-builder new``: write commented skeletons that pass ``check`` as they are."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import BuildError, choice_hint
from .model import ID_PATTERN
from .project import COURSES, MODULES, WORKSHOPS, load_project

MODULE_SKELETON = """\
# yaml-language-server: $schema=../../schemas/module.schema.json
# A shared module. See docs/authoring.md for every field.
id: {id}
title: {title}
version: "0.1"
minutes: 60                 # session length, activities included
summary: |
  One or two paragraphs for the participant handout: what the module covers and why it
  matters. Replace this text.
objectives:
  - Replace with what participants will be able to do
key_points:
  - Replace with a key takeaway
slides:
  - title: Replace with the first slide title
    bullets:
      - First point
      - text: Second point
        sub:
          - A detail under the second point
    notes: |
      What the trainer says on this slide.
activities:
  - title: Discussion
    kind: discussion
    minutes: 15
    instructions: Replace with what participants do.
    questions:
      - question: Replace with a question for the room
        answer: Replace with the model answer (facilitator guide only).
sources:
  - document: {source}
    backs: Replace with which facts this document backs.
"""

COURSE_SKELETON = """\
# yaml-language-server: $schema=../../schemas/course.schema.json
# A workshop outline. See docs/authoring.md for every field.
id: {id}
title: {title}
region: {region}
city: Replace with the city
country: Replace with the country
dates:
  month: "{month}"           # or start: 2026-03-02 and end: 2026-03-03
hosts:
  - name: Replace with the hosting organisation
    role: host
agenda:
  days:
    - start: "09:00"
      end: "17:00"
      sessions:
        - item: opening
          minutes: 30
{module_line}        - item: closing
          minutes: 15
"""


def _check_id(kind: str, value: str) -> None:
    if not re.match(ID_PATTERN, value):
        raise BuildError(
            f"{value!r} is not a valid {kind} id: use lower-case letters, digits and "
            f"single hyphens, e.g. 'human-trafficking'"
        )


def _target(root: Path, folder: str, value: str) -> Path:
    path = root / COURSES / folder / f"{value}.yaml"
    if path.exists():
        raise BuildError(f"{path.relative_to(root)} already exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _title(value: str) -> str:
    return value.replace("-", " ").capitalize()


def new_module(root: Path, module_id: str) -> Path:
    _check_id("module", module_id)
    project = load_project(root)
    sources = [d.id for d in project.sources.documents] if project.sources else []
    if not sources:
        raise BuildError("courses/sources.yaml lists no source documents for the module to cite")
    path = _target(root, MODULES, module_id)
    path.write_text(
        MODULE_SKELETON.format(id=module_id, title=_title(module_id), source=sources[0]),
        encoding="utf-8",
    )
    return path


def new_course(root: Path, course_id: str, region: str) -> Path:
    _check_id("course", course_id)
    project = load_project(root)
    regions = project.region_ids
    if region not in regions:
        hint = choice_hint(region, regions, "regions") or "add regions to courses/regions.yaml"
        raise BuildError(f"unknown region {region!r}; {hint}")
    module_line = ""
    if project.modules:
        first = sorted(project.modules)[0]
        module_line = f"        - module: {first}\n"
    path = _target(root, WORKSHOPS, course_id)
    path.write_text(
        COURSE_SKELETON.format(
            id=course_id,
            title=_title(course_id),
            region=region,
            month="2026-01",
            module_line=module_line,
        ),
        encoding="utf-8",
    )
    return path
