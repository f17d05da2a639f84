"""Fitting content to slides: bullets and table rows in pages, balanced.

Content that does not fit one slide continues on the next. The split is chosen, not just
filled: :func:`partition` picks the fewest pages, then avoids a continuation page that holds
a single bullet or table row, then makes the tallest page as short as it can be, so pages come
out even. Heights are measured with the theme's fonts (:meth:`Box.text_height
<builder.deck.template.Box.text_height>`), so a continuation appears only when the content
really does not fit.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..view import BulletLine, TableView
from .fonts import line_factor_of
from .template import DEFAULT_INSETS, EMU_PER_PT, Box, Level, TemplateMetrics
from .text import ESTIMATED, Fonts, squash, words, wrap_count

SENTENCE = re.compile(r"(?<=[.!?;:])\s+")


def paras(bullets: Sequence[BulletLine]) -> list[tuple[str, int]]:
    return [(b.text, b.level) for b in bullets]


def blocks(bullets: Sequence[BulletLine]) -> list[list[BulletLine]]:
    """Top-level bullets with their sub-bullets: kept together on a slide when possible."""
    out: list[list[BulletLine]] = []
    for bullet in bullets:
        if bullet.level == 0 or not out:
            out.append([bullet])
        else:
            out[-1].append(bullet)
    return out


# --------------------------------------------------------------------------- partition


@dataclass(frozen=True)
class Unit:
    """Something that goes on a page whole: its height and lines in the body box (and in the
    first page's box, when that differs) and how many paragraphs it holds."""

    height: float
    lines: int
    count: int = 1
    first_height: float | None = None
    first_lines: int | None = None


def partition(
    units: Sequence[Unit],
    capacity: float,
    max_lines: int | None = None,
    first_capacity: float | None = None,
    empty_first: bool = False,
) -> list[int]:
    """Where pages start (indices into ``units``): the fewest pages of ``capacity`` (the
    first of ``first_capacity``), no continuation page holding a single one-paragraph unit
    when that can be helped, and the tallest page as short as possible.

    With ``empty_first`` the first page may hold nothing (content beside a visual that does
    not fit there goes on the pages after it): the starts are then ``[0, 0, …]``."""
    n = len(units)
    heights, lines = [0.0], [0]
    for unit in units:
        heights.append(heights[-1] + unit.height)
        lines.append(lines[-1] + unit.lines)

    def fits(i: int, j: int, first: bool) -> bool:
        if first and first_capacity is not None:
            part = units[i:j]
            h = sum(u.height if u.first_height is None else u.first_height for u in part)
            count = sum(u.lines if u.first_lines is None else u.first_lines for u in part)
            if max_lines is not None and count > max_lines:
                return False
            return h <= first_capacity + 0.01
        if j - i == 1:
            return True  # every unit was made to fit a page on its own
        if max_lines is not None and lines[j] - lines[i] > max_lines:
            return False
        return heights[j] - heights[i] <= capacity + 0.01

    # best[i] = (pages, lone continuation units, tallest page, start of the next page)
    best: dict[int, tuple[float, int, float, int]] = {n: (0, 0, 0.0, n)}

    def choose(i: int, first: bool) -> tuple[float, int, float, int]:
        choice: tuple[float, int, float, int] = (math.inf, 0, math.inf, n)
        for j in range(i + 1, n + 1):
            if not fits(i, j, first):
                break
            pages, lone, tallest, _ = best[j]
            alone = not first and j - i == 1 and units[i].count == 1
            candidate = (pages + 1, lone + alone, max(tallest, heights[j] - heights[i]), j)
            choice = min(choice, candidate)
        return choice

    for i in range(n - 1, 0, -1):
        best[i] = choose(i, False)
    rest = choose(0, False)
    first = choose(0, True)
    starts = [0]
    if first_capacity is None:
        best[0] = rest
    elif empty_first and (math.isinf(first[0]) or first[0] > rest[0] + 1):
        starts, best[0] = [0, 0], rest  # nothing (or too little) fits beside the visual
    else:
        best[0] = first
    i = best[0][3]
    while i < n:
        starts.append(i)
        i = best[i][3]
    return starts


def pages_of(items: Sequence, starts: Sequence[int]) -> list[list]:
    bounds = [*starts, len(items)]
    return [list(items[bounds[k] : bounds[k + 1]]) for k in range(len(starts))]


# --------------------------------------------------------------------------- bullets


def split_long(bullet: BulletLine, box: Box, max_lines: int | None) -> list[BulletLine]:
    """A single paragraph too tall for the box, cut at sentence (else word) boundaries into
    pieces that each fit; a word too long for a page on its own is cut between characters.
    The words all stay, in order."""
    pieces = [p for p in SENTENCE.split(bullet.text) if p] or [bullet.text]
    if len(pieces) == 1:
        pieces = words(bullet.text)
    out: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current} {piece}".strip()
        if current and not box.fits([(candidate, bullet.level)], max_lines):
            out.append(current)
            current = piece
        else:
            current = candidate
    if current:
        out.append(current)
    fitted = [part for text in out for part in _cut_characters(text, bullet.level, box, max_lines)]
    return [BulletLine(text, bullet.level) for text in fitted]


