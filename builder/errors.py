"""Located diagnostics and the one exception type the command line prints cleanly.

Every problem found in the input becomes a :class:`Diagnostic` naming the file, line and
column, the key path inside the file (``agenda.days[0].sessions[3].module``) and, where one
can be guessed, a suggestion. Stages collect diagnostics and raise a single
:class:`BuildError` carrying all of them, so an editor sees every problem at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import click

ERROR = "error"
WARNING = "warning"

KeyPath = tuple[str | int, ...]


def format_path(path: KeyPath) -> str:
    """Render a key path the way editors read it: ``agenda.days[0].sessions[3]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The closest of ``choices`` to ``word``, or None when nothing is close."""
    options = sorted(set(choices))
    match = difflib.get_close_matches(str(word), options, n=1, cutoff=0.6)
    if match:
        return match[0]
    # "prisons" → "prisons-radicalisation": a word that opens or names part of an id
    word = str(word).casefold()
    partial = [o for o in options if len(word) >= 4 and word in o.casefold()]
    return partial[0] if len(partial) == 1 else None


def choice_hint(word: str, choices: Iterable[str], noun: str, limit: int = 12) -> str | None:
    """``did you mean 'x'?`` when one choice is close, else the list of valid ``noun``."""
    options = sorted(set(choices))
    close = suggest(word, options)
    if close:
        return f"did you mean {close!r}?"
    if not options:
        return None
    shown = ", ".join(options[:limit]) + (
        f" and {len(options) - limit} more" if len(options) > limit else ""
    )
    return f"the {noun} are: {shown}"


# words editors reach for, and the key the format uses for them
KEY_SYNONYMS: dict[str, tuple[str, ...]] = {
    "notes": ("speaker", "speaker_notes", "presenter_notes", "script", "talk"),
    "minutes": ("duration", "length", "time", "mins", "min"),
    "title": ("name", "heading", "headline", "caption_title"),
    "bullets": ("points", "items", "lines", "content", "body"),
    "summary": ("abstract", "overview", "intro", "introduction"),
    "description": ("about", "details", "summary_text"),
    "key_points": ("takeaways", "key_takeaways", "key_messages", "highlights"),
    "objectives": ("aims", "goals", "learning_objectives", "outcomes"),
    "instructions": ("task", "brief", "steps"),
    "questions": ("discussion", "prompts"),
    "answer": ("model_answer", "solution", "response"),
    "image": ("picture", "photo", "figure", "img"),
    "alt": ("alt_text", "alternative", "description_for_screen_readers"),
    "sub": ("children", "subbullets", "sub_bullets", "nested"),
    "regional": ("regions", "region_blocks", "local"),
    "hosts": ("host", "organisers", "organizers", "partners"),
    "agenda": ("programme", "program", "schedule"),
    "sessions": ("slots", "items_of_day"),
    "skip_slides": ("skip", "omit_slides", "hide_slides", "exclude_slides"),
    "references": ("instruments", "citations", "bibliography"),
    "sources": ("source", "seeds", "backing"),
    "glossary": ("terms", "definitions"),
}


def suggest_key(word: str, choices: Iterable[str]) -> str | None:
    """The allowed key an editor most likely meant by ``word``: a close spelling, a key that
    one of its parts spells (``speaker_note`` → ``notes``), or a usual synonym."""
    options = sorted(set(choices))
    close = suggest(word, options)
    if close:
        return close
    folded = str(word).casefold().replace("-", "_").replace(" ", "_")
    for key, synonyms in KEY_SYNONYMS.items():
        if key in options and folded in synonyms:
            return key
    for part in reversed([p for p in folded.split("_") if len(p) >= 3]):
        match = difflib.get_close_matches(part, options, n=1, cutoff=0.75)
        if match:
            return match[0]
        for key, synonyms in KEY_SYNONYMS.items():
            if key in options and part in synonyms:
                return key
    return None


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one input file."""

    file: str
    line: int
    column: int
    message: str
    severity: str = ERROR
    key: str = ""
    hint: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        text = (
            f"{where}: {self.severity}: {self.message}"
            if where
            else f"{self.severity}: {self.message}"
        )
        if self.key:
            text += f" (at {self.key})"
        if self.hint:
            text += f"; {self.hint}"
        return text

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "key": self.key,
            "message": self.message,
            "hint": self.hint,
        }


class BuildError(click.ClickException):
    """Bad input or a failed build. Carries every diagnostic found; exits with status 1."""

    exit_code = 1

    def __init__(self, diagnostics: Sequence[Diagnostic] | str):
        if isinstance(diagnostics, str):
            diagnostics = [Diagnostic("", 0, 0, diagnostics)]
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    def __reduce__(self):  # keep the diagnostics when crossing a process boundary
        return (type(self), (self.diagnostics,))

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:  # noqa: D102 - click hook
        if file is not None:
            click.echo(self.format_message(), file=file)
            return
        from .console import print_diagnostics

        print_diagnostics(self.diagnostics)


class Reporter:
    """Collects diagnostics for one file; ``raise_if_errors`` stops once at the end."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []

    def add(self, diagnostic: Diagnostic) -> None:
        self.diagnostics.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics.extend(diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == WARNING]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise BuildError(sorted(self.errors))


def relative(path: Path, root: Path) -> str:
    """``path`` relative to the project root when inside it, else as given. A link keeps
    the name it has in the project, wherever it leads (or if it loops)."""
    root = root.resolve()
    if ".." not in path.parts:
        try:
            return path.absolute().relative_to(root).as_posix()
        except ValueError:
            pass
    try:
        return path.resolve().relative_to(root).as_posix()
    except (ValueError, OSError, RuntimeError):
        return str(path)
