"""Themes: folders under ``templates/`` holding office templates and Jinja2 text templates.

A theme's ``theme.yaml`` names its files, maps roles (``title``, ``section``, ``content`` …)
to layout names in the deck template and to style names in the Word templates, and may
``extends:`` another theme. Lookup goes child first, then its parents, so a branded theme
can override one template or one layout name and inherit the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .errors import BuildError, Diagnostic, relative, suggest
from .inputs import input_exists
from .load import load_file
from .model import ThemeFile
from .validate import pydantic_diagnostics

THEMES_DIR = "templates"


@dataclass(frozen=True)
class Theme:
    """A theme with its ``extends`` chain flattened (child first)."""

    name: str
    chain: tuple[Path, ...]  # theme folders, child first
    files: dict[str, Path] = field(default_factory=dict)  # deck/handout/guide → file
    layouts: dict[str, str] = field(default_factory=dict)
    styles: dict[str, str] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    # (shown name, sha256) of each theme.yaml along the chain: inputs of every artefact
    specs: tuple[tuple[str, str], ...] = ()

    def file(self, role: str) -> Path:
        """The office template for ``role`` (``deck``, ``handout``, ``guide``)."""
        if role not in self.files:
            raise BuildError(f"theme {self.name!r} provides no {role} template")
        return self.files[role]

    def text_template(self, name: str) -> Path | None:
        """The first ``name`` (e.g. ``handout-welcome.md.j2``) along the chain."""
        for folder in self.chain:
            candidate = folder / name
            if input_exists(candidate):
                return candidate
        return None

    def layout(self, role: str, default: str | None = None) -> str:
        return self.layouts.get(role, default or role)

    def style(self, role: str, default: str | None = None) -> str:
        return self.styles.get(role, default or role)


def theme_names(root: Path) -> list[str]:
    base = root / THEMES_DIR
    return sorted(p.parent.name for p in base.glob("*/theme.yaml")) if base.is_dir() else []


def load_theme(root: Path, name: str) -> Theme:
    """Load theme ``name`` from ``root/templates`` with its parents."""
    chain: list[tuple[Path, ThemeFile, Any]] = []
    seen: set[str] = set()
    current: str | None = name
    while current:
        if current in seen:
            raise BuildError(f"themes extend each other in a loop: {' → '.join([*seen, current])}")
        seen.add(current)
        folder = root / THEMES_DIR / current
        spec = folder / "theme.yaml"
        shown = relative(spec, root)
        if not spec.is_file():
            hint = suggest(current, theme_names(root))
            raise BuildError(
                [
                    Diagnostic(
                        shown,
                        0,
                        0,
                        f"theme {current!r} not found",
                        hint=f"did you mean {hint!r}?" if hint else None,
                    )
                ]
            )
        doc = load_file(spec, shown)
        try:
            parsed = ThemeFile.model_validate(doc.data)
        except ValidationError as exc:
            raise BuildError(pydantic_diagnostics(exc, doc, ThemeFile)) from None
        chain.append((folder, parsed, doc))
        current = parsed.extends
    files: dict[str, Path] = {}
    layouts: dict[str, str] = {}
    styles: dict[str, str] = {}
    options: dict[str, Any] = {}
    problems = []
    for folder, parsed, doc in reversed(chain):  # parents first, children override
        for role in ("deck", "handout", "guide"):
            filename = getattr(parsed, role)
            if filename:
                path = (folder / filename).resolve()
                if not path.is_relative_to(folder.resolve()):
                    problems.append(
                        doc.diagnostic(
                            (role,), f"{role} template {filename!r} lies outside the theme folder"
                        )
                    )
                elif not path.is_file():
                    problems.append(
                        doc.diagnostic(
                            (role,), f"{role} template {filename!r} not found in {folder.name}/"
                        )
                    )
                files[role] = path
        layouts.update(parsed.layouts)
        styles.update(parsed.styles)
        options.update(parsed.options)
    if problems:
        raise BuildError(problems)
    return Theme(
        name=name,
        chain=tuple(f for f, _, _ in chain),
        files=files,
        layouts=layouts,
        styles=styles,
        options=options,
        specs=tuple((doc.name, doc.sha256) for _, _, doc in chain),
    )
