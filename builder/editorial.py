"""Editorial rules of ``courses/policy.yaml`` that look at wording and at whole decks.

- ``module.slide_text_avoid``: phrases that address the facilitator and so must not appear in
  what participants see (slide texts, case studies, activities, key points, objectives);
- ``module.notes_avoid``: phrases speaker notes must not use (notes speak as the trainer);
- ``workshop.unique_slide_titles``: no two authored slides of one deck share a title, at the
  course's date (skipped and held-back slides left out);
- ``workshop.takeaways``: how many key takeaways a module shows in one course (its key points
  valid at the course's date, with the region's examples).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from .dating import reference_date, valid_at, window
from .errors import WARNING, Diagnostic, KeyPath
from .model import Module, ModuleSession

if TYPE_CHECKING:
    from .load import Document
    from .policy import Policy
    from .project import Project

# what participants see of a module, and what is for the trainer only
SHOWN = ("slides", "activities", "key_points", "objectives", "summary")
NOTES = ("notes", "facilitator_notes")
NOT_SHOWN = frozenset({"notes", "answer", "sources", "path", "layout", "number_format"})


def texts(value: Any, path: KeyPath, skip: frozenset[str] = NOT_SHOWN) -> Iterator[tuple]:
    """(key path, text) of every text in ``value``, leaving out fields named in ``skip``."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in skip:
                yield from texts(getattr(value, name), (*path, name), skip)
    elif isinstance(value, str):
        yield path, value
    elif isinstance(value, (list, tuple)):
        for index, child in enumerate(value):
            yield from texts(child, (*path, index), skip)
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from texts(child, (*path, key), skip)


def _notes(module: Module) -> Iterator[tuple]:
    for s, slide in enumerate(module.slides):
        yield from texts(slide.notes, ("slides", s, "notes"), frozenset())
    yield from texts(module.facilitator_notes, ("facilitator_notes",), frozenset())
    for region, block in module.regional.items():
        rp = ("regional", region)
        yield from texts(block.notes, (*rp, "notes"), frozenset())
        for s, slide in enumerate(block.slides):
            yield from texts(slide.notes, (*rp, "slides", s, "notes"), frozenset())
        for c, case in enumerate(block.case_studies):
            yield from texts(case.notes, (*rp, "case_studies", c, "notes"), frozenset())


def _shown(module: Module) -> Iterator[tuple]:
    for name in SHOWN:
        yield from texts(getattr(module, name), (name,))
    for region, block in module.regional.items():
        yield from texts(block, ("regional", region))


def _phrase(phrases: list[str]) -> re.Pattern | None:
    if not phrases:
        return None
    words = "|".join(re.escape(p) for p in phrases)
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


def check_wording(policy: Policy, module: Module, doc: Document) -> list[Diagnostic]:
    """Facilitator-addressed slide text and phrases the notes must not use."""
    out = []
    severity = WARNING if policy.severity == "warning" else "error"
    rules = (
        (policy.module.slide_text_avoid, _shown(module), "participants see", "address them"),
        (policy.module.notes_avoid, _notes(module), "speaker notes", "speak as the trainer"),
    )
    for phrases, found, where, instead in rules:
        pattern = _phrase(phrases)
        if pattern is None:
            continue
        for path, text in found:
            match = pattern.search(text)
            if match:
                out.append(
                    doc.diagnostic(
                        path,
                        f"{where} should not say {match.group(0)!r}",
                        hint=f"rewrite it to {instead}; see courses/policy.yaml",
                        severity=severity,
                    )
                )
    return out


def check_decks(policy: Policy, project: Project) -> list[Diagnostic]:
    """Unique authored slide titles per deck, and key takeaways per module, per course."""
    out: list[Diagnostic] = []
    rules = policy.workshop
    severity = WARNING if policy.severity == "warning" else "error"
    for course_id, course in sorted(project.courses.items()):
        when = reference_date(course)
        seen: dict[str, str] = {}
        chain = project.region_chain(course.region)
        for day in course.agenda.days:
            for session in day.sessions:
                module = project.modules.get(getattr(session, "module", None) or "")
                if module is None:
                    continue
                doc = project.module_docs[module.id]
                region = next((r for r in chain if r in module.regional), None)
                if rules.unique_slide_titles:
                    found = _titles(project, module, doc, session, region, when, seen)
                    out += [
                        doc.diagnostic(
                            (*path, "title"),
                            f"the {course_id} deck already has a slide titled {title!r} ({first})",
                            hint="give each slide a title of its own; see courses/policy.yaml",
                            severity=severity,
                        )
                        for path, title, first in found
                    ]
                if rules.takeaways is not None:
                    count = _takeaways(project, module, region, when)
                    problem = rules.takeaways.breach(count, "key takeaways")
                    if problem:
                        message = f"in {course_id} the module shows {problem}"
                        hint = "date or merge key points; see courses/policy.yaml"
                        out.append(
                            doc.diagnostic(("key_points",), message, hint=hint, severity=severity)
                        )
    return out


def _shown_at(project: Project, item: Any, when) -> bool:
    instruments = {i.id: i for i in project.instruments.instruments} if project.instruments else {}
    return valid_at(*window(item, instruments), when)


def _titles(project, module, doc, session: ModuleSession, region, when, seen) -> list[tuple]:
    """(path, title, where it came first) of each slide whose title the deck already has."""
    out = []
    slides = [(("slides", i), s) for i, s in enumerate(module.slides)]
    if region is not None:
        rp = ("regional", region, "slides")
        slides += [((*rp, i), s) for i, s in enumerate(module.regional[region].slides)]
    slides += [(("activities", i), a) for i, a in enumerate(module.activities)]
    skip = set(session.skip_slides)
    for path, item in slides:
        if item.title in skip or not _shown_at(project, item, when):
            continue
        key = item.title.casefold()
        if key in seen:
            out.append((path, item.title, seen[key]))
        else:
            seen[key] = f"module {module.id!r}"
    return out


def _takeaways(project, module: Module, region, when) -> int:
    points = [k for k in module.key_points if _shown_at(project, k, when)]
    if region is not None:
        points += [e for e in module.regional[region].examples if _shown_at(project, e, when)]
    return len(points)
