"""Lines of text: the theme's fonts by typeface and style, and word wrapping.

:class:`Fonts` maps a typeface and style to the :class:`~builder.deck.fonts.Face` that measures
it (or to the conservative :class:`~builder.deck.fonts.Estimate`, with one warning).
:func:`wrap_count` counts the lines a paragraph takes in a given width the way PowerPoint and
LibreOffice break lines: after spaces, after a hyphen or dash that joins two words, anywhere in
a word longer than the line.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from ..i18n import is_rtl
from .fonts import Estimate, Face, Mixed, style_of, warn_missing

# Lines break at ASCII white space only: a no-break space (U+00A0, U+202F, as French puts
# before ":" and inside « ») keeps its neighbours on one line, as it does in PowerPoint.
_BREAKABLE = re.compile(r"[ \t\n\r\f\v]+")


def words(text: str) -> list[str]:
    """The words of ``text`` split at breakable spaces (no-break spaces stay inside words)."""
    return [w for w in _BREAKABLE.split(text) if w]


def squash(text: str) -> str:
    """One line: runs of breakable white space folded to one space, no-break spaces kept."""
    return " ".join(words(text))


# a break is allowed after a space, and after a hyphen, dash or slash followed by a letter
PIECE = re.compile(r"\S+?(?:[-–—/](?=[^\W\d_])|(?=\s)|$)")


@dataclass
class Fonts:
    """The font files of a theme by typeface (``Calibri``) and style (``bold``)."""

    theme: str = "default"
    files: dict[str, dict[str, Face]] = field(default_factory=dict)
    warn: bool = True  # say once per typeface that it is estimated
    complex: str | None = None  # the complex-script typeface, for editions in those scripts
    _estimates: dict[bool, Estimate] = field(default_factory=dict, repr=False)
    _mixed: dict[tuple, Mixed] = field(default_factory=dict, repr=False)

    def face(
        self, typeface: str, bold: bool = False, italic: bool = False
    ) -> Face | Estimate | Mixed:
        latin = self._face(typeface, bold, italic)
        if not self.complex or typeface == self.complex:
            return latin
        key = (typeface, bold, italic)
        if key not in self._mixed:
            self._mixed[key] = Mixed(latin, self._face(self.complex, bold, italic))
        return self._mixed[key]

    def _face(self, typeface: str, bold: bool, italic: bool) -> Face | Estimate:
        styles = self.files.get(typeface)
        if styles:
            wanted = style_of(bold, italic)
            for style in (wanted, style_of(bold, False), "regular"):
                if style in styles:
                    return styles[style]
        if self.warn:
            warn_missing(self.theme, typeface)
        return self.estimate(bold)

    def estimate(self, bold: bool = False) -> Estimate:
        if bold not in self._estimates:
            self._estimates[bold] = Estimate(bold)
        return self._estimates[bold]


ESTIMATED = Fonts(theme="(none)", warn=False)  # boxes made without a theme (tests, scaffolds)


def pieces(text: str) -> list[str]:
    """``text`` in the pieces a line may end after (spaces dropped)."""
    return PIECE.findall(text)


def wrap_count(
    text: str,
    width: float,
    size: float,
    face: Face | Estimate,
    first_width: float | None = None,
) -> int:
    """Number of lines ``text`` takes when wrapped into ``width`` points (the first line into
    ``first_width``); a hard line break (``\\n``) starts a new line."""
    key = (text, width, size, first_width)
    cache = face.wraps
    found = cache.get(key)
    if found is None:
        lines = 0
        for hard in text.split("\n") or [""]:
            lines += _wrap_one(hard, width, size, face, first_width if lines == 0 else None)
        found = cache[key] = max(lines, 1)
    return found


def _wrap_one(
    text: str, width: float, size: float, face: Face | Estimate, first_width: float | None
) -> int:
    space = face.width(" ", size)
    limit = first_width if first_width is not None else width
    lines, used = 1, 0.0
    gap = 0.0  # space before the next piece: none after a hyphen, one after a word
    for word in words(text):
        for i, piece in enumerate(pieces(word)):
            w = face.width(piece, size)
            joined = gap if i == 0 else 0.0
            if used and used + joined + w <= limit + 0.01:
                used += joined + w
                continue
            if used:
                lines += 1
                limit = width
                used = 0.0
            while w > limit + 0.01:  # a word longer than the line breaks anywhere
                lines += 1
                w -= limit
                limit = width
            used = w
        gap = space
    return lines


def text_width(text: str, size: float, face: Face | Estimate) -> float:
    return face.width(text, size)


_FACES: dict[str, Face] = {}  # sha256 of a font file → its face (parsed once per process)


def theme_fonts(theme, language: str | None = None) -> Fonts:
    """The faces of ``theme``'s font files (``theme.fonts``), each read through the build's
    input store, so that a font is an input of every artefact it measures. For an edition in
    a right-to-left language, text in its script is measured with the theme's
    ``complex_script_font``."""
    files: dict[str, dict[str, Face]] = {}
    for typeface, styles in theme.fonts.items():
        for style, path in styles.items():
            data = theme.font_data(path)
            digest = hashlib.sha256(data).hexdigest()
            face = _FACES.get(digest)
            if face is None:
                face = _FACES[digest] = Face(f"{typeface} {style}", data)
            files.setdefault(typeface, {})[style] = face
    complex_font = theme.options.complex_script_font
    if not (language and complex_font and is_rtl(language)):
        complex_font = None
    return Fonts(theme=theme.name, files=files, complex=complex_font)
