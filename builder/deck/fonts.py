"""How wide a text is, measured with the font files that will draw it.

A theme names its fonts' files in ``theme.yaml`` (``fonts: {Calibri: {regular: …, bold: …}}``;
the default theme ships Carlito, metric-compatible with Calibri). :class:`Face` reads one file
with fontTools: advance widths from ``hmtx`` through ``cmap``, pair kerning from the ``GPOS``
``kern`` feature (or a legacy ``kern`` table), and line height from the vertical metrics. Text
in a script that needs shaping (Arabic, Hebrew, Indic scripts, combining marks …) is shaped
with HarfBuzz instead, which applies the font's own rules. Widths are cached per (size, word).

A typeface the theme has no file for is measured by :class:`Estimate`, a conservative table
(wider than the usual sans fonts), and :func:`warn_missing` says so once per typeface.
"""

from __future__ import annotations

import hashlib
import io
import logging
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

log = logging.getLogger(__name__)
# fontTools complains about old 'created' dates in font headers: not our reader's business
logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)

STYLES = ("regular", "bold", "italic", "bold_italic")
FONT_MAGIC = (b"\x00\x01\x00\x00", b"OTTO", b"true")


def style_of(bold: bool, italic: bool) -> str:
    return ("bold_" if bold else "") + ("italic" if italic else "") or "regular"


def needs_shaping(text: str) -> bool:
    """Whether ``text`` holds characters whose width depends on their neighbours beyond
    pair kerning: right-to-left and complex scripts, combining marks."""
    for ch in text:
        code = ord(ch)
        if code < 0x0590:
            if code >= 0x0300 and code < 0x0370:  # combining diacritics
                return True
            continue
        if 0x2000 <= code < 0x2C00 or 0x3000 <= code < 0xA000 or 0xFF00 <= code < 0xFFF0:
            continue  # punctuation, symbols, CJK: one advance per character
        if unicodedata.combining(ch) or unicodedata.bidirectional(ch) in ("R", "AL"):
            return True
        if code < 0x1100 or 0xA800 <= code < 0xABFF:  # Hebrew … Myanmar, Indic extensions
            return True
    return False


class Estimate:
    """A conservative width for a typeface whose file is not known: wider than Calibri,
    Arial or Liberation Sans, close to DejaVu Sans."""

    name = "estimate"
    NARROW = frozenset(".,;:'|!ilIjft()[]{}\"`’‘")
    WIDE = frozenset("mwMW@%&—…")

    def __init__(self, bold: bool = False) -> None:
        self.scale = 1.08 if bold else 1.0
        self._cache: dict[tuple[float, str], float] = {}
        self.wraps: dict = {}  # (text, width, size, first width) → lines (builder.deck.text)
        self.line_factor = 1.22

    def em(self, ch: str) -> float:
        if ch == " ":
            return 0.32
        if ch in self.NARROW:
            return 0.34
        if ch in self.WIDE:
            return 1.0
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            return 1.0
        if unicodedata.combining(ch):
            return 0.0
        if ch.isupper():
            return 0.74
        return 0.64

    def width(self, text: str, size: float) -> float:
        key = (size, text)
        found = self._cache.get(key)
        if found is None:
            found = sum(self.em(ch) for ch in text) * self.scale * size
            self._cache[key] = found
        return found


