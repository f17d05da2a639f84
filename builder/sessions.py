"""Resolve the content of plain sessions: session pack, then region, then the outline's own.

An opening, panel, exercise or closing may ``use:`` a session pack from ``courses/sessions/``;
the pack's ``regional:`` block for the course's region (or a broader region it is part of)
adds to it, and the outline's own keys add last: lists are appended in that order, and so
are the paragraphs of the facilitator's ``brief`` (a region's cues follow the pack's general
brief); any other text given later replaces the one before. Every text is rendered with the
course's values and located in the file it came from.
"""

from __future__ import annotations

from typing import Any

from .dating import Dating
from .errors import KeyPath
from .model import Person, PlainSession, Prompt, SessionContent
from .project import Project
from .texts import Texts, bullet_lines
from .view import PersonView, PromptView, SessionContentView, StepView

LISTS = ("aims", "points", "questions", "expected", "steps")
TEXTS = ("task", "groups", "scenario", "brief", "notes")
ADDED = ("brief",)  # texts whose later layers add paragraphs instead of replacing


def _layer(
    t: Texts, content: SessionContent, path: KeyPath, dating: Dating | None = None
) -> dict[str, Any]:
    """One source of content (pack, regional block or outline) rendered to view values; dated
    points not valid at the course's date are held back."""
    return {
        "aims": t.many(content.aims, (*path, "aims")),
        "points": bullet_lines(t, content.points, (*path, "points"), dating=dating),
        "questions": tuple(
            PromptView(
                t(q.question, (*path, "questions", i, "question")),
                t(q.answer, (*path, "questions", i, "answer")),
            )
            if isinstance(q, Prompt)
            else PromptView(t(q, (*path, "questions", i)))
            for i, q in enumerate(content.questions)
        ),
        "expected": t.many(content.expected, (*path, "expected")),
        "steps": tuple(
            StepView(step.minutes, t(step.text, (*path, "steps", i, "text")))
            for i, step in enumerate(content.steps)
        ),
        **{name: t(getattr(content, name), (*path, name)) for name in TEXTS},
    }


def _person(t: Texts, person: Person, path: KeyPath) -> PersonView:
    return PersonView(
        t(person.name, (*path, "name")),
        t(person.role, (*path, "role")),
        t(person.organisation, (*path, "organisation")),
    )


def session_content(
    project: Project,
    course_t: Texts,
    session: PlainSession,
    path: KeyPath,
    region_chain: list[str],
    dating: Dating | None = None,
) -> tuple[SessionContentView, str | None, tuple[str, ...]]:
    """The merged content of one plain session of the outline that ``course_t`` renders, the
    pack's default title (if any) and the pack's materials."""
    context, errors = course_t.context, course_t.errors
    layers: list[dict[str, Any]] = []
    title = None
    materials: tuple[str, ...] = ()
    pack = project.packs.get(session.use) if session.use else None
    if pack is not None:
        pack_t = Texts(project.pack_docs[pack.id], context, errors)
        layers.append(_layer(pack_t, pack, (), dating))
        title = pack_t(pack.title, ("title",)) or None
        materials = pack_t.many(pack.materials, ("materials",))
        region = next((r for r in region_chain if r in pack.regional), None)
        if region is not None:
            layers.append(_layer(pack_t, pack.regional[region], ("regional", region), dating))
    layers.append(_layer(course_t, session, path, dating))
    merged: dict[str, Any] = {name: () for name in LISTS} | {name: "" for name in TEXTS}
    for layer in layers:
        for name in LISTS:
            merged[name] = merged[name] + layer[name]
        for name in TEXTS:
            if name in ADDED:
                merged[name] = "\n\n".join(t for t in (merged[name], layer[name]) if t)
            else:
                merged[name] = layer[name] or merged[name]
    view = SessionContentView(
        **merged,
        moderator=_person(course_t, session.moderator, (*path, "moderator"))
        if session.moderator
        else None,
        panellists=tuple(
            _person(course_t, p, (*path, "panellists", i)) for i, p in enumerate(session.panellists)
        ),
        contacts=tuple(
            _person(course_t, p, (*path, "contacts", i)) for i, p in enumerate(session.contacts)
        ),
        pack=pack.id if pack else None,
    )
    return view, title, materials
