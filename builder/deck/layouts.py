"""Layout roles: which layout of the theme's deck template draws a slide, and what it holds.

``SlideView.layout`` holds a layout *role*. A theme may map a role to a layout by name
(``layouts:`` in ``theme.yaml``); a role it does not map goes to the template's standard
Office layout for it (:mod:`.matching`), so any PowerPoint template works with no mapping.
A role's slots (:data:`SLOTS`) are matched to the layout's placeholders by type and order;
only the required ones must be there: a missing optional slot is merged into another,
given a text box, or left out (see :class:`~.matching.Slot`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import BuildError
from .matching import STANDARD, Slot, assign, cut_bottom, find_layout, free_area, suggest_layout
from .template import Box, LayoutMetrics, TemplateMetrics

R = True  # required
SLOTS: dict[str, tuple[Slot, ...]] = {
    "title": (
        Slot("subtitle", prefer=("subTitle",)),
        Slot("details", merge="subtitle"),
        Slot("hosts", merge="details"),
    ),
    "agenda": (Slot("table", "table", R), Slot("day", host="table")),
    "section": (Slot("subtitle", prefer=("subTitle",)), Slot("agenda", skip=True)),
    "content": (Slot("body", required=R),),
    "two-content": (
        Slot("left", required=R),
        Slot("right", "area", R),
        Slot("caption", host="right", lines=2),
    ),
    "table": (Slot("table", "table", R), Slot("caption", host="table", lines=2)),
    "chart": (Slot("chart", "chart", R), Slot("caption", host="chart", lines=2)),
    "picture": (Slot("picture", "picture", R), Slot("caption", host="picture", lines=2)),
    "quote": (Slot("quote", required=R), Slot("attribution", merge="quote")),
    "figure": (
        Slot("figure", required=R),
        Slot("label", required=R),
        Slot("caption", host="label", lines=2),
    ),
    "figure-text": (
        Slot("figure", required=R),
        Slot("label", required=R),
        Slot("body", required=R),
        Slot("caption", host="body", lines=2),
    ),
    "diagram": (Slot("area", "area"), Slot("caption", host="area", lines=2)),
    "comparison": (  # headings in text placeholders, columns in content placeholders
        Slot("left-heading", required=R, prefer=("body",)),
        Slot("left", required=R, prefer=("obj",)),
        Slot("right-heading", required=R, prefer=("body",)),
        Slot("right", required=R, prefer=("obj",)),
        Slot("caption", host="right", lines=2),
    ),
    "break": (Slot("subtitle", prefer=("subTitle",)), Slot("details", merge="subtitle")),
    "closing": (Slot("subtitle", prefer=("subTitle",)), Slot("details", merge="subtitle")),
}
CONTRACTS = SLOTS  # the roles
# roles a template may lack: slides then fall back to the role given here
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
    return tuple(slot.name for slot in SLOTS[role])


def needs(role: str) -> tuple[str, ...]:
    return tuple(slot.name for slot in SLOTS[role] if slot.required)


def layout_name(theme, kind: str, role: str) -> str:
    """The template layout that draws a slide of ``kind`` in layout ``role``."""
    from .template import template_metrics

    metrics = template_metrics(theme.file("deck"), theme.master)
    return Layouts(theme.layouts, metrics).get(kind, role).name


@dataclass(frozen=True)
class Resolved:
    """A role on one layout: the box of every slot, and where a slot's text goes."""

    role: str
    name: str
    layout: LayoutMetrics
    title: Box | None
    boxes: dict[str, Box]  # slot → placeholder, or text box (key -1)
    targets: dict[str, str | None]  # slot → the slot its text goes to (None: left out)

    def box(self, slot: str) -> Box | None:
        target = self.targets.get(slot)
        return self.boxes.get(target) if target else None