@dataclass
class Face:
    """One font file (one style of a typeface), measured with fontTools or HarfBuzz."""

    name: str
    data: bytes = field(repr=False)
    _cache: dict[tuple[float, str], float] = field(default_factory=dict, repr=False)
    wraps: dict = field(default_factory=dict, repr=False)  # see builder.deck.text.wrap_count

    @cached_property
    def _font(self):
        from fontTools.ttLib import TTFont

        return TTFont(io.BytesIO(self.data), lazy=True)

    @cached_property
    def upm(self) -> int:
        return self._font["head"].unitsPerEm

    @cached_property
    def _cmap(self) -> dict[int, str]:
        return self._font.getBestCmap() or {}

    @cached_property
    def _advances(self) -> dict[str, int]:
        return {name: advance for name, (advance, _) in self._font["hmtx"].metrics.items()}

    @cached_property
    def line_factor(self) -> float:
        """Line height at single spacing, in em: what PowerPoint and LibreOffice use."""
        font = self._font
        hhea = font["hhea"]
        height = hhea.ascent - hhea.descent + hhea.lineGap
        if "OS/2" in font:
            os2 = font["OS/2"]
            height = max(height, os2.usWinAscent + os2.usWinDescent)
        return height / self.upm

    @cached_property
    def hhea_factor(self) -> float:
        """Line height from the ``hhea`` metrics alone, in em: what LibreOffice uses. A font
        with tall stacked marks (Amiri) sets Windows metrics far above it to avoid clipping,
        which a line of text does not take."""
        hhea = self._font["hhea"]
        height = hhea.ascent - hhea.descent + hhea.lineGap
        return height / self.upm if height > 0 else self.line_factor

    @cached_property
    def _kerning(self) -> _Kerning:
        return _Kerning.read(self._font)

    def advance(self, ch: str) -> float | None:
        """Advance of ``ch`` in font units; None when the font has no glyph for it."""
        glyph = self._cmap.get(ord(ch))
        return None if glyph is None else self._advances.get(glyph)

    def width(self, text: str, size: float) -> float:
        """Width of ``text`` in points at ``size`` pt, cached per (size, text)."""
        key = (size, text)
        found = self._cache.get(key)
        if found is None:
            units = self._shaped(text) if needs_shaping(text) else self._simple(text)
            found = units * size / self.upm
            self._cache[key] = found
        return found

    def _simple(self, text: str) -> float:
        total = 0.0
        previous: str | None = None
        cmap, advances, kerning = self._cmap, self._advances, self._kerning
        for ch in text:
            glyph = cmap.get(ord(ch))
            if glyph is None:  # another font will draw it: count it wide
                total += _fallback_units(ch, self.upm)
                previous = None
                continue
            total += advances.get(glyph, 0)
            if previous is not None and kerning:
                total += kerning.pair(previous, glyph)
            previous = glyph
        return total

    @cached_property
    def _hb_font(self):
        import uharfbuzz as hb

        return hb.Font(hb.Face(self.data))

    def _shaped(self, text: str) -> float:
        import uharfbuzz as hb

        font = self._hb_font
        buffer = hb.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        hb.shape(font, buffer, {"kern": True, "liga": True})
        return float(sum(p.x_advance for p in buffer.glyph_positions))


def is_complex(ch: str) -> bool:
    """Whether ``ch`` is drawn with the complex-script font: right-to-left letters (Arabic,
    Hebrew, Syriac, Thaana, N'Ko …) and their presentation forms."""
    return unicodedata.bidirectional(ch) in ("R", "AL") or 0x0600 <= ord(ch) <= 0x08FF


def script_runs(text: str) -> list[tuple[bool, str]]:
    """``text`` in runs of one font: (complex, run). Letters decide; spaces, punctuation
    and digits take the font of the text before them (of the text after them at the start),
    as LibreOffice assigns weak characters."""
    runs: list[list] = []
    pending = ""  # weak characters before the first letter
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if is_complex(ch):
            kind: bool | None = True
        elif bidi == "L":
            kind = False
        else:
            kind = None
        if kind is None:
            if runs:
                runs[-1][1] += ch
            else:
                pending += ch
            continue
        if runs and runs[-1][0] == kind:
            runs[-1][1] += ch
        else:
            runs.append([kind, pending + ch])
            pending = ""
    if pending:
        runs.append([False, pending])
    return [(kind, run) for kind, run in runs]


@dataclass
class Mixed:
    """A typeface whose complex-script characters another face draws (the theme's
    ``complex_script_font``): each run of text is measured with the face that draws it, the
    complex runs shaped; lines are as high as the taller face's."""

    latin: Face | Estimate
    complex: Face | Estimate
    _cache: dict[tuple[float, str], float] = field(default_factory=dict, repr=False)
    wraps: dict = field(default_factory=dict, repr=False)

    @property
    def name(self) -> str:
        return f"{self.latin.name} + {self.complex.name}"

    @cached_property
    def line_factor(self) -> float:
        complex_line = getattr(self.complex, "hhea_factor", self.complex.line_factor)
        return max(self.latin.line_factor, complex_line)

    def line_factor_of(self, text: str) -> float:
        """The line height of ``text``: the taller face's when it holds complex-script
        letters, the Latin face's when it holds none (a line is as high as the fonts it
        draws with)."""
        return self.line_factor if any(map(is_complex, text)) else self.latin.line_factor

    def width(self, text: str, size: float) -> float:
        key = (size, text)
        found = self._cache.get(key)
        if found is None:
            found = sum(
                (self.complex if complex_ else self.latin).width(run, size)
                for complex_, run in script_runs(text)
            )
            self._cache[key] = found
        return found


