"""The course library in ``courses/`` as the tool sees it.

Editorial rules (objectives per module, notes length, required agenda items …) are not tests:
they are the project's policy in ``courses/policy.yaml``, which ``course-builder check``
applies and reports with file and line (see tests/test_policy.py for the rules themselves).
An editor who adds a valid workshop or module keeps ``make test`` green; here we only ask that
the library is valid — ``check`` finds no error — and that it shows what the tool can draw.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.cli import cli
from builder.load import load_file
from builder.model import Course, InstrumentsFile, Module, RegionsFile, SessionPack, SourcesFile
from builder.policy import Policy

ROOT = Path(__file__).resolve().parent.parent
COURSES = ROOT / "courses"
MODELS = {
    "regions.yaml": RegionsFile,
    "sources.yaml": SourcesFile,
    "instruments.yaml": InstrumentsFile,
    "policy.yaml": Policy,
    "modules": Module,
    "workshops": Course,
    "sessions": SessionPack,
}


@pytest.mark.parametrize(
    "path", sorted(COURSES.rglob("*.yaml")), ids=lambda p: str(p.relative_to(COURSES))
)
def test_every_file_validates_against_its_model(path: Path) -> None:
    model = MODELS.get(path.name) or MODELS.get(path.parent.name)
    assert model is not None, f"unexpected file in courses/: {path.relative_to(COURSES)}"
    model.model_validate(load_file(path, path.name).data)


def test_check_finds_no_error_in_the_library() -> None:
    result = CliRunner().invoke(cli, ["check", "--root", str(ROOT), "--format", "json"])
    report = json.loads(result.output)
    errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert result.exit_code == 0 and not errors, errors
    assert report["courses"] and report["modules"]
