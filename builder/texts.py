"""Rendering the text fields of one file through the sandbox, collecting located errors.

:class:`Texts` is what resolve uses for every text of a module, an outline or a session pack:
a text with ``{{ … }}`` is rendered with the course's values; a problem becomes a located
:class:`~builder.errors.Diagnostic` (file, line, column, key path, suggestion), collected so that
every error of a course is reported at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from jinja2 import TemplateError

from .context import hint_of
from .dating import Dating, ShowAll
from .errors import Diagnostic, KeyPath, format_path
from .load import Document
from .model import Bullet, item_text
from .templating import needs_rendering, render
from .view import BulletLine, NoteCue

if TYPE_CHECKING:
    from .translate import Translations

_translations: ContextVar[Translations | None] = ContextVar("translations", default=None)


@contextmanager
def translating(translations: Translations | None) -> Iterator[None]:
    """Inside the block, every :class:`Texts` shows a field's translation when one is usable
    (see :mod:`builder.translate`), the source text otherwise."""
    token = _translations.set(translations)
    try:
        yield
    finally:
        _translations.reset(token)


def current_translations() -> Translations | None:
    """The translations in use (None while resolving the source-language edition)."""
    return _translations.get()


class Texts:
    """Renders text fields of one file, collecting located template errors."""

    def __init__(self, doc: Document, context: dict[str, Any], errors: list[Diagnostic]):
        self.doc = doc
        self.context = context
        self.errors = errors
        self.active = _translations.get()
        self.translation = self.active.of(doc.name) if self.active is not None else None
        self.recorded: list[tuple[str, str]] = []  # what this file's texts added to ``shown``

    def _entry(self, text: str, path: KeyPath):
        """The usable translation of the text at ``path`` (None: show ``text``); an edition
        records what it shows, so that only shown texts are reported untranslated."""
        if self.active is None:
            return None
        key = format_path(path)
        if (self.doc.name, key) not in self.active.shown:
            self.active.shown.add((self.doc.name, key))
            self.recorded.append((self.doc.name, key))
        return self.translation.usable(key, text) if self.translation else None

    def mark(self) -> int:
        """A point to go back to with :meth:`unshow`."""
        return len(self.recorded)

    def unshow(self, mark: int) -> None:
        """Forget the texts recorded as shown since ``mark``: what they belonged to is not
        shown after all (a slide the course's date empties), so they need no translation."""
        if self.active is not None:
            self.active.shown.difference_update(self.recorded[mark:])
        del self.recorded[mark:]

    def plain(self, text: str | None, path: KeyPath) -> str:
        """The field's translation when one is usable, else ``text``; never rendered."""
        if text is None:
            return ""
        entry = self._entry(text, path)
        return entry.text if entry else text

    def __call__(self, text: str | None, path: KeyPath) -> str:
        if text is None:
            return ""
        entry = self._entry(text, path)
        source = entry.text if entry else text
        if not needs_rendering(source):
            return source
        try:
            return render(source, self.context)
        except TemplateError as exc:
            message = f"template error: {exc.message or exc}"
            hint = hint_of(exc, self.context)
            if entry is None:
                self.fail(path, message, hint, getattr(exc, "lineno", None))
            else:  # the translation's own mistake: at its msgstr in the PO file
                self.errors.append(
                    Diagnostic(
                        self.translation.name,
                        entry.line,
                        1,
                        message,
                        key=format_path(path),
                        hint=hint,
                    )
                )
        except RecursionError:
            self.fail(path, "template error: nesting too deep", None)
        return source

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


def text_path(item: Any, path: KeyPath) -> KeyPath:
    """Key path of the text of a list item at ``path``: a dated mapping's ``text`` is
    transparent (its text keeps the path it had as a plain string), except for a bullet with
    sub-bullets, whose text is at ``….text``."""
    if isinstance(item, Bullet) and item.sub:
        return (*path, "text")
    return path


def bullet_lines(
    t: Texts, items, path: KeyPath, level: int = 0, dating: Dating | None = None
) -> tuple[BulletLine, ...]:
    """The bullets shown (``dating`` holds back those not valid at the course's date)."""
    dating = dating or ShowAll()
    out: list[BulletLine] = []
    for index, item in dating.keep(items):
        if isinstance(item, Bullet):
            out.append(BulletLine(t(item.text, text_path(item, (*path, index))), level))
            out.extend(bullet_lines(t, item.sub, (*path, index, "sub"), level + 1, dating))
        else:
            out.append(BulletLine(t(item, (*path, index)), level))
    return tuple(out)


def points(t: Texts, items, path: KeyPath, dating: Dating | None = None) -> tuple[str, ...]:
    """Key points, examples or objectives shown, plain or dated (``{text: …, from: …}``)."""
    dating = dating or ShowAll()
    return tuple(t(item_text(item), (*path, i)) for i, item in dating.keep(items))


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