def _cut_characters(text: str, level: int, box: Box, max_lines: int | None) -> list[str]:
    """``text`` in the longest runs of characters that each fit ``box`` (usually one run)."""
    parts: list[str] = []
    while text and not box.fits([(text, level)], max_lines):
        low, high = 1, len(text)
        while low < high:  # the longest prefix that fits
            middle = (low + high + 1) // 2
            if box.fits([(text[:middle], level)], max_lines):
                low = middle
            else:
                high = middle - 1
        parts.append(text[:low])
        text = text[low:]
    return [*parts, text] if text else parts


def bullet_units(
    bullets: Sequence[BulletLine], box: Box, max_lines: int | None
) -> list[list[BulletLine]]:
    """Bullets in the groups that go on a page whole: a top-level bullet with its
    sub-bullets when they fit one page together, else each paragraph (a paragraph taller than
    a page cut into pieces)."""
    units: list[list[BulletLine]] = []
    for block in blocks(bullets):
        if box.fits(paras(block), max_lines):
            units.append(block)
            continue
        for bullet in block:
            if box.fits(paras([bullet]), max_lines):
                units.append([bullet])
            else:
                units.extend([piece] for piece in split_long(bullet, box, max_lines))
    return units


def paginate(
    bullets: Sequence[BulletLine],
    box: Box,
    max_lines: int | None = None,
    first_box: Box | None = None,
) -> list[tuple[BulletLine, ...]]:
    """Bullets in pages that each fit ``box`` (the first page: ``first_box``, which may then
    stay empty), balanced. A top-level bullet stays with its sub-bullets unless together they
    cannot fit one page."""
    if not bullets:
        return [()]
    groups = bullet_units(bullets, box, max_lines)
    units = [_unit(group, box, first_box) for group in groups]
    first_capacity = first_box.inner_height if first_box is not None else None
    starts = partition(
        units,
        box.inner_height,
        max_lines,
        first_capacity=first_capacity,
        empty_first=first_box is not None,
    )
    pages = pages_of(groups, starts)
    return [tuple(b for group in page for b in group) for page in pages]


def _unit(group: list[BulletLine], box: Box, first_box: Box | None) -> Unit:
    p = paras(group)
    unit = Unit(box.text_height(p), box.lines(p), len(group))
    if first_box is None:
        return unit
    return Unit(unit.height, unit.lines, unit.count, first_box.text_height(p), first_box.lines(p))


# --------------------------------------------------------------------------- tables


