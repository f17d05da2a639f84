"""course-builder installs like any tool: the wheel carries the built-in theme and the
editors' guide, and an install outside the repository can init, check and build a project."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from setuptools import find_packages

from conftest import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_package_of_the_source_is_listed():
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    found = set(find_packages(str(REPO), include=["builder", "builder.*"]))
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"


def test_every_built_in_theme_file_is_package_data():
    patterns = PYPROJECT["tool"]["setuptools"]["package-data"]["builder.builtin_themes.default"]
    theme = REPO / "templates" / "default"
    shipped = {p for pattern in patterns for p in theme.glob(pattern) if p.is_file()}
    data = {p for p in theme.rglob("*") if p.is_file() and p.suffix != ".py"}
    data = {p for p in data if "__pycache__" not in p.parts}
    assert data <= shipped, f"not shipped: {sorted(str(p) for p in data - shipped)}"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    [built] = out.glob("course_builder-*.whl")
    return built


def test_the_wheel_carries_the_theme_and_the_guide(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("theme.yaml", "deck.pptx", "handout.docx", "guide.docx", "handout-cover.md.j2"):
        assert f"builder/builtin_themes/default/{name}" in names
    assert "builder/docs/authoring.md" in names


def test_an_installed_wheel_inits_checks_and_builds_outside_the_repository(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    constraints = ["-c", str(REPO / "requirements" / "constraints.txt")]
    done = subprocess.run(
        [*pip, *constraints, str(wheel)], capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stderr[-3000:]
    tool = str(venv / "bin" / "course-builder")
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}

    def run(*args: str, cwd: Path) -> str:
        result = subprocess.run(
            [tool, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
        )
        assert result.returncode == 0, f"{args}: {result.stdout}{result.stderr}"
        return result.stdout + result.stderr

    run("init", "my-programme", cwd=work)
    project = work / "my-programme"
    assert "0 error(s), 0 warning(s)" in run("check", "--strict", cwd=project)
    run("build", cwd=project)
    built = sorted(p.name for p in (project / "dist" / "example-workshop").iterdir())
    assert {"example-workshop-deck.pptx", "example-workshop-handout.docx"} <= set(built)
    # the theme came from the installed package, not from this repository
    manifest = (project / "dist" / "example-workshop" / "manifest.json").read_text()
    assert str(REPO / "templates") not in manifest
    assert "builtin_themes/default/deck.pptx" in manifest
