"""Optional PDF export through headless LibreOffice (``build --pdf``).

The office files are converted from a temporary folder, with LibreOffice's own profile
there too (so it neither clashes with a running LibreOffice nor touches the user's), before
anything is written: the PDFs then go into ``dist/<course>/`` together with the files they
show and are listed in the manifest, so a PDF never shows an older version of its file.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from .errors import BuildError

FILTERS = {".pptx": "Impress MS PowerPoint 2007 XML", ".docx": "MS Word 2007 XML"}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    binary = soffice()
    if binary is None:
        raise BuildError(
            "--pdf needs LibreOffice: install it (e.g. apt-get install "
            "libreoffice-impress libreoffice-writer) or build without --pdf"
        )
    return binary


def pdf_name(name: str) -> str:
    return str(Path(name).with_suffix(".pdf"))


def convert_to_pdf(
    files: dict[str, bytes],
    timeout: int = 600,
    progress: Callable[[str], None] | None = None,
) -> dict[str, bytes]:
    """The PDF of each office file in ``files`` (name → bytes), as ``<stem>.pdf`` → bytes.

    One LibreOffice process converts each batch (decks, then documents); ``progress`` is
    told the name of each PDF as it appears."""
    binary = require_soffice()
    pdfs: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="course-builder-pdf-") as tmp:
        work = Path(tmp)
        (work / "in").mkdir()
        for suffix, infilter in FILTERS.items():
            batch = sorted(name for name in files if Path(name).suffix == suffix)
            if not batch:
                continue
            for name in batch:
                (work / "in" / name).write_bytes(files[name])
            cmd = [
                binary,
                f"-env:UserInstallation=file://{work / 'profile'}",
                "--headless",
                "--norestore",
                f"--infilter={infilter}",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work / "out"),
                *(str(work / "in" / name) for name in batch),
            ]
            stderr = _run(cmd, binary, work / "out", batch, timeout, progress)
            for name in batch:
                pdf = work / "out" / pdf_name(name)
                if not pdf.is_file():
                    said = stderr.decode(errors="replace").strip().splitlines()
                    detail = f" ({said[-1]})" if said else ""
                    raise BuildError(f"LibreOffice could not convert {name} to PDF{detail}")
                pdfs[pdf_name(name)] = pdf.read_bytes()
    return pdfs


def _run(cmd, binary, out: Path, batch, timeout: int, progress) -> bytes:
    """Run one LibreOffice conversion, reporting each PDF as it appears; its stderr."""
    expected = [pdf_name(name) for name in batch]
    seen: set[str] = set()
    started = time.monotonic()
    try:
        with tempfile.TemporaryFile() as errors:
            process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errors)
            while True:
                try:
                    process.wait(timeout=0.2)
                    finished = True
                except subprocess.TimeoutExpired:
                    finished = False
                for name in expected:
                    if name not in seen and (out / name).is_file():
                        seen.add(name)
                        if progress:
                            progress(name)
                if finished:
                    break
                if time.monotonic() - started > timeout:
                    process.kill()
                    process.wait()
                    raise BuildError(f"LibreOffice took longer than {timeout} s to convert to PDF")
            errors.seek(0)
            return errors.read()
    except OSError as exc:
        raise BuildError(f"cannot run LibreOffice ({binary}): {exc.strerror}") from None
