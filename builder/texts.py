"""Rendering the text fields of one file through the sandbox, collecting located errors.

:class:`Texts` is what resolve uses for every text of a module, an outline or a session pack:
a text with ``{{ … }}`` is rendered with the course's values; a problem becomes a located
:class:`~builder.errors.Diagnostic` (file, line, column, key path, suggestion), collected so that
every error of a course is reported at once.
"""

from __future__ import annotations

from typing import Any

from jinja2 import TemplateError

from .context import hint_of
from .errors import Diagnostic, KeyPath, format_path
from .load import Document
from .model import Bullet
from .templating import needs_rendering, render
from .view import BulletLine, NoteCue


class Texts:
    """Renders text fields of one file, collecting located template errors."""

    def __init__(self, doc: Document, context: dict[str, Any], errors: list[Diagnostic]):
        self.doc = doc
        self.context = context
        self.errors = errors

    def __call__(self, text: str | None, path: KeyPath) -> str:
        if text is None:
            return ""
        if not needs_rendering(text):
            return text
        try:
            return render(text, self.context)
        except TemplateError as exc:
            message = f"template error: {exc.message or exc}"
            self.fail(path, message, hint_of(exc, self.context), getattr(exc, "lineno", None))
        except RecursionError:
            self.fail(path, "template error: nesting too deep", None)
        return text

    def fail(
        self, path: KeyPath, message: str, hint: str | None, lineno: int | None = None
    ) -> None:
        """Record an error at ``path``; inside a ``|`` or ``>`` block, at the block's line
        ``lineno`` of the template when it is known."""
        if path in self.doc.blocks and lineno:
            line, col = self.doc.blocks[path]
            line += lineno - 1
        else:
            line, col = self.doc.where(path)
        self.errors.append(
            Diagnostic(self.doc.name, line, col, message, key=format_path(path), hint=hint)
        )

    def many(self, items, path: KeyPath) -> tuple[str, ...]:
        return tuple(self(t, (*path, i)) for i, t in enumerate(items))


def bullet_lines(t: Texts, items, path: KeyPath, level: int = 0) -> tuple[BulletLine, ...]:
    out: list[BulletLine] = []
    for index, item in enumerate(items):
        if isinstance(item, Bullet):
            out.append(BulletLine(t(item.text, (*path, index, "text")), level))
            out.extend(bullet_lines(t, item.sub, (*path, index, "sub"), level + 1))
        else:
            out.append(BulletLine(t(item, (*path, index)), level))
    return tuple(out)


def notes_and_cues(t: Texts, value, path: KeyPath) -> tuple[str, tuple[NoteCue, ...]]:
    """Speaker notes as text (cues' texts as paragraphs) and as cues (empty for plain text)."""
    if value is None:
        return "", ()
    if isinstance(value, str):
        return t(value, path), ()
    cues = tuple(
        NoteCue(cue.kind, t(cue.text, (*path, i, cue.kind))) for i, cue in enumerate(value)
    )
    return "\n\n".join(cue.text for cue in cues), cues
