"""Renderers: one per artefact, all behind :class:`builder.render.base.Renderer`."""

from .base import FORMATS, RenderContext, Renderer, get_renderer

__all__ = ["FORMATS", "RenderContext", "Renderer", "get_renderer"]
