"""Layout roles: which layout of the theme's deck template draws a slide, and what it holds.

``SlideView.layout`` holds a layout *role*; :func:`layout_name` maps it to a layout of the
template through the theme (``layouts:`` in ``theme.yaml``). A role's contract
(:data:`CONTRACTS`) names its content placeholders in ``idx`` order, after the title; a name
ending in ``?`` is optional (a branded layout may leave it out, and the slide then goes
without it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import BuildError
from ..theme import Theme
from .template import Box, LayoutMetrics, TemplateMetrics

# role → names of its content placeholders, in idx order
CONTRACTS: dict[str, tuple[str, ...]] = {
    "title": ("subtitle", "details", "hosts"),
    "agenda": ("table", "day"),
    "section": ("subtitle", "agenda?"),
    "content": ("body",),
    "two-content": ("left", "right", "caption"),
    "table": ("table", "caption"),
    "chart": ("chart", "caption"),
    "picture": ("picture", "caption"),
    "quote": ("quote", "attribution"),
    "figure": ("figure", "label", "caption"),
    "figure-text": ("figure", "label", "body", "caption"),
    "diagram": ("area", "caption"),
    "comparison": ("left-heading", "left", "right-heading", "right", "caption"),
    "break": ("subtitle", "details"),
    "closing": ("subtitle", "details"),
}
# roles a theme may leave out: slides then fall back to the role given here
FALLBACKS: dict[str, str] = {
    "figure": "content",
    "figure-text": "two-content",
    "diagram": "content",
    "comparison": "two-content",
    "break": "section",
}
# the layout whose shapes are the theme's icons (not a slide layout)
ICONS = "icons"


def slots(role: str) -> tuple[str, ...]:
    """The placeholder names of ``role``, optional marks removed."""
    return tuple(name.rstrip("?") for name in CONTRACTS[role])


def required(role: str) -> int:
    return sum(1 for name in CONTRACTS[role] if not name.endswith("?"))


def layout_name(theme: Theme, kind: str, role: str) -> str:
    """The template layout that draws a slide of ``kind`` in layout ``role``."""
    if role == "content" and kind in theme.layouts:
        return theme.layouts[kind]
    return theme.layout(role)


@dataclass
class Layouts:
    """The metrics of the layouts a theme maps roles to, checked against the contracts."""

    theme: Theme
    metrics: TemplateMetrics
    cache: dict[tuple[str, str], LayoutMetrics] = field(default_factory=dict)

    def get(self, kind: str, role: str) -> LayoutMetrics:
        key = (kind, role)
        if key not in self.cache:
            name = layout_name(self.theme, kind, role)
            layout = self.metrics.layout(name)
            if len(layout.boxes) < required(role) or layout.title is None:
                need = CONTRACTS[role]
                raise BuildError(
                    f"{self.metrics.path.name}: layout {name!r} (role {role!r}) needs a title "
                    f"and {required(role)} content placeholder(s) ({', '.join(need)}); it has "
                    f"{len(layout.boxes)}"
                )
            self.cache[key] = layout
        return self.cache[key]

    def has(self, role: str) -> bool:
        """Whether the theme's template has a usable layout for ``role``."""
        layout = self.metrics.layouts.get(layout_name(self.theme, "content", role))
        return (
            layout is not None
            and layout.title is not None
            and (len(layout.boxes) >= required(role))
        )

    def role(self, role: str) -> str:
        """``role``, or what stands in for it when the theme has no layout for it."""
        while role in FALLBACKS and not self.has(role):
            role = FALLBACKS[role]
        return role

    def box(self, kind: str, role: str, slot: str) -> Box | None:
        boxes = self.get(kind, role).boxes
        index = slots(role).index(slot)
        return boxes[index] if index < len(boxes) else None
