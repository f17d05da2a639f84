"""Optional PDF export through headless LibreOffice (``build --pdf``).

Conversion runs in a temporary folder with its own LibreOffice profile, so it neither
clashes with a running LibreOffice nor leaves half-written PDFs: each PDF is moved into
place only once it exists in full.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import BuildError
from .write import write_atomic

FILTERS = {".pptx": "Impress MS PowerPoint 2007 XML", ".docx": "MS Word 2007 XML"}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(files: list[Path], timeout: int = 600) -> list[Path]:
    """Write ``<name>.pdf`` beside each office file; returns the PDFs written."""
    binary = soffice()
    if binary is None:
        raise BuildError(
            "--pdf needs LibreOffice: install it (e.g. apt-get install "
            "libreoffice-impress libreoffice-writer) or build without --pdf"
        )
    written = []
    with tempfile.TemporaryDirectory(prefix="course-builder-pdf-") as tmp:
        work = Path(tmp)
        for suffix, infilter in FILTERS.items():
            batch = [f for f in files if f.suffix == suffix]
            if not batch:
                continue
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
                *map(str, batch),
            ]
            try:
                subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
            except subprocess.TimeoutExpired:
                raise BuildError("LibreOffice took too long to convert to PDF") from None
            for source in batch:
                pdf = work / "out" / f"{source.stem}.pdf"
                if not pdf.is_file():
                    raise BuildError(f"LibreOffice could not convert {source.name} to PDF")
                target = source.with_suffix(".pdf")
                write_atomic(target, pdf.read_bytes())
                written.append(target)
    return written
