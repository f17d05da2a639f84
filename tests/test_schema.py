"""`course-builder schema` output validates real YAML (jsonschema, Draft 2020-12)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from builder.cli import cli
from builder.load import load_file, plain
from builder.schema import SCHEMAS, json_schema

from conftest import REPO, module_data

KINDS = {  # glob under the project root → schema name
    "courses/regions.yaml": "regions",
    "courses/sources.yaml": "sources",
    "courses/modules/*.yaml": "module",
    "courses/workshops/*.yaml": "course",
    "templates/*/theme.yaml": "theme",
    "courses/policy.yaml": "policy",
    "courses/sessions/*.yaml": "session",
    "courses/instruments.yaml": "instruments",
}


def files_of(root: Path) -> list[tuple[Path, str]]:
    return [(path, kind) for pattern, kind in KINDS.items() for path in sorted(root.glob(pattern))]


@pytest.fixture(scope="module")
def validators(tmp_path_factory) -> dict[str, jsonschema.Draft202012Validator]:
    """The schemas exactly as `course-builder schema -o DIR` writes them."""
    out = tmp_path_factory.mktemp("schemas")
    result = CliRunner().invoke(cli, ["schema", "-o", str(out), "--root", str(REPO)])
    assert result.exit_code == 0, result.output
    found = {}
    for name in SCHEMAS:
        schema = json.loads((out / f"{name}.schema.json").read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        found[name] = jsonschema.Draft202012Validator(schema)
    return found


def errors(validator, path: Path, root: Path) -> list[str]:
    data = plain(load_file(path, str(path.relative_to(root))).data)
    return [
        f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)
    ]


def test_fixture_project_validates(make_project, validators):
    root = make_project(
        files={
            "courses/policy.yaml": "module:\n  objectives: {min: 1}\n",
            "courses/sessions/opening.yaml": "id: opening\nitem: opening\nversion: '1'\n"
            "aims: [Welcome]\nquestions: [{question: Why?, answer: Because.}, Who?]\n",
            "courses/instruments.yaml": "instruments:\n  - {id: unscr-2462, type: resolution, "
            "number: 2462, title: Terrorist financing, date: '2019'}\n",
        }
    )
    checked = files_of(root)
    assert {kind for _, kind in checked} == set(SCHEMAS)
    for path, kind in checked:
        assert errors(validators[kind], path, root) == [], path


REPO_FILES = files_of(REPO)
NO_FILES = pytest.param(
    None, None, id="none", marks=pytest.mark.skip(reason="the repository has no course files yet")
)


@pytest.mark.parametrize(
    "path,kind",
    [pytest.param(p, k, id=str(p.relative_to(REPO))) for p, k in REPO_FILES] or [NO_FILES],
)
def test_repository_files_validate(path, kind, validators):
    if not path.is_file():  # pragma: no cover - content is being written concurrently
        pytest.skip(f"{path} is not there")
    assert errors(validators[kind], path, REPO) == []


@pytest.mark.parametrize(
    "path,kind",
    [(p, k) for p, k in REPO_FILES if k != "theme"],
    ids=[str(p.relative_to(REPO)) for p, k in REPO_FILES if k != "theme"],
)
def test_repository_files_point_at_their_schema(path, kind):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = (path.parent / first.split("$schema=", 1)[1].strip()).resolve()
    assert target == (REPO / "schemas" / f"{kind}.schema.json").resolve()


def test_committed_schemas_are_up_to_date():
    for name in SCHEMAS:
        path = REPO / "schemas" / f"{name}.schema.json"
        assert path.is_file(), f"run `course-builder schema` to write {path}"
        assert json.loads(path.read_text(encoding="utf-8")) == json_schema(name), (
            f"{path} is stale: run `course-builder schema`"
        )


def _module_file(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_unknown_top_level_key_is_rejected(tmp_path, validators):
    data = module_data()
    data["titel"] = data.pop("title")
    found = errors(validators["module"], _module_file(tmp_path, data), tmp_path)
    assert any("'titel' was unexpected" in e for e in found), found
    assert any("'title' is a required property" in e for e in found), found


def test_unknown_nested_key_is_rejected(tmp_path, validators):
    data = module_data()
    data["slides"][0]["note"] = data["slides"][0].pop("notes")
    found = errors(validators["module"], _module_file(tmp_path, data), tmp_path)
    assert any(e.startswith("slides.0:") and "'note' was unexpected" in e for e in found), found


def test_wrong_types_are_rejected(tmp_path, validators):
    data = module_data(minutes="45", objectives="One objective")
    found = errors(validators["module"], _module_file(tmp_path, data), tmp_path)
    assert any(e.startswith("minutes:") for e in found), found
    assert any(e.startswith("objectives:") for e in found), found


def test_bad_session_is_rejected(make_project, validators):
    root = make_project(
        course={
            "agenda": {
                "days": [
                    {
                        "start": "9h",
                        "sessions": [
                            {"module": "nexus-basics", "minutes": 0},
                            {"item": "siesta", "minutes": 10},
                        ],
                    }
                ]
            }
        }
    )
    path = root / "courses/workshops/sahel-2017.yaml"
    found = errors(validators["course"], path, root)
    assert any(e.startswith("agenda.days.0.start:") for e in found), found
    assert any(e.startswith("agenda.days.0.sessions.0") for e in found), found
    assert any(e.startswith("agenda.days.0.sessions.1") for e in found), found
