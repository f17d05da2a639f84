"""Helpers for tests that open artefacts in real clients and compare golden XML."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
FILTERS = {
    ".pptx": "Impress MS PowerPoint 2007 XML",
    ".docx": "MS Word 2007 XML",
}


def require_soffice() -> str:
    """The soffice binary; skip the test when absent (but fail on CI, where it is installed)."""
    if SOFFICE is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required on CI")
        pytest.skip("LibreOffice is not installed")
    return SOFFICE


def to_pdf(path: Path, out_dir: Path) -> Path:
    """Convert an office file to PDF with headless LibreOffice; returns the PDF path."""
    soffice = require_soffice()
    profile = out_dir / "lo-profile"
    out_dir.mkdir(parents=True, exist_ok=True)
    cmd = [
        soffice,
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--norestore",
        f"--infilter={FILTERS[path.suffix]}",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out_dir),
        str(path),
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=240)
    pdf = out_dir / (path.stem + ".pdf")
    assert pdf.is_file(), f"LibreOffice did not convert {path.name}: {result.stdout}{result.stderr}"
    return pdf


def pdf_pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", out.stdout, re.M).group(1))


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def normalised_parts(path: Path) -> dict[str, str]:
    """Every XML part of an office file, pretty-printed (binary parts as a size line)."""
    parts: dict[str, str] = {}
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist()):
            data = archive.read(name)
            if name.endswith((".xml", ".rels")):
                parser = etree.XMLParser(remove_blank_text=True)
                tree = etree.fromstring(data, parser)
                parts[name] = etree.tostring(tree, pretty_print=True, encoding="unicode")
            else:
                parts[name] = f"<binary {len(data)} bytes>\n"
    return parts


def compare_golden(path: Path, golden_dir: Path) -> None:
    """Compare an artefact with its golden copy (unzipped, pretty-printed XML).

    Set UPDATE_GOLDEN=1 to rewrite the golden files after an intended change.
    """
    parts = normalised_parts(path)
    if os.environ.get("UPDATE_GOLDEN"):
        if golden_dir.exists():
            shutil.rmtree(golden_dir)
        for name, text in parts.items():
            target = golden_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        return
    assert golden_dir.is_dir(), f"no golden output at {golden_dir}; run with UPDATE_GOLDEN=1"
    expected = {
        p.relative_to(golden_dir).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(golden_dir.rglob("*"))
        if p.is_file()
    }
    assert sorted(parts) == sorted(expected), "the set of parts differs from the golden copy"
    for name, text in parts.items():
        assert text == expected[name], f"{name} differs from the golden copy (UPDATE_GOLDEN=1)"
