"""Slide pictures for the facilitator guide and the handout (``build --thumbnails``).

The pictures are made from the built deck, the same bytes written to ``dist/``: LibreOffice
turns the deck into a PDF once, poppler's ``pdftoppm`` turns each PDF page into a PNG. They
are cached by the SHA-256 of the deck, under ``<output folder>/.cache/thumbnails/<sha256>/``
(``slide-001.png`` …): a second build of an unchanged deck converts nothing, and the same
deck always gives the same pictures. A folder appears whole (written beside, then renamed)
or not at all.

Without LibreOffice or pdftoppm, :func:`missing_tools` says what to install; the build then
warns and makes everything else (see :func:`builder.build.build`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildError

CACHE = Path(".cache") / "thumbnails"
LONG_SIDE_PX = 800  # 9 cm wide on paper: about 225 dpi
INSTALL_HINT = (
    "install LibreOffice and poppler (Debian/Ubuntu: apt-get install libreoffice-impress "
    "poppler-utils; Fedora: dnf install libreoffice-impress poppler-utils; macOS: brew "
    "install --cask libreoffice && brew install poppler; Windows: libreoffice.org and "
    "poppler for Windows, both on PATH)"
)
_COUNT = "count"  # file holding the number of slides, written last


@dataclass(frozen=True)
class Thumbnails:
    """The PNG of each slide of one deck, by slide number (1-based)."""

    folder: Path
    count: int
    deck_sha256: str

    def thumbnail_for(self, number: int) -> Path | None:
        """The picture of slide ``number``, or None when the deck has no such slide."""
        if not 1 <= number <= self.count:
            return None
        path = self.folder / slide_file(number)
        return path if path.is_file() else None


def slide_file(number: int) -> str:
    return f"slide-{number:03d}.png"


def missing_tools() -> list[str]:
    """The programs the pictures need that are not on PATH."""
    from .pdf import soffice

    missing = [] if soffice() else ["LibreOffice (soffice)"]
    if shutil.which("pdftoppm") is None:
        missing.append("pdftoppm (poppler)")
    return missing


def deck_thumbnails(deck: bytes, cache: Path) -> Thumbnails:
    """The slide pictures of ``deck`` (pptx bytes), from ``cache`` or made now."""
    digest = hashlib.sha256(deck).hexdigest()
    folder = cache / digest
    count = _cached_count(folder)
    if count is None:
        count = _convert(deck, folder)
    return Thumbnails(folder, count, digest)


def _cached_count(folder: Path) -> int | None:
    try:
        count = int((folder / _COUNT).read_text(encoding="ascii"))
    except (OSError, ValueError):
        return None
    if count < 1 or not all((folder / slide_file(n)).is_file() for n in range(1, count + 1)):
        return None
    return count


def _convert(deck: bytes, folder: Path) -> int:
    """Deck → PDF (LibreOffice) → one PNG per page (pdftoppm), into ``folder``."""
    from .pdf import convert_to_pdf

    missing = missing_tools()
    if missing:
        raise BuildError(f"slide pictures need {' and '.join(missing)}: {INSTALL_HINT}")
    pdf = convert_to_pdf({"deck.pptx": deck})["deck.pdf"]
    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".thumbnails-", dir=folder.parent) as tmp:
        work = Path(tmp)
        (work / "deck.pdf").write_bytes(pdf)
        pages = work / "pages"
        pages.mkdir()
        _pdftoppm(work / "deck.pdf", pages / "page")
        made = sorted(pages.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        if not made:
            raise BuildError("pdftoppm made no picture of the deck's slides")
        for number, path in enumerate(made, 1):
            path.rename(pages / slide_file(number))
        (pages / _COUNT).write_text(str(len(made)), encoding="ascii")
        try:
            os.rename(pages, folder)
        except OSError:  # another build made the same folder meanwhile
            if _cached_count(folder) is None:
                raise
    return len(made)


def _pdftoppm(pdf: Path, prefix: Path) -> None:
    cmd = ["pdftoppm", "-png", "-scale-to", str(LONG_SIDE_PX), str(pdf), str(prefix)]
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BuildError(f"cannot run pdftoppm: {exc}") from None
    if done.returncode != 0:
        said = done.stderr.decode(errors="replace").strip().splitlines()
        raise BuildError(f"pdftoppm failed on the deck's PDF{f' ({said[-1]})' if said else ''}")