def resolve(role: str, layout: LayoutMetrics, metrics: TemplateMetrics) -> Resolved | None:
    """``role`` on ``layout``, or None when the layout lacks a title or a required slot."""
    if layout.title is None:
        return None
    spec = SLOTS[role]
    found = assign(layout, spec)
    if any(slot.required and slot.name not in found for slot in spec):
        return None
    boxes = dict(found)
    targets: dict[str, str | None] = {}
    for slot in spec:
        if slot.name in boxes:
            targets[slot.name] = slot.name
        elif slot.skip:
            targets[slot.name] = None
        elif slot.merge:
            targets[slot.name] = targets.get(slot.merge)
        elif slot.host and slot.host in boxes:
            boxes[slot.host], boxes[slot.name] = cut_bottom(boxes[slot.host], slot.lines)
            targets[slot.name] = slot.name
        else:
            small = slot.kind == "area"  # a diagram's labels
            boxes[slot.name] = free_area(layout, metrics.width, metrics.height, small)
            targets[slot.name] = slot.name
    return Resolved(role, layout.name, layout, layout.title, boxes, targets)


def _structural(role: str, metrics: TemplateMetrics) -> Resolved | None:
    """The layout that serves ``role`` with the fewest placeholders left over."""
    best: tuple[tuple, Resolved] | None = None
    for order, layout in enumerate(metrics.layouts.values()):
        found = resolve(role, layout, metrics)
        if found is None:
            continue
        used = {b.key for b in found.boxes.values() if b.key >= 0}
        extra = len(layout.boxes) - len(used)
        centred = layout.title.type == "ctrTitle" if layout.title else False
        wants_centre = role in ("title", "closing", "section", "break")
        score = (extra, centred != wants_centre, order)
        if best is None or score < best[0]:
            best = (score, found)
    return best[1] if best else None


@dataclass
class Layouts:
    """The layouts a theme's roles resolve to in its deck template."""

    named: Mapping[str, str]  # role (or slide kind) → layout name, from theme.yaml
    metrics: TemplateMetrics
    cache: dict[tuple[str, str], Resolved | None] = field(default_factory=dict)

    def find(self, kind: str, role: str) -> Resolved | None:
        """``role`` (for a slide of ``kind``) resolved, or None when the template cannot
        serve it. Raises when the theme names a layout the template lacks."""
        key = (kind, role)
        if key not in self.cache:
            self.cache[key] = self._find(kind, role)
        return self.cache[key]

    def _find(self, kind: str, role: str) -> Resolved | None:
        for key in (kind, role) if role == "content" and kind != role else (role,):
            if key in self.named:
                name = self.named[key]
                layout = self.metrics.layouts.get(name)
                if layout is None:
                    hint = suggest_layout(name, self.metrics.layouts)
                    raise BuildError(
                        f"{self.metrics.path.name} has no slide layout named {name!r} "
                        f"(role {key!r})"
                        + (f"; did you mean {hint!r}?" if hint else "")
                        + f" (layouts: {', '.join(self.metrics.layouts)})"
                    )
                found = resolve(role, layout, self.metrics)
                if found is None:
                    raise BuildError(self.unfit(role, key, layout))
                return found
        for name in STANDARD.get(role, ()):
            match = find_layout(self.metrics.layouts, name)
            found = match and resolve(role, self.metrics.layouts[match], self.metrics)
            if found:
                return found
        if role in FALLBACKS:
            return None
        return _structural(role, self.metrics)

    def unfit(self, role: str, key: str, layout: LayoutMetrics) -> str:
        need = ", ".join(needs(role)) or "nothing else"
        return (
            f"{self.metrics.path.name}: layout {layout.name!r} (role {key!r}) cannot serve it: "
            f"it needs a title placeholder and placeholders for {need}; it has "
            + ", ".join(f"{b.type} (idx {b.idx})" for b in (layout.title, *layout.boxes) if b)
        )

    def get(self, kind: str, role: str) -> Resolved:
        found = self.find(kind, role)
        if found is None:
            raise BuildError(
                f"{self.metrics.path.name}: no slide layout can serve the {role!r} role: it "
                f"needs a title placeholder and placeholders for {', '.join(needs(role))} "
                "(name one under layouts: in theme.yaml)"
            )
        return found

    def has(self, role: str) -> bool:
        """Whether the theme's template has a usable layout for ``role``."""
        try:
            return self.find("content", role) is not None
        except BuildError:
            return False

    def role(self, role: str) -> str:
        """``role``, or what stands in for it when the theme has no layout for it."""
        while role in FALLBACKS and not self.has(role):
            role = FALLBACKS[role]
        return role

    def box(self, kind: str, role: str, slot: str) -> Box | None:
        return self.get(kind, role).box(slot)