def column_widths(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    total: int,
    text: Level,
    insets: tuple[int, int, int, int] = DEFAULT_INSETS,
    fonts: Fonts = ESTIMATED,
) -> list[int]:
    """Column widths in EMU summing to ``total``: room for each column's longest word, the
    rest shared by how much text each column holds."""
    pad = (insets[0] + insets[2]) / EMU_PER_PT
    faces = {b: fonts.face(text.font, b, text.italic) for b in (False, True)}
    want, least = [], []
    for c in range(len(columns)):
        cells = [(columns[c], True), *((row[c], False) for row in rows)]
        longest = max(faces[b].width(squash(cell), text.size) for cell, b in cells)
        word = max(
            (faces[b].width(w, text.size) for cell, b in cells for w in words(cell)), default=0.0
        )
        want.append(longest + pad + 1)
        least.append(min(word + pad + 1, longest + pad + 1))
    total_pt = total / EMU_PER_PT
    if sum(want) <= total_pt:
        # room to spare: most goes to the wordy columns, short ones (times, years) stay narrow
        spare = total_pt - sum(want)
        wordy = [w if w >= max(want) / 2 else 0.0 for w in want]
        shares = [
            w + spare * (0.75 * x / sum(wordy) + 0.25 * w / sum(want))
            for w, x in zip(want, wordy, strict=True)
        ]
    elif sum(least) >= total_pt:
        shares = least
    else:
        spare = total_pt - sum(least)
        extra = [w - m for w, m in zip(want, least, strict=True)]
        # share the spare room by the square root of what each column lacks: long columns
        # still get most of it, short ones are not squeezed to their longest word
        weights = [math.sqrt(e) for e in extra]
        weight = sum(weights) or 1.0
        shares = [m + spare * w / weight for m, w in zip(least, weights, strict=True)]
        shares = [min(s, w) for s, w in zip(shares, want, strict=True)]
    scale = total / sum(shares)
    widths = [int(s * scale) for s in shares]
    widths[-1] += total - sum(widths)
    return widths


def row_heights(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[int],
    text: Level,
    insets: tuple[int, int, int, int] = DEFAULT_INSETS,
    fonts: Fonts = ESTIMATED,
) -> list[int]:
    """Height in EMU of the header row and of each row."""
    pad_w = (insets[0] + insets[2]) / EMU_PER_PT
    pad_h = insets[1] + insets[3]
    faces = {b: fonts.face(text.font, b, text.italic) for b in (False, True)}
    out = []
    for r, cells in enumerate([columns, *rows]):
        face = faces[r == 0]
        lines = max(
            wrap_count(squash(cell), w / EMU_PER_PT - pad_w, text.size, face)
            for cell, w in zip(cells, widths, strict=True)
        )
        factor = line_factor_of(face, " ".join(cells))
        height = lines * text.size * factor * text.line
        out.append(int(math.ceil(height * EMU_PER_PT)) + pad_h)
    return out


def table_widths(table: TableView, total: int, metrics: TemplateMetrics) -> list[int]:
    """Column widths of ``table`` in a frame ``total`` EMU wide: from its ``widths`` shares
    (the whole table's, so that every page of a split table has the same columns), else
    from its own rows."""
    if table.widths and len(table.widths) == len(table.columns):
        widths = [int(total * share) for share in table.widths]
        widths[-1] += total - sum(widths)
        return widths
    return column_widths(
        table.columns, table.rows, total, metrics.table_text, metrics.cell_insets, metrics.fonts
    )


def table_height(table: TableView, total: int, metrics: TemplateMetrics) -> int:
    widths = table_widths(table, total, metrics)
    return sum(
        row_heights(
            table.columns,
            table.rows,
            widths,
            metrics.table_text,
            metrics.cell_insets,
            metrics.fonts,
        )
    )


def paginate_rows(table: TableView, box: Box, metrics: TemplateMetrics) -> list[TableView]:
    """The table in row chunks that fit ``box`` (header repeated), balanced, with the
    same column widths on every page."""
    widths = column_widths(
        table.columns, table.rows, box.w, metrics.table_text, metrics.cell_insets, metrics.fonts
    )
    shares = tuple(w / box.w for w in widths)
    header, *heights = row_heights(
        table.columns, table.rows, widths, metrics.table_text, metrics.cell_insets, metrics.fonts
    )
    units = [Unit(float(h), 1) for h in heights]
    starts = partition(units, float(box.h - header))
    chunks = pages_of(table.rows, starts)
    last = len(chunks) - 1
    return [
        TableView(
            columns=table.columns,
            rows=tuple(chunk),
            caption=table.caption if i == last else None,
            source=table.source,
            widths=shares,
        )
        for i, chunk in enumerate(chunks)
    ]
