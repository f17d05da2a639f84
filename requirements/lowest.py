"""Print the lowest versions pyproject.toml allows, as requirements: ``name==lower-bound``.

``make test-lowest`` installs these (with the project, editable), so the suite runs against
the lower bounds that pyproject.toml declares; the dependencies of those packages resolve as
usual. Every requirement, runtime and test extras, must state a ``>=`` lower bound.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
# Test tools whose own requirements are above a runtime lower bound: left out here, so that
# the runtime lower bounds are what gets tested (the tests that need the tool skip).
LEFT_OUT = {
    "openxml-audit": "needs lxml >= 6.1, above the runtime lower bound; "
    "tests/test_validator.py skips without it",
}
LOWER = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(.*)$")


def pins(pyproject: Path = PYPROJECT) -> list[str]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    requirements = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    out = []
    for requirement in requirements:
        name, specifiers = LOWER.match(requirement.split(";")[0]).groups()
        bounds = [s.strip()[2:].strip() for s in specifiers.split(",") if s.strip()[:2] == ">="]
        if len(bounds) != 1:
            raise SystemExit(f"pyproject.toml: {requirement!r} needs one '>=' lower bound")
        if name in LEFT_OUT:
            out.append(f"# {name} left out: {LEFT_OUT[name]}")
        else:
            out.append(f"{name}=={bounds[0]}")
    return out


if __name__ == "__main__":
    sys.stdout.write("".join(f"{pin}\n" for pin in pins()))