def line_factor_of(face: Face | Estimate | Mixed, text: str | None) -> float:
    """Line height in em of ``text`` set with ``face`` (None: of any text)."""
    if text is not None and isinstance(face, Mixed):
        return face.line_factor_of(text)
    return face.line_factor


def _fallback_units(ch: str, upm: int) -> float:
    wide = unicodedata.east_asian_width(ch) in ("W", "F")
    return upm * (1.0 if wide else 0.7)


class _Kerning:
    """Pair kerning of a font: GPOS ``kern`` pair adjustments, else the legacy ``kern``
    table; looked up lazily and cached per glyph pair."""

    def __init__(self) -> None:
        self.subtables: list = []
        self.legacy: dict[tuple[str, str], int] = {}
        self.cache: dict[tuple[str, str], float] = {}

    def __bool__(self) -> bool:
        return bool(self.subtables or self.legacy)

    @classmethod
    def read(cls, font) -> _Kerning:
        out = cls()
        if "GPOS" in font:
            out.subtables = [
                (sub, {g: i for i, g in enumerate(sub.Coverage.glyphs)})
                for sub in _pair_subtables(font["GPOS"].table)
            ]
        if not out.subtables and "kern" in font:
            for table in font["kern"].kernTables:
                out.legacy.update(getattr(table, "kernTable", {}))
        return out

    def pair(self, left: str, right: str) -> float:
        key = (left, right)
        found = self.cache.get(key)
        if found is None:
            found = self._lookup(left, right)
            self.cache[key] = found
        return found

    def _lookup(self, left: str, right: str) -> float:
        if self.legacy:
            return float(self.legacy.get((left, right), 0))
        for sub, coverage in self.subtables:
            index = coverage.get(left)
            if index is None:
                continue
            value = _pair_value(sub, index, left, right)
            if value is not None:
                return float(value)
        return 0.0


def _pair_subtables(gpos) -> Iterator:
    """PairPos subtables of the lookups the ``kern`` feature uses (DFLT or latn)."""
    if gpos.FeatureList is None or gpos.LookupList is None:
        return
    indices: list[int] = []
    for record in gpos.FeatureList.FeatureRecord:
        if record.FeatureTag == "kern":
            indices += [i for i in record.Feature.LookupListIndex if i not in indices]
    for index in sorted(indices):
        lookup = gpos.LookupList.Lookup[index]
        for sub in lookup.SubTable:
            if lookup.LookupType == 9:  # extension
                sub = sub.ExtSubTable
            if getattr(sub, "LookupType", 2) == 2 and hasattr(sub, "Format"):
                yield sub


def _pair_value(sub, index: int, left: str, right: str) -> int | None:
    if sub.Format == 1:
        for record in sub.PairSet[index].PairValueRecord:
            if record.SecondGlyph == right:
                value = getattr(record, "Value1", None)
                return getattr(value, "XAdvance", 0) or 0
        return None
    if sub.Format == 2:
        class1 = sub.ClassDef1.classDefs.get(left, 0)
        class2 = sub.ClassDef2.classDefs.get(right, 0)
        record = sub.Class1Record[class1].Class2Record[class2]
        value = getattr(record, "Value1", None)
        advance = getattr(value, "XAdvance", 0) or 0
        return advance or None
    return None


_CHECKED: dict[str, str | None] = {}


def check_font(data: bytes) -> str | None:
    """Why ``data`` is not a usable TrueType or OpenType font, or None when it is."""
    digest = hashlib.sha256(data).hexdigest()
    if digest not in _CHECKED:
        _CHECKED[digest] = _check_font(data)
    return _CHECKED[digest]


def _check_font(data: bytes) -> str | None:
    if data[:4] not in FONT_MAGIC:
        return "is not a TrueType or OpenType font (.ttf, .otf)"
    try:
        face = Face("check", data)
        face.width("Ag", 10)
        if not face.line_factor > 0:
            return "has no usable vertical metrics"
    except Exception as exc:  # fontTools raises many kinds on a damaged file
        return f"cannot be read as a font: {exc}"
    return None


_WARNED: set[tuple[str, str]] = set()


def warn_missing(theme: str, typeface: str) -> None:
    """One warning per theme and typeface measured by the estimate."""
    if (theme, typeface) in _WARNED:
        return
    _WARNED.add((theme, typeface))
    log.warning(
        "theme %r: no font file for %r (give it under `fonts:` in theme.yaml); slide text is "
        "fitted with a conservative estimate, so slides may hold less than they could",
        theme,
        typeface,
    )
