"""The editors' guide stays true to the model."""

from __future__ import annotations

import re

import pytest

from builder.load import parse
from builder.model import Course, Module, RegionsFile, SourcesFile, ThemeFile
from builder.reference import SECTIONS, field_reference

from conftest import REPO

GUIDE = REPO / "docs" / "authoring.md"


def test_field_reference_matches_the_model():
    text = GUIDE.read_text(encoding="utf-8")
    assert field_reference() in text, (
        "docs/authoring.md is out of date: run python -m builder.reference --write "
        "docs/authoring.md"
    )


def test_every_model_field_is_documented():
    text = GUIDE.read_text(encoding="utf-8")
    for _, model in SECTIONS:
        for name, field in model.model_fields.items():
            assert f"`{field.alias or name}`" in text, f"{model.__name__}.{name} undocumented"


def _examples() -> list[str]:
    text = GUIDE.read_text(encoding="utf-8")
    return re.findall(r"```yaml\n(.*?)```", text, re.S)


@pytest.mark.parametrize(
    ("marker", "model"),
    [
        ("id: nexus-forms", Module),
        ("schemas/course.schema.json", Course),
        ("schemas/regions.schema.json", RegionsFile),
        ("schemas/sources.schema.json", SourcesFile),
        ("extends: default", ThemeFile),
    ],
)
def test_guide_examples_are_valid(marker, model):
    blocks = [b for b in _examples() if marker in b]
    assert blocks, f"no example for {model.__name__}"
    for block in blocks:
        model.model_validate(parse(block, "example.yaml").data)


def test_committed_schemas_are_current(tmp_path):
    from builder.schema import write_schemas

    for path in write_schemas(tmp_path):
        committed = REPO / "schemas" / path.name
        assert committed.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), (
            f"schemas/{path.name} is stale: run course-builder schema"
        )
