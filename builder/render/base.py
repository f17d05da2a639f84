"""The one small interface every renderer implements.

A renderer receives a :class:`RenderContext` (the resolved course, its planned deck and its
theme) and returns the artefact's bytes. It never sees YAML, never writes files: the writer
stage makes the bytes reproducible and writes them atomically.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Protocol

from ..theme import Theme
from ..thumbnails import Thumbnails
from ..view import CourseView, SlideView


@dataclass(frozen=True)
class RenderContext:
    course: CourseView
    deck: tuple[SlideView, ...]  # numbered slides, shared by the deck and the guide
    theme: Theme
    thumbnails: Thumbnails | None = None  # pictures of the built deck (build --thumbnails)


class Renderer(Protocol):
    format: str  # "deck", "handout", "guide", "evaluation", "sign-in", "certificate"
    suffix: str  # ".pptx", ".docx"

    def render(self, ctx: RenderContext) -> bytes: ...


# format → "module:ClassName"; imported lazily so `check` never loads python-pptx/docx.
FORMATS: dict[str, str] = {
    "deck": "builder.deck.render:DeckRenderer",
    "handout": "builder.render.handout:HandoutRenderer",
    "guide": "builder.render.guide:GuideRenderer",
    "evaluation": "builder.render.forms:EvaluationRenderer",
    "sign-in": "builder.render.forms:SignInRenderer",
    "certificate": "builder.render.forms:CertificateRenderer",
}


def get_renderer(fmt: str) -> Renderer:
    module_name, _, class_name = FORMATS[fmt].partition(":")
    return getattr(importlib.import_module(module_name), class_name)()


def output_name(course_id: str, renderer: Renderer, language: str | None = None) -> str:
    """``<id>-deck.pptx`` for the source-language edition, ``<id>-deck.fr.pptx`` for another."""
    edition = f".{language}" if language else ""
    return f"{course_id}-{renderer.format}{edition}{renderer.suffix}"
