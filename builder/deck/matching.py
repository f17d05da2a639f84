"""Fitting a role's slots to a layout of any PowerPoint template, with no mapping written.

A layout is found for a role by the name the theme gives it, else by the standard Office
layout names (``Title Slide``, ``Title and Content`` … and the names LibreOffice gives the same
layouts: ``Title, Content``), else by its placeholders. Within a layout, placeholders are
matched to slots by type (a subtitle slot takes the ``subTitle`` placeholder, a table slot a
``tbl`` or content placeholder …) and by order: their ``idx`` when every placeholder has its
own, else their position (LibreOffice gives title and body both ``idx="0"``). The title is the
``title``/``ctrTitle`` placeholder, never another.

A slot the layout has no placeholder for is merged into another slot (the title slide's
hosts into its details, its details into the subtitle) or gets a text box cut from the
bottom of the slot it belongs with, or placed in the layout's free area (below the title,
above the footer).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from .template import EMU_PER_PT, Box, LayoutMetrics

# role → the standard layout names that serve it, best first (Office's, then LibreOffice's)
STANDARD: dict[str, tuple[str, ...]] = {
    "title": ("Title Slide",),
    "agenda": ("Title and Content", "Title, Content", "Title and Table"),
    "section": ("Section Header", "Title Slide"),
    "content": ("Title and Content", "Title, Content"),
    "two-content": ("Two Content", "Title, 2 Content", "Comparison"),
    "table": ("Title and Table", "Title and Content", "Title, Content"),
    "chart": ("Title and Chart", "Title and Content", "Title, Content"),
    "picture": ("Title and Content", "Title, Content", "Picture with Caption"),
    "quote": ("Title and Content", "Title, Content", "Content with Caption"),
    "closing": ("Title Slide", "Section Header"),
    "break": ("Section Header", "Title Slide"),
    "comparison": ("Comparison",),
    "diagram": ("Title Only",),
}

TEXT = ("body", "obj", "subTitle")
ACCEPTS: dict[str, tuple[str, ...]] = {
    "text": TEXT,
    "table": ("tbl", "obj", "body"),
    "chart": ("chart", "obj", "body"),
    "picture": ("pic", "obj", "body"),
    "area": ("obj", "body", "dgm", "tbl", "chart", "pic", "media", "clipArt"),
}
PREFERS: dict[str, tuple[str, ...]] = {
    "table": ("tbl",),
    "chart": ("chart",),
    "picture": ("pic",),
}


@dataclass(frozen=True)
class Slot:
    """A place a role fills: ``kind`` text, table, chart, picture or area (a drawing)."""

    name: str
    kind: str = "text"
    required: bool = False
    prefer: tuple[str, ...] = ()  # placeholder types it takes first
    merge: str | None = None  # when absent: its text goes to this slot
    host: str | None = None  # when absent: a text box cut from the bottom of this slot
    lines: int = 1  # … that high
    skip: bool = False  # when absent: left out


def tokens(name: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", name.casefold())
    words = ["2" if w == "two" else w for w in words]
    return {w for w in words if w not in ("and", "with", "slide")}


def find_layout(names: Iterable[str], wanted: str) -> str | None:
    """The layout in ``names`` called ``wanted``: exactly, else ignoring case and spaces."""
    names = list(names)
    if wanted in names:
        return wanted
    folded = re.sub(r"\W+", "", wanted.casefold())
    for name in names:
        if re.sub(r"\W+", "", name.casefold()) == folded:
            return name
    return None


def _word(a: str, b: str) -> float:
    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    return ratio if ratio >= 0.75 else 0.0


def likeness(wanted: str, name: str) -> float:
    """How alike two layout names are, word by word (misspelt words count nearly whole)."""
    want, have = tokens(wanted), tokens(name)
    if not want or not have:
        return 0.0
    matched = sum(max(_word(w, h) for h in have) for w in want)
    return matched / max(len(want), len(have))


def suggest_layout(wanted: str, names: Iterable[str]) -> str | None:
    """The layout name an editor most likely meant: most words in common (``Title and
    Content`` → ``Title, Content``, not ``Title, 6 Content``), then closest spelling."""
    scored = [
        (likeness(wanted, name), difflib.SequenceMatcher(None, wanted, name).ratio(), name)
        for name in names
    ]
    if not scored:
        return None
    words, spelling, name = max(scored, key=lambda s: s[:2])
    return name if words >= 0.5 or spelling >= 0.6 else None


def ordered(boxes: Iterable[Box]) -> list[Box]:
    """Content placeholders in the template's order: by idx when each has its own, else by
    position (rows top to bottom, then left to right)."""
    boxes = list(boxes)
    idxs = [b.idx for b in boxes]
    if len(set(idxs)) == len(idxs):
        return sorted(boxes, key=lambda b: (b.idx, b.key))
    return sorted(boxes, key=lambda b: (round(b.y / 228600), b.x, b.key))  # 0.25 in rows


def assign(layout: LayoutMetrics, spec: tuple[Slot, ...]) -> dict[str, Box]:
    """Slot name → the layout's placeholder for it, by type, then order."""
    free = ordered(layout.boxes)
    out: dict[str, Box] = {}
    for slot in sorted(spec, key=lambda s: not s.required):  # required slots choose first
        accepts = ACCEPTS[slot.kind if slot.kind in ACCEPTS else "text"]
        prefer = slot.prefer or PREFERS.get(slot.kind, ())
        pick = next((b for b in free if b.type in prefer), None)
        if pick is None:
            pick = next((b for b in free if b.type in accepts), None)
        if pick is not None:
            out[slot.name] = pick
            free.remove(pick)
    return out


READABLE_PT = 18.0


def secondary(levels: tuple) -> tuple:
    """Text styles for secondary text (a source line, a diagram's labels): from the
    template's third outline level up, the smallest of the first three that stays readable."""
    for start in (2, 1):
        if len(levels) > start and levels[start].size >= READABLE_PT:
            return tuple(levels[start:])
    return tuple(levels)


def cut_bottom(host: Box, lines: int) -> tuple[Box, Box]:
    """``host`` made shorter, and the text box of ``lines`` lines of secondary text cut
    from its bottom."""
    small = replace(host, levels=secondary(host.levels))
    style = small.level(0)
    text = int((lines * small.line_height(style) + 4) * EMU_PER_PT)
    height = text + host.insets[1] + host.insets[3]
    height = min(height, host.h // 3)
    top = replace(host, h=host.h - height, explicit=True)
    strip = replace(small, type="body", y=host.y + host.h - height, h=height, key=-1, explicit=True)
    return top, strip


def free_area(layout: LayoutMetrics, width: int, height: int, small: bool = False) -> Box:
    """A text box in the part of the slide the layout leaves empty: below the title (above
    it when the title sits low), above the footer, as wide as the title."""
    title = layout.title
    margin = height // 20
    bottom = layout.footer_top or height - margin
    occupied = [b.y + b.h for b in layout.boxes]
    if title is None:
        x, w, top = width // 12, width * 10 // 12, margin
    else:
        x, w, top = title.x, title.w, title.y + title.h + margin // 2
        if bottom - top < height // 5:  # a title low on the slide: the space above it
            top, bottom = margin, title.y - margin // 2
    if occupied:
        top = max(top, max(occupied) + margin // 2) if max(occupied) < bottom - height // 5 else top
    fonts = title.fonts if title is not None else Box("body", -1, 0, 0, 0, 0).fonts
    h = max(bottom - top, height // 10)
    levels = secondary(layout.body_levels) if small else layout.body_levels
    return Box("body", -1, x, top, w, h, levels=levels, explicit=True, fonts=fonts)
